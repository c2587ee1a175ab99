"""What a role, task or subtask needs: its skills by level, or its tools; the skills two roles share."""

from __future__ import annotations

import re

from bot.answering.common import levels_list
from bot.answering.compose import Draft
from bot.answering.describe import describe_subtask, role_facet
from bot.answering.replies import (
    Context,
    Reply,
    cap_first,
    level_word,
    listed,
    lower_first,
    report_sentences,
    role_name,
    role_tools,
    skill_name,
    skill_shown,
    task_name,
    tools_in,
)
from bot.knowledge.taxonomy import Role, Taxonomy
from bot.reading.question import find_entities

SHARED = re.compile(r"\b(overlap\w*|in common|share[sd]?|both need|common)\b", re.I)


def _shared_skills(ctx: Context, a: Role, b: Role) -> Draft:
    """The skills two roles both need at working level or above (at the lower of their two levels), then where
    they part."""
    tax, lib = ctx.tax, ctx.library
    both = [(s, min(a.level(s), b.level(s))) for s in tax.skill_ids if min(a.level(s), b.level(s)) >= 2]
    apart = [
        f"{skill_shown(tax, s)} ({level_word(a.level(s))} vs {level_word(b.level(s))})"
        for s in tax.skill_ids
        if a.level(s) != b.level(s) and max(a.level(s), b.level(s)) >= 2
    ]
    who_ = f"{role_name(tax, a.id, many=True)} and {role_name(tax, b.id, many=True)}"
    ca, cb = lib.card("role_card", a.id), lib.card("role_card", b.id)
    lead = f"Both {who_} need {levels_list(tax, both, 'at least at')}" if both else f"{cap_first(who_)} share no skill"
    reply = Reply().open(lead, ca, cb)
    if apart:
        reply.point(f"Where they part: {listed(apart)}", ca, cb)
    return reply.draft()


def software_tools(role: Role, tax: Taxonomy) -> list[str]:
    """The tools of all a role's lines but its research channels (Arxiv, NeurIPS), each once."""
    return list(dict.fromkeys(n for key in role.tools if key != "research" for n in role_tools(role, tax, key)))


def needs(ctx: Context) -> Draft | None:
    q, tax = ctx.question, ctx.tax
    ents = q.entities
    tools_asked = q.tools_asked and not re.search(r"\bskills?\b", q.text, re.I)
    if ents.subtasks and not ents.roles:
        return _subtask_needs(ctx, *ents.subtasks[0].split("/"), tools_asked=tools_asked)
    if ents.roles:
        return _role_needs(ctx, tax.role(ents.roles[0]), tools_asked)
    if ents.tasks:
        return _task_needs(ctx, tax.task(ents.tasks[0]), tools_asked)
    return None


def _subtask_needs(ctx: Context, task_id: str, sub_id: str, tools_asked: bool) -> Draft:
    tax, lib = ctx.tax, ctx.library
    sub = tax.task(task_id).subtask(sub_id)
    named = list(dict.fromkeys(t for e in sub.examples for t in tools_in(e, tax)))
    if tools_asked and named:
        row = lib.row(task_id, sub_id)
        reply = Reply().open(f"For {lower_first(sub.name)}, the reports' examples use {listed(named)}", row)
        for e in [e for e in sub.examples if tools_in(e, tax)][:2]:
            reply.point(f"Example: {lower_first(e)}", row, fact=False)
        return reply.draft()
    return describe_subtask(ctx, task_id, sub_id)


def _line_asked(ctx: Context, role: Role) -> str | None:
    """The key of the role's tool line the question asks about: the report's tool lines are by task, and for some
    roles by skill too ("Research by following updates via ... Arxiv")."""
    q, tax = ctx.question, ctx.tax
    ents = q.entities
    subtask_skills = [s for st in ents.subtasks for s in tax.task(st.split("/")[0]).subtask(st.split("/")[-1]).skills]
    task = next((t for t in [*ents.skills, *subtask_skills, *ents.tasks] if t in role.tools), None)
    if task is None and re.search(r"\b(that|this|it)\b", q.text, re.I) and ctx.previous:
        # "what do they use for that?" after "which role keeps up with research?": the skill asked about before
        task = next((s for s in find_entities(ctx.previous, tax).skills if s in role.tools), None)
    return task


def _skill_for_roles(ctx: Context, roles: list[Role], skill: str) -> Draft:
    """The level each role needs of one skill, and the role's own sentence about it when its summary has one."""
    tax, lib = ctx.tax, ctx.library
    cards = [lib.card("role_card", r.id) for r in roles]
    levels = [f"{level_word(r.level(skill))} ({r.level(skill)}/4) for {role_name(tax, r.id, many=True)}" for r in roles]
    reply = Reply().open(f"The role profiles put {skill_shown(tax, skill)} at {listed(levels)}", *cards)
    word = skill_name(tax, skill).split()[0].lower()
    for role in roles:
        said = next((x for x in report_sentences(role.summary) if word in x.lower()), None)
        if said:
            reply.quote(said, lib)
    return reply.draft()


