"""Dev, reworded, sealed test and real splits side by side (issues 21, 22): how far the project's own items are
from wording it has never seen.

The sealed splits (`evals/datasets/test/`) were written from the reports by writers who had not seen the code,
before anything ran on them. They are reported per kind (questions) and per role (personas) only: no answer of
theirs is printed or written, so nobody reads their failures one by one.

    python -m evals.splits [--out DIR] [--only dev,test,...]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pydantic import BaseModel
from tqdm import tqdm

from bot.chat.chain import Mentor
from bot.index.ingest import ensure_index
from bot.index.retrieval import Retriever
from bot.knowledge.taxonomy import default_taxonomy
from bot.people.matching import match_roles
from bot.reading.skills import extract_profile
from bot.settings import Settings, get_settings
from evals.clauses import load_clauses, score_clauses
from evals.harness import ItemResult, Persona, Question, load_dataset, run_questions, summarize

DATA = Path(__file__).parent / "datasets"
QUESTION_SPLITS = {
    "dev": [DATA / "questions.yaml"],
    "dev_wild": [DATA / "dev_wild.yaml"],  # open, tunable, in strangers' wording
    "reworded": [DATA / "reworded.yaml"],
    "test": [DATA / "test" / "questions_a.yaml", DATA / "test" / "questions_b.yaml"],
    "real": [DATA / "test" / "real.yaml"],
}
SEALED = {"test", "real"}
PERSONA_SPLITS = {
    "dev": DATA / "personas.yaml",
    "dev_wild": DATA / "personas_wild.yaml",
    "sealed": DATA / "test" / "personas.yaml",
}
CLAUSE_SPLITS = {"dev": DATA / "clauses.yaml", "sealed": DATA / "test" / "clauses.yaml"}


class SplitScores(BaseModel):
    split: str
    items: int
    pass_rate: float
    direct_answer_rate: float
    answerable_refused: int
    refusal_accuracy: float
    by_kind: dict[str, tuple[int, float]]  # kind -> (items, pass rate)


def _by_kind(results: list[ItemResult]) -> dict[str, tuple[int, float]]:
    kinds: dict[str, list[bool]] = {}
    for r in results:
        kinds.setdefault(r.category or r.kind, []).append(r.passed)
    return {k: (len(v), round(sum(v) / len(v), 3)) for k, v in sorted(kinds.items())}


def question_split(mentor: Mentor, name: str, files: list[Path]) -> tuple[SplitScores, list[ItemResult]]:
    items = [q for f in files if f.exists() for q in load_dataset(f, Question)]
    with tqdm(total=len(items), desc=f"{name} split", unit="q") as bar:
        results = run_questions(mentor, items, "hybrid", progress=bar.update)
    s = summarize("hybrid", results)
    scores = SplitScores(
        split=name,
        items=len(results),
        pass_rate=s.pass_rate,
        direct_answer_rate=s.direct_answer_rate,
        answerable_refused=s.answerable_refused,
        refusal_accuracy=s.refusal_accuracy,
        by_kind=_by_kind(results),
    )
    return scores, results


def reworded_gap(dev: list[ItemResult], reworded: list[ItemResult], path: Path) -> float:
    """Pass rate of the rewordings minus that of their originals (each reworded item names its `original`)."""
    import yaml

    original = {i["id"]: i.get("original") for i in yaml.safe_load(path.read_text())}
    dev_passed = {r.id: r.passed for r in dev}
    pairs = [(r.passed, dev_passed[original[r.id]]) for r in reworded if original.get(r.id) in dev_passed]
    return round(sum(a - b for a, b in pairs) / max(len(pairs), 1), 3)


def persona_split(path: Path) -> dict[str, tuple[int, float, float]]:
    """Per role: personas, top-1 and top-2 accuracy (and 'all')."""
    tax = default_taxonomy()
    rows: dict[str, list[tuple[bool, bool]]] = {}
    for p in load_dataset(path, Persona):
        ranking = [m.role_id for m in match_roles(extract_profile(p.text).profile).ranking]
        role = tax.find_role(p.role).id
        hit = (ranking[0] == role, role in ranking[:2])
        rows.setdefault(role, []).append(hit)
        rows.setdefault("all", []).append(hit)
    return {
        role: (len(h), round(sum(a for a, _ in h) / len(h), 3), round(sum(b for _, b in h) / len(h), 3))
        for role, h in rows.items()
    }


def kind_confusion(settings: Settings, folds: int = 5) -> str:
    """The kind reader's confusion matrix on its labelled questions under k-fold cross-validation (rows: the label,
    columns: what the reader said), with its accuracy."""
    import numpy as np
    from sklearn.metrics import confusion_matrix
    from sklearn.model_selection import StratifiedKFold

    from bot.index.embeddings import get_embeddings
    from bot.reading import kinds

    examples = kinds.load_examples()
    labels = np.asarray([e.kind for e in examples])
    x = kinds.embed([e.text for e in examples], get_embeddings(settings))
    said = np.empty_like(labels)
    for train, held in StratifiedKFold(folds, shuffle=True, random_state=0).split(x, labels):
        names, weights, bias = kinds.fit(x[train], list(labels[train]))
        model = kinds.KindModel(kinds=names, weights=weights, bias=bias, trained_on="cv")
        said[held] = np.asarray(names)[model.probabilities(x[held]).argmax(axis=1)]
    order = sorted(set(labels))
    matrix = confusion_matrix(labels, said, labels=order)
    lines = [
        f"Kind reader, {folds}-fold cross-validation on {len(labels)} labelled questions: "
        f"accuracy {np.mean(labels == said):.3f}",
        "",
        "| label \\ read | " + " | ".join(k[:6] for k in order) + " |",
        "| --- |" + " --- |" * len(order),
    ]
    lines += [f"| {k} | " + " | ".join(str(n) for n in row) + " |" for k, row in zip(order, matrix, strict=True)]
    return "\n".join(lines)


def report(questions: list[SplitScores], gap: float | None, personas: dict, clauses: dict) -> str:
    lines = ["# Splits side by side", "", "| split | items | pass rate | direct-answer rate | answerable refused |"]
    lines.append("| --- | --- | --- | --- | --- |")
    for s in questions:
        sealed = " (sealed)" if s.split in SEALED else ""
        lines.append(
            f"| {s.split}{sealed} | {s.items} | {s.pass_rate} | {s.direct_answer_rate} | {s.answerable_refused} |"
        )
    by = {s.split: s for s in questions}
    if "dev" in by and "test" in by:
        lines.append(f"\nDev minus test pass rate: {round(by['dev'].pass_rate - by['test'].pass_rate, 3)}")
    if gap is not None:
        lines.append(f"Reworded minus their originals' pass rate: {gap}")
    kinds = sorted({k for s in questions for k in s.by_kind})
    lines += ["", "## Pass rate by kind", "", "| kind | " + " | ".join(s.split for s in questions) + " |"]
    lines.append("| --- |" + " --- |" * len(questions))
    for k in kinds:
        cells = [f"{s.by_kind[k][1]} ({s.by_kind[k][0]})" if k in s.by_kind else "-" for s in questions]
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    if personas:
        lines += ["", "## Personas: top-1 / top-2 by role", "", "| role | " + " | ".join(personas) + " |"]
        lines.append("| --- |" + " --- |" * len(personas))
        roles = sorted({r for split in personas.values() for r in split}, key=lambda r: (r == "all", r))
        for role in roles:
            cells = [f"{p[role][1]} / {p[role][2]} ({p[role][0]})" if role in p else "-" for p in personas.values()]
            lines.append(f"| {role} | " + " | ".join(cells) + " |")
    if clauses:
        lines += ["", "## Clauses", "", "| split | clauses | clause precision | dislikes read as a skill |"]
        lines.append("| --- | --- | --- | --- |")
        for name, (n, precision, dislikes) in clauses.items():
            lines.append(f"| {name} | {n} | {precision} | {dislikes} |")
    return "\n".join(lines) + "\n"


def run(settings: Settings, out: Path, only: set[str] | None = None) -> str:
    ensure_index(settings)
    mentor = Mentor(settings, Retriever(settings))
    scores, results = [], {}
    for name, files in QUESTION_SPLITS.items():
        if only and name not in only or not any(f.exists() for f in files):
            continue
        s, results[name] = question_split(mentor, name, files)
        scores.append(s)
    gap = None
    if "dev" in results and "reworded" in results:
        gap = reworded_gap(results["dev"], results["reworded"], QUESTION_SPLITS["reworded"][0])
    personas = {name: persona_split(path) for name, path in PERSONA_SPLITS.items() if path.exists()}
    clauses = {}
    for name, path in CLAUSE_SPLITS.items():
        c = score_clauses(load_clauses(path))
        clauses[name] = (c.clauses, c.clause_precision, c.dislikes_read)
    text = report(scores, gap, personas, clauses) + "\n## The kind reader\n\n" + kind_confusion(settings) + "\n"
    out.mkdir(parents=True, exist_ok=True)
    (out / "splits.md").write_text(text)
    # the open splits' records, for reading; the sealed ones stay aggregates
    with open(out / "splits_open.jsonl", "w") as f:
        for name, rs in results.items():
            if name not in SEALED:
                f.writelines(json.dumps({"split": name} | r.model_dump()) + "\n" for r in rs)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("evals/out"))
    parser.add_argument("--only", help="comma-separated question splits: dev,reworded,test,real")
    args = parser.parse_args()
    print(run(get_settings(), args.out, set(args.only.split(",")) if args.only else None))


if __name__ == "__main__":
    main()
