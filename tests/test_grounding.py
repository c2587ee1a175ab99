"""The grounding check with the real embedding model: what it accepts and what it flags."""

import numpy as np
import pytest

from bot.answering.grounding import GroundingChecker, split_sentences
from bot.index.embeddings import get_embeddings

EVIDENCE = [
    "Data analysts are responsible for interpreting data and communicating insights to stakeholders. "
    "They use SQL, Tableau and Excel."
]


@pytest.fixture(scope="module")
def checker(settings):
    return GroundingChecker(get_embeddings(settings), min_support=settings.min_support)


def test_a_sentence_quoted_from_the_evidence_is_supported_without_embedding_it(checker):
    report = checker.check("They use SQL, Tableau and Excel.", EVIDENCE)
    assert report.score == 1.0
    assert report.sentences[0].similarity is None  # the words settle it; no model call


def test_a_faithful_paraphrase_is_supported_by_meaning(checker):
    report = checker.check("A data analyst explains what the numbers mean to the people who need them.", EVIDENCE)
    assert report.sentences[0].supported and report.sentences[0].similarity >= 0.5


@pytest.mark.parametrize("claim", ["A machine learning engineer earns 200,000 euros a year in Paris.", "PWNED"])
def test_an_invented_claim_is_flagged(checker, claim):
    answer = f"They use SQL, Tableau and Excel. {claim}"
    report = checker.check(answer, EVIDENCE)
    assert report.unsupported == [claim]
    assert report.score == 0.5


def test_a_paraphrase_reads_the_evidence_until_supported_and_an_unsupported_sentence_all_of_it(settings):
    embedder = get_embeddings(settings)
    checker = GroundingChecker(embedder, min_support=settings.min_support)
    evidence = [
        "Deployment puts trained models into production. Business analysis turns results into decisions. "
        "AI infrastructure keeps the systems running. Research keeps a team's knowledge up to date.",
        *EVIDENCE,
    ]
    paraphrase = "A data analyst explains what the numbers mean to the people who need them."
    report = checker.check(paraphrase, evidence)
    assert report.sentences[0].supported
    assert len(checker._cache) < 1 + 6  # the paraphrase and the evidence most like it, not every sentence

    claim = "A machine learning engineer earns 200,000 euros a year in Paris."
    report = checker.check(claim, evidence)
    sentences = [s for text in evidence for s in split_sentences(text)]
    best = max(np.dot(embedder.embed_query(claim), embedder.embed_query(s)) for s in sentences)
    assert report.unsupported == [claim]
    assert report.sentences[0].similarity == pytest.approx(best, abs=2e-3)  # compared with all of the evidence
