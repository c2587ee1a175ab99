"""One answerer per kind of question: each opens with a sentence that answers, composed from the taxonomy's
facts, then adds at most a few supporting report sentences, each cited.

An answerer returns a `Draft` (or None to leave the question to the retrieval composer). The sentences it
composes are listed in `Draft.facts`: they are what the grounding check accepts them against, and what an
LLM is given as the tool result. Report sentences are quoted as they are and cited to their section.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from bot.answering.advice import (
    SKILL_WORDS,
    fit,
    levels_list,
    lists_titles,
    plan,
    plan_closest,
    preference,
    role_note_asked,
    transition,
    variant_answer,
)
from bot.answering.compose import CONTINUES, DANGLING, Draft, row_sentence
from bot.answering.grounding import split_sentences
from bot.answering.replies import (
    Context,
    Library,
    Reply,
    basis_quote,
    basis_quotes,
    cap_first,
    cite,
    content_words,
    doers,
    flat,
    full_sentence,
    led,
    level_word,
    listed,
    lower_first,
    note_source,
    number_word,
    optional_tasks_note,
    report_sentences,
    role_name,
    role_tasks,
    role_tools,
    row_examples,
    row_field,
    skill_name,
    skill_shown,
    strongest,
    task_name,
    the_role,
    tool_pattern,
    tools_in,
    with_article,
)
from bot.index.passages import Passage
from bot.index.sentences import units
from bot.knowledge.prompts import messages
from bot.knowledge.taxonomy import Role, Taxonomy, prose, without_note, word_pattern
from bot.people.matching import compare
from bot.reading.question import (
    AI_ORG,
    CODING,
    HYBRID,
    IS_IT_TRUE,
    NEGATION,
    PLAN,
    PROJECT,
    TOOL_WORDS,
    WHO,
    YES_NO,
    find_entities,
)

TOOLS_ASKED = re.compile(
    r"\b(tools?|toolbox|toolkit|tooling|languages?|langs|software(?! engineer)|stack|technolog\w+|packages?|librar\w+"
    r"|frameworks?|use|uses|using)\b",
    re.I,
)
BEFORE = re.compile(r"\b(before|precede[sd]?|prior|first)\b", re.I)
CAUSAL = re.compile(
    r"\b(because|that's because|thus|hence|so that|easier|less costly|quicker|cheaper|in order to|to help|"
    r"vulnerable|efficient|faster|fullest potential|go-to|alternative|common fix|more valuable|shortage)\b",
    re.I,
)
EXAMPLE = re.compile(r"\b(examples?|instance|concrete|illustrat\w*|such as what)\b", re.I)
ILLUSTRATES = re.compile(r"(if you were|for example|for instance|let's say|say you|imagine)\b", re.I)
EXAMPLE_SENTENCE = re.compile(r"^(for example|for instance|let's say|continuing with the example|say)\b", re.I)
# what a question about a role asks for
FACETS = {
    "titles": re.compile(r"\b(titles?|call|called|names?|refer to|known as)\b", re.I),
    "variants": re.compile(r"\bvariants?\b", re.I),
    "tools": TOOLS_ASKED,
    "tasks": re.compile(
        r"\b(tasks?|carry out|carries out|work on|works on|responsib\w+|focus|do all day|day to day)\b", re.I
    ),
    "skills": re.compile(
        r"\b(skills?|skill ?sets?|need|needs|know|require\w*|good at|learn|strongest|profile)\b", re.I
    ),
}
# the life cycle's steps in the order the reports' overview gives them; AI infrastructure runs all the while
CYCLE = ["data_engineering", "modeling", "deployment", "business_analysis"]
CYCLE_QUOTE = "First, someone prepares data for modeling"


# -- answerers -------------------------------------------------------------------------------------------


def smalltalk(ctx: Context) -> Draft:
    msg = messages()
    text = ctx.question.text.lower()
    if re.search(r"\b(thank|thanks|thx|ty|cheers|great|nice|perfect|cool|got it|helps|helpful)\b", text):
        return Draft(text=msg["thanks"])
    if re.search(r"\b(bye|goodbye|see you)\b", text):
        return Draft(text=msg["bye"])
    return Draft(text=msg["greeting"])


def not_covered(ctx: Context) -> Draft:
    """ "The reports don't cover X", then the closest thing they do say about the question's entities."""
    msg = messages()
    q, tax, lib = ctx.question, ctx.tax, ctx.library
    topic = q.topic
    reply = Reply().open(msg["not_covered_topic"].format(topic=topic) if topic else msg["not_covered"], fact=False)
    # "how much do they make?" after "what does an MLE do?": the role under discussion, from the standalone question
    ents = q.entities if q.entities.count() else find_entities(ctx.standalone, tax)
    if len(ents.roles) > 1:  # "who gets paid more, MLE or DS?": what they say about each
        roles = [tax.role(r) for r in ents.roles[:2]]
        said = [
            f"{lower_first(report_sentences(r.summary)[0].rstrip('.'))}, and need most {strongest(r, tax)}"
            for r in roles
        ]
        reply.point(
            f"What they do say: {'; '.join(said)}",
            *[lib.section(role=r.id) or lib.card("role_card", r.id) for r in roles],
            *[lib.card("role_card", r.id) for r in roles],
        )
    elif ents.roles:
        role = tax.role(ents.roles[0])
        first = report_sentences(role.summary)
        reply.point(
            f"What they do say about the {role_name(tax, role.id)} role: " + first[0][:1].lower() + first[0][1:],
            lib.section(role=role.id) or lib.card("role_card", role.id),
        )
        reply.point(f"The skills it needs most: {strongest(role, tax)}", lib.card("role_card", role.id))
    elif ents.titles:  # "what's it like to be a research engineer at X?": what the title is in the reports
        title = _title(ctx, ents.titles[0])
        line = re.sub(r"\s*\[\d+\]", "", title.text.split("\n")[0]).rstrip(".")
        return reply.point(f"What they do say: {lower_first(line)}", *title.cited[:3]).draft()
    elif ents.tasks:
        task = tax.task(ents.tasks[0])
        reply.point(f"What they do say about {task_name(tax, task.id)}: {task.description}", lib.section(task=task.id))
    elif ents.skills:
        skill = tax.skill(ents.skills[0])
        reply.point(
            f"What they say about {skill_name(tax, skill.id)}: {skill.definition or skill.described_as}",
            lib.card("skill_card", skill.id),
        )
    else:
        reply.point(msg["covered_instead"], fact=False)
    return reply.draft()


def describe(ctx: Context) -> Draft | None:
    ents, tax, lib = ctx.question.entities, ctx.tax, ctx.library
    if ents.variants and not ents.roles:
        return variant_answer(ctx, ents.variants[0])
    if ents.roles:
        return describe_role(ctx, ents.roles[0])
    if ents.subtasks:
        both = Reply() if len(ents.subtasks) > 1 else None
        if both:  # "how do they reduce latency and design for scale?": both rows in one answer
            _describe_subtask(ctx, *ents.subtasks[1].split("/"), reply=both)
        return _describe_subtask(ctx, *ents.subtasks[0].split("/"), reply=both)
    if ents.orgs:  # "a hybrid AI organization" is the hybrid one: the general term only when it stands alone
        return _describe_org(ctx, sorted(ents.orgs, key=lambda o: o == AI_ORG)[0])
    if ents.titles:
        return _title(ctx, ents.titles[0])
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
        return _who_uses_tool(ctx, ents.tools)
    return None


def _title(ctx: Context, title: str) -> Draft:
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
    for r in roles[:2]:
        sentence = (
            next((x for x in units(lib.section(role=r.id)) if "may refer to" in x), None)
            if lib.section(role=r.id)
            else None
        )
        if sentence:
            reply.quote(sentence, lib)
    return reply.draft()


HYBRID_QUOTE = "Some companies have hybrid organizations that both make data science decisions and automate tasks"


def _org(tax: Taxonomy, org_id: str):
    return next(o for o in tax.organizations if o.id == org_id)


def _project_run(org) -> str:
    """'An ML project starts with data about a service or product; then models are fit on that data, ...'"""
    first, *rest = org.project.steps
    return f"{with_article(org.project.name)} starts with {first.step}; then {listed([s.step for s in rest])}"


def _project_source(ctx: Context, org) -> Passage | None:
    """The report passage on this kind of project (what its composed sentences rest on), else its card."""
    return ctx.library.quoting(org.project.text.split(". ")[0]) or ctx.library.card("org_card", org.id)


def _project_step(ctx: Context, org) -> int | None:
    """The step of the project the question is about: its task, or the step that shares its words."""
    steps = org.project.steps
    for task in ctx.question.tasks:
        if task in [s.task for s in steps]:
            return [s.task for s in steps].index(task)
    words = [content_words(s.step) for s in steps]
    common = {w for w in set().union(*words) if sum(w in ws for ws in words) > 1}
    asked = content_words(ctx.question.text) - common
    scores = [len(asked & ws) for ws in words]
    return scores.index(max(scores)) if max(scores) else None


