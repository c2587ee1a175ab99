"""Prompt templates and fixed replies, loaded by name from `prompts/`."""

from __future__ import annotations

from functools import cache

import yaml
from pydantic import ValidationError

from bot.settings import ROOT

PROMPTS_DIR = ROOT / "prompts"
# libyaml's loader when PyYAML has it: the same documents as `yaml.safe_load`, ten times faster
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(name: str):
    """A YAML file of `prompts/`, parsed."""
    return yaml.load((PROMPTS_DIR / name).read_text(encoding="utf-8"), Loader=SafeLoader)


@cache
def prompt(name: str) -> str:
    """The text of `prompts/<name>.txt`."""
    return (PROMPTS_DIR / f"{name}.txt").read_text(encoding="utf-8").strip()


@cache
def messages() -> dict[str, str]:
    """The mentor's fixed replies (`prompts/messages.yaml`)."""
    return load_yaml("messages.yaml")


@cache
def kind_examples() -> dict[str, list[str]]:
    """Labelled example questions per kind (`prompts/kinds.yaml`)."""
    return load_yaml("kinds.yaml")


@cache
def word_list(name: str) -> frozenset[str]:
    """A list of words of `prompts/words.yaml` (smalltalk, function)."""
    return frozenset(load_yaml("words.yaml")[name].split())


def user_message(exc: Exception) -> str:
    """A user's mistake (unknown name, bad value, text too long) as one readable line, for the CLI and the UI."""
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    return exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
