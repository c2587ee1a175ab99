"""Two roles, tasks, subtasks, organizations, projects or skills side by side; which of two needs more."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answering.common import cycle, org_of, org_sides, project_source, quoted, stated
from bot.answering.compose import Draft
from bot.answering.describe import describe
from bot.answering.editions import compare_editions
from bot.answering.notes import role_note_asked
from bot.answering.replies import (
    Context,
    Reply,
    basis_quote,
    cap_first,
    doers,
    full_sentence,
    led,
    level_word,
    listed,
    lower_first,
    note_source,
    optional_tasks_note,
    report_sentences,
    role_name,
    role_tasks,
    role_tools,
    skill_name,
    skill_shown,
    task_name,
    with_article,
)
from bot.knowledge.taxonomy import prose
from bot.people.matching import compare
from bot.reading.question import AI_ORG, HYBRID, PROJECT


def contrast(ctx: Context) -> Draft | None:
    """Two roles, tasks, organization types, skills or the two editions side by side; "are they the same?"
    is answered first."""
    draft = _contrast(ctx)
    if draft and ctx.question.same and not draft.text.startswith("No"):
        verdict = "No, they differ."
        return draft.model_copy(update={"text": f"{verdict} {draft.text}", "facts": [*draft.facts, verdict]})
    return draft


WHICH_OF = re.compile(r"\b(which|who)\b|\b(more|less|most|least|stronger|weaker)\b", re.I)


def _contrast(ctx: Context) -> Draft | None:
    q, tax = ctx.question, ctx.tax
    ents = q.entities
    if len(ents.subtasks) >= 2:  # "training ML models vs training deep learning models": how they differ, both rows
        return _contrast_subtasks(ctx)
    if len(ents.roles) >= 2 and (ents.skills or ents.tasks) and WHICH_OF.search(q.text):
        return _which_of_two(ctx, ents.roles[0], ents.roles[1])
    if len(ents.roles) >= 2:
        return compare_roles(ctx, ents.roles[0], ents.roles[1])
    if len(ents.roles) == 1 and ents.titles:  # "is a data analyst just a business analyst?"
        return role_and_title(ctx, ents.roles[0], ents.titles[0])
    sides = list(dict.fromkeys([*ents.variants, *ents.roles]))
    if len(sides) == 1 and ents.variants:  # "is a deep learning engineer just an ML engineer?"
        return _variant_and_base(ctx, sides[0])
    if len(sides) >= 2 and ents.variants:  # deep learning variants compare as their base roles, plus deep learning
        draft = compare_roles(ctx, sides[0], sides[1])
        note = stated(tax, "variant_needs_deep_learning")
        return draft.model_copy(update={"text": f"{draft.text}\n- {note}", "facts": [*draft.facts, note]})
    kinds = [o for o in dict.fromkeys(ents.orgs) if o != AI_ORG]
    if HYBRID in ents.orgs or (len(kinds) >= 2 and AT_ONCE.search(q.text)):  # "can a company be both at once?"
        return _contrast_hybrid(ctx)
    if len(kinds) >= 2 and PROJECT.search(f"{q.text} {ctx.previous}"):
        return _contrast_projects(ctx, org_of(tax, kinds[0]), org_of(tax, kinds[1]))
    if len(ents.orgs) >= 2 or (ents.orgs and re.search(r"\bdata science|\bds\b|machine learning|\bml\b", q.text, re.I)):
        return _contrast_orgs(ctx)
    if ents.editions:
        return compare_editions(ctx)
    if len(ents.tasks) >= 2:
        return _contrast_tasks(ctx, tax.task(ents.tasks[0]), tax.task(ents.tasks[1]))
    if len(ents.skills) >= 2:
        return _contrast_skills(ctx, ents.skills[:2])
    return None


def _variant_and_base(ctx: Context, role_id: str) -> Draft:
    """A role's deep learning variant beside the role: what the variant adds, and what it focuses on."""
    role, lib = ctx.tax.role(role_id), ctx.library
    variant = role.variants[0]
    name = role_name(ctx.tax, role_id)
    focus = next((x for x in report_sentences(variant.description) if x.startswith("It focuses on ")), "")
    focus = f", and focuses on {lower_first(focus.removeprefix('It focuses on ').rstrip('.'))}" if focus else ""
    return (
        Reply()
        .open(
            f"The {prose(variant.name)} is a variant of the {name}: it requires deep learning knowledge in addition "
            f"to the {name}'s skill profile{focus}",
            lib.card("role_card", role_id),
        )
        .draft()
    )