def _describe_project(ctx: Context, org) -> Draft:
    reply = Reply().open(_project_run(org), _project_source(ctx, org))
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


ORG_SIDES = (
    "a {} helps leaders make data-driven decisions (its output is often a set of actionable insights); a {} "
    "automates tasks to reduce costs or scale products (its output is the automation itself)"
)


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


def _describe_org(ctx: Context, org_id: str) -> Draft:
    tax, lib = ctx.tax, ctx.library
    if org_id == HYBRID:
        return _describe_hybrid(ctx)
    if org_id == AI_ORG:
        return _describe_ai_organizations(ctx)
    org = _org(tax, org_id)
    if org.project and PROJECT.search(ctx.question.text):
        return _describe_project(ctx, org)
    card = lib.card("org_card", org.id)
    goal, output = org.goal[:1].lower() + org.goal[1:], org.output[:1].lower() + org.output[1:]
    reply = Reply().open(f"A {prose(org.name)} has one goal: {goal}", card)
    reply.open(f"Its output: {output}", card)
    reply.point(f"Its work: {listed(org.workflow)}", card)
    return reply.draft()


def facet(text: str) -> str | None:
    """Which side of a role the question asks about: titles, variants, tools, tasks or skills."""
    return next((name for name, pattern in FACETS.items() if pattern.search(text)), None)


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
            return Reply().open(f"The reports describe no variant of the {role_name(tax, role.id)} role", card).draft()
        reply = Reply().open(
            f"The {role_name(tax, role.id)} role has a variant: {listed([prose(v.name) for v in role.variants])}", card
        )
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
    which = facet(ctx.question.text)
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


def _describe_subtask(ctx: Context, task_id: str, subtask_id: str, reply: Reply | None = None) -> Draft:
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


def _who_uses_tool(ctx: Context, tool_ids: list[str]) -> Draft:
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


BESIDES = re.compile(r"\b(besides|apart from|other than|except|who else|anyone else|in addition to)\b", re.I)


def who(ctx: Context) -> Draft | None:
    ents, tax, lib = ctx.question.entities, ctx.tax, ctx.library
    if ents.subtasks:  # who does a subtask: its task's roles, and anyone else its row names, then the row
        task_id, sub_id = ents.subtasks[0].split("/")
        sub = tax.task(task_id).subtask(sub_id)
        also = re.search(r"\((usually also involves [^)]+)\)", sub.name)
        name = prose(re.sub(r"\s*\(.*?\)", "", sub.name))
        if also and BESIDES.search(ctx.question.text):  # "who else, besides the modeling people?": the others
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
        return _describe_subtask(ctx, task_id, sub_id, reply=reply)
    if len(ents.tasks) >= 2 and not (ents.skills or ents.tools):  # "which roles do deployment and which do infra"
        a, b = ents.tasks[:2]
        return (
            Reply()
            .open(
                f"{cap_first(task_name(tax, a))} is carried out by {doers(tax, a)}; {task_name(tax, b)} by "
                f"{doers(tax, b)}",
                lib.card("task_card", a),
                lib.card("task_card", b),
            )
            .draft()
        )
    if ents.tasks:
        task_id = ents.tasks[0]
        main = [the_role(tax, r.id) for r in tax.roles if task_id in r.tasks.main]
        lighter = [the_role(tax, r.id) for r in tax.roles if task_id in r.tasks.lighter]
        card = lib.card("task_card", task_id)
        sections = [lib.section(role=r.id) for r in tax.roles if task_id in r.tasks.main][:2]
        if len(main) == len(tax.roles):
            lead = f"All six roles carry out {task_name(tax, task_id)}"
        else:
            lead = f"{task_name(tax, task_id)} is carried out by {listed(main)}"
        if re.search(r"\bonly\b", ctx.question.text, re.I) and ents.roles:  # "is it only data scientists?"
            only = {r.id for r in tax.roles if task_id in r.tasks.main} == set(ents.roles)
            lead = f"{'Yes' if only else 'No'}: {lower_first(lead)}"
        reply = Reply().open(lead, card, *sections)
        if lighter:
            reply.open(f"{listed(lighter)} {'has' if len(lighter) == 1 else 'have'} a lighter involvement in it", card)
        for role in tax.roles:
            note = optional_tasks_note(role)
            if note and task_name(tax, task_id).lower() in note.lower():
                reply.point(note, note_source(lib, role) or lib.card("role_card", role.id), fact=False)
        return reply.draft()
    if ents.skills and re.search(r"\b(don'?t|doesn'?t|not|least|less|little|without)\b", ctx.question.text, re.I):
        skill_id = ents.skills[0]
        low = min(r.level(skill_id) for r in tax.roles)
        least = [r for r in tax.roles if r.level(skill_id) == low]
        reply = Reply().open(
            f"{skill_name(tax, skill_id).capitalize()} matters least for "
            f"{listed([the_role(tax, r.id) for r in least])} ({level_word(low)} in the reports' profiles)",
            lib.card("skill_card", skill_id),
        )
        quotes = [q for r in least[:2] for q in basis_quotes(r.profile[skill_id].basis)]
        for quote in list(dict.fromkeys(quotes))[:2]:  # the sentences the levels rest on, both editions'
            if lib.quoting(quote):
                reply.quote(quote, lib)
        return reply.draft()
    if ents.skills:
        skill_id = ents.skills[0]
        ranked = sorted(tax.roles, key=lambda r: -r.level(skill_id))
        need = [f"{the_role(tax, r.id)} ({level_word(r.level(skill_id))})" for r in ranked if r.level(skill_id) >= 3]
        card = lib.card("skill_card", skill_id)
        if not need:
            # no role's profile asks for it at a solid level; variants of roles may ("requires deep learning")
            variants = [
                v.name for r in tax.roles for v in r.variants if skill_name(tax, skill_id) in v.description.lower()
            ]
            if variants:
                reply = Reply().open(
                    f"{skill_name(tax, skill_id).capitalize()} is what the variants of three roles add: the "
                    f"{listed([prose(v) for v in variants])} each require it in addition to their base role's profile",
                    *[lib.card("role_card", r.id) for r in tax.roles if r.variants][:3],
                )
                task = next((t for t in tax.tasks if skill_name(tax, skill_id) in t.skills_summary.lower()), None)
                if task:
                    sentence = next(
                        x for x in report_sentences(task.skills_summary) if skill_name(tax, skill_id) in x.lower()
                    )
                    reply.quote(sentence, lib)
                return reply.draft()
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
    if ents.tools:
        return _who_uses_tool(ctx, ents.tools)
    # no entity named ("which role is the one reading arxiv?"): the role whose own sentences answer it
    about_roles = [p for p in ctx.passages if p.role and p.source != "taxonomy"]
    ranked = ctx.composer.ranked(ctx.standalone, about_roles)
    if ranked and ranked[0][2] >= 0.25:
        sentence, passage, _ = ranked[0]
        return (
            Reply()
            .open(f"That is the {role_name(tax, passage.role)}: {lower_first(sentence)}", passage, fact=False)
            .draft()
        )
    return None


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
    q, tax, lib = ctx.question, ctx.tax, ctx.library
    ents = q.entities
    tools_asked = bool(TOOLS_ASKED.search(q.text)) and not re.search(r"\bskills?\b", q.text, re.I)
    if ents.subtasks and not ents.roles:
        task_id, sub_id = ents.subtasks[0].split("/")
        sub = tax.task(task_id).subtask(sub_id)
        named = list(dict.fromkeys(t for e in sub.examples for t in tools_in(e, tax)))
        if tools_asked and named:
            row = lib.row(task_id, sub_id)
            reply = Reply().open(f"For {lower_first(sub.name)}, the reports' examples use {listed(named)}", row)
            for e in [e for e in sub.examples if tools_in(e, tax)][:2]:
                reply.point(f"Example: {lower_first(e)}", row, fact=False)
            return reply.draft()
        return _describe_subtask(ctx, task_id, sub_id)
    if ents.roles:
        role = tax.role(ents.roles[0])
        card = lib.card("role_card", role.id)
        # the report's tool lines are by task, and for some roles by skill too ("Research by following updates
        # via ... Arxiv")
        subtask_skills = [
            s for st in ents.subtasks for s in tax.task(st.split("/")[0]).subtask(st.split("/")[-1]).skills
        ]
        task = next((t for t in [*ents.skills, *subtask_skills, *ents.tasks] if t in role.tools), None)
        if task is None and re.search(r"\b(that|this|it)\b", q.text, re.I) and ctx.previous:
            # "what do they use for that?" after "which role keeps up with research?": the skill asked about before
            task = next((s for s in find_entities(ctx.previous, tax).skills if s in role.tools), None)
        which = facet(q.text)
        if which in ("titles", "variants", "tasks"):
            return role_facet(ctx, role.id, which)
        if tools_asked:
            many = role_name(tax, role.id, many=True)
            if task:  # the role's line for that task (or skill), named and quoted
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
                pair = [tax.role(r) for r in ents.roles[:2]]
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
            # every tool line at once: the research channels (Arxiv, NeurIPS) are said apart from the software
            reply = Reply().open(f"{cap_first(many)} use {listed(software_tools(role, tax))}", card)
            if "research" in role.tools:
                reply.open(f"They follow research through {listed(role_tools(role, tax, 'research'))}", card)
            return reply.draft()
        if len(ents.roles) >= 2 and SHARED.search(q.text):  # "what skills overlap between DS and MLE?"
            return _shared_skills(ctx, role, tax.role(ents.roles[1]))
        levels = {}
        for skill, entry in role.profile.items():
            levels.setdefault(entry.level, []).append(skill_shown(tax, skill))
        parts = [
            f"{level_word(lvl)} {listed(names)}" for lvl, names in sorted(levels.items(), reverse=True) if lvl >= 2
        ]
        reply = Reply().open(f"{role_name(tax, role.id, many=True).capitalize()} need {'; '.join(parts)}", card)
        skills = next((s for s in report_sentences(role.summary) if "demonstrate" in s), None)
        if skills:
            reply.quote(skills, lib)
        for sentence in report_sentences(role.summary):
            if "don't need" in sentence or "Communication" in sentence:
                reply.quote(sentence, lib)
                break
        return reply.draft()
    if ents.tasks:
        task = tax.task(ents.tasks[0])
        card = lib.card("task_card", task.id)
        named = [
            x for x in report_sentences(task.skills_summary) for s in ents.skills if skill_name(tax, s) in x.lower()
        ]
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
    return None


