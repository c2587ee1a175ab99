"""The phrases the skill reader looks for: skill and tool names (and the research channels that name research),
job titles with the levels their roles need, and the level words; which of them may match a clause at all."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeVar

from bot.knowledge.taxonomy import Taxonomy, word_pattern
from bot.knowledge.titles import WEAK as WEAK_TITLE
from bot.knowledge.titles import common_titles

_T = TypeVar("_T", bound="_Term | _Title")


@dataclass(frozen=True)
class _Term:
    pattern: re.Pattern
    skills: tuple[str, ...]
    source: str
    literal: str = ""  # what every match contains (lowercased when the pattern ignores case): see `_could_match`
    # kept with the pattern, not read off `pattern.flags` (a `RegexFlag` operation, ~600 per clause) at every test
    ignore_case: bool = field(init=False)
    ascii: bool = field(init=False)  # the literal is ASCII: only then is its absence a sure sign (`_could_match`)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ignore_case", bool(self.pattern.flags & re.IGNORECASE))
        object.__setattr__(self, "ascii", self.literal.isascii())


@dataclass(frozen=True)
class _Word(_Term):
    """A level word or work verb, with its level."""

    level: int = 0


def _lexicon(tax: Taxonomy) -> list[_Term]:
    terms = []
    for skill in tax.skills:
        for phrase in {skill.name.lower(), *skill.aliases}:
            terms.append(_Term(word_pattern(phrase), (skill.id,), "skill", phrase.lower()))
    for tool in tax.tools:
        for phrase in {tool.name.lower(), *tool.aliases}:
            # "R" and "C" are only tools when written as capitals, standing alone
            flags = 0 if len(phrase) == 1 else re.I
            literal = phrase.upper() if flags == 0 else phrase
            pattern = re.compile(rf"(?<![\w+#/]){re.escape(literal)}(?![\w+#])", flags)
            terms.append(_Term(pattern, tuple(tool.skills), "tool", literal if flags == 0 else literal.lower()))
    # the channels the reports say research follows ("Twitter, Reddit, Arxiv, and conferences such as NeurIPS")
    # name research itself: "I keep up with arXiv", "I review for ICLR"
    for channel in _research_channels(tax):
        terms.append(_Term(word_pattern(channel.lower()), ("research",), "skill", channel.lower()))
    # longer phrases first, so "machine learning engineer" style overlaps resolve to the longest
    return sorted(terms, key=lambda t: -len(t.pattern.pattern))


def _research_channels(tax: Taxonomy) -> set[str]:
    """The names listed in the roles' research tool lines (each a single capitalised word)."""
    names = set()
    for role in tax.roles:
        line = role.tools.get("research", "")
        for item in re.split(
            r",\s*(?:and\s+)?|\s+and\s+|\bsuch\s+as\b|\bvia\b|\betc\.?|[()]", line.partition("such as")[2]
        ):
            item = item.strip(" .")
            if re.fullmatch(r"[A-Z][\w]+", item) and "research" in tax.skill_ids:
                names.add(item)
    return names


@dataclass(frozen=True)
class _Title:
    pattern: re.Pattern
    levels: tuple[tuple[str, int], ...]
    also_skill: bool  # the same words name a skill ("statistician", "swe"): a title only after "I'm a"
    literal: str = ""  # the longest word of the title, lowercased: every match contains it (see `_could_match`)
    ignore_case = True  # (not a field) every title pattern ignores case
    ascii: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ascii", self.literal.isascii())


def _titles(tax: Taxonomy) -> list[_Title]:
    """Every role name, alias and alternative title. An alternative title several roles share
    ("research scientist") gives the levels all of them need (the minimum)."""
    own: dict[str, list] = {}
    alternative: dict[str, list] = {}
    for role in tax.roles:
        # a variant ("deep learning engineer") is its role, with the deep learning its name already says
        for name in {role.name.lower(), *role.aliases, *(v.name.lower() for v in role.variants)}:
            own.setdefault(name, []).append(role)
        for name in role.alternative_titles:
            alternative.setdefault(name.lower(), []).append(role)
    skill_words = {a.lower() for s in tax.skills for a in (s.name, *s.aliases)}
    skill_words |= {a.lower() for t in tax.tools for a in (t.name, *t.aliases)}
    # common titles the reports do not list: weak evidence, their role's levels capped at working
    common = {c.title.lower(): tax.role(c.role) for c in common_titles() if c.title.lower() not in own | alternative}
    out = []
    for name in sorted(set(own) | set(alternative) | set(common), key=len, reverse=True):
        if name in common:
            # what the role's work rests on (its skills at solid or more), at working: a title says no more
            role = common[name]
            levels = tuple((s, min(role.level(s), WEAK_TITLE) if role.level(s) >= 3 else 0) for s in tax.skill_ids)
            out.append(_title(name, levels, name in skill_words))
            continue
        roles = own.get(name) or alternative[name]
        levels = tuple((s, min(r.level(s) for r in roles)) for s in tax.skill_ids)
        out.append(_title(name, levels, name in skill_words))
    return out


def _headlines(tax: Taxonomy) -> list[tuple[re.Pattern, str]]:
    """Role names with a dash as job ads and CV headlines write them, with a comma or a bar ("Software Engineer,
    Machine Learning"), and the dashed name each stands for; the reader splits clauses at commas, so they are put
    back first."""
    out = []
    for role in tax.roles:
        for name in {role.name.lower(), *role.aliases}:
            if " - " in name:
                left, right = (re.escape(x).replace(r"\ ", r"\s+") for x in name.split(" - ", 1))
                out.append((re.compile(rf"\b{left}\s*[,|/:–—]\s*{right}\b", re.I), name))
    return out


def _title(name: str, levels: tuple[tuple[str, int], ...], also_skill: bool) -> _Title:
    spaced = re.escape(name).replace(r"\-", r"\s*-\s*").replace(r"\ ", r"[\s-]+")
    pattern = re.compile(rf"(?<![\w-]){spaced}s?(?![\w-])", re.I)
    literal = max(re.split(r"[ -]", name), key=len).lower()
    return _Title(pattern, levels, also_skill, literal)


def _could_match(terms: list[_T], text: str) -> list[_T]:
    """The terms whose pattern may match in `text`, in order: every match of a word pattern contains its `literal`
    (lowercased when the pattern ignores case), so one that is not in the text is not searched for (the reader
    tries ~600 patterns on every clause, and a clause holds a few of them). The test is exact for ASCII only:
    otherwise, search."""
    if not text.isascii():
        return terms
    lowered = text.lower()
    return [t for t in terms if not t.ascii or t.literal in (lowered if t.ignore_case else text)]


_CACHE: dict[int, tuple[list[_Term], list[_Title], list[tuple[re.Pattern, str]]]] = {}


def _cached(tax: Taxonomy) -> tuple[list[_Term], list[_Title], list[tuple[re.Pattern, str]]]:
    """The lexicon, the titles and the headline forms of the role names, built once per taxonomy."""
    if id(tax) not in _CACHE:
        _CACHE[id(tax)] = (_lexicon(tax), _titles(tax), _headlines(tax))
    return _CACHE[id(tax)]
