"""What something is: a role (or one side of it), a subtask, a task, a skill, a title, a tool's users."""

from __future__ import annotations

import re

from bot.answering.compose import Draft
from bot.answering.orgs import describe_org
from bot.answering.plans import variant_answer
from bot.answering.replies import (
    Context,
    Reply,
    cap_first,
    content_words,
    doers,
    flat,
    listed,
    lower_first,
    note_source,
    optional_tasks_note,
    report_sentences,
    role_name,
    role_tasks,
    role_tools,
    row_examples,
    row_field,
    skill_name,
    strongest,
    task_name,
    the_role,
    tool_pattern,
)
from bot.index.sentences import units
from bot.knowledge.taxonomy import prose, without_note, word_pattern
from bot.reading.question import AI_ORG, YES_NO

EXAMPLE = re.compile(r"\b(examples?|instance|concrete|illustrat\w*|such as what)\b", re.I)
EXAMPLE_SENTENCE = re.compile(r"^(for example|for instance|let's say|continuing with the example|say)\b", re.I)


def describe(ctx: Context) -> Draft | None:
    ents, tax, lib = ctx.question.entities, ctx.tax, ctx.library
    if ents.variants and not ents.roles:
        return variant_answer(ctx, ents.variants[0])
    if ents.roles:
        return describe_role(ctx, ents.roles[0])
    if ents.subtasks:
        both = Reply() if len(ents.subtasks) > 1 else None
        if both:  # "how do they reduce latency and design for scale?": both rows in one answer
            describe_subtask(ctx, *ents.subtasks[1].split("/"), reply=both)
        return describe_subtask(ctx, *ents.subtasks[0].split("/"), reply=both)
    if ents.orgs:  # "a hybrid AI organization" is the hybrid one: the general term only when it stands alone
        return describe_org(ctx, sorted(ents.orgs, key=lambda o: o == AI_ORG)[0])
    if ents.titles:
        return describe_title(ctx, ents.titles[0])
    if ents.tasks and EXAMPLE.search(ctx.question.text):
        section = lib.section(task=ents.tasks[0])
        example = next((u for u in units(section) if EXAMPLE_SENTENCE.match(u)), None) if section else None
        if example:
            return (
                Reply()
                .open(example, section, fact=False)
                .point(report_sentences(tax.task(ents.tasks[0]).description)[-1], section, fact=False)
                .draft()
            )
    if ents.tasks:
        task = tax.task(ents.tasks[0])
        reply = Reply().open(task.description, lib.section(task=task.id) or lib.card("task_card", task.id))
        reply.open(f"It is carried out by {doers(tax, task.id)}", lib.card("task_card", task.id))
        reply.quote(report_sentences(task.skills_summary)[0], lib)
        subs = [prose(s.name) for s in task.subtasks]
        more = f" and {len(subs) - 4} more" if len(subs) > 4 else ""
        reply.point(f"Its subtasks include {', '.join(subs[:4])}{more}", lib.card("task_card", task.id))
        return reply.draft()
    if ents.skills:
        skill = tax.skill(ents.skills[0])
        card = lib.card("skill_card", skill.id)
        reply = Reply()
        if skill.definition:
            reply.open(skill.definition, lib.quoting(skill.definition[:60]) or card, fact=False)
        else:
            reply.open(
                f"The reports name {skill_name(tax, skill.id)} without defining it; they use it for "
                + skill.described_as.split(":", 1)[-1].strip(),
                card,
            )
        strong = [the_role(tax, r.id) for r in tax.roles if r.level(skill.id) >= 3]
        if strong:
            reply.point(f"Roles that need it at a solid level or above: {listed(strong)}", card)
        return reply.draft()
    if ents.tools:
        return who_uses_tool(ctx, ents.tools)
    return None


