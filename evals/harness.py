"""Offline evals of answer quality: run a question set and a persona set through the mentor, score
every answer, compare baselines side by side, and write report.md, results.jsonl and a chart."""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, TypeAdapter, field_validator
from tqdm import tqdm

from bot.answering.answer import Answer
from bot.answering.grounding import split_sentences
from bot.answering.llm import make_backend
from bot.chat.chain import Mentor
from bot.index.ingest import Passage, ensure_index
from bot.index.retrieval import Retriever
from bot.knowledge.prompts import messages
from bot.knowledge.taxonomy import default_taxonomy
from bot.people.matching import match_roles
from bot.reading.skills import extract_profile
from bot.settings import Settings

DATASETS = Path(__file__).parent / "datasets"
THRESHOLDS = Path(__file__).parent / "thresholds.yaml"
BASELINES = {"hybrid": "hybrid", "no_retrieval": "none", "dense_only": "dense", "bm25_only": "bm25"}


# -- datasets -----------------------------------------------------------------------------------------


class Question(BaseModel):
    id: str
    question: str
    kind: Literal["fact", "out_of_scope", "injection", "followup"] = "fact"
    category: str | None = Field(None, description="The kind of question (describe, who, yes_no, ...), for the report.")
    history: list[str] = []
    expect: list[list[str]] = Field(default_factory=list, description="Groups of alternative phrases.")
    lead: list[list[str]] = Field(default_factory=list, description="Groups that must appear in the first line.")
    must_not: list[str] = []
    sources: list[str] = []

    @field_validator("expect", "lead")
    @classmethod
    def _groups_not_empty(cls, groups: list[list[str]]) -> list[list[str]]:
        if any(not group for group in groups):
            raise ValueError("every expect group needs at least one phrase")
        return groups


class Persona(BaseModel):
    id: str
    text: str
    role: str
    top2: str | None = Field(None, description="Another role that should also rank in the top two (borderline).")


def load_dataset(path: Path, model: type[BaseModel]) -> list:
    """Read and validate a YAML list of items; ids must be unique."""
    try:
        items = TypeAdapter(list[model]).validate_python(yaml.safe_load(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror}") from exc
    ids = [i.id for i in items]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"{path}: duplicate ids {', '.join(dupes)}")
    return items


# -- scoring ------------------------------------------------------------------------------------------


class ItemResult(BaseModel):
    """One record of results.jsonl."""

    baseline: str
    id: str
    kind: str
    category: str | None = None
    question: str
    answer: str
    intent: str
    answer_kind: str = ""
    citations: list[str]
    groups_met: int
    groups_total: int
    passed: bool
    must_not_hits: list[str]
    lead_met: bool | None = None  # None: the item has no `lead`
    refused: bool = False  # the answer says the reports don't cover it
    sources_ok: bool | None
    retrieval_rank: int | None
    grounding_chain: float
    grounding_recheck: float
    citations_valid: bool
    latency_s: float


def _has(text: str, phrase: str) -> bool:
    return phrase.lower() in text.lower()


def _satisfies(passage: Passage, item: Question) -> bool:
    text = f"{passage.section_path}\n{passage.text}"
    if item.sources:
        return any(_has(text, s) for s in item.sources)
    met = sum(any(_has(text, p) for p in group) for group in item.expect)
    return bool(item.expect) and met * 2 >= len(item.expect)


def recheck_grounding(answer: Answer) -> float:
    """Independent of the chain's checker: lexical support only, against the cited quotes, tool
    results and the mentor's fixed replies. A sentence counts when 60% of its words are in one."""
    evidence = [c.quote for c in answer.citations] + [t.result for t in answer.tool_calls] + answer.facts
    evidence += list(messages().values())
    ev_words = [set(re.findall(r"[a-z0-9]+", s.lower())) for e in evidence for s in split_sentences(e)]
    sentences = split_sentences(re.sub(r"\[\d+\]", "", answer.text))
    if not sentences:
        return 1.0
    ok = 0
    for sentence in sentences:
        words = set(re.findall(r"[a-z0-9]+", sentence.lower()))
        ok += any(len(words & ev) >= 0.6 * len(words) for ev in ev_words)
    return ok / len(sentences)


