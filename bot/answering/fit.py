"""Which role fits a profile: the ranking, why the first fits, and what separates a close second."""

from __future__ import annotations

from bot.answering.compose import Draft
from bot.answering.describe import describe_title
from bot.answering.preference import asks_for, because_disliked, preference
from bot.answering.replies import (
    Context,
    Reply,
    cap_first,
    level_word,
    listed,
    number_word,
    role_name,
    role_tasks,
    skill_shown,
    task_name,
    with_article,
)
from bot.knowledge.prompts import messages
from bot.knowledge.taxonomy import prose
from bot.people.matching import match_roles
from bot.reading.entities import disowned_roles, own_role
from bot.reading.router import FIRST_PERSON
from bot.reading.skills import extract_profile


def fit(ctx: Context, dislikes: list[tuple[str, str]] | None = None) -> Draft:
    """The roles the profile fits best, why the first fits and what it still needs; with `dislikes` (("task" |
    "skill", id) pairs), a role that asks for one comes after those that do not."""
    tax, lib = ctx.tax, ctx.library
    if ctx.profile.is_empty:
        if ctx.question.entities.titles:  # "in the reports' terms, what role is a risk analyst?": the title's role
            return describe_title(ctx, ctx.question.entities.titles[0])
        # no skills, but likes ("I enjoy shipping to production, not writing papers"): the roles they point to; else
        # what they do ("I spend my days plotting sales numbers"): the roles whose main tasks it belongs to
        return (
            preference(ctx, needs_likes=True)
            or _by_tasks(ctx)
            or _the_role_named(ctx)
            or Draft(text=messages()["ask_skills"])
        )
    ranking = match_roles(ctx.profile).ranking
    # a role asked about, not the user's own title ("I'm a data analyst but I train deep nets: which role?") nor one
    # the story names ("my cousin builds credit-risk models at a bank: which role fits him?")
    mine = (own_role(ctx.question.text, tax), *disowned_roles(ctx.question.text, tax))
    asked = ctx.question.asked_roles
    choices = [r for r in (ctx.question.entities.roles if asked is None else asked) if r not in mine]
    if len(choices) >= 2:  # "MLE or SWE-ML, which fits me?": of those, in the order of the full ranking
        ranking = [m for m in ranking if m.role_id in choices]
    elif len(choices) == 1 and choices[0] != ranking[0].role_id and not dislikes:
        return _against(ctx, ranking, choices[0])  # "why the ML engineer and not the data scientist?"
    if dislikes:  # a stable sort: the fit order among the roles that ask for no dislike, then among the rest
        ranking = sorted(ranking, key=lambda m: any(asks_for(tax.role(m.role_id), d) for d in dislikes))
    top = ranking[:3]
    cards = [lib.card("role_card", m.role_id) for m in top]
    best = top[0]
    opening = _opening(ctx, top, chosen=len(choices) >= 2)
    reply = Reply().open(opening, *cards)
    variant = next((v for v in tax.role(best.role_id).variants), None)
    if variant and ctx.profile.level("deep_learning") >= 3:
        reply.open(
            f"With your deep learning, its variant fits too: the {prose(variant.name)}, which needs deep learning "
            "in addition to the role's profile",
            cards[0],
        )
    reply.open(_fit_reason(ctx, best), cards[0])
    if dislikes:
        disliked = listed([skill_shown(tax, i) if k == "skill" else task_name(tax, i) for k, i in dislikes])
        why_not = because_disliked(tax, tax.role(best.role_id), dislikes)
        reply.open(f"You said you dislike {disliked}: {why_not}", cards[0])
    # what the role does, so the name is not all the reader gets: its main tasks, from the taxonomy
    reply.open(f"The {role_name(tax, best.role_id)} carries out {role_tasks(tax, tax.role(best.role_id))}", cards[0])
    close = _close_call(ctx, best, top[1]) if len(top) > 1 else None
    if close:
        reply.open(close, cards[1])
    # a skill the user says they lack is read too ("no machine learning"), after the ones they have
    levels = sorted(ctx.profile.levels.items(), key=lambda kv: not kv[1])
    read = [f"{level_word(lvl) if lvl else 'no'} {skill_shown(tax, s)}" for s, lvl in levels]
    if read:
        reply.point(f"What I read from you: {listed(read)}")  # the profile the matcher ranked: its output
    shown = sum(1 for lvl in ctx.profile.levels.values() if lvl)
    if shown <= THIN:  # one or two skills rank the roles by little: a guess, and how to say more
        count = "one skill" if shown == 1 else f"{number_word(shown)} skills"
        reply.point(messages()["thin_profile"].format(count=count), fact=False)
    return reply.draft()


