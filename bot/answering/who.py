"""Who does something: the roles that carry out a task or subtask, need a skill most or least, use a tool."""

from __future__ import annotations

import re

from bot.answering.compose import Draft
from bot.answering.describe import describe_subtask, who_uses_tool
from bot.answering.replies import (
    Context,
    Reply,
    basis_quote,
    basis_quotes,
    cap_first,
    doers,
    level_word,
    listed,
    lower_first,
    note_source,
    number_word,
    optional_tasks_note,
    report_sentences,
    role_name,
    skill_name,
    task_name,
    the_role,
)
from bot.knowledge.taxonomy import prose


def who(ctx: Context) -> Draft | None:
    ents = ctx.question.entities
    if ents.subtasks:  # who does a subtask: its task's roles, and anyone else its row names, then the row
        return _who_subtask(ctx, *ents.subtasks[0].split("/"))
    if len(ents.tasks) >= 2 and not (ents.skills or ents.tools):  # "which roles do deployment and which do infra"
        return _who_two_tasks(ctx, *ents.tasks[:2])
    if ents.tasks:
        return _who_task(ctx, ents.tasks[0])
    if ents.skills and ctx.question.least:
        return _who_least(ctx, ents.skills[0])
    if ents.skills:
        return _who_skill(ctx, ents.skills[0])
    if ents.tools:
        return who_uses_tool(ctx, ents.tools)
    return _who_unnamed(ctx)


def _who_subtask(ctx: Context, task_id: str, sub_id: str) -> Draft:
    tax, lib = ctx.tax, ctx.library
    sub = tax.task(task_id).subtask(sub_id)
    also = re.search(r"\((usually also involves [^)]+)\)", sub.name)
    name = prose(re.sub(r"\s*\(.*?\)", "", sub.name))
    if also and ctx.question.besides:  # "who else, besides the modeling people?": the others
        reply = Reply().open(
            f"{cap_first(also.group(1).split('involves ', 1)[1])}: {lower_first(name)} {also.group(1)}, besides "
            f"the {task_name(tax, task_id)} roles",
            lib.row(task_id, sub_id),
            lib.card("task_card", task_id),
        )
    else:
        reply = Reply().open(
            f"{name} is {task_name(tax, task_id)} work, carried out by {doers(tax, task_id)}"
            + (f"; it {also.group(1)}" if also else ""),
            lib.card("task_card", task_id),
            lib.row(task_id, sub_id),
        )
    return describe_subtask(ctx, task_id, sub_id, reply=reply)


def _who_two_tasks(ctx: Context, a: str, b: str) -> Draft:
    tax, lib = ctx.tax, ctx.library
    return (
        Reply()
        .open(
            f"{cap_first(task_name(tax, a))} is carried out by {doers(tax, a)}; {task_name(tax, b)} by {doers(tax, b)}",
            lib.card("task_card", a),
            lib.card("task_card", b),
        )
        .draft()
    )


def _who_task(ctx: Context, task_id: str) -> Draft:
    tax, lib = ctx.tax, ctx.library
    reply = _task_doers(ctx, task_id)
    for role in tax.roles:
        note = optional_tasks_note(role)
        if note and task_name(tax, task_id).lower() in note.lower():
            reply.point(note, note_source(lib, role) or lib.card("role_card", role.id), fact=False)
    return reply.draft()


def _task_doers(ctx: Context, task_id: str) -> Reply:
    """The roles that carry out a task, and those with a lighter involvement in it."""
    ents, tax, lib = ctx.question.entities, ctx.tax, ctx.library
    main = [the_role(tax, r.id) for r in tax.roles if task_id in r.tasks.main]
    lighter = [the_role(tax, r.id) for r in tax.roles if task_id in r.tasks.lighter]
    card = lib.card("task_card", task_id)
    sections = [lib.section(role=r.id) for r in tax.roles if task_id in r.tasks.main][:2]
    if len(main) == len(tax.roles):
        lead = f"All six roles carry out {task_name(tax, task_id)}"
    else:
        lead = f"{task_name(tax, task_id)} is carried out by {listed(main)}"
    if ctx.question.only and ents.roles:  # "is it only data scientists?"
        only = {r.id for r in tax.roles if task_id in r.tasks.main} == set(ents.roles)
        lead = f"{'Yes' if only else 'No'}: {lower_first(lead)}"
    reply = Reply().open(lead, card, *sections)
    if lighter:
        reply.open(f"{listed(lighter)} {'has' if len(lighter) == 1 else 'have'} a lighter involvement in it", card)
    return reply


