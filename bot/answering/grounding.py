"""Is every sentence of an answer supported by the evidence (passages and tool output)?

A sentence is supported when some evidence sentence is close in meaning (embedding cosine at least
`min_support`) or when almost all of its content words appear in one evidence sentence (lexical
overlap at least 0.8). The grounding score is the share of supported sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache

import numpy as np
from pydantic import BaseModel

from bot.index.embeddings import BATCH, Embedder
from bot.knowledge.prompts import prompt

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[A-Z0-9*-])|\n+")
_MARKERS = re.compile(r"\[\d+\]|\*\*|^\s*(?:[-*•]|\d+\.)\s+|^#+\s*", re.M)
_WORD = re.compile(r"[a-z0-9][a-z0-9+#/-]*")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "as",
        "at",
        "from",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "they",
        "them",
        "their",
        "you",
        "your",
        "we",
        "our",
        "i",
        "me",
        "my",
        "he",
        "she",
        "his",
        "her",
        "do",
        "does",
        "did",
        "can",
        "could",
        "should",
        "would",
        "may",
        "might",
        "will",
        "not",
        "no",
        "but",
        "if",
        "then",
        "than",
        "so",
        "such",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "how",
        "also",
        "more",
        "most",
        "some",
        "any",
        "each",
        "all",
    ]
)
LEXICAL_SUPPORT = 0.8


class SentenceSupport(BaseModel):
    sentence: str
    supported: bool
    # the best similarity to the evidence read (all of it for an unsupported sentence: see `_similarities`); None when
    # the words alone show support and no embedding was needed
    similarity: float | None
    overlap: float


class GroundingReport(BaseModel):
    score: float
    sentences: list[SentenceSupport]

    @property
    def unsupported(self) -> list[str]:
        return [s.sentence for s in self.sentences if not s.supported]


def split_sentences(text: str) -> list[str]:
    """Sentences of a Markdown-ish answer, without list markers, bold and citation markers."""
    out = []
    for piece in _SENTENCE.split(text):
        clean = _MARKERS.sub("", piece).strip(" :")
        if _content_words(clean):  # even a one-word reply ("PWNED") must be supported
            out.append(clean)
    return out


def complete_sentences(text: str) -> tuple[list[str], str]:
    """Streamed text split into the sentences already complete (each with the space after it) and the rest:
    a sentence is complete once the next one has begun, the same boundary `split_sentences` uses."""
    pieces, start = [], 0
    for m in _SENTENCE.finditer(text):
        pieces.append(text[start : m.end()])
        start = m.end()
    return pieces, text[start:]


def _overlap(words: frozenset[str], evidence: list[frozenset[str]]) -> float:
    """The largest share of `words` found in one evidence sentence."""
    return max((len(words & ev) / len(words) for ev in evidence), default=0.0) if words else 1.0


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in STOPWORDS}


@lru_cache(maxsize=8192)
def _units(text: str) -> tuple[tuple[str, ...], tuple[frozenset[str], ...]]:
    """The sentences of a text and the content words of each: evidence repeats (the passages, the fixed
    messages), so each text is cut once, not at every answer."""
    sentences = tuple(split_sentences(text))
    return sentences, tuple(frozenset(_content_words(s)) for s in sentences)


class GroundingChecker:
    """Checks answers against evidence with the embedding model; caches evidence embeddings."""

    def __init__(self, embedder: Embedder, min_support: float = 0.5):
        self.embedder = embedder
        self.min_support = min_support
        self._cache: dict[str, np.ndarray] = {}

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for text, vec in zip(missing, self.embedder.embed_documents(missing), strict=True):
                self._cache[text] = np.asarray(vec, dtype=np.float32)
            if len(self._cache) > 20_000:  # bounded: evidence repeats, answers do not
                self._cache.clear()
        return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 1), dtype=np.float32)

    def _similarities(
        self, sentences: list[str], ev_sentences: list[str], ev_words: list[frozenset[str]]
    ) -> dict[str, float]:
        """Each sentence's best similarity to an evidence sentence, or, for one that has a similarity at the bar, the
        best of the evidence read until it was found. The evidence is read the sentences with most words in common
        with them first, in batches of 1, 2, 4, then 8 (the model's batch), and no further once each sentence has
        one at the bar: in the load bench's answers the supporting sentence was among the first three every time, so
        a supported paraphrase costs an embedding or three instead of one per evidence sentence (a tool's output or
        a card's lines are new to the cache: ~30 ms a check). Support is decided as before; a sentence below the bar
        is compared with all of the evidence."""
        words = [frozenset(_content_words(s)) for s in sentences]
        # most words in common first; a stable sort keeps the evidence's order among equals
        order = sorted(range(len(ev_sentences)), key=lambda j: -max(len(w & ev_words[j]) for w in words))
        vectors = self._embed(sentences)
        best = np.full(len(sentences), -np.inf)  # float64, so the bar is compared as before
        start, size = 0, 1
        while start < len(order):
            batch = [ev_sentences[j] for j in order[start : start + size]]
            best = np.maximum(best, (vectors @ self._embed(batch).T).max(axis=1))
            if (best >= self.min_support).all():
                break
            start, size = start + size, min(2 * size, BATCH)
        return {sentence: float(sim) for sentence, sim in zip(sentences, best, strict=True)}

    def check(self, answer: str, evidence: Sequence[str]) -> GroundingReport:
        """Support of each answer sentence by the evidence texts."""
        sentences = split_sentences(answer)
        if not sentences:
            return GroundingReport(score=1.0, sentences=[])
        ev_sentences: list[str] = []
        ev_words: list[frozenset[str]] = []
        for text in evidence:
            cut, cut_words = _units(text)
            ev_sentences += cut
            ev_words += cut_words
        if not ev_sentences:
            ev_sentences, ev_words = [""], [frozenset()]
        overlaps = [_overlap(frozenset(_content_words(s)), ev_words) for s in sentences]
        # A sentence whose words are (nearly) all in one evidence sentence is supported whatever its
        # embedding says, so only the others are embedded: a grounded answer needs no model call at all.
        paraphrased = [s for s, o in zip(sentences, overlaps, strict=True) if o < LEXICAL_SUPPORT]
        sims = self._similarities(paraphrased, ev_sentences, ev_words) if paraphrased else {}
        results = [
            SentenceSupport(
                sentence=sentence,
                supported=overlap >= LEXICAL_SUPPORT or sims[sentence] >= self.min_support,
                similarity=round(sims[sentence], 3) if sentence in sims else None,
                overlap=round(overlap, 3),
            )
            for sentence, overlap in zip(sentences, overlaps, strict=True)
        ]
        score = sum(r.supported for r in results) / len(results)
        return GroundingReport(score=round(score, 3), sentences=results)


def leaks_prompt(text: str) -> bool:
    """Whether the text repeats a run of 8 words of the system prompt."""
    shingles = _prompt_shingles()
    out = re.findall(r"\w+", text.lower())
    return any(" ".join(out[i : i + 8]) in shingles for i in range(len(out) - 7))


class CheckedStream:
    """An LLM's answer shown as it streams, a sentence at a time, each only once it passes the checks the
    finished answer gets: supported by the passages, and no run of the system prompt in what the model has
    said so far. A model that strays from the reports or obeys an injection shows none of it, even mid-stream."""

    def __init__(self, checker: GroundingChecker, evidence: list[str]):
        self.checker = checker
        self.evidence = evidence
        self.said = ""  # all the model said, shown or not: the final check scores it
        self.kept: list[str] = []  # the sentences shown, as the model said them

    def sentences(self, pieces: Iterable[str]) -> Iterator[str]:
        """The sentences of the streamed `pieces` that may be shown, each as soon as it is complete."""
        pending = ""
        for piece in pieces:
            self.said += piece
            if leaks_prompt(self.said):
                return  # it is reciting its instructions: stop reading it
            done, pending = complete_sentences(pending + piece)
            yield from self._supported(done)
        yield from self._supported([pending])

    def _supported(self, sentences: list[str]) -> Iterator[str]:
        for sentence in sentences:
            if sentence.strip() and not self.checker.check(sentence, self.evidence).unsupported:
                self.kept.append(sentence)
                yield sentence


@cache
def _prompt_shingles() -> frozenset[str]:
    """Every run of 8 words of the system prompt (computed once, checked on every LLM answer)."""
    words = re.findall(r"\w+", prompt("system").lower())
    return frozenset(" ".join(words[i : i + 8]) for i in range(len(words) - 7))
