"""Fields of study the reports do not name (`knowledge/fields.yaml`), each mapped to the skills a degree in it shows,
as weak, inferred evidence for the skill reader; validated at load."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pydantic import Field

from bot.knowledge.inferred import Inferred, load_inferred
from bot.knowledge.taxonomy import TaxonomyError, default_taxonomy, word_pattern

PATH = Path(__file__).resolve().parents[2] / "knowledge" / "fields.yaml"
WEAK = 2  # a degree's field shows its skills at working: it says what was studied, not how well it is used


class StudyField(Inferred):
    field: list[str] = Field(min_length=1)
    skills: list[str] = Field(min_length=1)


@cache
def study_fields(path: Path = PATH) -> tuple[StudyField, ...]:
    """The fields of study, each naming skills of the taxonomy."""
    fields = load_inferred(path, StudyField, "fields")
    unknown = sorted({s for f in fields for s in f.skills} - set(default_taxonomy().skill_ids))
    if unknown:
        raise TaxonomyError(f"{path}: unknown skills {', '.join(unknown)}")
    return tuple(fields)


@cache
def _patterns() -> tuple[tuple[re.Pattern, tuple[str, ...]], ...]:
    return tuple((word_pattern(*f.field), tuple(f.skills)) for f in study_fields())


def fields_named(text: str) -> list[str]:
    """The skills of the fields of study the text names, in the file's order."""
    return list(dict.fromkeys(skill for pattern, skills in _patterns() if pattern.search(text) for skill in skills))