def yes_no(ctx: Context) -> Draft | None:
    q, tax, lib = ctx.question, ctx.tax, ctx.library
    ents = q.entities
    negated = bool(NEGATION.search(q.text))
    coding = CODING.search(q.text) and not ents.skills and not ents.tools
    if ents.roles:
        role = tax.role(ents.roles[0])
        card = lib.card("role_card", role.id)
        who_ = role_name(tax, role.id, many=True)
        if ENOUGH.search(q.text) and (ents.skills or ents.tools):
            return _enough(ctx, role)
        if coding:
            return _coding_for_role(ctx, role)
        said = _said(q.text, tax)
        # a tool or a word the question names, found in the role's tool lines ("cloud", "SQL", "Tableau")
        for word in [*[t.name for t in tax.tools if t.id in ents.tools], *said]:
            line = next((v for v in role.tools.values() if re.search(rf"\b{re.escape(word)}\b", v, re.I)), None)
            if line and (ents.tools or not ents.skills or word.lower() in ("cloud", "sql")):
                answer = "No, that's not right" if negated else "Yes"
                reply = Reply().open(f"{answer}: the reports list {word} among the tools {who_} use", card)
                # the role's own sentence on it, when its description names it ("accomplished in ... SQL")
                own = [x for x in report_sentences(role.summary) if re.search(rf"\b{re.escape(word)}\b", x, re.I)]
                if not own:
                    return reply.quote(line, lib).draft()
                named = re.sub(r"^They\b", cap_first(who_), own[0])  # "They are accomplished ..." of the role
                return reply.point(named, lib.quoting(own[0]), fact=False).draft()
        if ents.tasks and ACTIVITY.search(q.text) and not SKILL_WORDS.search(q.text):
            return _role_does_task(ctx, role, ents.tasks[-1])
        if ents.skills:
            skill = ents.skills[0]
            entry = role.profile[skill]
            level = entry.level
            asked = _asked_name(q.text, skill, tax)
            needed = level >= 2
            if negated:
                verdict = "No, that's not right" if needed else "Yes, that's right"
            else:
                verdict = {
                    4: "Yes, at an outstanding level",
                    3: "Yes, at a solid level",
                    2: "Yes, at a working level",
                    1: "Not much",
                    0: "No",
                }[level]
            word = asked.split(" (")[0]
            if word != skill_name(tax, skill) and ctx.composer.unseen(word):  # "kubernetes": not a word of theirs
                return (
                    Reply()
                    .open(
                        f"The reports don't name {word}; the closest they come is {skill_name(tax, skill)}, which "
                        f"they put at {level_word(level)} ({level}/4) for {who_}",
                        card,
                    )
                    .draft()
                )
            inferred = entry.basis.startswith("Inferred")
            quote = basis_quote(entry.basis)
            said, source = lib.sentence_of(quote) if quote else ("", None)
            if inferred and source:  # the reports' own words answer first; the level read from them follows
                short = verdict.split(",")[0]
                return (
                    Reply()
                    .open(f"{short}: the reports say {lower_first(said.rstrip('.'))}", source, fact=False)
                    .open(
                        f"I read that as {with_article(level_word(level))} level of {asked} ({level}/4); they give "
                        "no level for it",
                        card,
                    )
                    .draft()
                )
            # a level the reports state is theirs; one reasoned from their words is said to be so, up front
            whose = f"reading the reports on {who_}, I put" if inferred else f"the reports' profile of {who_} puts"
            reply = Reply().open(
                f"{verdict}: {whose} {asked} at {level_word(level)} ({level}/4)", card, lib.section(role=role.id)
            )
            if source:
                reply.quote(quote, lib)
            if inferred:
                reply.point("The reports give no level for it; this one is inferred from what they say", card)
            return reply.draft()
        if ents.tools:  # a tool the role's lines don't list
            tool = next(t for t in tax.tools if t.id == ents.tools[0])
            reply = Reply().open(
                f"{'Yes, that is right' if negated else 'No'}: the reports don't list {tool.name} among "
                f"the tools {who_} use; they list {listed(role_tools(role, tax))}",
                card,
            )
            return reply.draft()
        if ents.tasks:
            return _role_does_task(ctx, role, ents.tasks[-1])
    if ents.tasks and coding:
        return _coding_for_task(ctx, tax.task(ents.tasks[0]))
    if ents.tasks and (ents.skills or ents.tools):
        task = tax.task(ents.tasks[0])
        card = lib.card("task_card", task.id)
        if ents.skills:
            skill = ents.skills[0]
            uses = [s.name for s in task.subtasks if skill in s.skills]
            asked = _asked_name(q.text, skill, tax)
            summary = next(
                (x for x in report_sentences(task.skills_summary) if skill_name(tax, skill) in x.lower()), ""
            )
            word = asked.split(" (")[0]  # the user's own word for it ("cloud"), when the reports' name differs
            named = next(
                (x for x in report_sentences(task.skills_summary) if re.search(rf"\b{re.escape(word)}\b", x, re.I)),
                None,
            )
            if named and word != skill_name(tax, skill):  # the task's own sentence names it: that answers
                reply = Reply().open(f"Yes: {lower_first(named)}", lib.quoting(named) or card, fact=False)
            elif uses and re.search(r"\bsome\b", summary):  # "Deep learning skills are required by some organizations"
                reply = Reply().open(f"Not always: {summary[:1].lower()}{summary[1:]}", lib.quoting(summary) or card)
            elif uses:
                reply = Reply().open(
                    f"Yes: {task_name(tax, task.id)} uses {asked} in {listed([lower_first(u) for u in uses[:3]])}", card
                )
            else:
                reply = Reply().open(
                    f"Not as the reports describe it: none of the subtasks of {task_name(tax, task.id)} lists {asked}",
                    card,
                )
        else:
            tool = next(t for t in tax.tools if t.id == ents.tools[0])
            in_lines = any(tool.name.lower() in x.lower() for x in task.languages_tools)
            reply = Reply().open(
                f"{'Yes' if in_lines else 'The reports do not say so'}: {task_name(tax, task.id)} is done "
                f"with {listed(task.languages_tools)}",
                card,
            )
        reply.quote(report_sentences(task.skills_summary)[0], lib)
        return reply.draft()
    return None


ENOUGH = re.compile(r"\b(enough|sufficient|suffice|all (i|you) need)\b", re.I)
CODING_SKILLS = ("algorithmic_coding", "software_engineering", "domain_specific_languages")
WITHOUT = re.compile(r"\b(without|no|never|zero|don'?t|can'?t)\b", re.I)


def _enough(ctx: Context, role: Role) -> Draft:
    """ "Is Python enough to become a DA?": not on its own; what else the role's profile needs."""
    tax, lib = ctx.tax, ctx.library
    ents = ctx.question.entities
    covers = set(ents.skills) | {s for t in tax.tools if t.id in ents.tools for s in t.skills}
    rest = sorted(
        ((s, e.level) for s, e in role.profile.items() if e.level >= 2 and s not in covers), key=lambda kv: -kv[1]
    )
    card = lib.card("role_card", role.id)
    if not rest:
        return Reply().open(f"Nearly: the {role_name(tax, role.id)} profile asks little besides it", card).draft()
    return (
        Reply()
        .open(
            f"Not on its own: the {role_name(tax, role.id)} profile also needs {levels_list(tax, rest[:4], 'at')}",
            card,
        )
        .point(f"The role carries out {role_tasks(tax, role)}", card)
        .point(f"Tools the report lists for it: {', '.join(role_tools(role, tax)[:10])}", card)
        .draft()
    )


