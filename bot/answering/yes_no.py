"""Yes/no questions about a role or a task: does it need a skill, use a tool, carry out a task, need coding."""

from __future__ import annotations

import re

from bot.answering.common import CONCESSION, SKILL_WORDS, levels_list
from bot.answering.compose import Draft
from bot.answering.replies import (
    Context,
    Reply,
    basis_quote,
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
    role_tasks,
    role_tools,
    skill_name,
    skill_shown,
    task_name,
    with_article,
)
from bot.index.sentences import units
from bot.knowledge.taxonomy import Role, Taxonomy
from bot.reading.activities import activity_index
from bot.reading.question import CODING, TOOL_WORDS, YES_NO, find_entities
from bot.reading.router import asked_part


def yes_no(ctx: Context) -> Draft | None:
    q, tax = ctx.question, ctx.tax
    ents = q.entities
    # coding asked about, not told of ("do researchers deploy? I thought they throw code over the wall")
    coding = CODING.search(asked_part(q.text)) and not ents.skills and not ents.tools
    if ents.roles:
        draft = _yes_no_role(ctx, tax.role(ents.roles[0]), coding)
        if draft is not None:
            return draft
    if ents.tasks and coding:
        return _coding_for_task(ctx, tax.task(ents.tasks[0]))
    if ents.tasks and (ents.skills or ents.tools):
        return _task_uses(ctx, tax.task(ents.tasks[0]))
    return None


def _yes_no_role(ctx: Context, role: Role, coding) -> Draft | None:
    """Does a role need a skill, use a tool, carry out a task, need coding."""
    q, tax, lib = ctx.question, ctx.tax, ctx.library
    ents = q.entities
    if ENOUGH.search(q.text) and (ents.skills or ents.tools):
        return _enough(ctx, role)
    if coding:
        return _coding_for_role(ctx, role)
    draft = _in_tool_lines(ctx, role)
    if draft is not None:
        return draft
    if ents.tasks and ACTIVITY.search(q.text) and not SKILL_WORDS.search(q.text):
        return _role_does_task(ctx, role, ents.tasks[-1])
    if ents.skills:
        return _role_needs_skill(ctx, role, ents.skills[0])
    if ents.tools:  # a tool the role's lines don't list
        tool = next(t for t in tax.tools if t.id == ents.tools[0])
        reply = Reply().open(
            f"{'Yes, that is right' if q.denies else 'No'}: the reports don't list {tool.name} among "
            f"the tools {role_name(tax, role.id, many=True)} use; they list {listed(role_tools(role, tax))}",
            lib.card("role_card", role.id),
        )
        return reply.draft()
    if ents.tasks:
        return _role_does_task(ctx, role, ents.tasks[-1])
    return None


def _in_tool_lines(ctx: Context, role: Role) -> Draft | None:
    """A tool or a word the question names, found in the role's tool lines ("cloud", "SQL", "Tableau")."""
    q, tax, lib = ctx.question, ctx.tax, ctx.library
    ents = q.entities
    card, who_ = lib.card("role_card", role.id), role_name(tax, role.id, many=True)
    for word in [*[t.name for t in tax.tools if t.id in ents.tools], *_said(asked_part(q.text), tax)]:
        line = next((v for v in role.tools.values() if re.search(rf"\b{re.escape(word)}\b", v, re.I)), None)
        if line and (ents.tools or not ents.skills or word.lower() in ("cloud", "sql")):
            answer = "No, that's not right" if q.denies else "Yes"
            reply = Reply().open(f"{answer}: the reports list {word} among the tools {who_} use", card)
            # the role's own sentence on it, when its description names it ("accomplished in ... SQL")
            own = [x for x in report_sentences(role.summary) if re.search(rf"\b{re.escape(word)}\b", x, re.I)]
            if not own:
                return reply.quote(line, lib).draft()
            named = re.sub(r"^They\b", cap_first(who_), own[0])  # "They are accomplished ..." of the role
            return reply.point(named, lib.quoting(own[0]), fact=False).draft()
    return None