def _who_least(ctx: Context, skill_id: str) -> Draft:
    tax, lib = ctx.tax, ctx.library
    low = min(r.level(skill_id) for r in tax.roles)
    least = [r for r in tax.roles if r.level(skill_id) == low]
    roles, skill = listed([the_role(tax, r.id) for r in least]), skill_name(tax, skill_id)
    if ctx.question.without and low == 0:  # "is there an AI job that needs no SQL?"
        lead = f"Yes: {roles} {'needs' if len(least) == 1 else 'need'} no {skill} in the reports' profiles"
    elif ctx.question.without:  # "is any role possible with zero maths?"
        verb = "needs" if len(least) == 1 else "need"
        lead = (
            f"No: every role needs some {skill}; {roles} {verb} the least ({level_word(low)} in the reports' profiles)"
        )
    else:
        lead = f"{skill.capitalize()} matters least for {roles} ({level_word(low)} in the reports' profiles)"
    reply = Reply().open(lead, lib.card("skill_card", skill_id))
    quotes = [q for r in least[:2] for q in basis_quotes(r.profile[skill_id].basis)]
    for quote in list(dict.fromkeys(quotes))[:2]:  # the sentences the levels rest on, both editions'
        if lib.quoting(quote):
            reply.quote(quote, lib)
    return reply.draft()


def _who_skill(ctx: Context, skill_id: str) -> Draft:
    tax, lib = ctx.tax, ctx.library
    ranked = sorted(tax.roles, key=lambda r: -r.level(skill_id))
    need = [f"{the_role(tax, r.id)} ({level_word(r.level(skill_id))})" for r in ranked if r.level(skill_id) >= 3]
    card = lib.card("skill_card", skill_id)
    if not need:
        # no role's profile asks for it at a solid level; variants of roles may ("requires deep learning")
        draft = _who_variants(ctx, skill_id)
        if draft is not None:
            return draft
        top = ranked[0]
        return (
            Reply()
            .open(
                f"No role needs {skill_name(tax, skill_id)} at a solid level; {role_name(tax, top.id, many=True)} "
                f"need it most ({level_word(top.level(skill_id))})",
                card,
            )
            .draft()
        )
    reply = Reply().open(f"{skill_name(tax, skill_id)} is needed most by {listed(need)}", card)
    for r in ranked[:2]:
        quote = basis_quote(r.profile[skill_id].basis)
        if quote:
            reply.quote(quote, ctx.library)
    return reply.draft()


def _who_variants(ctx: Context, skill_id: str) -> Draft | None:
    """A skill the variants of roles add to their base roles' profiles, with the task's sentence on it."""
    tax, lib = ctx.tax, ctx.library
    variants = [v.name for r in tax.roles for v in r.variants if skill_name(tax, skill_id) in v.description.lower()]
    if not variants:
        return None
    based = [r for r in tax.roles if r.variants]
    reply = Reply().open(
        f"{skill_name(tax, skill_id).capitalize()} is what the variants of {number_word(len(based))} roles add: the "
        f"{listed([prose(v) for v in variants])} each require it in addition to their base role's profile",
        *[lib.card("role_card", r.id) for r in based][:3],
    )
    task = next((t for t in tax.tasks if skill_name(tax, skill_id) in t.skills_summary.lower()), None)
    if task:
        sentence = next(x for x in report_sentences(task.skills_summary) if skill_name(tax, skill_id) in x.lower())
        reply.quote(sentence, lib)
    return reply.draft()


UNNAMED_ROLE = 0.25  # a role's own sentence this close to a question naming nothing answers it
UNNAMED_TASK = 0.35  # ... else a task's sentence this close says which task, and so which roles
UNNAMED_AGREED = 0.28  # ... or this close, when that task's passage is also the one retrieved first


def _who_unnamed(ctx: Context) -> Draft | None:
    """No entity named ("which role is the one reading arxiv?"): the role whose own sentences answer it; else the task
    whose sentence answers it ("who checks the model made money?" is business analysis), with the roles doing it."""
    roles = ctx.composer.ranked(ctx.standalone, [p for p in ctx.passages if p.role and p.source != "taxonomy"])
    tasks = ctx.composer.ranked(ctx.standalone, [p for p in ctx.passages if p.task and not p.role])
    role = roles[0] if roles and roles[0][2] >= UNNAMED_ROLE else None
    # a little less close will do when retrieval put that task's passage first: two readings agree
    first_task = ctx.passages[0].task if ctx.passages and not ctx.passages[0].role else None
    bar = UNNAMED_AGREED if tasks and tasks[0][1].task == first_task else UNNAMED_TASK
    task = tasks[0] if tasks and tasks[0][2] >= bar else None
    if role and not (task and task[2] > role[2]):
        sentence, passage, _ = role
        return (
            Reply()
            .open(f"That is the {role_name(ctx.tax, passage.role)}: {lower_first(sentence)}", passage, fact=False)
            .draft()
        )
    if task:  # the sentence of a task answers closer than any role's: the roles that carry out that task
        sentence, passage, _ = task
        return _task_doers(ctx, passage.task).point(sentence, passage, fact=False).draft()
    return None
