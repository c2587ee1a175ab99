"""A user's skill profile: levels per skill, validated against the taxonomy (read by the reading stage,
scored by the people stage)."""

from __future__ import annotations

import difflib

from pydantic import BaseModel, Field, field_validator

from bot.knowledge.taxonomy import default_taxonomy


class SkillProfile(BaseModel):
    """A user's skills: skill id -> level 0-4 (0 none, 1 aware, 2 working, 3 solid, 4 outstanding)."""

    levels: dict[str, int] = Field(default_factory=dict)

    @field_validator("levels")
    @classmethod
    def _valid(cls, levels: dict[str, int]) -> dict[str, int]:
        valid = default_taxonomy().skill_ids
        for skill, level in levels.items():
            if skill not in valid:
                close = difflib.get_close_matches(skill, valid, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise ValueError(f"unknown skill {skill!r}{hint}; valid skills: {', '.join(valid)}")
            if not 0 <= level <= 4:
                raise ValueError(f"level of {skill!r} must be between 0 and 4, got {level}")
        return levels

    def level(self, skill_id: str) -> int:
        return self.levels.get(skill_id, 0)

    @property
    def is_empty(self) -> bool:
        return not any(self.levels.values())
