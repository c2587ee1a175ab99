"""Level words and clause levels: the level a clause gives a skill it names, from the level word before it ("solid
SQL"), a level after it ("my stats are pretty good"), a work verb ("I train models"), years of experience or a degree.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.knowledge.taxonomy import word_pattern
from bot.reading import polarity
from bot.reading.terms import _could_match, _Word

DEFAULT_LEVEL = 2

# Level words; where two end at the same place the longer phrase wins ("don't know" over "know").
# fmt: off
LEVEL_WORDS: dict[int, list[str]] = {
    4: ["world class", "world-class", "expert", "outstanding", "mastered", "master of", "guru", "deep expertise",
        "extensive", "senior", "excellent"],
    3: ["advanced", "strong", "solid", "proficient", "experienced", "fluent", "very good", "good at", "good",
        "comfortable", "skilled", "professional", "a lot of", "lots of", "daily", "every day", "strongest",
        "best at", "great", "great at", "really good"],
    2: ["know", "working knowledge", "some", "decent", "familiar", "intermediate", "okay at", "ok at", "okay with",
        "ok with"],
    1: ["a little", "a bit", "a bit of", "little", "basic", "basics", "beginner", "currently learning",
        "still learning", "started learning", "learning to", "not much", "aware", "exposure", "introductory",
        "rusty", "just started", "novice", "heard of"],
    0: ["no", "not", "never", "without", "zero", "none", "don't", "do not", "dont", "haven't", "have not", "lack",
        "weak",
        "nothing", "don't know", "do not know", "never used", "not familiar", "no experience", "never built",
        "not used", "haven't used", "never done", "never trained",
        # a dislike or a weakness shows no skill: "I hate coding", "I suck at math" (prompts/polarity.yaml)
        *polarity.zero_before()],
}
# Work verbs: "I train models", "fit statistical models" name a skill in current practice (3). They set the
# level of a skill named after them, but not of an activity: the activity itself is what they say.
WORK_VERBS: dict[int, list[str]] = {
    3: ["train", "build", "deploy", "design", "develop", "ship", "fit", "translate", "run", "write", "work on",
        "publish", "pull"],
    2: ["built", "used"],
}
# fmt: on
DEGREE = re.compile(
    r"\b(degree|bachelor'?s?|master'?s?|msc|bsc|ms|ba|major(ed)?|diploma|(?:under|post)grad(?:uate)?)\b", re.I
)
PHD = re.compile(r"\b(ph\.?d|doctorate|post-?doc(?:toral)?)\b", re.I)  # a postdoc holds a PhD
# fmt: off
NUMBER_WORDS = {w: n for n, w in enumerate(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                            "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen"], start=1)}
# fmt: on
NUMBER_WORDS |= {"a couple of": 2, "a few": 3, "several": 3, "many": 5}
# "6 years", "6+ yrs", "two years": a number written in digits or words
YEARS = re.compile(
    rf"\b(\d+(?:\.\d+)?|{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})\+?\s*(?:years?|yrs?)\b", re.I
)
YEARS_OF = re.compile(r"\b(?:many\s+|several\s+)?years\s+of\b", re.I)


_LEVEL_PATTERNS = [
    _Word(word_pattern(w), (), "level", w.lower(), level=lvl) for lvl, words in LEVEL_WORDS.items() for w in words
]
_VERB_PATTERNS = [
    _Word(word_pattern(w), (), "verb", w.lower(), level=lvl) for lvl, words in WORK_VERBS.items() for w in words
]


def _clause_level(clause: str, before: int, kind: str = "all") -> int | None:
    """Level of the level word nearest before position `before` in the clause (the longer phrase
    wins where two end together: "don't know" over "know"); `kind` "level" or "verb" for one list only."""
    best: tuple[int, int, int] | None = None
    for end, length, level in _level_marks(clause, kind):
        if end <= before and (best is None or (end, length) > best[:2]):
            best = (end, length, level)
    return best[2] if best else None


@lru_cache(maxsize=4096)
def _level_marks(clause: str, kind: str) -> tuple[tuple[int, int, int], ...]:
    """Every level word of a clause as (end, length, level), found once per clause and kind ("all": the level
    words', then the work verbs')."""
    if kind not in ("level", "verb"):
        return _level_marks(clause, "level") + _level_marks(clause, "verb")
    return tuple(
        (m.end(), m.end() - m.start(), word.level)
        for word in _could_match(_LEVEL_PATTERNS if kind == "level" else _VERB_PATTERNS, clause)
        for m in word.pattern.finditer(clause)
    )


WELL_AFTER = re.compile(r"\s+(?:really|very|pretty|extremely|quite|super) well\b", re.I)
COPULA = re.compile(r"\b(?:is|are|was|were|'s|'re|remains?|feels?)\b", re.I)
AFTER_COPULA = 25  # characters: "are pretty good", "is not great", "is at a basic level"


def _level_after(clause: str, start: int) -> int | None:
    """The level a clause gives a skill after naming it ("SQL is strong", "my stats are pretty good"): the
    first level word after the verb "to be" that follows it, if the verb opens no new clause of its own."""
    verb = COPULA.search(clause, start)
    if verb is None or re.search(r"\b(?:i|i'm|i've|we|it|that|which|who)\b", clause[start : verb.start()], re.I):
        return None
    marks = [(end - length, -length, level) for end, length, level in _level_marks(clause, "level")]
    after = [m for m in marks if verb.end() <= m[0] <= verb.end() + AFTER_COPULA]
    return min(after)[2] if after else None


def _context_level(clause: str) -> int | None:
    """Level implied by years of experience or a degree anywhere in the clause."""
    if PHD.search(clause):
        return 4
    years = YEARS.search(clause)
    if years:
        word = years.group(1).lower()
        n = float(NUMBER_WORDS[word]) if word in NUMBER_WORDS else float(word)
        return 4 if n >= 5 else 3 if n >= 3 else 2 if n >= 1 else 1
    if YEARS_OF.search(clause):  # "years of experience with deep learning": more than a year or two
        return 3
    if DEGREE.search(clause):
        return 3
    return None
