"""Prompt templates and fixed replies, loaded by name from `prompts/`."""

from __future__ import annotations

from functools import cache

import yaml

from bot.settings import ROOT

PROMPTS_DIR = ROOT / "prompts"


@cache
def prompt(name: str) -> str:
    """The text of `prompts/<name>.txt`."""
    return (PROMPTS_DIR / f"{name}.txt").read_text(encoding="utf-8").strip()


@cache
def messages() -> dict[str, str]:
    """The mentor's fixed replies (`prompts/messages.yaml`)."""
    return yaml.safe_load((PROMPTS_DIR / "messages.yaml").read_text(encoding="utf-8"))


@cache
def intent_examples() -> dict[str, list[str]]:
    """Example utterances per intent (`prompts/intents.yaml`)."""
    return yaml.safe_load((PROMPTS_DIR / "intents.yaml").read_text(encoding="utf-8"))
