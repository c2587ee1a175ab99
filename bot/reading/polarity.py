"""Polarity in what people say about themselves: a dislike ("SQL is my nightmare", "I avoid coding") or a weakness
("I suck at math") is never read as the skill. The cue phrases live in `prompts/polarity.yaml`; the skill reader
reads them as level 0 and the question reader as a dislike, so both read a sentence the same way."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from bot.index.embeddings import Embedder
from bot.knowledge.prompts import load_yaml
from bot.knowledge.taxonomy import word_pattern
from bot.reading import kinds
from bot.settings import ROOT

Polarity = Literal["dislikes", "lacks", "neutral"]


@cache
def cues() -> dict[str, list[str]]:
    """The cue phrases by list (dislike_before, dislike_after, weak_before, weak_after), validated."""
    data = load_yaml("polarity.yaml")
    for name in ("dislike_before", "dislike_after", "weak_before", "weak_after"):
        if not isinstance(data.get(name), list) or not all(isinstance(p, str) and p for p in data[name]):
            raise ValueError(f"prompts/polarity.yaml: {name} must be a list of phrases")
    return data


@cache
def pattern(name: str) -> re.Pattern:
    """One list of cue phrases as one whole-word pattern, longest first; an apostrophe may be left out."""
    phrases = sorted(cues()[name], key=len, reverse=True)
    return re.compile(word_pattern(*phrases).pattern.replace("'", "'?"), re.I)


def zero_before() -> list[str]:
    """The phrases that, before a skill, put it at level 0 (dislikes and weaknesses)."""
    return cues()["dislike_before"] + cues()["weak_before"]


def after(text: str, start: int) -> Polarity:
    """What the words after position `start` (a skill just named) say of it: "bores me", "is my weak spot"."""
    rest = text[start:]
    if pattern("dislike_after").search(rest):
        return "dislikes"
    if pattern("weak_after").search(rest):
        return "lacks"
    return "neutral"


# a cue right after one of these is someone else's feeling: "managers who hate jargon", "they hate SQL"
OTHERS = re.compile(r"\b(?:who|they|he|she|which|everyone|everybody|nobody|people)\s*$", re.I)


def _own(name: str, text: str) -> bool:
    """Whether a cue of this list says the speaker's feeling somewhere in the text."""
    return any(not OTHERS.search(text, 0, m.start()) for m in pattern(name).finditer(text))


def polarity(text: str) -> Polarity:
    """Whether a clause says a dislike, a weakness, or neither."""
    if _own("dislike_before", text) or pattern("dislike_after").search(text):
        return "dislikes"
    if _own("weak_before", text) or pattern("weak_after").search(text):
        return "lacks"
    return "neutral"


# -- learned reading -----------------------------------------------------------------------------------------------
# Cue phrases miss the many ways people say a feeling ("dashboards drain the life out of me", "stats? hard pass").
# Where no cue is found and an embedder is at hand, a logistic regression over the shipped sentence embeddings,
# trained on clauses labelled likes / dislikes / lacks / neutral (`knowledge/training/polarity.yaml`, written by a
# writer who had seen neither the code nor the evals), reads the clause; it decides only when confident.
TRAINING = ROOT / "knowledge" / "training" / "polarity.yaml"
MODEL_PATH = ROOT / "knowledge" / "models" / "polarity.npz"
# a clause read as a feeling by the model alone: in a self-description a wrong dislike hides a real skill (at 0.8,
# 3 dev personas in 60 lost their role), so the skill reader asks more certainty than the role-preference reader
LEARNED_CONFIDENCE = 0.9
PREFERENCE_CONFIDENCE = 0.8
Feeling = Literal["likes", "dislikes", "lacks", "neutral"]


def training_files() -> list[Path]:
    return [TRAINING]


def load_examples() -> list[kinds.Example]:
    """The labelled clauses (a clause's label is its `polarity`)."""
    return [
        kinds.Example(text=item["text"], kind=item["polarity"])
        for path in training_files()
        for item in yaml.safe_load(path.read_text()) or []
    ]


def train(embedder: Embedder, progress: Callable[[int], None] | None = None) -> kinds.KindModel:
    examples = load_examples()
    vectors = kinds.embed([e.text for e in examples], embedder, progress)
    labels, weights, bias = kinds.fit(vectors, [e.kind for e in examples], c=4.0)
    return kinds.KindModel(kinds=labels, weights=weights, bias=bias, trained_on=kinds.training_hash(training_files()))


@cache
def shipped_model() -> kinds.KindModel:
    return kinds.KindModel.load(MODEL_PATH)


def feelings(texts: list[str], embedder: Embedder | None, confidence: float = LEARNED_CONFIDENCE) -> list[Feeling]:
    """Each clause's feeling: its cue phrases' first, else the learned reader's when it is confident (with an
    embedder), else neutral. One batch of embeddings for all the clauses."""
    out: list[Feeling] = [polarity(t) for t in texts]
    ask = [i for i, p in enumerate(out) if p == "neutral" and texts[i].strip()]
    if embedder is None or not ask:
        return out
    model = shipped_model()
    p = model.probabilities(kinds.embed([texts[i] for i in ask], embedder))
    for i, row in zip(ask, p, strict=True):
        if row.max() >= confidence:
            out[i] = model.kinds[int(row.argmax())]
    return out