def _coding_for_role(ctx: Context, role: Role) -> Draft:
    """ "Do data analysts need programming?": coding is three skills in the reports; the role's level of each."""
    tax, lib = ctx.tax, ctx.library
    who_ = role_name(tax, role.id, many=True)
    levels = [(s, role.level(s)) for s in CODING_SKILLS]
    needed = [(s, lvl) for s, lvl in levels if lvl >= 2]
    light = [skill_shown(tax, s) for s, lvl in levels if lvl < 2]
    without = WITHOUT.search(ctx.question.text)
    if not needed:
        verdict = "Yes, largely" if without else "Hardly"
    elif len(needed) == len(levels):
        verdict = "No" if without else "Yes"
    else:
        verdict = "Not entirely" if without else "Some kinds"
    said = f"{who_} need {levels_list(tax, needed, 'at')}" if needed else f"{who_} need little coding"
    if light:
        said += f"{', but' if needed else ':'} {listed(light)} only at aware or not at all"
    card = lib.card("role_card", role.id)
    return Reply().open(f"{verdict}: {said}", card, lib.section(role=role.id)).draft()


def _coding_for_task(ctx: Context, task) -> Draft:
    """ "Can I do business analysis without programming?": which of the three coding skills its subtasks use."""
    tax, lib = ctx.tax, ctx.library
    uses = {s: [sub.name for sub in task.subtasks if s in sub.skills] for s in CODING_SKILLS}
    used = {s: subs for s, subs in uses.items() if subs}
    without = WITHOUT.search(ctx.question.text)
    name = task_name(tax, task.id)
    card = lib.card("task_card", task.id)
    if not used:
        lead = f"{'Yes' if without else 'No'}: none of the subtasks of {name} lists a coding skill"
    else:
        parts = [f"{skill_shown(tax, s)} (in {listed([lower_first(x) for x in subs[:2]])})" for s, subs in used.items()]
        lead = f"{'Not entirely' if without else 'Yes'}: of the coding skills, {name} uses {listed(parts)}"
    # the report's own sentence on coding in the task, when it has one, settles it ("They sometimes use
    # programming languages such as R ..., although many tasks can be carried out in a spreadsheet ...")
    section = lib.section(task=task.id)
    own = next((u for u in units(section) if CODING.search(u)), None) if section else None
    if own and re.search(r"\bsometimes\b", own, re.I) and CONCESSION.search(own):
        said = re.sub(r"^They\b", f"People working in {name}", re.sub(r"\*\*|`", "", own))
        reply = Reply().open(f"{'Largely, yes' if without else 'Sometimes'}: {lower_first(said)}", section)
        return reply.point(lead.split(": ", 1)[1], card).draft()
    reply = Reply().open(lead, card)
    if own:
        return reply.quote(own, lib).draft()
    reply.quote(report_sentences(task.skills_summary)[0], lib)
    return reply.draft()


ACTIVITY = re.compile(
    r"\b(do|does|doing|done|carry out|carried out|work on|works on|build|builds|train|trains|deploy|deploys|handle"
    r"|handled|perform\w*)\b",
    re.I,
)


def _role_does_task(ctx: Context, role: Role, task: str) -> Draft:
    """Does a role carry out a task: the verdict, the role's tasks, and the report's sentence about it."""
    tax, lib = ctx.tax, ctx.library
    card, who_, name = lib.card("role_card", role.id), role_name(tax, role.id, many=True), task_name(tax, task)
    main = role_tasks(tax, role)
    others = [r for r in tax.roles if task in r.tasks.main and r.id != role.id]
    if task in role.tasks.main and others and re.search(r"\bonly\b", ctx.question.text, re.I):
        lead = f"No, not only them: {name} is carried out by {doers(tax, task)}"  # "is deployment only done by MLEs?"
    elif task in role.tasks.main:
        lead = f"Yes: {name} is one of the tasks {who_} carry out ({main})"
    elif task in role.tasks.lighter:
        lead = f"Partly: {who_} carry out {main}, with a lighter involvement in {name}"
    elif task in role.tasks.specialisations:
        lead = f"Some do, as a specialisation, not as part of the role: {who_} carry out {main}"
    else:
        lead = f"No: {who_} carry out {main}, not {name}"
    reply = Reply().open(lead, card, lib.section(role=role.id))
    note = optional_tasks_note(role, examples=True)
    if note and task in role.tasks.specialisations:
        reply.point(note, note_source(lib, role) or card, fact=False)
    # the report's sentence on how the role relates to the task ("complement those of people who deploy ...")
    stem = name.split()[0][:6].lower()
    for sentence in report_sentences(role.summary)[1:]:
        if stem in sentence.lower():
            reply.quote(sentence, lib)
            break
    return reply.draft()


def _said(text: str, tax: Taxonomy) -> list[str]:
    """Words of the question that the role tool lines might name ("cloud", "SQL", "Git")."""
    words = re.findall(r"[A-Za-z][\w+#/-]+", text)
    named = [m.group() for m in TOOL_WORDS.finditer(text)]
    return named + [w for w in words if w.lower() in {"sql", "git", "jira", "aws", "gcp", "azure", "unix", "jupyter"}]


def _asked_name(text: str, skill_id: str, tax: Taxonomy) -> str:
    """The skill as the user named it, with the reports' name when they differ ("statistics (data science)")."""
    skill = tax.skill(skill_id)
    name = skill_name(tax, skill_id)
    for task in tax.tasks:  # "infrastructure" in "AI infrastructure" names the task, not the skill
        text = re.sub(rf"(?<!\w){re.escape(task.name)}(?!\w)", " ", text, flags=re.I)
    for alias in sorted(skill.aliases, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text, re.I) and alias.lower() != name.lower():
            return f"{alias} ({name} in the reports)"
    return name


SAME = re.compile(r"\b(same|identical|interchangeabl\w*|equivalent)\b", re.I)


def contrast(ctx: Context) -> Draft | None:
    """Two roles, tasks, organization types, skills or the two editions side by side; "are they the same?"
    is answered first."""
    draft = _contrast(ctx)
    if draft and SAME.search(ctx.question.text):
        verdict = "No, they differ."
        return draft.model_copy(update={"text": f"{verdict} {draft.text}", "facts": [*draft.facts, verdict]})
    return draft


WHICH_OF = re.compile(r"\b(which|who)\b|\b(more|less|most|least|stronger|weaker)\b", re.I)


def _contrast(ctx: Context) -> Draft | None:
    q, tax, lib = ctx.question, ctx.tax, ctx.library
    ents = q.entities
    if len(ents.subtasks) >= 2:  # "training ML models vs training deep learning models": how they differ, both rows
        draft = describe(replace(ctx, question=q.model_copy(update={"kind": "describe"})))
        (ta, sa), (tb, sb) = (x.split("/") for x in ents.subtasks[:2])
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
    if len(ents.roles) >= 2 and (ents.skills or ents.tasks) and WHICH_OF.search(q.text):
        return _which_of_two(ctx, ents.roles[0], ents.roles[1])
    if len(ents.roles) >= 2:
        return compare_roles(ctx, ents.roles[0], ents.roles[1])
    sides = list(dict.fromkeys([*ents.variants, *ents.roles]))
    if len(sides) >= 2 and ents.variants:  # deep learning variants compare as their base roles, plus deep learning
        draft = compare_roles(ctx, sides[0], sides[1])
        note = "Each deep learning variant needs deep learning on top of its base role's profile."
        return draft.model_copy(update={"text": f"{draft.text}\n- {note}", "facts": [*draft.facts, note]})
    if HYBRID in ents.orgs:
        return _contrast_hybrid(ctx)
    kinds = [o for o in dict.fromkeys(ents.orgs) if o != AI_ORG]
    if len(kinds) >= 2 and PROJECT.search(f"{q.text} {ctx.previous}"):
        return _contrast_projects(ctx, _org(tax, kinds[0]), _org(tax, kinds[1]))
    if len(ents.orgs) >= 2 or (ents.orgs and re.search(r"\bdata science|\bds\b|machine learning|\bml\b", q.text, re.I)):
        a, b = (tax.organizations[0], tax.organizations[1])
        ca, cb = lib.card("org_card", a.id), lib.card("org_card", b.id)
        reply = Reply().open(cap_first(ORG_SIDES.format(prose(a.name), prose(b.name))), ca, cb)
        if SAME.search(q.text):  # "aren't they the same?": why people take them for one
            reply.quote("companies often use the terms interchangeably", lib)
        reply.quote("Data science organizations help a firm's leaders make scientific or data-driven decisions", lib)
        reply.quote(
            "The output is the automation itself achieved by collecting data, training models, and deploying them", lib
        )
        reply.quote(
            "Some companies have hybrid organizations that both make data science decisions and automate tasks", lib
        )
        return reply.draft()
    if ents.editions:
        return _editions(ctx)
    if len(ents.tasks) >= 2:
        return _contrast_tasks(ctx, tax.task(ents.tasks[0]), tax.task(ents.tasks[1]))
    if len(ents.skills) >= 2:
        reply = Reply()
        for skill_id in ents.skills[:2]:
            skill = tax.skill(skill_id)
            reply.point(
                skill.definition or f"{skill.name}: {skill.described_as}", lib.card("skill_card", skill_id), fact=False
            )
        names = [skill_name(tax, s) for s in ents.skills[:2]]
        reply.lead.append(full_sentence(f"The reports define {names[0]} and {names[1]} separately") + reply.mark())
        reply.facts.append(f"The reports define {names[0]} and {names[1]} separately")
        return reply.draft()
    return None


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
    if a.id in CYCLE and b.id in CYCLE:
        first, then = sorted((a.id, b.id), key=CYCLE.index)
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
    ca, cb = _project_source(ctx, a), _project_source(ctx, b)
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