VERDICTS = {
    4: "Yes, at an outstanding level",
    3: "Yes, at a solid level",
    2: "Yes, at a working level",
    1: "Not much",
    0: "No",
}


def _role_needs_skill(ctx: Context, role: Role, skill: str) -> Draft:
    """Does a role need a skill: the verdict from its level in the role's profile, and the report's words it rests
    on; a level read from those words (not stated in the reports) is said to be so."""
    q, tax, lib = ctx.question, ctx.tax, ctx.library
    card, who_ = lib.card("role_card", role.id), role_name(tax, role.id, many=True)
    entry = role.profile[skill]
    level = entry.level
    asked = _asked_name(q.text, skill, tax)
    needed = level >= 2
    verdict = ("No, that's not right" if needed else "Yes, that's right") if q.denies else VERDICTS[level]
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
    said, source = lib.sentence_of(quote, role.id) if quote else ("", None)
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
        reply.quote(quote, lib, role.id)
    if inferred:
        reply.point("The reports give no level for it; this one is inferred from what they say", card)
    return reply.draft()


def _task_uses(ctx: Context, task) -> Draft:
    """Does a task use a skill or a tool: its subtasks' skills, its languages and tools, and its skills summary."""
    q, tax, lib = ctx.question, ctx.tax, ctx.library
    ents = q.entities
    card = lib.card("task_card", task.id)
    if ents.skills:
        reply = _task_uses_skill(ctx, task, ents.skills[0])
    else:
        tool = next(t for t in tax.tools if t.id == ents.tools[0])
        in_lines = any(tool.name.lower() in x.lower() for x in task.languages_tools)
        verdict = "Yes" if in_lines else "The reports do not say so"
        if in_lines and q.only and len(task.languages_tools) > 1:  # "is data engineering all about SQL?"
            verdict = "Not only"
        reply = Reply().open(f"{verdict}: {task_name(tax, task.id)} is done with {listed(task.languages_tools)}", card)
    reply.quote(report_sentences(task.skills_summary)[0], lib)
    return reply.draft()


def _task_uses_skill(ctx: Context, task, skill: str) -> Reply:
    q, tax, lib = ctx.question, ctx.tax, ctx.library
    card = lib.card("task_card", task.id)
    uses = [s.name for s in task.subtasks if skill in s.skills]
    asked = _asked_name(q.text, skill, tax)
    summary = next((x for x in report_sentences(task.skills_summary) if skill_name(tax, skill) in x.lower()), "")
    word = asked.split(" (")[0]  # the user's own word for it ("cloud"), when the reports' name differs
    named = next(
        (x for x in report_sentences(task.skills_summary) if re.search(rf"\b{re.escape(word)}\b", x, re.I)),
        None,
    )
    if named and word != skill_name(tax, skill):  # the task's own sentence names it: that answers
        return Reply().open(f"Yes: {lower_first(named)}", lib.quoting(named) or card, fact=False)
    if uses and q.only:  # "is modeling just math?": what else its subtasks need
        others = [skill_name(tax, s) for s in tax.skill_ids if s != skill and any(s in x.skills for x in task.subtasks)]
        name = task_name(tax, task.id)
        if len(uses) < len(task.subtasks):
            lead = f"No: {number_word(len(uses))} of the {number_word(len(task.subtasks))} subtasks of {name} need"
            return Reply().open(f"{lead} {asked}; its subtasks also need {listed(others)}", card)
        return Reply().open(f"Not only: every subtask of {name} needs {asked}; some also need {listed(others)}", card)
    if uses and re.search(r"\bsome\b", summary):  # "Deep learning skills are required by some organizations"
        return Reply().open(f"Not always: {summary[:1].lower()}{summary[1:]}", lib.quoting(summary) or card)
    if uses:
        return Reply().open(
            f"Yes: {task_name(tax, task.id)} uses {asked} in {listed([lower_first(u) for u in uses[:3]])}", card
        )
    return Reply().open(
        f"Not as the reports describe it: none of the subtasks of {task_name(tax, task.id)} lists {asked}",
        card,
    )