REFUSAL = ("don't cover", "do not cover", "not covered")


def score_item(item: Question, answer: Answer, retriever: Retriever, baseline: str, latency: float) -> ItemResult:
    text = answer.text
    first_line = text.strip().split("\n", 1)[0]
    lead_met = all(any(_has(first_line, p) for p in group) for group in item.lead) if item.lead else None
    met = sum(any(_has(text, p) for p in group) for group in item.expect)
    hits = [p for p in item.must_not if _has(text, p)]
    sources_ok = None
    if item.sources:
        sources_ok = any(_has(c.quote, s) for c in answer.citations for s in item.sources)
    rank = None
    if item.kind in ("fact", "followup") and (item.sources or item.expect):
        ranked = retriever.search(answer.standalone_question or item.question, 5)
        rank = next((i for i, p in enumerate(ranked, 1) if _satisfies(p, item)), None)
    valid = all(
        (p := retriever.get(c.passage_id)) is not None and p.text == c.quote and f"[{c.n}]" in text
        for c in answer.citations
    )
    return ItemResult(
        baseline=baseline,
        id=item.id,
        kind=item.kind,
        category=item.category,
        question=item.question,
        answer=text,
        intent=answer.intent,
        answer_kind=answer.kind,
        citations=[c.label() for c in answer.citations],
        groups_met=met,
        groups_total=len(item.expect),
        passed=met == len(item.expect) and not hits and sources_ok is not False,
        must_not_hits=hits,
        lead_met=lead_met,
        refused=any(_has(first_line, p) for p in REFUSAL),
        sources_ok=sources_ok,
        retrieval_rank=rank,
        grounding_chain=answer.grounding,
        grounding_recheck=round(recheck_grounding(answer), 3),
        citations_valid=valid,
        latency_s=round(latency, 4),
    )


class Summary(BaseModel):
    baseline: str
    items: int
    hit_at_1: float
    hit_at_5: float
    mrr: float
    fact_coverage: float
    pass_rate: float
    direct_answer_rate: float
    answerable_refused: int
    must_not_violations: int
    refusal_accuracy: float
    injection_resistance: float
    grounding_chain: float
    grounding_recheck: float
    citation_validity: float
    latency_p50_s: float
    latency_p95_s: float


def _mean(values: list[float]) -> float:
    return round(statistics.fmean(values), 3) if values else 1.0


def summarize(baseline: str, results: list[ItemResult]) -> Summary:
    ranked = [r for r in results if r.kind in ("fact", "followup") and (r.groups_total or r.sources_ok is not None)]
    ranks = [r.retrieval_rank for r in ranked]
    answered = [r for r in results if r.kind in ("fact", "followup")]
    latencies = sorted(r.latency_s for r in results)
    return Summary(
        baseline=baseline,
        items=len(results),
        hit_at_1=_mean([float(r == 1) for r in ranks]),
        hit_at_5=_mean([float(r is not None) for r in ranks]),
        mrr=_mean([1 / r if r else 0.0 for r in ranks]),
        fact_coverage=_mean([r.groups_met / r.groups_total for r in answered if r.groups_total]),
        pass_rate=_mean([float(r.passed) for r in results]),
        direct_answer_rate=_mean([float(r.lead_met) for r in results if r.lead_met is not None]),
        answerable_refused=sum(r.refused for r in results if r.kind in ("fact", "followup") and not _oos(r)),
        must_not_violations=sum(len(r.must_not_hits) for r in results),
        refusal_accuracy=_mean([float(r.passed) for r in results if r.kind == "out_of_scope"]),
        injection_resistance=_mean([float(r.passed) for r in results if r.kind == "injection"]),
        grounding_chain=_mean([r.grounding_chain for r in answered]),
        grounding_recheck=_mean([r.grounding_recheck for r in answered]),
        citation_validity=_mean([float(r.citations_valid) for r in results]),
        latency_p50_s=round(latencies[len(latencies) // 2], 4) if latencies else 0.0,
        latency_p95_s=round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))], 4) if latencies else 0.0,
    )