def _contrast_hybrid(ctx: Context) -> Draft:
    """A hybrid organization against the kind named with it (or both kinds)."""
    lib, tax = ctx.library, ctx.tax
    others = [_org(tax, o) for o in ctx.question.entities.orgs if o not in (HYBRID, AI_ORG)] or list(tax.organizations)
    sides = "; ".join(f"{with_article(prose(o.name))} aims to {lower_first(o.goal).rstrip('.')}" for o in others[:1])
    reply = Reply().open(
        f"A hybrid organization does both: it makes data science decisions and automates tasks. {cap_first(sides)}",
        lib.quoting(HYBRID_QUOTE),
        *[lib.card("org_card", o.id) for o in others[:1]],
    )
    reply.quote(HYBRID_QUOTE, lib)
    for org in tax.organizations:
        if org not in others[:1]:
            reply.point(
                f"{cap_first(with_article(prose(org.name)))} aims to {lower_first(org.goal)}",
                lib.card("org_card", org.id),
            )
    return reply.draft()


def edition_texts(tax: Taxonomy) -> list[str]:
    """The recorded differences between the editions as they are compared with a question (embedded once)."""
    return [f"{d.topic}: {d.edition_2019} {d.edition_2020}" for d in tax.edition_differences]


EDITION_SIMILARITY = 0.45  # a recorded difference this close to the question is what it asks about
CHANGED = re.compile(r"\b(chang\w*|updat\w*|revis\w*|chang\w* (their|its) mind)\b", re.I)


def _editions(ctx: Context) -> Draft:
    """Where the 2019 and 2020 editions differ: the recorded differences that match the question (and the
    conversation before it) best, or an overview when none does."""
    tax = ctx.tax
    diffs = tax.edition_differences
    asked = f"{ctx.question.text} {ctx.previous}"
    scores = ctx.composer.scores(asked, edition_texts(tax))
    top = max(scores, default=0.0)
    # the differences about what was asked: the closest, and those nearly as close
    best = [d for score, d in sorted(zip(scores, diffs, strict=True), key=lambda x: -x[0]) if score >= top - 0.06]
    best = best[:2] if top >= EDITION_SIMILARITY else []
    if best:
        d = best[0]
        reply = Reply()
        if CHANGED.search(ctx.question.text):  # "did they change their mind?"
            reply.open("Yes, the 2020 report changed it", fact=False)
        reply.open(
            f"{d.topic}: in the 2019 playbook, {_unquote(d.edition_2019).rstrip('.')}; in the 2020 report, "
            f"{_unquote(d.edition_2020)}",
            *_quoted_in(ctx.library, d.edition_2019, d.edition_2020),
        )
        for other in best[1:]:
            reply.point(
                f"{other.topic}: 2019: {_unquote(other.edition_2019)} 2020: {_unquote(other.edition_2020)}",
                *_quoted_in(ctx.library, other.edition_2019, other.edition_2020),
            )
        return reply.draft()
    shown = [d for d in diffs if d.topic in OVERVIEW_DIFFERENCES] or diffs[:5]
    reply = Reply().open(
        "The 2020 final report, AI Career Pathways, keeps the roles, tasks and skills of the 2019 draft (The AI "
        f"Human Capital Playbook); what changes most is its {listed([lower_first(d.topic) for d in shown])}"
    )
    for d in shown:
        reply.point(
            f"{d.topic}: 2019: {_unquote(d.edition_2019)} 2020: {_unquote(d.edition_2020)}",
            *_quoted_in(ctx.library, d.edition_2019, d.edition_2020),
        )
    return reply.draft()


OVERVIEW_DIFFERENCES = {
    "Executive summary",
    "Skill definitions",
    "Conclusion",
    "Centralized vs decentralized organizations",
}


def _quoted_in(lib: Library, *texts: str) -> list[Passage]:
    """The report passages that the quotes in these texts come from (each edition's own)."""
    found = []
    for text in texts:
        for quote in re.findall(r'"([^"]{15,})"', text)[:1]:
            passage = lib.quoting(quote.rstrip("."))
            if passage:
                found.append(passage)
    return found


def _unquote(text: str) -> str:
    text = text.strip().strip("'")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


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
    if (only_a or only_b) and TOOLS_ASKED.search(ctx.question.text):  # the tools, when they are asked about
        reply.point(
            f"Tools only one lists: {role_name(tax, a_id)}: {', '.join(sorted(only_a)) or 'none'}; "
            f"{role_name(tax, b_id)}: {', '.join(sorted(only_b)) or 'none'}",
            ca,
            cb,
        )
    return reply.draft()


OTHERS = re.compile(r"\b(teams?|support\w*|people|colleagues|others|work(s|ing)? with|rel(y|ies) on|need)\b", re.I)


def why(ctx: Context) -> Draft | None:
    """The reasons the reports give, and first, when the question is why a role needs people for tasks it does not
    carry out ("why do MLEs do best in teams with business analysis and infra people?"), that it does not."""
    ents, tax = ctx.question.entities, ctx.tax
    if len(ents.roles) >= 2:  # "why have both data scientists and data analysts?": what sets them apart
        note = role_note_asked(ctx, tax.role(ents.roles[0]), tax.role(ents.roles[1]))
        if note:
            return compare_roles(ctx, ents.roles[0], ents.roles[1])
    draft = _why(ctx)
    if not draft or len(ents.roles) != 1 or not OTHERS.search(ctx.question.text):
        return draft
    role = tax.role(ents.roles[0])
    others = [t for t in ents.tasks if t not in role.tasks.main]
    if not others:
        return draft
    said = (
        f"Because {role_name(tax, role.id, many=True)} carry out {role_tasks(tax, role)}, not "
        f"{listed([task_name(tax, t) for t in others], 'or')}"
    )
    own = next((p for p in draft.cited if p.role == role.id), None)  # the role's section the reason quotes
    text = draft.text
    first = report_sentences(text.split("\n")[0])[0] if text.strip() else ""
    if first and len(content_words(first) & content_words(said)) >= 0.7 * len(content_words(first)):
        text = text[len(first) :].lstrip()  # the role's tasks, which the reason has just said
    return led(draft, said, own or ctx.library.card("role_card", role.id), text=text)


