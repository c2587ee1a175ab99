"""Say what is inferred: a reply that quotes a role's skill level or a fit score says, in one line, how much of it
is the taxonomy's reading rather than the reports' words (the reports' skill charts survive only as captions)."""

from __future__ import annotations

import re

from bot.knowledge.prompts import messages
from bot.knowledge.taxonomy import LEVEL_NAMES, Taxonomy
from bot.reading.question import find_entities

LEVELS = re.compile(r"\b(" + "|".join(n for n in LEVEL_NAMES.values() if n != "none") + r")\b|\(\d/4\)", re.I)
FIT = re.compile(r"\bfit \d\.\d\d\b|\bscore \d\.\d\d\b")


def how_sure(text: str, tax: Taxonomy, composed: str | None = None) -> str | None:
    """One line on the levels a reply quotes (inferred, read from an umbrella phrase), or None when it quotes none
    or every one it quotes is a report sentence naming the skill. `composed`, when given, is the part of the reply
    composed from the taxonomy: a level word only in the reports' own sentences ("demonstrate solid scientific
    foundations") is theirs, and needs no note."""
    if not LEVELS.search(text if composed is None else composed) and not FIT.search(text):
        return None
    ents = find_entities(text, tax, spelling=False)  # the mentor's own words: nothing to correct
    roles = [tax.role(r) for r in ents.roles] or (tax.roles if FIT.search(text) else [])
    skills = ents.skills or tax.skill_ids
    entries = [r.profile[s] for r in roles for s in skills if s in r.profile and r.profile[s].level > 0]
    inferred = any(e.inferred for e in entries)
    umbrellas = [e.umbrella for e in entries if e.umbrella]  # the first role the reply names first
    msg = messages()
    which = "These levels are" if len(entries) > 1 else "This level is"
    # what the reading rests on, in one parenthesis: the reports' own wording when it is an umbrella phrase
    lines = []
    if umbrellas:
        them = "them" if len(entries) > 1 else "it"
        lines.append(msg["levels_umbrella_note"].format(which=which, them=them, phrase=umbrellas[0]))
    elif inferred:
        lines.append(msg["levels_note"].format(which=which))
    if FIT.search(text):
        lines.append(msg["fit_note"])
    return " ".join(lines) or None


def levels_caption(tax: Taxonomy) -> str:
    """What the ranking's levels rest on, for the whole taxonomy: how many are inferred or read from umbrellas."""
    entries = [e for r in tax.roles for e in r.profile.values() if e.level > 0]
    inferred, umbrella = sum(e.inferred for e in entries), sum(bool(e.umbrella) for e in entries)
    return (
        f"The roles' levels are my reading of the reports (their skill charts did not survive): of {len(entries)}, "
        f"{inferred} are inferred from what they say and {umbrella} read from umbrella phrases such as 'solid "
        "scientific skills'. Fit scores are arithmetic over them, not figures of the reports."
    )