def _role_needs(ctx: Context, role: Role, tools_asked: bool) -> Draft:
    q, tax, lib = ctx.question, ctx.tax, ctx.library
    ents = q.entities
    task = _line_asked(ctx, role)
    which = q.facet
    if which in ("titles", "variants", "tasks"):
        return role_facet(ctx, role.id, which)
    if tools_asked:
        return _role_tools(ctx, role, task)
    if len(ents.roles) >= 2 and SHARED.search(q.text):  # "what skills overlap between DS and MLE?"
        return _shared_skills(ctx, role, tax.role(ents.roles[1]))
    if ents.skills and not q.besides:  # "how much communication does an MLE need?": that skill, not the profile
        return _skill_for_roles(ctx, [tax.role(r) for r in ents.roles[:2]], ents.skills[0])
    levels = {}
    for skill, entry in role.profile.items():
        levels.setdefault(entry.level, []).append(skill_shown(tax, skill))
    parts = [f"{level_word(lvl)} {listed(names)}" for lvl, names in sorted(levels.items(), reverse=True) if lvl >= 2]
    card = lib.card("role_card", role.id)
    reply = Reply().open(f"{role_name(tax, role.id, many=True).capitalize()} need {'; '.join(parts)}", card)
    skills = next((s for s in report_sentences(role.summary) if "demonstrate" in s), None)
    if skills:
        reply.quote(skills, lib)
    for sentence in report_sentences(role.summary):
        if "don't need" in sentence or "Communication" in sentence:
            reply.quote(sentence, lib)
            break
    return reply.draft()


def _role_tools(ctx: Context, role: Role, task: str | None) -> Draft:
    """The tools of a role: its line for the task (or skill) asked about, named and quoted; what two roles use;
    else every line at once, the research channels (Arxiv, NeurIPS) said apart from the software."""
    ents, tax, lib = ctx.question.entities, ctx.tax, ctx.library
    card, many = lib.card("role_card", role.id), role_name(tax, role.id, many=True)
    if task:
        area = (task_name if task in {t.id for t in tax.tasks} else skill_name)(tax, task)
        both = [tax.role(r) for r in ents.roles[:2] if task in tax.role(r).tools]
        if len(both) == 2:  # "they" of a who-answer that named two roles: each one's tools for it
            groups: dict[tuple, list[str]] = {}  # roles with the same tools are named together
            for r in both:
                groups.setdefault(tuple(role_tools(r, tax, task)), []).append(role_name(tax, r.id, many=True))
            said = "; ".join(f"{listed(who_)} use {listed(list(tools))}" for tools, who_ in groups.items())
            cards = [lib.card("role_card", r.id) for r in both]
            return Reply().open(f"For {area}, {said}", *cards).draft()
        reply = Reply().open(f"For {area}, {many} use {listed(role_tools(role, tax, task))}", card)
        return reply.quote(role.tools[task], lib).draft()
    if len(ents.roles) >= 2:  # "what tools do they use?" of two roles: what both use, then each one's own
        return _pair_tools(ctx, [tax.role(r) for r in ents.roles[:2]])
    reply = Reply().open(f"{cap_first(many)} use {listed(software_tools(role, tax))}", card)
    if "research" in role.tools:
        reply.open(f"They follow research through {listed(role_tools(role, tax, 'research'))}", card)
    return reply.draft()


def _pair_tools(ctx: Context, pair: list[Role]) -> Draft:
    tax, lib = ctx.tax, ctx.library
    lists = [software_tools(r, tax) for r in pair]
    common = [n for n in lists[0] if n in lists[1]]
    who_ = " and ".join(role_name(tax, r.id, many=True) for r in pair)
    said = [f"{who_} both use {listed(common)}"] if common else []
    for r, names in zip(pair, lists, strict=True):
        own = [n for n in names if n not in common]
        if own:
            said.append(f"{role_name(tax, r.id, many=True)} also use {listed(own)}")
    cards = [lib.card("role_card", r.id) for r in pair]
    return Reply().open(cap_first("; ".join(said)), *cards).draft()


def _task_needs(ctx: Context, task, tools_asked: bool) -> Draft:
    ents, tax, lib = ctx.question.entities, ctx.tax, ctx.library
    card = lib.card("task_card", task.id)
    named = [x for x in report_sentences(task.skills_summary) for s in ents.skills if skill_name(tax, s) in x.lower()]
    if named:  # "when is deep learning needed for modeling?": the report's sentence on that skill
        return Reply().open(named[0], lib.quoting(named[0]) or card, fact=False).draft()
    if tools_asked:
        reply = Reply().open(f"{task.name} uses {listed(task.languages_tools)}", card)
    else:
        skills = sorted(  # most subtasks first, then in the tables' order (a set's order changes per run)
            dict.fromkeys(s for sub in task.subtasks for s in sub.skills),
            key=lambda s: -sum(s in sub.skills for sub in task.subtasks),
        )
        reply = Reply().open(f"{task.name} needs {listed([skill_name(tax, s) for s in skills])}", card)
    for sentence in report_sentences(task.skills_summary)[:2]:
        reply.quote(sentence, lib)
    return reply.draft()
