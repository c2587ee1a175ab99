"""The grounding check with the real embedding model: what it accepts and what it flags."""

import pytest

from bot.embeddings import get_embeddings
from bot.grounding import GroundingChecker

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