def _contrast_subtasks(ctx: Context) -> Draft | None:
    """Two subtasks: both rows, led by the skills only one of them needs."""
    q, tax, lib = ctx.question, ctx.tax, ctx.library
    draft = describe(replace(ctx, question=q.model_copy(update={"kind": "describe"})))
    (ta, sa), (tb, sb) = (x.split("/") for x in q.entities.subtasks[:2])
    a, b = tax.task(ta).subtask(sa), tax.task(tb).subtask(sb)
    only_a, only_b = [s for s in a.skills if s not in b.skills], [s for s in b.skills if s not in a.skills]
    shared = [s for s in a.skills if s in b.skills]
    if not draft or not (only_a or only_b):
        return draft
    names = [lower_first(re.sub(r"\s*\(.*?\)", "", x.name)) for x in (a, b)]
    parts = [
        f"{n} needs {listed([skill_name(tax, s) for s in o])}"
        for n, o in zip(names, (only_a, only_b), strict=True)
        if o
    ]
    said = cap_first(" where ".join(parts) if len(parts) == 2 else parts[0])
    if shared:
        said += f"; both need {listed([skill_name(tax, s) for s in shared])}"
    return led(draft, said, lib.row(ta, sa), lib.row(tb, sb), sep="\n\n")


def _contrast_orgs(ctx: Context) -> Draft:
    """The two kinds of organization side by side, with the reports' sentences on each."""
    tax, lib = ctx.tax, ctx.library
    a, b = (tax.organizations[0], tax.organizations[1])
    ca, cb = lib.card("org_card", a.id), lib.card("org_card", b.id)
    reply = Reply().open(cap_first(org_sides(tax, a, b)), ca, cb)
    if ctx.question.same:  # "aren't they the same?": why people take them for one
        reply.quote(quoted(tax, "organization_terms"), lib)
    for statement_id in (
        "data_science_organization_goal",
        "machine_learning_organization_output",
        "hybrid_organization",
    ):
        reply.quote(quoted(tax, statement_id), lib)
    return reply.draft()


def _contrast_skills(ctx: Context, skill_ids: list[str]) -> Draft:
    """Two skills: each one's definition, which the reports give separately."""
    tax, lib = ctx.tax, ctx.library
    reply = Reply()
    for skill_id in skill_ids:
        skill = tax.skill(skill_id)
        reply.point(
            skill.definition or f"{skill.name}: {skill.described_as}", lib.card("skill_card", skill_id), fact=False
        )
    names = [skill_name(tax, s) for s in skill_ids]
    reply.lead.append(full_sentence(f"The reports define {names[0]} and {names[1]} separately") + reply.mark())
    reply.facts.append(f"The reports define {names[0]} and {names[1]} separately")
    return reply.draft()


def _contrast_tasks(ctx: Context, a, b) -> Draft:
    """Two tasks side by side: what people do in each (the reports' defining sentences), where each sits in the
    life cycle and who carries it out, and the skills only one of them uses."""
    tax, lib = ctx.tax, ctx.library
    ca, cb = lib.card("task_card", a.id), lib.card("task_card", b.id)
    sides = [f"in {task_name(tax, t.id)}, {_what_people_do(t)}" for t in (a, b)]
    reply = Reply().open(
        f"{cap_first(sides[0])}; {sides[1]}",
        lib.quoting(_defining_sentence(a)) or ca,
        lib.quoting(_defining_sentence(b)) or cb,
    )
    when = ""
    steps = cycle(tax)
    if a.id in steps and b.id in steps:
        first, then = sorted((a.id, b.id), key=steps.index)
        when = f"{cap_first(task_name(tax, first))} comes before {task_name(tax, then)} in the life cycle; "
    who = f"{task_name(tax, a.id)} is carried out by {doers(tax, a.id)}, {task_name(tax, b.id)} by {doers(tax, b.id)}"
    reply.open(f"{when}{who}", ca, cb)
    skills = [{s for sub in t.subtasks for s in sub.skills} for t in (a, b)]
    only = [sorted(x - y, key=tax.skill_ids.index) for x, y in ((skills[0], skills[1]), (skills[1], skills[0]))]
    if only[0] or only[1]:
        said = [
            f"only {task_name(tax, t.id)} uses {listed([skill_shown(tax, s) for s in o])}"
            for t, o in zip((a, b), only, strict=True)
            if o
        ]
        reply.point(f"Of the skills their subtasks list, {'; '.join(said)}", ca, cb)
    return reply.draft()