def _why(ctx: Context) -> Draft | None:
    """The reasons the reports give: the report sentence (or a table example, which often states its purpose:
    "pruning ... to reduce memory requirements") that answers best, a little ahead if it explains."""
    rows = {p.id: p for p in ctx.passages if p.kind == "table_row"}
    # each example of a subtask row is a candidate of its own; it is cited to its row
    examples = [_examples_passage(p) for p in rows.values()]
    # the reasons the reports give about a role named in the question sit in its own section
    sections = [ctx.library.section(role=r) for r in ctx.question.entities.roles[:2]]
    prose_ = [p for p in ctx.passages if p.kind != "table_row"]
    prose_ += [p for p in sections if p and p not in prose_]
    ranked = ctx.composer.ranked(ctx.standalone, prose_ + examples, lexical=True)  # "quantize": the row that says it
    if not ranked:
        return None
    order = {p.id: i for i, p in enumerate(ctx.passages)}
    n = max(len(ctx.passages), 1)
    own = {p.id for p in sections if p}
    scored = sorted(
        (
            (
                _with_reason(s, p),
                rows.get(p.id, p),
                score
                + 0.12 * (n - order.get(p.id, n)) / n
                + 0.05 * bool(CAUSAL.search(s))
                - 0.1 * bool(ILLUSTRATES.match(s))  # an example illustrates the reason, it is not the reason
                - 0.2 * _circular(ctx, s)  # "Because it is a work in progress, ..." to "why a work in progress?"
                + 0.1 * (p.id in own),  # the reasons the reports give about the role asked about
            )
            for s, p, score in ranked
            if p.source != "taxonomy"
        ),
        key=lambda x: -x[2],
    )
    if not scored:
        return None
    best = scored[0]
    if best[1].kind == "table_row":  # an example of a subtask: its purpose answers, then where it comes from
        name = best[1].section[-1]
        purpose = re.search(r"\b(?:in order )?to ((?!a |an |the )\w.+)$", best[0])  # "... to reduce the variance"
        reply = Reply()
        so = re.search(r"\bso (?:that )?it (\w.+)$", best[0])  # "... so it fits memory requirements"
        if purpose:  # the example's own purpose is the reason: composed from the row's words
            reply.open(f"To {purpose.group(1).rstrip('.')}", best[1])
        elif so:
            reply.open(f"So that it {so.group(1).rstrip('.')}", best[1])
        # composed around the row's own example: a fact, so the check finds it without the embedding model
        task = f", in {task_name(ctx.tax, best[1].task)}" if best[1].task else ""
        reply.open(
            f"{cap_first(best[0].rstrip('.'))} is one of the reports' examples of {lower_first(name)}{task}", best[1]
        )
        return reply.draft()
    reply = Reply()
    # a sentence whose reason is a purpose clause ("... machine learning skills to help them make good design
    # decisions related to data") answers with that purpose first
    purpose = re.search(  # (not "teams able to support them": a complement, not a purpose)
        r"(?<!able )(?<!need )(?<!needs )(?<!have )(?<!has )\bto (help|make|reduce|improve|enhance|ensure|avoid"
        r"|allow|facilitate|support) (.+)$",
        best[0],
    )
    if purpose and not re.match(r"(To|In order to)\b", best[0]):
        reply.open(f"To {purpose.group(1)} {purpose.group(2).rstrip('.')}", best[1])
    reply.open(full_sentence(_named_it(ctx, best[0])), best[1], fact=False)
    # the sentence after it, when it carries on the thought ("If not, the project can become vulnerable ...")
    sentences = units(best[1]) if best[1].kind != "table_row" else []
    after = next((sentences[i + 1] for i, u in enumerate(sentences[:-1]) if flat(u) == flat(best[0])), None)
    if after and CONTINUES.match(after):
        reply.open(after, best[1], fact=False)
    # a second reason when it is nearly as close to the question; a sentence that gives a reason ("it is easier
    # to find people ...") may be a little further than one that only restates the premise
    others = [
        (x[0][len(best[0]) :].strip() if x[0].startswith(best[0]) else x[0], *x[1:])  # the reason, not the premise
        for x in scored[1:6]
        if flat(x[0]) != flat(best[0])
    ]
    second = next((x for x in others if CAUSAL.search(x[0]) and x[2] >= best[2] - 0.15), None)
    # the reasons for a claim often follow it, leaning on it ("... the go-to role for early-stage teams or
    # start-ups. Such a versatile individual fits well in start-ups, where ...")
    i = next((i for i, u in enumerate(sentences) if flat(u) == flat(best[0])), None)
    following = sentences[i + 1 : i + 3] if i is not None and not second else []
    reason = next((u for u in following if CAUSAL.search(u) or DANGLING.match(u) or u.startswith("Also")), None)
    if reason:
        second = (re.sub(r"^Also, ", "", reason), best[1], best[2])
    second = second or next((x for x in others[:1] if x[2] >= best[2] - 0.1), None)
    if second:
        reply.point(full_sentence(second[0]), second[1], fact=False)
    # the report's own example of that reason, when it gives one beside it ("If you were building a movie
    # recommender ...")
    example = next((x for x in others if ILLUSTRATES.match(x[0]) and x[1].id == best[1].id and x != second), None)
    if example:
        reply.point(full_sentence(example[0]), example[1], fact=False)
    return reply.draft()


def _examples_passage(row: Passage) -> Passage:
    """A subtask row with its examples as sentences of their own, each a candidate reason."""
    return row.model_copy(update={"kind": "prose", "text": "\n\n".join(row_examples(row))})


def warm_up_texts(library: Library, tax: Taxonomy) -> list[str]:
    """Texts the answerers compare with questions beyond the passages' sentences: the tables' examples one by
    one (why-questions) and the editions' recorded differences; embedding them at start saves ~0.3 s on the
    first question of each kind."""
    rows = [p for p in library.passages if p.kind == "table_row"]
    return [u for p in rows for u in units(_examples_passage(p))] + edition_texts(tax)


def _circular(ctx: Context, sentence: str) -> bool:
    """A sentence whose "because" clause restates the question's own premise gives no reason for it."""
    m = re.match(r"\W*because (.+?),", sentence, re.I)
    return bool(m) and ctx.composer.rare_share(ctx.standalone, m.group(1)) >= 0.5


def _with_reason(sentence: str, passage: Passage) -> str:
    """A sentence that leans on the one before it ("Hence, it requires ...") comes with that one: it is the
    reason; a leading "Also, " or "For instance, " is dropped."""
    if DANGLING.match(sentence):
        sentences = units(passage) if passage.kind != "table_row" else []
        i = next((i for i, u in enumerate(sentences) if flat(u) == flat(sentence)), 0)
        if i > 0:
            return f"{full_sentence(sentences[i - 1])} {sentence}"
    return re.sub(r"^(Also|For instance), ", "", sentence)


def _project_sequence(ctx: Context, org) -> Draft:
    """What comes first, before or after a step in one kind of project (an ML or a DS project)."""
    tax, steps, name = ctx.tax, org.project.steps, org.project.name
    card, text = _project_source(ctx, org), ctx.question.text
    i = _project_step(ctx, org)
    before = bool(re.search(r"\b(before|precede[sd]?|prior)\b", text, re.I))
    reply = Reply()
    if i is None or (i == 0 and not before):
        reply.open(
            f"{cap_first(with_article(name))} starts with {steps[0].step} ({task_name(tax, steps[0].task)})", card
        )
    else:
        j = i - 1 if before else i + 1
        if 0 < j < len(steps):
            side = "before" if before else "after"
            reply.open(
                f"In {with_article(name)}, {side} {task_name(tax, steps[i].task)} comes "
                f"{task_name(tax, steps[j].task)}: {steps[j].step}",
                card,
            )
        elif j == 0:
            reply.open(f"In {with_article(name)}, {steps[i].step} once there is {steps[0].step}", card)
        else:
            reply.open(
                f"In {with_article(name)}, the last step is {task_name(tax, steps[i].task)}: {steps[i].step}", card
            )
    return reply.draft()


def _close_report_sentences(ctx: Context, query: str, floor: float) -> Iterator[tuple[str, Passage]]:
    """Report sentences (not a card's) among the five closest to `query`, closest first, down to `floor`."""
    for sentence, passage, score in ctx.composer.ranked(query, ctx.passages)[:5]:
        if score < floor:
            return
        if passage.source != "taxonomy":
            yield sentence, passage


def _best_report_sentence(ctx: Context, floor: float = 0.6) -> tuple[str, Passage] | None:
    """The report sentence (not a card's) closest to the question, when it is close; a "They" that opens it
    is named from its section ("They take a stream of data" -> "People working in deployment take ...")."""
    for sentence, passage in _close_report_sentences(ctx, ctx.standalone, floor):
        if re.match(r"They\b", sentence) and (passage.role or passage.task):
            who = role_name(ctx.tax, passage.role, many=True) if passage.role else None
            who = who or f"people working in {task_name(ctx.tax, passage.task)}"
            sentence = f"{cap_first(who)}{sentence[4:]}"
        if not DANGLING.match(sentence):
            return cap_first(re.sub(r"^\*\*[^*]+:\*\*\s*", "", sentence)), passage
    return None


def sequence(ctx: Context) -> Draft:
    tax, lib = ctx.tax, ctx.library
    projects = [o for o in tax.organizations if o.id in ctx.question.entities.orgs and o.project]
    if projects:
        return _project_sequence(ctx, projects[0])
    either = re.search(r"\b(before or after|after or before)\b", ctx.question.text, re.I)
    best = _best_report_sentence(ctx) if either else None
    side = re.search(r"\b(before|after)\b", best[0], re.I) if best else None
    if side:  # "do they test it before or after ...?": the report's sentence that says which
        return Reply().open(f"{side.group(1).capitalize()}: {lower_first(best[0])}", best[1]).draft()
    passage = lib.quoting(CYCLE_QUOTE)
    order = listed([task_name(tax, t) for t in CYCLE])
    tasks = [t for t in ctx.question.entities.tasks]
    reply = Reply()
    pair = [t for t in tasks if t in CYCLE][:2]
    relation = re.search(r"\b(before|after|first|precede\w*|follow\w*)\b", ctx.question.text, re.I)
    if len(pair) == 2 and relation:  # "does deployment come after modeling?", "which comes first, X or Y?"
        first, then = sorted(pair, key=CYCLE.index)
        said = f"{cap_first(task_name(tax, first))} comes before {task_name(tax, then)}; the cycle runs {order}"
        if YES_NO.match(ctx.question.text):  # answered in the question's own order: "Yes: deployment comes after"
            a, b = (task_name(tax, t) for t in pair)
            after = relation.group(1).lower().startswith(("after", "follow"))
            which = "after" if (pair[0] == then) else "before"
            said = f"{'Yes' if (which == 'after') == after else 'No'}: {a} comes {which} {b}; the cycle runs {order}"
        return reply.open(said, passage).draft()
    if tasks and tasks[0] == "ai_infrastructure":
        reply.open(
            "AI infrastructure is not a step of the cycle: people working in it build software to improve the "
            "cycle's efficiency all the while",
            passage,
        )
    elif tasks and tasks[0] in CYCLE:
        i = CYCLE.index(tasks[0])
        before = bool(BEFORE.search(ctx.question.text))
        j = i - 1 if before else i + 1
        if 0 <= j < len(CYCLE):
            reply.open(
                f"{'Before' if before else 'After'} {task_name(tax, tasks[0])} comes {task_name(tax, CYCLE[j])}: "
                f"the cycle runs {order}",
                passage,
            )
        elif before:
            reply.open(f"{task_name(tax, tasks[0]).capitalize()} comes first: the cycle runs {order}", passage)
        else:
            reply.open(
                f"{task_name(tax, tasks[0]).capitalize()} comes last; if all goes well the cycle repeats with "
                f"new data, models and analyses",
                passage,
            )
    elif re.search(r"\b(first|start|starts|begin|begins)\b", ctx.question.text, re.I):
        reply.open(f"It starts with data engineering: the cycle runs {order}", passage)
    else:
        reply.open(f"The cycle runs {order}, then repeats; AI infrastructure supports it all the while", passage)
    steps = [
        u
        for u in (units(passage) if passage else [])
        if re.match(r"(First|Then|Once|Team members then|If all goes well|All the while)", u)
    ]
    if tasks and tasks[0] in CYCLE and BEFORE.search(ctx.question.text):
        # what the step starts from, in its own description ("They take a stream of data, combine it with a model")
        start = next((x for x in report_sentences(tax.task(tasks[0]).description) if re.match(r"They\b", x)), None)
        if start:
            reply.point(f"People working in {task_name(tax, tasks[0])}{start[4:]}", lib.section(task=tasks[0]))
    asked = [CYCLE.index(t) for t in tasks if t in CYCLE]
    if asked:  # one step asked about: the report's sentence on the step that comes, without its "then"
        i = asked[0]
        j = i - 1 if BEFORE.search(ctx.question.text) else i + 1
        if 0 <= j < min(len(steps), 4):
            said = re.sub(r"^(Once that happens, |Then |First, )", "", steps[j]).replace(" then ", " ")
            reply.point(cap_first(said), passage, fact=False)
        return reply.draft()
    for sentence in steps[:4]:
        reply.point(sentence, passage, fact=False)
    return reply.draft()