def describe_title(ctx: Context, title: str) -> Draft:
    """Which roles companies may call by this title."""
    tax, lib = ctx.tax, ctx.library
    spelled = {t.lower().replace("-", " "): t for r in tax.roles for t in r.alternative_titles}
    roles = [r for r in tax.roles if title in {t.lower().replace("-", " ") for t in r.alternative_titles}]
    names = listed([role_name(tax, r.id) for r in roles])
    reply = Reply().open(
        f"{cap_first(spelled.get(title, title))} is not one of the six roles, but a title companies may use for "
        f"the {names} role{'s' if len(roles) > 1 else ''}",
        *[lib.card("role_card", r.id) for r in roles[:3]],
    )
    if len(roles) == 1:  # what that role does, so the title leads somewhere
        reply.open(
            f"The {role_name(tax, roles[0].id)} carries out {role_tasks(tax, roles[0])}",
            lib.card("role_card", roles[0].id),
        )
    for r in roles[:2]:
        sentence = (
            next((x for x in units(lib.section(role=r.id)) if "may refer to" in x), None)
            if lib.section(role=r.id)
            else None
        )
        if sentence:
            reply.quote(sentence, lib)
    return reply.draft()


def role_facet(ctx: Context, role_id: str, which: str) -> Draft | None:
    """One side of a role: its other titles, variants, tools, tasks or skills."""
    tax, lib = ctx.tax, ctx.library
    role = tax.role(role_id)
    card, section = lib.card("role_card", role.id), lib.section(role=role.id)
    if which == "titles":
        own = flat(role_name(tax, role.id)).replace(" - ", "-")
        others = [t for t in role.alternative_titles if flat(t).replace(" - ", "-") != own]
        reply = Reply().open(
            f"Companies may call the {role_name(tax, role_id)} role {listed(others, 'or')}, among other titles", card
        )
        return reply.draft()
    if which == "variants":
        if not role.variants:
            have = [r for r in tax.roles if r.variants]
            names = listed([f"the {role_name(tax, r.id)} ({prose(r.variants[0].name)})" for r in have])
            lead = f"No: the reports describe no variant of the {role_name(tax, role.id)} role"
            reply = Reply().open(lead, card).point(f"The roles with a deep learning variant: {names}")
            return reply.draft()
        yes = "Yes: the" if YES_NO.match(ctx.question.text) else "The"  # "is there a DL version of the MLE?"
        variants = listed([prose(v.name) for v in role.variants])
        reply = Reply().open(f"{yes} {role_name(tax, role.id)} role has a variant: {variants}", card)
        for v in role.variants:
            reply.quote(report_sentences(v.description)[1], lib)
        return reply.draft()
    if which == "tasks":
        reply = Reply().open(report_sentences(role.summary)[0], section, fact=False)
        if role.tasks.lighter:
            reply.point(f"Lighter involvement: {listed([task_name(tax, t) for t in role.tasks.lighter])}", card)
        note = optional_tasks_note(role)
        if note:
            reply.point(note, note_source(lib, role) or card, fact=False)
        return reply.draft()
    return None


def describe_role(ctx: Context, role_id: str) -> Draft:
    tax, lib = ctx.tax, ctx.library
    which = ctx.question.facet
    if which and which != "skills" and (ctx.question.kind != "describe" or which in ("titles", "variants")):
        draft = role_facet(ctx, role_id, which)
        if draft:
            return draft
    role = tax.role(role_id)
    sentences = report_sentences(role.summary)
    section, card = lib.section(role=role.id), lib.card("role_card", role.id)
    reply = Reply().open(sentences[0], section, fact=False)
    skills = next((s for s in sentences if "demonstrate" in s), None)
    if skills:
        reply.open(skills, section, fact=False)
    reply.point(f"Skills it needs most: {strongest(role, tax)}", card)
    if role.tasks.lighter:
        reply.point(f"Lighter involvement: {listed([task_name(tax, t) for t in role.tasks.lighter])}", card)
    note = optional_tasks_note(role)
    if note:
        reply.point(note, note_source(lib, role) or card, fact=False)
    reply.point(f"Tools the report lists: {', '.join(role_tools(role, tax)[:10])}", card)
    # a tool line that speaks to the question ("how do researchers follow new research?" -> the research line)
    asked = content_words(ctx.question.text) - content_words(role.name) - content_words(" ".join(role.aliases))
    line = max(role.tools.values(), key=lambda x: len(asked & content_words(x)))
    if len(asked & content_words(line)) >= 2:  # it answers the question: it opens
        head = Reply().open(line, lib.quoting(line) or card, fact=False)
        head.point(report_sentences(role.summary)[0], section, fact=False)
        return head.draft()
    if asked & content_words(line):
        reply.quote(line, lib)
    # other titles and the deep learning variant are answered when asked for ("what else is it called?")
    return reply.draft()