def _what_people_do(task) -> str:
    """A task's defining sentence as what people do in it: "people look for patterns in data ..." (the report's
    subject, "People assigned to modeling", "Some team members", said once as "people")."""
    sentence = _defining_sentence(task)
    subject = (
        r"^(?:Some (?:AI )?team members|People|Employees)"
        rf"(?: (?:assigned to|responsible for|who work in|working in|who do) (?:the )?{re.escape(task.name)})?\s+"
    )
    rest, n = re.subn(subject, "", sentence, count=1, flags=re.I)
    if not n:
        return lower_first(sentence.rstrip("."))
    rest = re.sub(r"\. They\b", ", and", rest)  # "... available to users. They take a stream of data ..."
    return "people " + rest.rstrip(".")


def _which_of_two(ctx: Context, a_id: str, b_id: str) -> Draft:
    """Which of two roles needs more of a skill, or carries out a task: the verdict, then each side."""
    tax, lib = ctx.tax, ctx.library
    a, b = tax.role(a_id), tax.role(b_id)
    ca, cb = lib.card("role_card", a_id), lib.card("role_card", b_id)
    reply = Reply()
    if ctx.question.entities.skills:
        skill = ctx.question.entities.skills[0]
        name = skill_shown(tax, skill)
        la, lb = a.level(skill), b.level(skill)
        if la == lb:
            reply.open(f"Neither: both need {level_word(la)} {name}", ca, cb)
        else:
            (hi, lo), (lh, ll) = ((a, b), (la, lb)) if la > lb else ((b, a), (lb, la))
            reply.open(
                f"The {role_name(tax, hi.id)} needs more {name}: {level_word(lh)}, against the "
                f"{role_name(tax, lo.id)}'s {level_word(ll)}",
                ca,
                cb,
            )
        for role in (a, b):
            quote = basis_quote(role.profile[skill].basis) if skill in role.profile else None
            if quote:
                reply.quote(quote, lib)
        return reply.draft()
    task = ctx.question.entities.tasks[0]
    does = [r for r in (a, b) if task in r.tasks.main]
    less = [r for r in (a, b) if task in r.tasks.lighter]
    if len(does) == 1:
        other = b if does[0] is a else a
        also = " (with a lighter involvement)" if other in less else " does not"
        reply.open(
            f"The {role_name(tax, does[0].id)} carries out {task_name(tax, task)}; the {role_name(tax, other.id)}"
            + (f" does too{also}" if other in less else also),
            ca,
            cb,
        )
    else:
        verdict = "Both carry out" if len(does) == 2 else "Neither carries out"
        reply.open(
            f"{verdict} {task_name(tax, task)}: the {role_name(tax, a_id)} and the {role_name(tax, b_id)}", ca, cb
        )
    for role in (a, b):
        note = optional_tasks_note(role)
        if note and task_name(tax, task) in note.lower():  # "Some machine learning researchers focus on deployment"
            reply.point(note, note_source(lib, role), fact=False)
    return reply.draft()


def _contrast_projects(ctx: Context, a, b) -> Draft:
    """Two kinds of project side by side: the steps they share, then where each goes after them."""
    lib, tax = ctx.library, ctx.tax
    ca, cb = project_source(ctx, a), project_source(ctx, b)
    shared = 0
    while shared < min(len(a.project.steps), len(b.project.steps)) and (
        a.project.steps[shared].task == b.project.steps[shared].task
    ):
        shared += 1
    tail = [f"in {with_article(o.project.name)}, {listed([s.step for s in o.project.steps[shared:]])}" for o in (a, b)]
    both = listed([task_name(tax, s.task) for s in a.project.steps[:shared]])
    reply = Reply().open(f"Both run {both} first; then, {tail[0]}, while {tail[1]}", ca, cb)
    for org in (a, b):
        reply.quote(org.project.text.split(". ")[0], lib)
    return reply.draft()


# one organization of both kinds: "can a company be both?", "doing both at the same time", "a mix of the two"
AT_ONCE = re.compile(
    r"\b(be|being|do|doing|have|having|run|running) both\b|\bat (the same time|once)\b|\bmix(ture)? of\b", re.I
)


def _contrast_hybrid(ctx: Context) -> Draft:
    """A hybrid organization against the kind named with it (or both kinds)."""
    lib, tax = ctx.library, ctx.tax
    others = [org_of(tax, o) for o in ctx.question.entities.orgs if o not in (HYBRID, AI_ORG)] or list(
        tax.organizations
    )
    sides = "; ".join(f"{with_article(prose(o.name))} aims to {lower_first(o.goal).rstrip('.')}" for o in others[:1])
    hybrid = quoted(tax, "hybrid_organization")
    reply = Reply().open(
        f"{stated(tax, 'hybrid_organization')}. {cap_first(sides)}",
        lib.quoting(hybrid),
        *[lib.card("org_card", o.id) for o in others[:1]],
    )
    reply.quote(hybrid, lib)
    for org in tax.organizations:
        if org not in others[:1]:
            reply.point(
                f"{cap_first(with_article(prose(org.name)))} aims to {lower_first(org.goal)}",
                lib.card("org_card", org.id),
            )
    return reply.draft()