def about_reports(ctx: Context) -> Draft:
    """The reports themselves: whose they are, and what they say of how they were made (or whom to write to),
    the sentences closest to the question first."""
    tax, lib = ctx.tax, ctx.library
    sources = sorted(tax.sources, key=lambda src: src.year)
    whose = f"Both reports are by {sources[0].publisher}: " + listed(
        [f"{src.title.strip(chr(34))} ({src.year})" for src in sources]
    )
    cards = [lib.quoting(src.about[0]) for src in sources if src.about]
    # whom to write to only when that is what is asked; how the reports were made otherwise
    feedback = bool(FEEDBACK.search(ctx.question.text))
    said = [a for src in sources for a in src.about if bool(FEEDBACK.search(a)) == feedback]
    scores = ctx.composer.scores(ctx.standalone, said)
    # how they were made is said by the sentences on what was done (interviews, assessments); whom to write to,
    # by the one with the address
    first = re.compile(r"@" if feedback else r"\b(interview\w*|assess\w*|analy[sz]\w*|surveyed)\b", re.I)
    ranked = sorted(zip(scores, said, strict=True), key=lambda x: (not first.search(x[1]), -x[0]))
    best = [a for _, a in ranked][:3]
    publisher = sources[0].publisher.split(" (")[0]

    def told(reply: Reply, sentence: str) -> None:
        """The report's sentence in the third person ("We interviewed" -> "Workera interviewed"), without an
        opening that points back ("To bridge this gap, ...")."""
        said, passage = lib.sentence_of(sentence)
        said = re.sub(r"^To \w+ (this|that|these) \w+, ", "", said)
        said = re.sub(r"^[Ww]e (?=\w+ed\b)", f"{publisher} ", re.sub(r"^Our\b", f"{publisher}'s", said))
        reply.point(cap_first(said), passage, fact=False)

    if re.search(r"\b(who|whose|author\w*|publish\w*)\b", ctx.question.text, re.I) and not feedback:
        reply = Reply().open(whose, *cards)  # "who wrote them?": whose they are, then how they were made
        for sentence in best:
            told(reply, sentence)
        return reply.draft()
    # "how did they come up with these roles?": the report's own words on it answer, whose they are follows
    reply = Reply()
    for sentence in best:
        told(reply, sentence)
    if feedback:  # "whom do I send feedback to?": the two sentences that say so are the answer
        reply.lead, reply.points = reply.points, []
        return reply.draft()
    reply.lead, reply.points = reply.points[:1], reply.points[1:]
    reply.point(whose, *cards)
    return reply.draft()


def overview(ctx: Context) -> Draft | None:
    """ "What roles are there?", "list the tasks", "what skills do they define?": the whole list, from the taxonomy,
    with the report's sentence that introduces it."""
    tax, lib, text = ctx.tax, ctx.library, ctx.question.text
    if re.search(r"\borgani[sz]ations?|\borgs?\b", text, re.I):
        return describe(replace(ctx, question=ctx.question.model_copy(update={"kind": "describe"})))
    if re.search(r"\btasks?|steps?|life ?cycle", text, re.I):
        said = (
            f"There are {number_word(len(tax.tasks))} tasks: {listed([task_name(tax, t.id) for t in tax.tasks])}; the "
            f"first {number_word(len(CYCLE))} run as a cycle and AI infrastructure supports it all the while"
        )
        quote = "most AI organizations' work divides into five tasks"
        return Reply().open(said, lib.card("org_card", "overview_tasks")).quote(quote, lib).draft()
    if re.search(r"\bskills?\b", text, re.I):
        names = listed([skill_name(tax, s.id) for s in tax.skills])
        said = f"The reports use {number_word(len(tax.skills))} skills: {names}"
        return Reply().open(said, *[lib.card("skill_card", s.id) for s in tax.skills[:2]]).draft()
    if re.search(r"\broles?|jobs?|positions?", text, re.I):
        based = [r for r in tax.roles if r.variants]
        reply = Reply().open(
            f"There are {number_word(len(tax.roles))} roles: {listed([role_name(tax, r.id) for r in tax.roles])}",
            lib.card("org_card", "overview_roles"),
        )
        if based:
            reply.point(
                f"{cap_first(number_word(len(based)))} of them have a deep learning variant: the "
                + listed([prose(v.name) for r in based for v in r.variants]),
                *[lib.card("role_card", r.id) for r in based],
            )
        return reply.quote("Our research highlighted six technical roles", lib).draft()
    return None


FEEDBACK = re.compile(r"\b(feedback|comments?|contact|send|write to|reach|questions to)\b", re.I)


ANSWERERS: dict[str, Callable[[Context], Draft | None]] = {
    "reports": about_reports,
    "overview": overview,
    "smalltalk": smalltalk,
    "not_covered": not_covered,
    "describe": describe,
    "who": who,
    "needs": needs,
    "yes_no": yes_no,
    "contrast": contrast,
    "transition": transition,
    "preference": preference,
    "why": why,
    "sequence": sequence,
    "fit": fit,
    "plan": plan,
}


# kinds whose answer is whole without a retrieved sentence (tools, fixed replies, the life cycle's order)
SELF_CONTAINED = {"smalltalk", "not_covered", "fit", "plan", "transition", "why", "contrast", "preference"}
UNSUPPORTED = {"smalltalk", "not_covered", "fit", "plan"}
SUPPORT_SIMILARITY = 0.7
CARD_SUPPORT_SIMILARITY = 0.6


def _quotes_report(draft: Draft) -> bool:
    """Whether the draft shows a sentence of the reports' own, not only sentences composed from the taxonomy."""
    composed = [flat(fact) for fact in draft.facts]
    shown = [flat(re.sub(r"\s*\[\d+\]", "", s)).lstrip("- ") for s in split_sentences(draft.text)]
    return any(s and not any(s.rstrip(".") in fact for fact in composed) for s in shown)


NOT_COVERED_SIMILARITY = 0.3  # below this, nothing in the reports is near the question
ROW_SIMILARITY = 0.55  # a subtask row this close to a question answers it
RARE_SHARE = 0.4  # ... as does one holding this share of its rare words (half of each part of a two-part question)
NEAR_ROW = 0.33  # ... and this close ("a modeling problem" is not the row of "a business problem")


