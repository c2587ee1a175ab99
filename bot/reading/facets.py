"""The sub-questions of a question, read once from its words: negated, "only", "besides", the least, the facet of
a role asked about, tools asked, before (or either order), "the same", "without". `Question` holds them as fields
(`bot/reading/entities.py`); the answerers read the fields, not the text."""

from __future__ import annotations

import re
from typing import Literal

Facet = Literal["titles", "variants", "tools", "tasks", "skills"]

NEGATION = re.compile(r"\b(don'?t|doesn'?t|do not|does not|not|never|no need|isn'?t|aren'?t)\b", re.I)
# "is it only data scientists?", "is modeling just math?", "is business analysis basically all coding?"
ONLY = re.compile(r"\b(only|just|purely|entirely|exclusively|nothing but|basically all|all about)\b", re.I)
BESIDES = re.compile(r"\b(besides|apart from|other than|except|who else|anyone else|in addition to)\b", re.I)
LESS = re.compile(r"\b(don'?t|doesn'?t|not|least|less|little|without|(needs?|requires?) no)\b", re.I)
TOOLS_ASKED = re.compile(
    r"\b(tools?|toolbox|toolkit|tooling|languages?|langs|software(?! engineer)|stack|technolog\w+|packages?|librar\w+"
    r"|frameworks?|use|uses|using)\b",
    re.I,
)
# what a question about a role asks for
FACETS: dict[str, re.Pattern] = {
    # "is there a deep learning version of that role?", "what is the MLE's DL flavour called?"
    # (before titles: a variant's name is asked with "called" too)
    "variants": re.compile(
        r"\bvariants?\b|\b(deep learning|dl) (versions?|flavou?rs?|equivalents?|counterparts?|speciali[sz]ations?)\b",
        re.I,
    ),
    "titles": re.compile(r"\b(titles?|call|called|names?|refer to|known as)\b", re.I),
    "tools": TOOLS_ASKED,
    "tasks": re.compile(
        r"\b(tasks?|carry out|carries out|work on|works on|responsib\w+|focus|do all day|day to day)\b", re.I
    ),
    "skills": re.compile(
        r"\b(skills?|skill ?sets?|need|needs|know|require\w*|good at|learn|strongest|profile)\b", re.I
    ),
}
BEFORE = re.compile(r"\b(before|precede[sd]?|prior|first)\b", re.I)
EITHER_ORDER = re.compile(r"\b(before or after|after or before)\b", re.I)
SAME = re.compile(r"\b(same|identical|interchangeabl\w*|equivalent)\b(?! time)", re.I)  # not "at the same time"
WITHOUT = re.compile(r"\b(without|no|never|zero|don'?t|can'?t)\b", re.I)


def facet(text: str) -> Facet | None:
    """Which side of a role the question asks about: titles, variants, tools, tasks or skills."""
    return next((name for name, pattern in FACETS.items() if pattern.search(text)), None)  # type: ignore[return-value]


# a question opening on a negative auxiliary asks for the positive ("don't they need SQL?" is answered "yes, they
# do"); a negation further in is a claim to confirm or deny ("they never touch it, right?")
NEGATIVE_ASKING = re.compile(
    r"^\W*((so|but|and|ok|wait|hmm),?\s+)?(don'?t|doesn'?t|isn'?t|aren'?t|won'?t|wouldn'?t|shouldn'?t|can'?t"
    r"|haven'?t|hasn'?t|didn'?t)\b",
    re.I,
)


CONFIRM = re.compile(
    r"\b(is|was|are|were)\s+(she|he|it|that|this|they)\s+(right|true|correct|so)\b|^\W*(true|right|correct|really)\W*$",
    re.I,
)


def denies(text: str) -> bool:
    """Whether the question puts forward a negative claim ("analysts never deploy, right?", "is it true they
    don't code?"), rather than asking a negative question that expects the positive ("don't they code?")."""
    # what the sentences that ask claim, not the story ("do they need Git? my course never covered it"), unless they
    # only ask whether the story's claim holds ("my boss says they never code. is she right?")
    asking = [x for x in re.split(r"(?<=[.!?])\s+", text) if x.rstrip().endswith("?")]
    asked = "" if any(CONFIRM.search(x) for x in asking) else " ".join(asking)
    said = re.sub(r"\([^)]*\)", " ", asked or text)  # "(not the ML one)" says which is meant
    return bool(NEGATION.search(said)) and not NEGATIVE_ASKING.search(said)


def read_facets(text: str) -> dict:
    """The sub-questions `text` asks, as `Question`'s fields."""
    return {
        "negated": bool(NEGATION.search(text)),  # "don't they need ...?", "isn't it ...?"
        "denies": denies(text),  # "they never do X, right?"
        "only": bool(ONLY.search(text)),  # "is it only data scientists?"
        "besides": bool(BESIDES.search(text)),  # "who else, besides the modeling people?"
        "least": bool(LESS.search(text)),  # "who needs it least?", "who doesn't need it?"
        "facet": facet(text),  # the side of a role asked about
        "tools_asked": bool(TOOLS_ASKED.search(text)),  # "what tools do they use?"
        "before": bool(BEFORE.search(text)),  # "what comes before deployment?", "what comes first?"
        "either_order": bool(EITHER_ORDER.search(text)),  # "do they test it before or after ...?"
        "same": bool(SAME.search(text)),  # "aren't they the same?"
        "without": bool(WITHOUT.search(text)),  # "can I do it without programming?"
    }
