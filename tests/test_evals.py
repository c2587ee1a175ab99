"""The eval harness: the shipped question set meets the thresholds on the grounded backend, and the
harness runs unchanged on someone else's question file."""

from __future__ import annotations

import json

import pytest
import yaml

from evals.harness import DATASETS, Question, load_dataset, run_eval


def test_full_harness_meets_thresholds(settings, index, tmp_path):
    grounded = settings.model_copy(update={"llm": "grounded"})
    run = run_eval(grounded, DATASETS / "questions.yaml", DATASETS / "personas.yaml", tmp_path, show_progress=False)
    assert [s.baseline for s in run.summaries] == ["hybrid", "no_retrieval", "dense_only", "bm25_only"]
    hybrid, no_retrieval = run.summaries[0], run.summaries[1]
    assert run.failures == [], run.failures
    assert hybrid.fact_coverage > no_retrieval.fact_coverage  # retrieval earns its place
    assert (tmp_path / "report.md").read_text().startswith("# Career Mentor eval report")
    assert (tmp_path / "metrics.png").stat().st_size > 10_000
    records = [json.loads(line) for line in (tmp_path / "results.jsonl").read_text().splitlines()]
    assert len(records) == 4 * len(load_dataset(DATASETS / "questions.yaml", Question))


def test_runs_on_a_question_file_written_by_someone_else(settings, index, tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        yaml.safe_dump(
            [
                {
                    "id": "analyst_tools",
                    "question": "Which tools do data analysts use for business analysis?",
                    "expect": [["tableau", "excel"]],
                    "sources": ["Tableau"],
                },
                {
                    "id": "pay",
                    "kind": "out_of_scope",
                    "question": "How much do data scientists earn in Berlin?",
                    "expect": [["don't cover"]],
                    "must_not": ["€", "$"],
                },
                {
                    "id": "follow",
                    "kind": "followup",
                    "history": ["What is deployment?"],
                    "question": "Who does it?",
                    "expect": [["machine learning engineer"]],
                },
            ]
        )
    )
    grounded = settings.model_copy(update={"llm": "grounded"})
    run = run_eval(
        grounded, mine, DATASETS / "personas.yaml", tmp_path / "out", baselines=["hybrid"], show_progress=False
    )
    summary = run.summaries[0]
    assert summary.items == 3 and summary.refusal_accuracy == 1.0 and summary.citation_validity == 1.0
    assert summary.pass_rate == 1.0, (tmp_path / "out" / "report.md").read_text()


def test_bad_question_file_gives_a_clear_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump([{"id": "x", "question": "q", "kind": "trivia"}]))
    with pytest.raises(Exception, match="kind"):
        load_dataset(bad, Question)
    dup = tmp_path / "dup.yaml"
    dup.write_text(yaml.safe_dump([{"id": "x", "question": "q"}, {"id": "x", "question": "r"}]))
    with pytest.raises(ValueError, match="duplicate ids x"):
        load_dataset(dup, Question)


def test_the_splits_report_shows_sealed_splits_per_kind_only(mentor, tmp_path):
    """A sealed split's answers are never written: the report gives it per kind, and only the open splits' records
    reach splits_open.jsonl."""
    from evals import splits

    sealed = tmp_path / "sealed.yaml"
    sealed.write_text(
        "- {id: s1, question: 'what does a data analyst do?', category: describe, expect: [[data engineering]]}\n"
        "- {id: s2, question: 'what is the salary of an MLE?', kind: out_of_scope, category: not_covered,"
        ' expect: [["don\'t cover"]]}\n'
    )
    scores, results = splits.question_split(mentor, "test", [sealed])
    assert scores.items == 2 and scores.by_kind["describe"] == (1, 1.0) and scores.by_kind["not_covered"] == (1, 1.0)
    text = splits.report([scores], None, {}, {})
    assert "| test (sealed) | 2 |" in text and "what does a data analyst do" not in text
