"""Prompt templates and fixed replies, loaded by name from `prompts/`."""

from __future__ import annotations

from functools import cache

import yaml
from pydantic import ValidationError

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
def kind_examples() -> dict[str, list[str]]:
    """Labelled example questions per kind (`prompts/kinds.yaml`)."""
    return yaml.safe_load((PROMPTS_DIR / "kinds.yaml").read_text(encoding="utf-8"))


def user_message(exc: Exception) -> str:
    """A user's mistake (unknown name, bad value, text too long) as one readable line, for the CLI and the UI."""
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    return exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
