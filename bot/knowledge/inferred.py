"""Mappings the reports do not make (common job titles, fields of study): each rests on a basis marked as inferred,
and a file of them is validated at load."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, Field, TypeAdapter, field_validator

from bot.knowledge.taxonomy import TaxonomyError


class Inferred(BaseModel):
    basis: str = Field(min_length=10)

    @field_validator("basis")
    @classmethod
    def _inferred(cls, basis: str) -> str:
        if not basis.startswith("Inferred:"):
            raise ValueError("a mapping the reports don't make is the taxonomy's reading: its basis starts 'Inferred:'")
        return basis


def load_inferred(path: Path, model: type[Inferred], what: str) -> list:
    """The mappings in a YAML list, each validated as `model`; a bad file is a TaxonomyError naming it."""
    try:
        return TypeAdapter(list[model]).validate_python(yaml.safe_load(path.read_text()))
    except (OSError, ValueError) as exc:
        raise TaxonomyError(f"bad {what} file {path}: {exc}") from exc
