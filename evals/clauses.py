"""Precision and recall of the skill reader on labelled clauses (`evals/datasets/clauses.yaml`).

Each clause is read on its own; a skill counts as read when its level is 1 or more (a level 0 says the
person lacks it). The acceptance figure is the clause precision: the share of clauses read without any
skill their label does not show (the issue asks >= 0.9).

    python -m evals.clauses [--embedder] [--errors] [--file FILE]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml
from pydantic import BaseModel

from bot.knowledge.taxonomy import default_taxonomy
from bot.reading.skills import extract_profile

DATASET = Path(__file__).parent / "datasets" / "clauses.yaml"


class Clause(BaseModel):
    text: str
    skills: list[str]
    polarity: str | None = None  # "dislikes" marks a clause that must never read as a skill


class ClauseScores(BaseModel):
    clauses: int
    clause_precision: float  # clauses with no wrong skill / all clauses
    skill_precision: float  # right skills read / all skills read
    skill_recall: float  # right skills read / labelled skills
    clause_recall: float  # clauses with every labelled skill read / clauses with a label
    ms_per_clause: float
    dislikes_read: int = 0  # clauses marked "dislikes" read as any skill
    errors: list[str]


def load_clauses(path: Path = DATASET) -> list[Clause]:
    return [Clause.model_validate(item) for item in yaml.safe_load(path.read_text(encoding="utf-8"))]


def score_clauses(clauses: list[Clause], embedder=None) -> ClauseScores:
    tax = default_taxonomy()
    wrong_clauses = right = read = labelled = full = with_label = dislikes_read = 0
    errors = []
    start = time.perf_counter()
    for clause in clauses:
        got = {s for s, lvl in extract_profile(clause.text, tax, embedder).profile.levels.items() if lvl >= 1}
        want = set(clause.skills)
        extra, missed = got - want, want - got
        wrong_clauses += bool(extra)
        dislikes_read += clause.polarity == "dislikes" and bool(got)
        right += len(got & want)
        read += len(got)
        labelled += len(want)
        if want:
            with_label += 1
            full += not missed
        if extra or missed:
            errors.append(f"{clause.text!r}: extra {sorted(extra)} missed {sorted(missed)}")
    elapsed = time.perf_counter() - start
    n = len(clauses)
    return ClauseScores(
        clauses=n,
        clause_precision=round(1 - wrong_clauses / n, 3),
        skill_precision=round(right / read, 3) if read else 1.0,
        skill_recall=round(right / labelled, 3) if labelled else 1.0,
        clause_recall=round(full / with_label, 3) if with_label else 1.0,
        ms_per_clause=round(1000 * elapsed / n, 2),
        dislikes_read=dislikes_read,
        errors=errors,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DATASET)
    parser.add_argument("--embedder", action="store_true", help="read with the embedding model too")
    parser.add_argument("--errors", action="store_true", help="list every clause read wrong")
    args = parser.parse_args(argv)
    embedder = None
    if args.embedder:
        from bot.index.embeddings import get_embeddings
        from bot.settings import Settings

        embedder = get_embeddings(Settings())
        extract_profile("warm up: I train models", default_taxonomy(), embedder)
    scores = score_clauses(load_clauses(args.file), embedder)
    for key, value in scores.model_dump(exclude={"errors"}).items():
        print(f"{key:18} {value}")
    if args.errors:
        print("\n".join(scores.errors))


if __name__ == "__main__":
    main()