def _oos(r: ItemResult) -> bool:
    return r.kind == "out_of_scope" or r.category == "not_covered"


def per_category(results: list[ItemResult]) -> str:
    """A Markdown table: direct-answer rate, fact coverage and pass rate for each kind of question."""
    groups: dict[str, list[ItemResult]] = {}
    for r in results:
        groups.setdefault(r.category or r.kind, []).append(r)
    lines = ["| kind | items | direct_answer_rate | fact_coverage | pass_rate |", "| --- | --- | --- | --- | --- |"]
    for name, rs in sorted(groups.items()):
        leads = [float(r.lead_met) for r in rs if r.lead_met is not None]
        cover = [r.groups_met / r.groups_total for r in rs if r.groups_total]
        lines.append(
            f"| {name} | {len(rs)} | {_mean(leads) if leads else '-'} | {_mean(cover) if cover else '-'} "
            f"| {_mean([float(r.passed) for r in rs])} |"
        )
    return "\n".join(lines)


class PersonaSummary(BaseModel):
    personas: int
    top1: float
    top2: float
    misses: list[str]


def eval_personas(personas: list[Persona]) -> PersonaSummary:
    """top-1: the expected role ranks first; top-2: it ranks in the top two, and so does `top2` if given."""
    tax = default_taxonomy()
    top1 = top2 = 0
    misses = []
    for persona in personas:
        wanted = [persona.role] + ([persona.top2] if persona.top2 else [])
        roles = [tax.find_role(r) for r in wanted]
        if None in roles:
            raise ValueError(f"persona {persona.id}: unknown role in {wanted}")
        ranking = [m.role_id for m in match_roles(extract_profile(persona.text).profile).ranking]
        top1 += ranking[0] == roles[0].id
        in_top2 = all(r.id in ranking[:2] for r in roles)
        top2 += in_top2
        if ranking[0] != roles[0].id or not in_top2:
            expected = " + ".join(r.id for r in roles)
            misses.append(f"{persona.id}: expected {expected}, got {', '.join(ranking[:2])}")
    n = max(len(personas), 1)
    return PersonaSummary(personas=len(personas), top1=round(top1 / n, 3), top2=round(top2 / n, 3), misses=misses)


# -- running ------------------------------------------------------------------------------------------


class EvalRun(BaseModel):
    backend: str
    summaries: list[Summary]
    personas: PersonaSummary
    failures: list[str] = Field(description="Thresholds not met.")


def run_questions(
    mentor: Mentor, questions: list[Question], baseline: str, progress: Callable | None = None
) -> list[ItemResult]:
    import time

    results = []
    for item in questions:
        session = mentor.new_session()
        for turn in item.history:
            mentor.ask(turn, session)
        t0 = time.perf_counter()
        answer = mentor.ask(item.question, session)
        results.append(score_item(item, answer, mentor.retriever, baseline, time.perf_counter() - t0))
        if progress:
            progress()
    return results


def check_thresholds(summary: Summary, personas: PersonaSummary, thresholds: dict[str, float]) -> list[str]:
    values = summary.model_dump() | {"persona_top1": personas.top1, "persona_top2": personas.top2}
    return [f"{name} = {values[name]} < {minimum}" for name, minimum in thresholds.items() if values[name] < minimum]


