"""Words of activities as the skill reader compares them: crude stems, function words, a small thesaurus, and
stems looked up rather than compared one by one."""

from __future__ import annotations

import re
from functools import lru_cache

PREFIX_REST = 3  # "evalu" is "evaluat", but "part" is not "participat" nor "know" "knowledg"


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# fmt: off
STOPWORDS = _wordset("""
a an the and or but of to in on for with by from at as into onto over under via per than then so that this
these those it its them they their there here we our us i me my mine you your he she his her is are was were be
been being am do does did done have has had having can could will would should may might must shall not no
also too very just only all any some most more many much each every such like e.g eg etc instance example
other others various well what which who whom when where why how about across using use used uses make makes
making made get gets got lot lots bit few several new one two three usual usually often day days week weeks
team teams work works worked working set up out give keep time user users thing things
once twice sometimes occasionally rarely always recently lately currently now still mostly mainly actually really
enough write writes writing wrote written
""")  # the last two lines: how often or when, said of any activity
# Words of the skill texts that say nothing about one skill in particular.
GENERIC = _wordset("""
people skill skills ability demonstrate demonstrates method methods technique techniques classic including
named reports report appendix definition without data variety understand solve problems problem
""")
# fmt: on
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "ful", "ly", "al", "ic", "s")
_DOUBLING = frozenset({"ings", "ing", "ers", "er", "ed"})  # "fitting", "planner", "shipped"
_WORD = re.compile(r"[a-z0-9][a-z0-9+#/-]*")


# Past forms people write their CVs in that no ending rule reaches ("Built Tableau dashboards").
# fmt: off
IRREGULAR = {"built": "build", "wrote": "write", "written": "write", "ran": "run", "led": "lead", "drew": "draw",
             "drawn": "draw", "grew": "grow", "grown": "grow", "taught": "teach", "brought": "bring",
             "chose": "choose", "chosen": "choose", "kept": "keep", "spent": "spend", "sent": "send"}
# fmt: on


@lru_cache(maxsize=1 << 16)
def norm(word: str) -> str:
    """A crude stem: "retrains", "retraining" -> "retrain"; "RESTful" -> "rest"; "presenting" -> "present";
    "fitting", "fitted" -> "fit" (a consonant doubled before the ending is undone, as in "fit"); "built" ->
    "build"."""
    word = IRREGULAR.get(word, word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if suffix in _DOUBLING and word[-1] == word[-2] and word[-1] not in "aeioulsz":
                word = word[:-1]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def stems(text: str, drop: frozenset[str] = STOPWORDS) -> list[str]:
    out = []
    for word in _WORD.findall(text.lower()):
        for part in word.split("/") if "/" in word and word != "a/b" else [word]:
            if part and part not in drop:
                out.append(norm(part))
    return out


# Words people use for the reports' activities in other words: a small thesaurus for the word overlap
# (the embedding model misses some: "present the findings to officials" is presenting work to colleagues).
# fmt: off
SYNONYMS = [
    "present presentation talk pitch", "finding result outcome insight", "study experiment trial",
    "pick choose select define", "expose serve endpoint api", "monitor alert track",
    "official stakeholder leader executive client colleague director leadership management ceo cto cfo coo cmo vp",
    "chart graph plot visualize", "clean tidy wrangle preprocess", "scrape crawl", "metric kpi",
    "deploy ship productionize release", "prune compress quantize", "tune tuning fine-tune",
    "business sales marketing revenue commercial",
]
# fmt: on
_GROUPS = [frozenset(norm(w) for w in group.split()) for group in SYNONYMS]


@lru_cache(maxsize=1 << 14)
def variants(word: str) -> frozenset[str]:
    """The stem and its synonyms' stems."""
    out = {word}
    for stem in _SYNONYM_STEMS.same_as(word):
        for group in _SYNONYM_STEMS.groups[stem]:
            out |= group
    return frozenset(out)


@lru_cache(maxsize=1 << 16)
def same(a: str, b: str) -> bool:
    """Two stems of one word: equal, one a prefix of the other ("evalu"/"evaluat"), or a long common start."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if long_.startswith(short) and (len(short) >= 6 or (len(short) >= 4 and len(long_) - len(short) <= PREFIX_REST)):
        return True
    return len(short) >= 7 and long_[:7] == short[:7]


class Stems:
    """Stems to find the ones `same` as a word by lookup, not by comparing the word with each: the stem itself, its
    starts of 4 letters or more, stems that start with it, stems with the same first 7 letters."""

    def __init__(self, stems):
        self.groups: dict[str, list] = {}  # what each stem stands for (its subtasks, its synonym groups)
        for stem, group in stems:
            self.groups.setdefault(stem, []).append(group)
        self._starts: dict[str, set[str]] = {}
        self._seven: dict[str, set[str]] = {}
        for stem in self.groups:
            for n in range(4, len(stem)):
                self._starts.setdefault(stem[:n], set()).add(stem)
            if len(stem) >= 7:
                self._seven.setdefault(stem[:7], set()).add(stem)

    def same_as(self, word: str) -> set[str]:
        """The stems `s` with `same(word, s)`."""
        out = {word[:n] for n in range(4, len(word) + 1) if word[:n] in self.groups and same(word[:n], word)}
        if len(word) >= 4:
            out |= {s for s in self._starts.get(word, ()) if same(word, s)}
        if len(word) >= 7:
            out |= self._seven.get(word[:7], set())
        if word in self.groups:
            out.add(word)
        return out


_SYNONYM_STEMS = Stems((stem, group) for group in _GROUPS for stem in group)