def describe_subtask(ctx: Context, task_id: str, subtask_id: str, reply: Reply | None = None) -> Draft:
    """A subtask as the reports' tables give it: its examples and skills, in the table's own words, with the
    2019 table's examples where they add something. With `reply`, added to an answer about another subtask."""
    tax, lib = ctx.tax, ctx.library
    task = tax.task(task_id)
    sub = task.subtask(subtask_id)
    rows = lib.rows(task_id, subtask_id)
    row = rows[0] if rows else None
    examples = "; ".join(lower_first(e) for e in sub.examples[:3])
    first = reply is None
    reply = reply or Reply()
    name = sub.name if first else without_note(sub.name)  # (said already)
    skills = row_field(row, "Skills involved") if row else None
    if skills and "(" in skills:  # the table names the language or tool too ("for instance, CUDA")
        skills = re.sub(r"(?<=, )([A-Z])(?=[a-z])", lambda m: m.group(1).lower(), skills)
        skills = lower_first(re.sub(r", (?=[^,()]*$)", " and ", skills))
    else:
        skills = listed([skill_name(tax, s) for s in sub.skills])
    if re.search(r"\bskill", ctx.question.text, re.I):  # the skills asked for come first
        reply.open(f"{name} ({task_name(tax, task_id)}) involves {skills}", row)
        reply.open(f"For example: {examples}", row)
    else:
        reply.open(f"{name} is part of {task_name(tax, task_id)}; for example: {examples}", row)
        reply.open(f"It involves {skills}", row)  # composed from the row: a fact
    said = content_words(examples)
    for other in rows[1:]:
        new = [lower_first(i.strip(" .")) for i in row_examples(other) if len(content_words(i) - said) >= 2]
        if new:
            reply.point(f"The {other.edition} table's examples add: {'; '.join(new)}", other)
    if first:
        reply.point(f"{task.name} is carried out by {doers(tax, task_id)}", lib.card("task_card", task_id))
    return reply.draft()


def who_uses_tool(ctx: Context, tool_ids: list[str]) -> Draft:
    """Which roles' tool lines name a tool (or any of a few named together: "aws/gcp/azure"), the tasks whose
    languages and tools name it, and the roles' own lines."""
    tax, lib = ctx.tax, ctx.library
    tools = [t for i in tool_ids[:4] for t in tax.tools if t.id == i]
    pattern = tool_pattern(*tools)
    roles = [r for r in tax.roles if any(pattern.search(line) for line in r.tools.values())]
    tasks = [t for t in tax.tasks if any(pattern.search(x) for x in t.languages_tools)]
    every = all(  # each tool named is in each of these roles' lines: "AWS, GCP and Azure", else "or"
        any(word_pattern(t.name).search(v) for v in r.tools.values()) for r in roles for t in tools
    )
    name = listed([t.name for t in tools], "and" if every else "or")
    if not roles and not tasks:
        return Reply().open(f"The reports don't list {name} among the tools of any role", fact=False).draft()
    reply = Reply()
    if not roles:
        reply.open(
            f"The reports list {name} for {listed([task_name(tax, t.id) for t in tasks])}",
            *[lib.card("task_card", t.id) for t in tasks[:2]],
        )
    if roles:
        reply.open(
            f"The reports list {name} among the tools of {listed([the_role(tax, r.id) for r in roles])}",
            *[lib.card("role_card", r.id) for r in roles[:3]],
        )
    if tasks and roles:
        reply.point(
            f"They name {'them' if len(tools) > 1 else 'it'} for {listed([task_name(tax, t.id) for t in tasks])} too",
            *[lib.card("task_card", t.id) for t in tasks[:2]],
        )
    for r in roles[:2]:
        line = next(v for v in r.tools.values() if pattern.search(v))
        reply.quote(line, lib)
    return reply.draft()
