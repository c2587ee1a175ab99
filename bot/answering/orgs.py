"""What an organization is: its goal, output and work; a hybrid one; the two kinds; the project it runs."""

from __future__ import annotations

import re

from bot.answering.common import org_of, org_sides, project_source, quoted, stated
from bot.answering.compose import Draft
from bot.answering.replies import (
    Context,
    Reply,
    cap_first,
    listed,
    lower_first,
    report_sentences,
    with_article,
    without_edition,
)
from bot.knowledge.taxonomy import prose
from bot.reading.question import AI_ORG, HYBRID, PROJECT


def _project_run(org) -> str:
    """'An ML project starts with data about a service or product; then models are fit on that data, ...'"""
    first, *rest = org.project.steps
    return f"{with_article(org.project.name)} starts with {first.step}; then {listed([s.step for s in rest])}"


def _describe_project(ctx: Context, org) -> Draft:
    reply = Reply().open(_project_run(org), project_source(ctx, org))
    reply.point(f"It is the kind of project {with_article(prose(org.name))} runs", ctx.library.card("org_card", org.id))
    return reply.draft()


def _describe_hybrid(ctx: Context) -> Draft:
    lib = ctx.library
    reply = Reply().open(
        f"{stated(ctx.tax, 'hybrid_organization')}, as some companies' organizations do",
        lib.quoting(quoted(ctx.tax, "hybrid_organization")),
    )
    for org in ctx.tax.organizations:
        reply.point(
            f"The goal of {with_article(prose(org.name))}: {lower_first(org.goal)}", lib.card("org_card", org.id)
        )
    return reply.draft()


def _describe_ai_organizations(ctx: Context) -> Draft:
    """What the reports mean by an AI organization: its two kinds, and the hybrid of both."""
    a, b = ctx.tax.organizations[0], ctx.tax.organizations[1]
    cards = [ctx.library.card("org_card", o.id) for o in (a, b)]
    tax = ctx.tax
    reply = Reply().open(f"{stated(tax, 'ai_organization_kinds')}: {org_sides(tax, a, b)}", *cards)
    hybrid = quoted(tax, "hybrid_organization")
    reply.open(cap_first(lower_first(hybrid)), ctx.library.quoting(hybrid), fact=False)
    reply.quote(quoted(tax, "ai_organization_kinds"), ctx.library)
    return reply.draft()


NOTE_ASKED = 0.75  # share of the question's rare words a note must hold to be what was asked


def _note_asked(ctx: Context) -> Draft | None:
    """A note of an organization that holds the question's rare words ("centralized" or not): it answers, not the
    description of the kinds."""
    notes = [without_edition(n) for o in ctx.tax.organizations for n in o.notes]
    asked = {ctx.standalone, ctx.question.text}  # a follow-up ("and the other sort?") is read as the one before
    share, note = max(((max(ctx.composer.rare_share(q, n) for q in asked), n) for n in notes), default=(0.0, ""))
    if share < NOTE_ASKED:
        return None
    reply = Reply().open(note.rstrip("."), ctx.library.quoting(report_sentences(note)[0]))
    cards = [ctx.library.card("org_card", o.id) for o in ctx.tax.organizations]
    reply.point(f"Separately, the reports sort them by goal: {org_sides(ctx.tax, *ctx.tax.organizations)}", *cards)
    return reply.draft()


def describe_org(ctx: Context, org_id: str) -> Draft:
    tax, lib = ctx.tax, ctx.library
    if org_id == HYBRID:
        return _describe_hybrid(ctx)
    asked = _note_asked(ctx)
    if asked is not None:
        return asked
    if org_id == AI_ORG:
        return _describe_ai_organizations(ctx)
    org = org_of(tax, org_id)
    if org.project and PROJECT.search(ctx.question.text):
        return _describe_project(ctx, org)
    card = lib.card("org_card", org.id)
    goal, output = org.goal[:1].lower() + org.goal[1:], org.output[:1].lower() + org.output[1:]
    reply = Reply().open(f"A {prose(org.name)} has one goal: {goal}", card)
    # the taxonomy's output may be a sentence of its own ("The output is the automation itself")
    said = re.sub(r"^the output is\s+", "", output, flags=re.I)
    reply.open(f"Its output is {said}", card)
    reply.point(f"Its work: {listed(org.workflow)}", card)
    return reply.draft()
