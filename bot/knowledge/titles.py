"""Common job titles the reports do not list (`knowledge/titles.yaml`), each mapped to a role as weak, inferred
evidence for the skill reader; validated at load."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, TypeAdapter, field_validator

from bot.knowledge.taxonomy import TaxonomyError, default_taxonomy

PATH = Path(__file__).resolve().parents[2] / "knowledge" / "titles.yaml"
WEAK = 2  # a common title's levels are capped here: it says less than the reports' own titles


class CommonTitle(BaseModel):
    title: str = Field(min_length=2)
    role: str
    basis: str = Field(min_length=10)

    @field_validator("basis")
    @classmethod
    def _inferred(cls, basis: str) -> str:
        if not basis.startswith("Inferred:"):
            raise ValueError("a common title's mapping is the taxonomy's reading: its basis starts 'Inferred:'")
        return basis


@cache
def common_titles(path: Path = PATH) -> tuple[CommonTitle, ...]:
    """The common titles, each naming a role of the taxonomy."""
    try:
        titles = TypeAdapter(list[CommonTitle]).validate_python(yaml.safe_load(path.read_text()))
    except (OSError, ValueError) as exc:
        raise TaxonomyError(f"bad titles file {path}: {exc}") from exc
    roles = {r.id for r in default_taxonomy().roles}
    unknown = sorted({t.role for t in titles} - roles)
    if unknown:
        raise TaxonomyError(f"{path}: unknown roles {', '.join(unknown)}")
    return tuple(titles)
