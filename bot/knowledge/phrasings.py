"""People's own words for the reports' subtasks (`knowledge/phrasings.yaml`): the project's paraphrases, used only to
recognise activities, never quoted as the reports' words; validated at load."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from bot.knowledge.taxonomy import Taxonomy, TaxonomyError

PATH = Path(__file__).resolve().parents[2] / "knowledge" / "phrasings.yaml"


@cache
def _load(path: Path) -> dict[str, tuple[str, ...]]:
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise TaxonomyError(f"bad phrasings file {path}: {exc}") from exc
    if not isinstance(data, dict) or not all(
        isinstance(v, list) and all(isinstance(p, str) and p.strip() for p in v) for v in data.values()
    ):
        raise TaxonomyError(f"{path}: each entry is 'task/subtask: [phrases]'")
    return {k: tuple(v) for k, v in data.items()}


def phrasings(tax: Taxonomy, path: Path = PATH) -> dict[str, tuple[str, ...]]:
    """Subtask key ("task_id/subtask_id") -> people's phrases for it; every key must name a subtask."""
    data = _load(path)
    known = {f"{t.id}/{s.id}" for t in tax.tasks for s in t.subtasks}
    unknown = sorted(set(data) - known)
    if unknown:
        raise TaxonomyError(f"{path}: unknown subtasks {', '.join(unknown)}")
    return data
