"""Common job titles the reports do not list (`knowledge/titles.yaml`), each mapped to a role as weak, inferred
evidence for the skill reader; validated at load."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field

from bot.knowledge.inferred import Inferred, load_inferred
from bot.knowledge.taxonomy import TaxonomyError, default_taxonomy

PATH = Path(__file__).resolve().parents[2] / "knowledge" / "titles.yaml"
WEAK = 2  # a common title's levels are capped here: it says less than the reports' own titles


class CommonTitle(Inferred):
    title: str = Field(min_length=2)
    role: str


@cache
def common_titles(path: Path = PATH) -> tuple[CommonTitle, ...]:
    """The common titles, each naming a role of the taxonomy."""
    titles = load_inferred(path, CommonTitle, "titles")
    unknown = sorted({t.role for t in titles} - {r.id for r in default_taxonomy().roles})
    if unknown:
        raise TaxonomyError(f"{path}: unknown roles {', '.join(unknown)}")
    return tuple(titles)
