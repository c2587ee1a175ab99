"""The retrieval composer: the answer, with no LLM, to questions no answerer takes (`bot.answering.answerers`), made
only of report sentences.

Every sentence of the top passages (a table row or a card line counts as one; card lines that only name a
thing and figure references are left out) is scored by embedding similarity to the question, plus the share of
the question's rare words it holds (stems weighed by how few of the reports' sentences use them), plus a bonus
for better-ranked passages; near-duplicates (cosine above `redundancy`) and sentences far below the best are
dropped; a sentence that leans on a chosen one ("The latter ...", "If not, ...") comes along, as does the one a
"They ..." sentence leans on. The best sentence opens; the rest follow in reading order, each cited.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
from collections import Counter
from functools import cache, cached_property, lru_cache

import numpy as np
from pydantic import BaseModel

from bot.index.embeddings import Embedder
from bot.index.passages import Passage
from bot.index.sentences import units
from bot.knowledge.prompts import messages, word_list


class Draft(BaseModel):
    """Answer text whose markers [i] point at `cited[i - 1]`."""

    text: str
    cited: list[Passage] = []
    facts: list[str] = []  # sentences composed from taxonomy facts: grounded by construction, and evidence


# The publisher speaking of itself ("Our mission is ...", "Please send any comments to ...@workera.ai"): close in
# words to many career questions, an answer to none but a question about the publisher
PUBLISHER = re.compile(r"\bworkera\b|@|\bour mission\b|\bplease send\b", re.I)


def publisher_aside(sentence: str, question: str) -> bool:
    """Whether `sentence` is the publisher speaking of itself, to a question that is not about the publisher."""
    return bool(PUBLISHER.search(sentence)) and not PUBLISHER.search(question)


CONTINUES = re.compile(
    r"^(the latter|the former|hence|thus|therefore|however|in contrast|as a result|if not|otherwise|that's because"
    r"|this is because)\b",
    re.I,
)
# a sentence that cannot stand alone: it leans on the one before it
DANGLING = re.compile(
    r"^(they|their|them|it|its|this|these|such|nonetheless|the latter|the former|hence|thus"
    r"|therefore|however|in contrast|as a result|once that|once this|then|at that point)\b|^the \([ivx]+\)",
    re.I,
)
LEXICAL = 0.35  # weight of the question's rare words in a sentence's score (similarities run 0.3-0.8)
RARE = 3.0  # idf below this (a word in more than 1 sentence in 20) is too common to say which sentence answers
_WORD = re.compile(r"[a-z][a-z0-9+#-]*")


_STEM_LOCK = threading.Lock()  # a PyStemmer stemmer is not safe to share between threads


@cache
def _stemmer():
    import Stemmer  # PyStemmer, as the BM25 index uses

    return Stemmer.Stemmer("english")


BRITISH = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations)$")  # "decentralised" is "decentralized"


@lru_cache(maxsize=8192)
def _stems(text: str) -> frozenset[str]:
    # "start-up" is "startup" too, and "out-of-the-box" is also "out of the box"
    words = []
    for word in _WORD.findall(text.lower().replace("'", "")):
        # both sides are stemmed here, so a word it changes ("promise") still meets itself
        word = BRITISH.sub(r"iz\1", word)
        words += [word.replace("-", ""), *word.split("-")] if "-" in word else [word]
    words = [w for w in words if w and w not in word_list("function")]
    with _STEM_LOCK:
        return frozenset(_stemmer().stemWords(words))


TWO_PARTS = re.compile(r"\?.+\?|\b(and|also)\s+(what|which|how|why|who|when|where|does|do|is|are)\b", re.I | re.S)


class Composer:
    """Builds grounded answers from passages and tool output."""

    def __init__(
        self,
        embedder: Embedder,
        max_sentences: int = 4,
        redundancy: float = 0.88,
        corpus: list[Passage] | None = None,
        names: list[str] | None = None,
    ):
        self.embedder = embedder
        self.max_sentences = max_sentences
        self.redundancy = redundancy
        self._vectors: dict[str, np.ndarray] = {}  # report sentences are fixed: embed each once
        self._corpus = corpus or []
        # the roles' names say whom a question is about, not which sentence answers it
        self._names = frozenset().union(*map(_stems, names or []))

    @cached_property
    def _idf(self) -> dict[str, float]:
        """How rare each word stem is among the reports' sentences (a word most sentences use weighs nothing)."""
        docs = [_stems(u) for p in self._corpus if p.source != "taxonomy" for u in units(p)]
        df = Counter(stem for doc in docs for stem in doc)
        return {stem: math.log(len(docs) / n) for stem, n in df.items()}

    @cached_property
    def _titles(self) -> frozenset[str]:
        """The stems of the sources' titles ("playbook"): a question may name a report."""
        return frozenset().union(*(_stems(p.title) for p in self._corpus))

    @cached_property
    def _words(self) -> list[str]:
        """Every word of the reports' sentences, for prefix look-ups."""
        return sorted({w for p in self._corpus for u in units(p) for w in _WORD.findall(u.lower())})

    def shortens(self, word: str) -> bool:
        """Whether a word of 4+ letters is the start of a longer word of the reports ("infra", "eval")."""
        if len(word) < 4:
            return False
        i = bisect.bisect_left(self._words, word)
        return i < len(self._words) and self._words[i].startswith(word) and self._words[i] != word

    def unseen(self, question: str) -> list[str]:
        """The question's words the reports' sentences never use, in any inflection ("kubernetes")."""
        words = [w for w in _WORD.findall(question.lower().replace("'", "")) if len(w) > 2]
        known = self._idf.keys() | self._titles
        return [w for w in dict.fromkeys(words) if (stems := _stems(w)) and not (stems & known or stems & self._names)]

    def holds_all(self, question: str, text: str) -> bool:
        """Whether `text` holds every word of the question the reports use (function words and roles aside)."""
        words = {s for s in _stems(question) - self._names if s in self._idf}
        return bool(words) and words <= _stems(text)

    def rare_share(self, question: str, text: str) -> float:
        """The share of the question's rare words (by weight) that `text` holds (0 when it has none)."""
        weights = {s: self._idf[s] for s in _stems(question) - self._names if self._idf.get(s, 0.0) >= RARE}
        total = sum(weights.values())
        return sum(w for s, w in weights.items() if s in _stems(text)) / total if total else 0.0

    def _scores(self, question: str, texts: list[str], vecs: np.ndarray, lexical: bool = True) -> np.ndarray:
        """Similarity to the question, plus (`lexical`) a share of its rare words a sentence holds: an embedding of
        a whole sentence hears the gist, the rare words ("shortage", "encryption") say which sentence answers."""
        similarity = vecs @ np.asarray(self.embedder.embed_query(question), dtype=np.float32)
        if not lexical:
            return similarity
        return similarity + LEXICAL * np.array([self.rare_share(question, t) for t in texts], dtype=np.float32)

    def warm_up(self, passages: list[Passage]) -> None:
        """Embed every sentence of these passages now, so the first answers don't pay for it."""
        self._unit_vectors([u for p in passages for u in units(p)])

    def _unit_vectors(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            for text, vec in zip(missing, self.embedder.embed_documents(missing), strict=True):
                self._vectors[text] = np.asarray(vec, dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts])

    def facts(
        self,
        question: str,
        passages: list[Passage],
        min_similarity: float = 0.2,
        lead: tuple[Passage, list[str]] | None = None,
    ) -> Draft:
        """The most relevant report sentences for the question, cited, in reading order; `lead` is a
        passage and sentences of it that must open the answer."""
        if lead:
            passages = [lead[0], *(p for p in passages if p.id != lead[0].id)]
        candidates = _candidates(question, passages)
        if not candidates:
            return Draft(text="")
        vecs = self._unit_vectors([c[2] for c in candidates])
        # a question in two parts ("what is X, and which skills does it need?") gets a sentence more
        limit = self.max_sentences + bool(TWO_PARTS.search(question))
        # a bonus for better-ranked passages: retrieval already weighed BM25, headings and context
        scores = self._scores(question, [c[2] for c in candidates], vecs) + np.array(
            [0.12 * (len(passages) - c[0]) / len(passages) for c in candidates]
        )
        chosen: list[int] = [i for i, c in enumerate(candidates) if c[0] == 0 and c[2] in lead[1]] if lead else []
        top = [i for i, c in enumerate(candidates) if c[0] == (1 if lead else 0)]
        if top:  # the best retrieved passage always speaks: its best sentence is in the answer
            chosen.append(max(top, key=lambda i: scores[i]))
        floor = max(min_similarity, float(scores.max()) - 0.2)  # far below the best sentence is padding
        for i in np.argsort(-scores, kind="stable"):
            if len(chosen) == limit or scores[i] < floor:
                break
            if i in chosen or any(float(vecs[i] @ vecs[j]) > self.redundancy for j in chosen):
                continue
            chosen.append(int(i))
        # a sentence that leans on the one before ("The latter is less quantitative") is what makes that
        # one an answer: bring it along; one that leans on a sentence not chosen ("They ...") brings that one
        position = {(c[0], c[1]): i for i, c in enumerate(candidates)}
        best = chosen[0] if lead else max(chosen, key=lambda i: scores[i])
        _bring_neighbours(candidates, chosen, position)
        # the sentence that answers best opens (with the one it leans on); the rest follow in reading order
        opening = [best]
        before = position.get((candidates[best][0], candidates[best][1] - 1))
        if before in chosen and DANGLING.match(candidates[best][2]):
            opening.insert(0, before)
        rest = sorted((i for i in chosen if i not in opening), key=lambda i: (candidates[i][0], candidates[i][1]))
        cited: list[Passage] = []

        def line(i: int) -> str:
            passage = passages[candidates[i][0]]
            if passage not in cited:
                cited.append(passage)
            text = row_sentence(passage) if passage.kind == "table_row" else candidates[i][2]
            return f"{_as_sentence(text)} [{cited.index(passage) + 1}]"

        head = re.sub(r"^(Also|In fact), (\w)", lambda m: m.group(2).upper(), " ".join(line(i) for i in opening))
        points = [line(i) for i in rest]
        text = head + ("\n\n" + "\n".join(f"- {p}" for p in points) if points else "")
        return Draft(text=text, cited=cited)

    def scores(self, question: str, texts: list[str]) -> list[float]:
        """How well each text answers the question: similarity plus the share of its rare words the text holds."""
        return self._scores(question, texts, self._unit_vectors(texts)).tolist() if texts else []

    def ranked(self, question: str, passages: list[Passage], lexical: bool = False) -> list[tuple[str, Passage, float]]:
        """Every sentence of the passages with its passage and its similarity to the question (plus, with
        `lexical`, the share of the question's rare words it holds), best first."""
        candidates = [(p, text) for p in passages for text in units(p)]
        if not candidates:
            return []
        vecs = self._unit_vectors([c[1] for c in candidates])
        scores = self._scores(question, [c[1] for c in candidates], vecs, lexical)
        order = np.argsort(-scores, kind="stable")
        return [(_as_sentence(candidates[i][1]), candidates[i][0], float(scores[i])) for i in order]

    def not_covered(self, passages: list[Passage], names: list[str] | None = None) -> Draft:
        """'The reports don't cover that' plus, when there are any, the nearby things they do cover."""
        msg = messages()
        text = msg["not_covered"]
        near = [(n, p) for n, p in zip(names or [], passages, strict=False) if n][:3]
        if near:
            text += f"\n\n{msg['nearby']}\n" + "\n".join(f"- {n} [{i}]" for i, (n, _) in enumerate(near, 1))
            return Draft(text=text, cited=[p for _, p in near])
        return Draft(text=text)