def run_eval(
    settings: Settings,
    questions_path: Path,
    personas_path: Path,
    out_dir: Path,
    baselines: list[str] | None = None,
    show_progress: bool = True,
) -> EvalRun:
    """Run every baseline on the question set, the persona set, write the report files."""
    questions = load_dataset(questions_path, Question)
    personas = load_dataset(personas_path, Persona)
    ensure_index(settings)
    retriever = Retriever(settings)
    backend = make_backend(settings)
    baselines = baselines or list(BASELINES)
    all_results: list[ItemResult] = []
    summaries = []
    bar = tqdm(
        total=len(questions) * len(baselines), desc="eval", disable=None if show_progress else True, unit="q"
    )  # None: a bar on a terminal only
    for name in baselines:
        mentor = Mentor(settings, retriever.with_mode(BASELINES[name]), backend)
        results = run_questions(mentor, questions, name, progress=bar.update)
        all_results += results
        summaries.append(summarize(name, results))
    bar.close()
    persona_summary = eval_personas(personas)
    thresholds = yaml.safe_load(THRESHOLDS.read_text())
    failures = check_thresholds(summaries[0], persona_summary, thresholds) if baselines[0] == "hybrid" else []
    run = EvalRun(backend=backend.label, summaries=summaries, personas=persona_summary, failures=failures)
    write_reports(run, all_results, out_dir)
    return run


# -- reports ------------------------------------------------------------------------------------------

METRICS = [
    "hit_at_1",
    "hit_at_5",
    "mrr",
    "fact_coverage",
    "pass_rate",
    "direct_answer_rate",
    "refusal_accuracy",
    "injection_resistance",
    "grounding_chain",
    "grounding_recheck",
    "citation_validity",
]


def summary_table(run: EvalRun) -> str:
    names = [s.baseline for s in run.summaries]
    lines = ["| metric | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
    for metric in [*METRICS, "answerable_refused", "must_not_violations", "latency_p50_s", "latency_p95_s"]:
        lines.append(f"| {metric} | " + " | ".join(str(getattr(s, metric)) for s in run.summaries) + " |")
    lines.append(f"| persona_top1 | {run.personas.top1} |" + " |" * (len(names) - 1))
    lines.append(f"| persona_top2 | {run.personas.top2} |" + " |" * (len(names) - 1))
    return "\n".join(lines)


def write_reports(run: EvalRun, results: list[ItemResult], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "results.jsonl").open("w", encoding="utf-8") as fh:
        for record in results:
            fh.write(record.model_dump_json() + "\n")
    worst = sorted(
        (r for r in results if r.baseline == run.summaries[0].baseline and (not r.passed or r.lead_met is False)),
        key=lambda r: (r.groups_met / max(r.groups_total, 1), r.id),
    )[:25]
    lines = [f"# Career Mentor eval report\n\nBackend: {run.backend}\n", summary_table(run), ""]
    lines.append("Thresholds: " + ("all met." if not run.failures else "NOT MET: " + "; ".join(run.failures)))
    if run.personas.misses:
        lines += ["", "Persona misses: " + "; ".join(run.personas.misses)]
    first = run.summaries[0].baseline
    lines += ["", f"## By kind of question ({first})", "", per_category([r for r in results if r.baseline == first])]
    lines += ["", f"## Worst failures ({first})", ""]
    for r in worst:
        lines += [
            f"### {r.id} ({r.kind}): {r.question}",
            f"groups met {r.groups_met}/{r.groups_total}; lead met {r.lead_met}; must_not hits {r.must_not_hits}; "
            f"sources ok {r.sources_ok}",
            "",
            "```",
            r.answer,
            "```",
            "",
        ]
    if not worst:
        lines.append("None: every item passed.")
    (out_dir / "report.md").write_text("\n".join(lines), encoding="utf-8")
    _chart(run, out_dir / "metrics.png")


def _chart(run: EvalRun, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(11, 5))
    width = 0.8 / len(run.summaries)
    for i, summary in enumerate(run.summaries):
        xs = [x + i * width for x in range(len(METRICS))]
        ax.bar(xs, [getattr(summary, m) for m in METRICS], width, label=summary.baseline)
    ax.set_xticks([x + width * (len(run.summaries) - 1) / 2 for x in range(len(METRICS))])
    ax.set_xticklabels([m.replace("_", " ") for m in METRICS], rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score (higher is better)")
    ax.set_title(f"Career Mentor evals by baseline ({run.backend})")
    ax.legend(loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def result_json(run: EvalRun) -> str:
    return json.dumps(run.model_dump(), indent=2)
