"""Polarity in what people say about themselves: a dislike ("SQL is my nightmare", "I avoid coding") or a weakness
("I suck at math") is never read as the skill. The cue phrases live in `prompts/polarity.yaml`; the skill reader
reads them as level 0 and the question reader as a dislike, so both read a sentence the same way."""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from bot.knowledge.prompts import load_yaml
from bot.knowledge.taxonomy import word_pattern

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


def polarity(text: str) -> Polarity:
    """Whether a clause says a dislike, a weakness, or neither."""
    if pattern("dislike_before").search(text) or pattern("dislike_after").search(text):
        return "dislikes"
    if pattern("weak_before").search(text) or pattern("weak_after").search(text):
        return "lacks"
    return "neutral"
