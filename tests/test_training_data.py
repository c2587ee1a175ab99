"""The readers' training data and labelled examples are written from the reports, not copied from the evals."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from bot.knowledge.prompts import kind_examples
from bot.reading import kinds, polarity

DATASETS = Path(__file__).resolve().parents[1] / "evals" / "datasets"
NEAR = 0.9  # cosine at which two questions are the same question reworded a little


def eval_questions() -> list[str]:
    out = []
    for path in sorted(DATASETS.rglob("*.yaml")):
        for item in yaml.safe_load(path.read_text()) or []:
            if isinstance(item, dict) and isinstance(item.get("question"), str):
                out += [item["question"], *(h for h in item.get("history", []) if isinstance(h, str))]
    return out


@pytest.fixture(scope="module")
def embedder(settings):
    from bot.index.embeddings import get_embeddings

    return get_embeddings(settings)


@pytest.fixture(scope="module")
def eval_vectors(embedder):
    return kinds.embed(sorted(set(eval_questions())), embedder)


def near_duplicates(texts: list[str], embedder, eval_vectors: np.ndarray) -> list[str]:
    vectors = kinds.embed(texts, embedder)
    best = (vectors @ eval_vectors.T).max(axis=1)
    return [f"{t!r} ({s:.2f})" for t, s in zip(texts, best, strict=True) if s >= NEAR]


def test_no_training_question_is_a_near_copy_of_an_eval_item(embedder, eval_vectors):
    texts = [e.text for e in kinds.load_examples()]
    assert len(texts) >= 1500
    assert near_duplicates(texts, embedder, eval_vectors) == []


def test_no_labelled_example_in_prompts_is_a_near_copy_of_an_eval_item(embedder, eval_vectors):
    texts = [t for examples in kind_examples().values() for t in examples]
    assert near_duplicates(texts, embedder, eval_vectors) == []


def test_every_kind_has_at_least_60_training_questions():
    counts: dict[str, int] = {}
    for e in kinds.load_examples():
        counts[e.kind] = counts.get(e.kind, 0) + 1
    assert min(counts.values()) >= 60, counts


def test_the_shipped_kind_reader_was_trained_on_the_training_files_as_they_are():
    """Edit a training file and forget `career-mentor train-kinds`: this fails."""
    assert kinds.shipped_model().trained_on == kinds.training_hash()


def test_no_polarity_clause_is_a_near_copy_of_an_eval_item_or_clause(embedder, eval_vectors):
    """Nor of any labelled clause or persona sentence of the evals (their `text`)."""
    texts = [e.text for e in polarity.load_examples()]
    assert len(texts) >= 600
    said = [
        s for path in sorted(DATASETS.rglob("*.yaml")) for item in yaml.safe_load(path.read_text()) or []
        if isinstance(item, dict) and isinstance(item.get("text"), str) for s in re.split(r"[.;!?\n]", item["text"])
        if len(s.split()) >= 3
    ]  # fmt: skip
    vectors = np.vstack([eval_vectors, kinds.embed(sorted(set(said)), embedder)])
    assert near_duplicates(texts, embedder, vectors) == []


def test_the_shipped_polarity_reader_was_trained_on_the_training_files_as_they_are():
    assert polarity.shipped_model().trained_on == kinds.training_hash(polarity.training_files())