def _opening(ctx: Context, top: list, chosen: bool) -> str:
    """The first role and the runners-up, with a skill the user says they lack that every runner-up needs (why those
    come after: "no ML at all"); `chosen`: the roles are the ones the user named to choose from."""
    tax = ctx.tax
    lacking = [
        skill_shown(tax, s)
        for s, lvl in ctx.profile.levels.items()
        if not lvl and all(tax.role(m.role_id).level(s) >= 2 for m in top[1:])
    ]
    # no scores in the reply: a number like "fit 0.08" means nothing to a reader (the ranking panel shows them)
    then = listed([role_name(tax, m.role_id) for m in top[1:]])
    if lacking and len(top) > 1:
        then += f", which need the {listed(lacking)} you said you don't have"
    best = role_name(tax, top[0].role_id)
    if chosen:
        return f"Of the {number_word(len(top))} you named, {best} fits you best, then {then}"
    return f"The closest role for you is {best}, then {then}"


THIN = 2  # skills read at a level: this few rank the roles by little
CLOSE_CALL = 0.05  # fit scores this near are a close call: what separates the two roles is said


def _close_call(ctx: Context, first, second) -> str | None:
    """When the runner-up is nearly level with the first role, the skill of yours that the runner-up needs more
    ("your solid machine learning is what the data scientist needs; the data analyst needs it only at aware")."""
    if first.score - second.score > CLOSE_CALL:
        return None
    tips = _what_tips(ctx, first, second)
    return f"It is close with {tips}" if tips else None


def _what_tips(ctx: Context, first, second) -> str | None:
    """The second role and the skill of yours it needs more than the first does ("the data scientist: your solid
    machine learning is what it needs (solid), where the data analyst needs it only at aware"), if any."""
    tax = ctx.tax
    a, b = tax.role(first.role_id), tax.role(second.role_id)
    gains = [(min(lvl, b.level(s)) - min(lvl, a.level(s)), s, lvl) for s, lvl in ctx.profile.levels.items() if lvl >= 2]
    gain, skill, lvl = max(gains, default=(0, "", 0))
    if gain <= 0:
        return None
    need_a = f"only at {level_word(a.level(skill))}" if a.level(skill) else "not at all"
    return (
        f"the {role_name(tax, b.id)}: your {level_word(lvl)} {skill_shown(tax, skill)} is what it "
        f"needs ({level_word(b.level(skill))}), where the {role_name(tax, a.id)} needs it {need_a}"
    )


def _fit_reason(ctx: Context, match) -> str:
    """Why a role fits, in words: the levels of it you already have, those you are partway on, and what it still
    needs most."""
    tax = ctx.tax
    clauses = []
    have = [skill_shown(tax, s) for s in match.covered if tax.role(match.role_id).level(s) >= 2]
    if have:
        clauses.append(f"you already have the {listed(have)} it needs")
    partway: dict[tuple[int, int], list[str]] = {}
    for g in match.gaps:
        if g.have:
            partway.setdefault((g.have, g.need), []).append(skill_shown(tax, g.skill))
    for (got, need), names in partway.items():
        verb = "is" if len(names) == 1 else "are"
        clauses.append(f"your {listed(names)} {verb} {level_word(got)} where it needs {level_word(need)}")
    said = cap_first(listed(clauses)) if clauses else ""
    missing = [g for g in match.gaps if not g.have]
    if not match.gaps:
        return f"{said}: no gaps against its profile" if said else "No gaps against its profile"
    if not missing:
        return said
    g = missing[0]
    need = f"{skill_shown(tax, g.skill)} at {with_article(level_word(g.need))} level"
    where = "which you haven't mentioned" if g.skill not in ctx.profile.levels else "which you said you don't have"
    return f"{said}; it also needs {need}, {where}" if said else f"It needs {need}, {where}"


