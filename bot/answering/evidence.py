"""Do the reports cover what a question asks? Decided by evidence, not by vocabulary: a question answered from
the reports' passages is declined when it asks about a term the reports never use (a rare word: "dagster",
"leetcode"; English words never count, however rare: `bot/reading/english.py` says which; nor do shortenings of
the reports' words, "infra" for infrastructure) and no sentence of the retrieved
passages comes close to it. The similarity bar is calibrated on the dev split (`Settings.cover_similarity`)."""

from __future__ import annotations

import re

from pydantic import BaseModel

from bot.answering.compose import Composer
from bot.index.passages import Passage
from bot.knowledge.taxonomy import default_taxonomy
from bot.reading.english import is_english
from bot.reading.entities import named_words
from bot.reading.question import Question, fix_spelling

# kinds answered from the reports' passages; the others answer from the taxonomy's tools or are about the user
FROM_PASSAGES = {"fact", "describe", "who", "needs", "yes_no", "why", "sequence", "contrast"}


# a word written with a capital inside a sentence ("which roles use Spark?"): a name, however ordinary the word
_PROPER = re.compile(r"(?<![.?!:]\s)(?<!^)(?<![.?!:])\b([A-Z][a-z]+(?:[A-Z][a-z]*)*)\b")


def proper_names(text: str) -> set[str]:
    """The words a question writes as names (capitalized, not opening a sentence), lowercased."""
    return {m.group(1).lower() for m in _PROPER.finditer(text.strip())}


class Coverage(BaseModel):
    """The evidence for a question: its best report sentence's similarity and the rare terms no report uses."""

    best: float
    unseen_terms: list[str]

    def covers(self, similarity: float) -> bool:
        return not self.unseen_terms or self.best >= similarity


def coverage(q: Question, passages: list[Passage], composer: Composer, similarity: float = 1.0) -> Coverage:
    """How well the passages cover the question; the rare terms are looked up only when no sentence comes
    within `similarity` of it (a close sentence covers it whatever its words)."""
    ranked = composer.ranked(q.text, passages)
    best = ranked[0][2] if ranked else 0.0
    if best >= similarity:
        return Coverage(best=best, unseen_terms=[])
    # a word that names something of the taxonomy ("etl": data engineering) is covered by what it names
    named = named_words(default_taxonomy())
    proper = proper_names(q.text)
    unseen = [
        w
        for w in composer.unseen(fix_spelling(q.text))
        if (not is_english(w) or w in proper) and not composer.shortens(w) and w not in named
    ]
    return Coverage(best=best, unseen_terms=unseen)


def uncovered(q: Question, passages: list[Passage], composer: Composer, similarity: float) -> Question | None:
    """The question as 'not covered' when the evidence says the reports do not answer it, else None."""
    if q.kind not in FROM_PASSAGES or q.injection:
        return None
    found = coverage(q, passages, composer, similarity)
    if found.covers(similarity):
        return None
    # "which roles use Spark?": the reply names what the reports never mention, as the question wrote it
    written = [m.group() for w in found.unseen_terms if (m := re.search(rf"\b{re.escape(w)}\b", q.text, re.I))]
    topic = q.topic or (" and ".join(written[:2]) if written else None)
    return q.model_copy(
        update={"kind": "not_covered", "reason": f"not in the reports: {', '.join(found.unseen_terms)}", "topic": topic}
    )
