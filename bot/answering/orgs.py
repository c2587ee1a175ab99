"""What an organization is: its goal, output and work; a hybrid one; the two kinds; the project it runs."""

from __future__ import annotations

from bot.answering.common import HYBRID_QUOTE, ORG_SIDES, org_of, project_source
from bot.answering.compose import Draft
from bot.answering.replies import Context, Reply, cap_first, listed, lower_first, with_article
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
        "A hybrid organization does both: it makes data science decisions and automates tasks, as some companies' "
        "organizations do",
        lib.quoting(HYBRID_QUOTE),
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
    reply = Reply().open(
        "The reports sort AI organizations into two kinds: " + ORG_SIDES.format(prose(a.name), prose(b.name)), *cards
    )
    reply.open(cap_first(lower_first(HYBRID_QUOTE)), ctx.library.quoting(HYBRID_QUOTE), fact=False)
    reply.quote("we've identified two types of AI organizations", ctx.library)
    return reply.draft()


def describe_org(ctx: Context, org_id: str) -> Draft:
    tax, lib = ctx.tax, ctx.library
    if org_id == HYBRID:
        return _describe_hybrid(ctx)
    if org_id == AI_ORG:
        return _describe_ai_organizations(ctx)
    org = org_of(tax, org_id)
    if org.project and PROJECT.search(ctx.question.text):
        return _describe_project(ctx, org)
    card = lib.card("org_card", org.id)
    goal, output = org.goal[:1].lower() + org.goal[1:], org.output[:1].lower() + org.output[1:]
    reply = Reply().open(f"A {prose(org.name)} has one goal: {goal}", card)
    reply.open(f"Its output: {output}", card)
    reply.point(f"Its work: {listed(org.workflow)}", card)
    return reply.draft()