def _defining_sentence(task) -> str:
    """The sentence of a task's description that names the task ("People responsible for data engineering ..."),
    else its first."""
    sentences = report_sentences(task.description)
    i = next((i for i, x in enumerate(sentences) if task.name.lower() in x.lower()), 0)
    # "Some AI team members are in charge of making a project available to users." says little without the
    # "They take a stream of data ..." that follows it
    follow = sentences[i + 1] if i + 1 < len(sentences) and re.match(r"They\b", sentences[i + 1]) else ""
    return f"{sentences[i]} {follow}".strip()


def compare_roles(ctx: Context, a_id: str, b_id: str) -> Draft:
    tax, lib = ctx.tax, ctx.library
    cmp = compare(a_id, b_id)
    a, b = tax.role(a_id), tax.role(b_id)
    ca, cb = lib.card("role_card", a_id), lib.card("role_card", b_id)

    reply = Reply()
    particular = role_note_asked(ctx, a, b)
    if particular and particular[1]:  # the question is about what this note says: it answers first
        reply.open(particular[0], particular[2], fact=False)
        if len(set(ctx.question.entities.roles)) > 2:  # a team against one role: two of them side by side is noise
            return reply.draft()
    reply.open(
        f"A {role_name(tax, a_id)} carries out {role_tasks(tax, a)}; "
        f"a {role_name(tax, b_id)} carries out {role_tasks(tax, b)}",
        ca,
        cb,
    )
    if particular and not particular[1]:
        reply.point(particular[0], particular[2], fact=False)
    diffs = sorted(cmp.skill_differences, key=lambda d: -abs(d.level_a - d.level_b))[:4]
    if diffs:
        reply.open(
            "The skill levels differ most in "
            + listed([f"{prose(d.skill_name)} ({level_word(d.level_a)} vs {level_word(d.level_b)})" for d in diffs]),
            ca,
            cb,
        )
    for role in (a, b):
        sentence = next((s for s in report_sentences(role.summary) if "demonstrate" in s), None)
        if sentence:
            reply.quote(sentence, lib)
    only_a, only_b = (
        set(role_tools(a, tax)) - set(role_tools(b, tax)),
        set(role_tools(b, tax)) - set(role_tools(a, tax)),
    )
    if (only_a or only_b) and ctx.question.tools_asked:  # the tools, when they are asked about
        reply.point(
            f"Tools only one lists: {role_name(tax, a_id)}: {', '.join(sorted(only_a)) or 'none'}; "
            f"{role_name(tax, b_id)}: {', '.join(sorted(only_b)) or 'none'}",
            ca,
            cb,
        )
    return reply.draft()


def role_and_title(ctx: Context, role_id: str, title: str) -> Draft | None:
    """A role and another job title: what the role's own notes say of that title ("It is different from what is
    usually referred to as a Business Analyst"), else which roles companies may give the title."""
    tax, lib = ctx.tax, ctx.library
    role = tax.role(role_id)
    said = [s for note in role.notes for s in report_sentences(note) if title.lower() in s.lower()]
    if not said:
        return _title_of_roles(ctx, role_id, title)
    note = next(n for n in role.notes if said[0] in report_sentences(n))
    sentences = report_sentences(note)
    start = max(0, sentences.index(said[0]) - 1)
    source = lib.quoting(" ".join(sentences[start].split()[:6])) or lib.card("role_card", role_id)
    reply = Reply().open(f"No: the reports set the {role_name(tax, role_id)} apart from the {title}", source)
    for sentence in sentences[start : start + 3]:
        reply.quote(sentence, lib)
    return reply.draft()


def _title_of_roles(ctx: Context, role_id: str, title: str) -> Draft | None:
    """ "a 'research scientist' offer: so I'll be a machine learning researcher?": not necessarily, when companies
    give the title to other roles too."""
    tax, lib = ctx.tax, ctx.library
    roles = [r.id for r in tax.roles if title in {t.lower().replace("-", " ") for t in r.alternative_titles}]
    if role_id not in roles:
        return None
    if len(roles) == 1:
        opening = f"Yes: {title} is one of the titles companies may use for the {role_name(tax, role_id)} role"
    else:
        others = listed([role_name(tax, r) for r in roles if r != role_id])
        opening = (
            f"Not necessarily: companies may use the title {title} for the {role_name(tax, role_id)} role, but also "
            f"for the {others} roles, so the work behind it varies"
        )
    return Reply().open(opening, *[lib.card("role_card", r) for r in roles[:3]]).draft()
