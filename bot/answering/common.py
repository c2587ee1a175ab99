"""Helpers the answerers share: the life cycle's order, the organizations' shared wording, the report sentences
closest to a question. The facts themselves are the taxonomy's statements (`knowledge/taxonomy.yaml`,
`statements:`), read by id."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.answering.compose import publisher_aside
from bot.answering.replies import Context, level_word, listed, role_name, skill_shown
from bot.index.passages import Passage
from bot.knowledge.taxonomy import Taxonomy, prose

SKILL_WORDS = re.compile(r"\b(skills?|know|knowledge|need|needs|require\w*|good at)\b", re.I)
CONCESSION = re.compile(r"\b(although|though|but|however|whereas|while|depends)\b", re.I)


def cycle(tax: Taxonomy) -> list[str]:
    """The life cycle's steps in the order the reports' overview gives them; AI infrastructure runs all the while."""
    return tax.statement("life_cycle").order


def stated(tax: Taxonomy, statement_id: str, **fields: str) -> str:
    """A statement of the taxonomy, its fields filled in."""
    return tax.statement(statement_id).say(**fields)


def quoted(tax: Taxonomy, statement_id: str) -> str:
    """The report's words a statement of the taxonomy rests on."""
    quote = tax.statement(statement_id).quote
    if quote is None:
        raise KeyError(f"statement {statement_id!r} has no quote")
    return quote


def org_sides(tax: Taxonomy, a, b) -> str:
    """What each of the two kinds of organization does and makes, `a` the data science one."""
    return stated(tax, "organization_sides", data_science=prose(a.name), machine_learning=prose(b.name))


def org_of(tax: Taxonomy, org_id: str):
    return next(o for o in tax.organizations if o.id == org_id)


def project_source(ctx: Context, org) -> Passage | None:
    """The report passage on this kind of project (what its composed sentences rest on), else its card."""
    return ctx.library.quoting(org.project.text.split(". ")[0]) or ctx.library.card("org_card", org.id)


def levels_list(tax: Taxonomy, levels: list[tuple[str, int]], prep: str = "to") -> str:
    """Skills and levels in words, those at the same level together: "machine learning and software engineering
    to solid, and mathematics to working"; "each to solid" when all are (`prep` "at" after "needs")."""
    groups: dict[int, list[str]] = {}
    for skill, level in levels:
        groups.setdefault(level, []).append(skill_shown(tax, skill))
    if len(groups) == 1:
        ((level, names),) = groups.items()
        return f"{listed(names)}{', each' if len(names) > 1 else ''} {prep} {level_word(level)}"
    return ", and ".join(f"{listed(names)} {prep} {level_word(level)}" for level, names in groups.items())


def close_report_sentences(ctx: Context, query: str, floor: float) -> Iterator[tuple[str, Passage]]:
    """Report sentences (not a card's) among the five closest to `query`, closest first, down to `floor`."""
    for sentence, passage, score in ctx.composer.ranked(query, ctx.passages)[:5]:
        if score < floor:
            return
        if passage.source != "taxonomy" and not publisher_aside(sentence, ctx.question.text):
            yield sentence, passage


def named_it(ctx: Context, sentence: str) -> str:
    """A sentence opening with "It", about the one role (or deep learning variant) the question names, opening
    with its name instead: "It focuses on applications ..." of the deep learning researcher."""
    ents = ctx.question.entities
    named = [prose(ctx.tax.role(r).variants[0].name) for r in ents.variants if ctx.tax.role(r).variants]
    named += [role_name(ctx.tax, r) for r in ents.roles]
    if not re.match(r"It\b", sentence) or len(set(named)) != 1:
        return sentence
    return re.sub(r"^It\b", f"The {named[0]}", sentence)