ENOUGH = re.compile(r"\b(enough|sufficient|suffice|all (i|you) need)\b", re.I)
CODING_SKILLS = ("algorithmic_coding", "software_engineering", "domain_specific_languages")


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
    without = ctx.question.without
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
    without = ctx.question.without
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
        verdict = "Largely, yes" if without else "No" if ctx.question.only else "Sometimes"
        reply = Reply().open(f"{verdict}: {lower_first(said)}", section)
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
    # "they never deploy, right?" is confirmed or denied, not answered yes or no
    denied = ctx.question.denies
    if task in role.tasks.main and others and ctx.question.only:
        lead = f"No, not only them: {name} is carried out by {doers(tax, task)}"  # "is deployment only done by MLEs?"
    elif task in role.tasks.main:
        lead = f"{'No, that is not right' if denied else 'Yes'}: {name} is one of the tasks {who_} carry out ({main})"
    elif task in role.tasks.lighter:
        verdict = "Not entirely" if denied else "Partly"
        lead = f"{verdict}: {who_} carry out {main}, with a lighter involvement in {name}"
    elif task in role.tasks.specialisations:
        opening = (
            "Mostly right: it is not part of the role, though some do it as a specialisation"
            if denied
            else "Some do, as a specialisation, not as part of the role"
        )
        lead = f"{opening}: {who_} carry out {main}"
    else:
        lead = f"{'Yes, that is right' if denied else 'No'}: {who_} carry out {main}, not {name}"
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


PART_OF = re.compile(r"\b(part of|belongs? to|falls? under|comes? under)\b", re.I)


THAT = re.compile(r"\b(it|that|this|those|these|they)\b", re.I)


def subtask_in_task(ctx: Context) -> Draft | None:
    """ "Is labeling data part of modeling?", "does hyperparameter search belong to deployment?", "is that part of
    deployment?" (of the activity just talked about): yes, or no with the task it is part of. The activity is read as
    the activity reader reads what people do, when it is not named."""
    q, tax, lib = ctx.question, ctx.tax, ctx.library
    said = PART_OF.search(q.text)
    if not said or not YES_NO.match(q.text):
        return None
    asked = find_entities(q.text[said.end() :], tax).tasks
    if not asked:
        return None
    before = q.text[: said.start()]
    # "and is that modeling work?": the activity just talked about; "does pruning belong to ...?" names its own
    found = activities_in(before, tax) or (activities_in(ctx.previous, tax) if THAT.search(before) else [])
    if not found:
        return None
    # "pruning" is in a modeling row and a deployment row: the one in the task asked about, if any
    task_id, sub_id = next((f for f in found if f[0] in asked), found[0])
    name = re.sub(r"\s*\(.*?\)", "", tax.task(task_id).subtask(sub_id).name)
    if len(asked) > 1:  # "is it part of A or B?": a choice, answered by the one it is part of, not a yes
        others = [t for t in asked if t != task_id]
        lead = f"{cap_first(task_name(tax, task_id))}: {lower_first(name)} is part of {task_name(tax, task_id)}"
        lead += f", not {listed([task_name(tax, t) for t in others], 'or')}" if others else ""
    elif task_id == asked[0]:
        lead = f"Yes: {lower_first(name)} is part of {task_name(tax, task_id)}"
    else:
        lead = f"No: {lower_first(name)} is part of {task_name(tax, task_id)}, not {task_name(tax, asked[0])}"
    return Reply().open(lead, lib.row(task_id, sub_id) or lib.card("task_card", task_id)).draft()


def activities_in(text: str, tax: Taxonomy) -> list[tuple[str, str]]:
    """The subtasks a piece of a question names, else those it describes, as (task id, subtask id), best first."""
    if not text.strip():
        return []
    named = [tuple(s.split("/")) for s in find_entities(text, tax).subtasks]
    if named:
        return named
    return [(m.task.id, m.subtask.id) for m in activity_index(tax).match([[(text, text, text)]], None)[0]]
