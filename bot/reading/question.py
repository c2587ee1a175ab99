"""A user's question, typed: what kind of question it is and which things of the taxonomy it names.

The typed `Question` and the entities a text names are in `bot.reading.entities`, the kind a question's shape
says in `bot.reading.shapes`; they are imported from here. What stays here: the topics the reports don't cover.
"""

from __future__ import annotations

import re
from functools import cache

import yaml

from bot.knowledge.prompts import PROMPTS_DIR
from bot.knowledge.taxonomy import Taxonomy, default_taxonomy
from bot.reading.entities import (
    AI_ORG,
    HYBRID,
    PROJECT,
    Entities,
    Kind,
    Question,
    _lexicon,
    _per_taxonomy,
    find_entities,
    fix_spelling,
    goal_role,
    own_role,
    role_phrases,
)
from bot.reading.facets import NEGATION
from bot.reading.shapes import (
    CODING,
    FIT,
    IS_IT_TRUE,
    LIKES,
    PLAN,
    TOOL_WORDS,
    WHO,
    YES_NO,
    classify,
)

# what the other stages import from here
__all__ = [
    "AI_ORG",
    "CODING",
    "FIT",
    "HYBRID",
    "IS_IT_TRUE",
    "LIKES",
    "NEGATION",
    "PLAN",
    "PROJECT",
    "TOOL_WORDS",
    "WHO",
    "YES_NO",
    "Entities",
    "Kind",
    "Question",
    "classify",
    "find_entities",
    "fix_spelling",
    "goal_role",
    "own_role",
    "role_phrases",
    "uncovered_topic",
]


# -- uncovered topics ---------------------------------------------------------------------------------


@cache
def _topics() -> list[tuple[str, re.Pattern]]:
    data = yaml.safe_load((PROMPTS_DIR / "topics.yaml").read_text(encoding="utf-8"))
    out = []
    for name, words in data.items():
        alts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
        out.append((name, re.compile(rf"(?<![\w-])({'|'.join(alts)})(?![\w-])", re.I)))
    return out


@cache
def _stem():
    import Stemmer  # PyStemmer, already used by the BM25 index

    return Stemmer.Stemmer("english").stemWord


@_per_taxonomy
def _own_names(tax: Taxonomy) -> re.Pattern:
    """The taxonomy's multi-word tool and skill names as one pattern, longest first (compiled once)."""
    names = [re.escape(p) for p, field, _ in _lexicon(tax) if field in ("tools", "skills") and " " in p]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(names)})(?![\w-])")


def uncovered_topic(text: str, tax: Taxonomy | None = None) -> str | None:
    """The name of a topic the reports don't discuss that `text` asks about, if any; the taxonomy's own tool
    and skill names don't count ("Google Sheets" is a spreadsheet, not a company)."""
    text = _own_names(tax or default_taxonomy()).sub(" ", text.lower())
    for name, pattern in _topics():
        if pattern.search(text):
            return name
    return None