def _by_tasks(ctx: Context) -> Draft | None:
    """No skill level read, but activities of the reports' subtasks: the roles with the most of their tasks among
    their main ones, all of them when tied (the activities alone cannot rank them), then the ask for skills."""
    tax = ctx.tax
    try:
        read = extract_profile(ctx.question.text, tax)
    except ValueError:
        return None
    done = {a.task: a.phrase for a in read.activities if a.task}
    if not done:
        return None
    counts = {r.id: sum(t in r.tasks.main for t in done) for r in tax.roles}
    most = max(counts.values())
    said = listed([f'{task_name(tax, t)} ("{phrase}")' for t, phrase in done.items()])
    if most == 0 or all(c == most for c in counts.values()):  # every role does it: it tells none apart
        lead = f"What you describe is {said}, which every role on an AI team carries out, so it tells no role apart"
        return Reply().open(lead).point(messages()["ask_skills"], fact=False).draft()
    best = [r for r in tax.roles if counts[r.id] == most]
    cards = [ctx.library.card("role_card", r.id) for r in best]
    names = listed([role_name(tax, r.id, many=len(best) > 1) for r in best])
    verb = "carry" if len(best) > 1 else "carries"
    reply = Reply().open(f"What you describe is {said}: the {names} {verb} it out as a main task", *cards)
    return reply.point(messages()["ask_skills"], fact=False).draft()


ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth"]


def _against(ctx: Context, ranking, role_id: str) -> Draft:
    """A role the user asks about, against the one that ranks first for them: where it comes, the levels it needs
    that they have not shown, and what of theirs the first one needs more."""
    tax, lib = ctx.tax, ctx.library
    best = ranking[0]
    asked = next(m for m in ranking if m.role_id == role_id)
    cards = [lib.card("role_card", role_id), lib.card("role_card", best.role_id)]
    where = ORDINALS[asked.rank - 1]
    reply = Reply().open(
        f"For you the {role_name(tax, role_id)} comes {where}, after the {role_name(tax, best.role_id)}", *cards
    )
    # the gaps that set the two apart: what the asked role needs beyond what the first one does, and the other way
    theirs = {g.skill: g.size for g in asked.gaps}
    first = {g.skill: g.size for g in best.gaps}
    more = sorted(
        (g for g in asked.gaps if g.size > first.get(g.skill, 0)), key=lambda g: first.get(g.skill, 0) - g.size
    )
    if more:
        needs = listed([f"{skill_shown(tax, g.skill)} at {level_word(g.need)}" for g in more[:3]])
        unsaid = "which you haven't mentioned" if all(g.have == 0 for g in more[:3]) else "more than you have shown"
        reply.open(f"It needs {needs}, {unsaid}", cards[0])
    instead = [g for g in best.gaps if g.size > theirs.get(g.skill, 0)][:2]
    if more and instead:
        needs = listed([f"{skill_shown(tax, g.skill)} at {level_word(g.need)}" for g in instead])
        reply.open(f"The {role_name(tax, best.role_id)} needs {needs} instead", cards[1])
    tips = _what_tips(ctx, asked, best)
    if tips:
        reply.open(f"What tips it to {tips}", cards[1])
    return reply.draft()


def _the_role_named(ctx: Context) -> Draft | None:
    """ "the ad says 'data engineer': which of the roles is that?": the one role the question names, when it says
    nothing of the asker."""
    roles = ctx.question.entities.roles
    if len(roles) != 1 or FIRST_PERSON.search(ctx.question.text):
        return None
    role = ctx.tax.role(roles[0])
    return (
        Reply()
        .open(
            f"In the reports' terms, that is the {role_name(ctx.tax, role.id)} role: it carries out "
            f"{role_tasks(ctx.tax, role)}",
            ctx.library.card("role_card", role.id),
        )
        .draft()
    )