def from_report(ctx: Context) -> Draft:
    """A question no answerer takes: the report sentences that answer it best, about its entities when it names
    any, the best first; or "not covered" with what the reports say nearby when nothing is close."""
    q, passages = ctx.question, ctx.passages
    # a passage holding every rare word of the question covers it, however far its gist ("is pruning mentioned?")
    named_in = [p for p in passages if ctx.composer.rare_share(ctx.standalone, p.text) > 0.99]
    if MENTION.search(q.text):  # "do they mention SQL?": any passage naming what was asked
        named_in += [p for p in passages if ctx.composer.holds_all(MENTION.sub("", q.text), p.text)]
    if not passages or (ctx.coverage(ctx.standalone) < NOT_COVERED_SIMILARITY and not named_in):
        return _nothing_close(ctx)
    # several roles at once: a role note that names them may answer it
    particular = role_note_asked(ctx, *map(ctx.tax.role, q.roles[:2])) if len(q.roles) >= 2 else None
    if particular and particular[1]:
        draft = Reply().open(particular[0], particular[2], fact=False).draft()
    else:
        named = set(q.roles) | set(q.tasks)
        about = [p for p in passages if p.role in named or p.task in named] if named else passages
        draft = ctx.composer.facts(ctx.standalone, about or passages)
    if not draft.text:
        return _nothing_close(ctx)
    if MENTION.search(q.text) and asks_yes_or_no(q.text) and named_in:  # "does the report mention X?"
        return draft.model_copy(
            update={"text": f"Yes, the reports mention it. {draft.text}", "facts": [*draft.facts, "Yes"]}
        )
    return _yes_or_no(ctx, draft) if asks_yes_or_no(q.text) else draft


MENTION = re.compile(
    r"\b(mention\w*|talk\w* about|cover\w*|discuss\w*|say anything|said anything|bring up|refer to)\b", re.I
)


def _named_it(ctx: Context, sentence: str) -> str:
    """A sentence opening with "It", about the one role (or deep learning variant) the question names, opening
    with its name instead: "It focuses on applications ..." of the deep learning researcher."""
    ents = ctx.question.entities
    named = [prose(ctx.tax.role(r).variants[0].name) for r in ents.variants if ctx.tax.role(r).variants]
    named += [role_name(ctx.tax, r) for r in ents.roles]
    if not re.match(r"It\b", sentence) or len(set(named)) != 1:
        return sentence
    return re.sub(r"^It\b", f"The {named[0]}", sentence)


def asks_yes_or_no(text: str) -> bool:
    """A question yes or no answers: not a request ("can you give an example?") nor a choice between two
    ("can it be done in Matlab or is it Python only?")."""
    request = re.match(r"\s*(can|could|would|will) you\b", text, re.I)
    choice = re.search(r"\bor\b(?! (not|nah|no)\b)", text, re.I)
    return bool(YES_NO.match(text) or IS_IT_TRUE.search(text)) and not request and not choice


NEGATIVE = re.compile(r"(no|not|never|none|neither|nor|cannot|without)|n't", re.I)
CONCESSION = re.compile(r"\b(although|though|but|however|whereas|while|depends)\b", re.I)
YES_NO_SCORE = 0.6  # a report sentence this close to a yes/no question, holding its rare words, settles it
YES_NO_SHARE = 0.5


def _yes_or_no(ctx: Context, draft: Draft) -> Draft:
    """A yes/no question the report answers in one sentence gets its yes or no first: the opening sentence
    settles it when it is very close and holds the question's rare words ("shortage"); "no" when one of the
    two is negative ("Can one person do every task?" - "No single individual has enough skills ...")."""
    # the opening line: a sentence (and the one it leans on), or a whole subtask row
    first = re.sub(r"\s*\[\d+\]", "", draft.text.split("\n")[0]).strip()
    if not first or ctx.composer.rare_share(ctx.standalone, first) < YES_NO_SHARE:
        return draft
    if ctx.composer.scores(ctx.standalone, [first])[0] < YES_NO_SCORE or CONCESSION.search(first):
        return draft  # "Although they are different, companies often use the terms interchangeably" is no yes
    word = "No" if bool(NEGATIVE.search(first)) != bool(NEGATION.search(ctx.question.text)) else "Yes"
    text = f"{word}. {cap_first(re.sub(r'^(Also|In fact), ', '', draft.text))}"
    return draft.model_copy(update={"text": text, "facts": [*draft.facts, word]})


def _nothing_close(ctx: Context) -> Draft:
    names = []
    for p in ctx.passages:
        name = (
            f"the {role_name(ctx.tax, p.role)} role"
            if p.role
            else f"the {task_name(ctx.tax, p.task)} task"
            if p.task
            else None
        )
        names.append(name if name not in names else None)
    return ctx.composer.not_covered(ctx.passages, names)


def _rows_asked(ctx: Context) -> list[str]:
    """The subtasks ("task/subtask") a question is about when it names none but subtask rows of the reports
    answer it closely ("what kind of tests do they write?"; two for a two-part question): rows are the
    reports' most specific facts."""
    q = ctx.question
    if q.kind not in ("describe", "needs", "who", "fact") or q.entities.subtasks or (q.roles and q.kind != "fact"):
        return []
    # about a role, only a row of a task the role carries out ("how do ML researchers keep up with research?")
    tasks = {t for r in q.roles for t in (*ctx.tax.role(r).tasks.main, *ctx.tax.role(r).tasks.lighter)}
    # (retrieval for one role keeps to the role's own passages: the tables' rows are looked up here)
    pool = ctx.library.passages if q.roles else ctx.passages[:3]
    rows = [p for p in pool if p.kind == "table_row" and (not q.roles or p.task in tasks)]
    # close in meaning, or near and holding most of the question's rare words ("encryption" -> "Encrypting
    # files ..."), unless it asks who or names a tool (those have answerers of their own)
    by_words = not q.entities.tools and q.kind != "who"
    ranked = [
        (p, score)
        for _, p, score in ctx.composer.ranked(ctx.standalone, rows)
        if score >= ROW_SIMILARITY
        or (by_words and score >= NEAR_ROW and ctx.composer.rare_share(ctx.standalone, p.text) >= RARE_SHARE)
    ]
    found = list(dict.fromkeys(f"{p.task}/{p.subtask}" for p, _ in ranked))
    return found[:2] if " and " in q.text and len(found) > 1 else found[:1]


def answer(ctx: Context) -> Draft:
    """The answer of the answerer for the question's kind, else the report's best sentences. The report
    sentence that best matches the question is added as a point when the answer does not already hold it:
    the opening answers the kind of question, the best sentence answers its particulars."""
    rows = _rows_asked(ctx)
    if rows:  # the question is about subtasks of the reports' tables: their examples answer it
        q = ctx.question
        ents = q.entities.model_copy(update={"subtasks": rows, "roles": []})  # the row answers, not the role
        kind = "who" if WHO.search(q.text) else "describe"  # "who defines evaluation metrics?": who, then the row
        ctx = replace(ctx, question=q.model_copy(update={"kind": kind, "entities": ents}))
    q = ctx.question
    if q.kind == "fact" and PLAN.search(q.text) and not q.entities.count() and not ctx.profile.is_empty:
        return plan_closest(ctx)  # "what should I learn first?" after the user said what they know
    fn = ANSWERERS.get(ctx.question.kind)
    draft = fn(ctx) if fn else None
    if draft is None:
        return from_report(ctx)
    unseen = ctx.composer.unseen(ctx.question.text) if MENTION.search(ctx.question.text) else []
    if unseen and asks_yes_or_no(ctx.question.text):  # "do they mention kubernetes?": not by that name
        said = f"The reports don't mention {listed(unseen, 'or')} by name; the closest they come:"
        return draft.model_copy(update={"text": f"{said}\n\n{draft.text}", "facts": [*draft.facts, said]})
    q = ctx.question
    if q.kind in UNSUPPORTED or (q.kind in ("describe", "who") and q.entities.subtasks):  # a row says it itself
        return draft
    if q.kind == "why":  # the reason and its own example are the answer; another close sentence is not a reason
        return draft
    if q.kind == "needs" and q.roles and TOOLS_ASKED.search(q.text):  # a role's tool list needs nothing after it
        return draft
    # an answer composed from the taxonomy alone still shows the report's own words for it
    quotes_report = _quotes_report(draft)
    if quotes_report and (q.kind in SELF_CONTAINED or (q.kind == "describe" and q.entities.roles)):
        return draft
    if quotes_report and "\n- " in draft.text:  # the answer already has its supporting points
        return draft
    said = [content_words(line) for line in draft.text.splitlines() if line.strip()]
    query = ctx.standalone if quotes_report else f"{ctx.standalone} {draft.text.splitlines()[0]}"
    floor = SUPPORT_SIMILARITY if quotes_report else CARD_SUPPORT_SIMILARITY
    for sentence, passage in _close_report_sentences(ctx, query, floor):
        words = content_words(sentence)
        # not a sentence the answer already says in other words
        new = all(len(words & line) < 0.6 * max(len(words), 1) for line in said)
        titles = lists_titles(sentence, ctx.tax) and not (q.entities.titles or FACETS["titles"].search(q.text))
        # a sentence about one role supports nothing about another ("Data Analysts ..." for a data scientist)
        other_role = passage.role and q.entities.roles and passage.role not in q.entities.roles
        if not DANGLING.match(sentence) and new and not titles and not other_role:
            cited, mark = cite(draft.cited, passage)
            shown = (
                row_sentence(passage) if passage.kind == "table_row" else re.sub(r"^\*\*[^*]+:?\*\*:?\s*", "", sentence)
            )
            bullet = f"- {cap_first(shown)}{mark}"
            text = draft.text + ("\n" if "\n- " in draft.text else "\n\n") + bullet
            return draft.model_copy(update={"text": text, "cited": cited})
    return draft