def _candidates(question: str, passages: list[Passage]) -> list[tuple[int, int, str]]:
    """(passage index, sentence index, sentence) of every sentence that may answer: not the publisher's own
    sentences unless the question is about the publisher."""
    return [
        (pi, ui, text)
        for pi, p in enumerate(passages)
        for ui, text in enumerate(units(p))
        if not publisher_aside(text, question)
    ]


def row_sentence(row: Passage) -> str:
    """A subtask row of the reports' tables as a reader would say it: "Labeling data (data engineering): for
    example, drawing bounding boxes on images; .... Skills involved: ..." (the same words, no field labels)."""
    m = re.match(r"Subtask: (.*?)\.? Examples: (.*?)\.? Skills involved: (.*)", row.text, re.S)
    if not m:
        return row.text
    task = f" ({row.section[-2].lower().replace('ai ', 'AI ')})" if len(row.section) >= 2 else ""
    examples = "; ".join(e.strip()[:1].lower() + e.strip()[1:] for e in m.group(2).split("•"))
    return f"{m.group(1)}{task}: for example, {examples}. Skills involved: {m.group(3).strip()}"


def _bring_neighbours(candidates: list[tuple[int, int, str]], chosen: list[int], position: dict) -> None:
    """Adds to `chosen` the sentence that carries on a chosen one, and the one a chosen sentence leans on."""
    for i in list(chosen):
        follow = position.get((candidates[i][0], candidates[i][1] + 1))
        if follow is not None and follow not in chosen and CONTINUES.match(candidates[follow][2]):
            chosen.append(follow)
        before = position.get((candidates[i][0], candidates[i][1] - 1))
        if before is not None and before not in chosen and DANGLING.match(candidates[i][2]):
            chosen.append(before)


def _as_sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":")) else text + "."
