"""What to learn: a plan towards a role from a profile, a move between two roles, a deep learning variant."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answering.common import SKILL_WORDS, levels_list
from bot.answering.compose import CONTINUES, DANGLING, Draft
from bot.answering.notes import role_note_asked
from bot.answering.replies import (
    Context,
    Reply,
    cite,
    flat,
    led,
    level_word,
    listed,
    lower_first,
    report_sentences,
    role_name,
    role_tasks,
    role_tools,
    skill_name,
    skill_shown,
    task_name,
    tool_pattern,
)
from bot.index.passages import Passage
from bot.index.sentences import units
from bot.knowledge.profile import SkillProfile
from bot.knowledge.prompts import messages
from bot.knowledge.taxonomy import Taxonomy, prose, without_note
from bot.people.matching import match_roles, plan_for
from bot.reading.activities import activity_index
from bot.reading.clauses import GOAL
from bot.reading.question import PLAN, find_entities, goal_role, own_role


def transition(ctx: Context, src: str | None = None, dst: str | None = None) -> Draft | None:
    tax, lib = ctx.tax, ctx.library
    roles = ctx.question.entities.roles
    if src is None or dst is None:
        if len(roles) < 2:  # one role, or a field as the goal ("get into machine learning engineering"): its plan
            return plan(ctx) if roles or goal_role(ctx.question.text, roles, tax) else None
        src, dst = from_to(ctx.question.text, roles, tax)
    # a typical profile of the role the user comes from, with what they told us about themselves on top
    # ("I know Python" reads working: it does not lower a software engineer's outstanding coding; "no ML" does)
    typical = {s: e.level for s, e in tax.role(src).profile.items()}
    said = ctx.profile.levels
    profile = SkillProfile(
        levels=typical | {s: lvl if not lvl else max(lvl, typical.get(s, 0)) for s, lvl in said.items()}
    )
    steps = plan_for(profile, dst)
    whose = f"a typical {role_name(tax, src)} profile" + (" and what you told me" if not ctx.profile.is_empty else "")
    a, b = tax.role(src), tax.role(dst)
    ca, cb = lib.card("role_card", src), lib.card("role_card", dst)
    if steps.ready:
        return Reply().open(f"From {whose}, the {role_name(tax, dst)} profile is already met", cb).draft()
    gaps = _gap_list(tax, steps.steps[:3])
    keep = [task_name(tax, t) for t in b.tasks.main if t in a.tasks.main]
    add = [task_name(tax, t) for t in b.tasks.main if t not in a.tasks.main]
    takes = f"you would take on {listed(add)}; " if add else ""
    reply = Reply().open(
        f"To move from {role_name(tax, src)} to {role_name(tax, dst)}, {takes}close these gaps first: {gaps}",
        ca,
        cb,
    )
    if keep:
        reply.point(f"You keep the {listed(keep)} the two roles share", ca, cb)
    note = role_note_asked(ctx, a, b)  # what the reports say sets the two apart ("out-of-the-box methods ...")
    if note:
        reply.point(note[0], note[2], fact=False)
    _plan_points(reply, steps, ctx, limit=3, said=frozenset(s.skill for s in steps.steps[:3]))
    if ctx.profile.is_empty:
        reply.point(f"This starts from {whose}; tell me your own skills for a plan of your own", fact=False)
    return reply.draft()


def _short_list(example: str, keep: int = 4) -> str:
    """An example that lists many items after a colon, with its first few: "using one of the following methods:
    Linear Regression, Logistic Regression, Decision Trees, Random Forest, and others"."""
    head, sep, items = example.partition(": ")
    parts = [p.strip() for p in re.sub(r",?\s*etc\.?$", "", items).split(",")]
    return f"{head}{sep}{', '.join(parts[:keep])}, and others" if sep and len(parts) > keep + 1 else example


def _gap_list(tax: Taxonomy, steps) -> str:
    """Gaps in words, those with the same levels together: "machine learning and mathematics (solid needed, none
    yet) and software engineering (aware to solid)"."""
    groups: dict[tuple[int, int], list[str]] = {}
    for step in steps:
        groups.setdefault((step.have, step.need), []).append(skill_shown(tax, step.skill))
    return listed(
        [
            f"{listed(names)} ({level_word(need)} needed, none yet)"
            if not have
            else f"{listed(names)} ({level_word(have)} to {level_word(need)})"
            for (have, need), names in groups.items()
        ]
    )


def from_to(text: str, roles: list[str], tax: Taxonomy) -> tuple[str, str]:
    """(from, to) of a move between two roles: the goal is the role after "become / into / to / ->"."""
    dst = goal_role(text.replace("->", " to ").replace("→", " to "), roles, tax) or roles[-1]
    src = next((r for r in roles if r != dst), roles[0])
    return src, dst


def _plan_points(
    reply: Reply, plan, ctx: Context, limit: int = 4, said: frozenset[str] = frozenset(), known: bool = True
) -> None:
    """One point per step: the skill, from where to where (unless the opening `said` it; only where to, unless the
    levels it starts from are `known`), and the report's subtask for it (the plainest one named after the skill,
    else the most specific: the one needing the fewest other skills; not one already shown) with an example."""
    lib = ctx.library
    used: set[str] = set()
    for step in plan.steps[:limit]:
        rows = {a.subtask: lib.row(a.task, a.subtask) for a in step.activities}
        named = flat(step.skill_name)  # a subtask named after the skill ("training machine learning models")
        acts = sorted(
            (a for a in step.activities if a.subtask not in used),
            key=lambda a: (
                (0, len(a.subtask_name))  # the plainest of those named after it
                if named in flat(a.subtask_name)
                else (1, len(rows[a.subtask].skills) if rows[a.subtask] else 9)
            ),
        )
        act = acts[0] if acts else None
        where = ""
        if act:
            used.add(act.subtask)
            doing = lower_first(without_note(act.subtask_name))
            how = "by" if doing.split()[0].endswith("ing") else "on"
            where = f": practise it {how} {doing}, for example {lower_first(_short_list(act.examples[0]))}"
        levels = (
            ""
            if step.skill in said
            else f" ({level_word(step.have)} to {level_word(step.need)})"
            if known
            else f" ({level_word(step.need)})"
        )
        reply.point(f"{step.skill_name}{levels}{where}", rows[act.subtask] if act else None)


def variant_answer(ctx: Context, base: str) -> Draft:
    """A deep learning variant: its base role, what it adds, and the deep learning the reports define."""
    tax, lib = ctx.tax, ctx.library
    role = tax.role(base)
    variant = role.variants[0]
    card = lib.card("role_card", base)
    reply = Reply().open(
        f"The {prose(variant.name)} is a variant of the {role_name(tax, base)}: it needs deep learning in addition "
        f"to the {role_name(tax, base)}'s skill profile",
        card,
    )
    text = ctx.question.text
    already = own_role(text, tax) == base  # "I'm an MLE, what extra for a deep learning engineer?": deep learning
    if not already and (ctx.question.kind in ("plan", "needs") or PLAN.search(text) or SKILL_WORDS.search(text)):
        # what to learn: the base role's strongest skills, plus deep learning
        order = sorted(role.profile.items(), key=lambda kv: -kv[1].level)
        needs_ = levels_list(tax, [(s, e.level) for s, e in order if e.level >= 3])
        reply.open(f"So build up deep learning, and the base role's {needs_}", card)
    for sentence in report_sentences(variant.description)[2:3]:
        reply.quote(sentence, lib)
    hence = (
        next((u for u in units(lib.section(role=base)) if u.startswith("Hence")), None)
        if lib.section(role=base)
        else None
    )
    if hence:
        reply.point(hence, lib.section(role=base), fact=False)
    dl = tax.skill("deep_learning")
    reply.point(f"Deep learning, as the reports define it: {dl.definition}", lib.card("skill_card", "deep_learning"))
    return reply.draft()


WHICH_FIRST = re.compile(r"\bor\b.*\b(first|before)\b|\b(first|start with)\b.*\bor\b", re.I)


def _which_first(ctx: Context, draft: Draft) -> Draft:
    """ "Tableau or Python first, for a data analyst?": the reports set no order; where the role uses each."""
    tax = ctx.tax
    dst = goal_role(ctx.question.text, ctx.question.entities.roles, tax) or ctx.question.entities.roles[0]
    role = tax.role(dst)
    uses = []
    for tool in [t for i in ctx.question.entities.tools[:2] for t in tax.tools if t.id == i]:
        pattern = tool_pattern(tool)
        tasks = {t.id for t in tax.tasks}
        where = [(task_name if k in tasks else skill_name)(tax, k) for k, v in role.tools.items() if pattern.search(v)]
        uses.append(f"{tool.name} for {listed(where)}" if where else f"not {tool.name}")
    said = f"The reports don't say which to learn first; for the {role_name(tax, dst)} they list {listed(uses)}"
    return led(draft, said, ctx.library.card("role_card", dst), sep="\n\n")


def _variant_goal(ctx: Context) -> Draft | None:
    """A move to a deep learning variant from another role ("I'm a data scientist, I want to become a deep
    learning researcher"): the move to its base role, then the deep learning the variant adds."""
    ents, tax = ctx.question.entities, ctx.tax
    if not ents.variants:
        return None
    base = ents.variants[0]
    src = own_role(ctx.question.text, tax) or next((r for r in ents.roles if r != base), None)
    if not src or src == base:
        return variant_answer(ctx, base)
    draft = transition(ctx, src, base)
    name = prose(tax.role(base).variants[0].name)
    said = f"The {name} is a variant of the {role_name(tax, base)}: on top of this, it needs deep learning"
    cited, mark = cite(draft.cited, ctx.library.card("role_card", base))
    lines = draft.text.split("\n")
    text = "\n".join([lines[0], "", f"- {said}.{mark}", *[x for x in lines[1:] if x.strip()]])
    return draft.model_copy(update={"text": text, "cited": cited, "facts": [*draft.facts, said]})


def _title_note(ctx: Context, role_id: str) -> tuple[str, Passage | None] | None:
    """The role's note that sets it apart from a job title the question names ("It is different from what is
    usually referred to as a Business Analyst. The latter is less quantitative ..."), with its source."""
    titles = [t.lower() for t in ctx.question.entities.titles]
    for note in ctx.tax.role(role_id).notes:
        sentences = report_sentences(note)
        for i, sentence in enumerate(sentences):
            if any(t in sentence.lower() for t in titles):
                said = sentences[max(i - 1, 0) : i + 2] if DANGLING.match(sentence) else sentences[i : i + 2]
                text = " ".join(x for x in said if x == sentence or CONTINUES.match(x) or x in said[:1])
                return text, ctx.library.quoting(sentence[:60])
    return None


def plan(ctx: Context) -> Draft | None:
    variant = _variant_goal(ctx)
    if variant:
        return variant
    draft = _plan(ctx)
    ents = ctx.question.entities
    if draft and len(ents.tools) >= 2 and WHICH_FIRST.search(ctx.question.text):
        return _which_first(ctx, draft)
    dst = goal_role(ctx.question.text, ctx.question.entities.roles, ctx.tax)
    note = _title_note(ctx, dst) if draft and dst and ctx.question.entities.titles else None
    if not note:
        return _as_titled(ctx, dst, draft) if draft and dst else draft
    # "I'm a business analyst, what changes for a data analyst?": first what the reports say sets the two apart;
    # a title the reports set apart from the role says nothing of the role's skills, so no "no gaps" from it
    if draft.text.startswith("Your profile already meets"):
        draft = _plan(replace(ctx, profile=SkillProfile(levels={})))
    cited, mark = cite(draft.cited, note[1])
    return draft.model_copy(update={"text": f"{note[0]}{mark}\n\n{draft.text}", "cited": cited})


def _as_titled(ctx: Context, role_id: str, draft: Draft) -> Draft:
    """A plan asked for under another title of the role ("data engineer") says first which role that is."""
    text, role = flat(ctx.question.text), ctx.tax.role(role_id)
    roles = {flat(r.name) for r in ctx.tax.roles}
    title = next((t for t in role.alternative_titles if flat(t) in text and flat(t) not in roles), None)
    if not title or flat(role.name) in text:
        return draft
    said = f"The reports list {title} among the titles of the {role_name(ctx.tax, role_id)}"
    card = ctx.library.card("role_card", role_id)
    cited, mark = cite(draft.cited, card)
    text, facts = f"{said}.{mark} {draft.text}", [*draft.facts, said]
    # a title named after a task ("data engineer": data engineering) gets that task's languages and tools
    task = next(iter(find_entities(re.sub(r"engineer\b", "engineering", title), ctx.tax).tasks), None)
    if task and ctx.tax.task(task).languages_tools:
        tools = f"For {task_name(ctx.tax, task)} the reports name {listed(ctx.tax.task(task).languages_tools)}"
        cited, where = cite(cited, ctx.library.section(task=task))
        lines = text.split("\n")
        text, facts = "\n".join([*lines[:3], f"- {tools}.{where}", *lines[3:]]), [*facts, tools]
    return draft.model_copy(update={"text": text, "cited": cited, "facts": facts})


def _plan(ctx: Context) -> Draft | None:
    tax, lib = ctx.tax, ctx.library
    roles = ctx.question.entities.roles
    variant = ctx.question.entities.variants[:1]
    if variant and (not roles or roles == variant):
        return variant_answer(ctx, variant[0])
    dst = goal_role(ctx.question.text, roles, tax) or (variant[0] if variant else None)
    if dst is None:
        return towards_activity(ctx)
    own = own_role(ctx.question.text, tax)
    if own and own != dst:
        return transition(ctx, own, dst)
    if len(roles) >= 2:
        return transition(ctx)
    card = lib.card("role_card", dst)
    if ctx.profile.is_empty:
        role = tax.role(dst)
        order = sorted(role.profile.items(), key=lambda kv: -kv[1].level)
        needs_ = levels_list(tax, [(s, e.level) for s, e in order if e.level >= 3])
        reply = Reply().open(f"To become a {role_name(tax, dst)}, build up {needs_}", card)
        reply.point(f"The role carries out {role_tasks(tax, role)}", card)
        plan_ = plan_for(SkillProfile(levels={}), dst)
        _plan_points(reply, plan_, ctx, limit=3, said=frozenset(s for s, e in order if e.level >= 3), known=False)
        reply.point(f"Tools the report lists for it: {', '.join(role_tools(role, tax)[:10])}", card)
        reply.point(messages()["ask_skills"], fact=False)
        return reply.draft()
    plan_ = plan_for(ctx.profile, dst)
    if plan_.ready and ctx.only_titles:  # a title says what people are called, not what they can do
        return (
            Reply()
            .open(
                f"Your job title alone doesn't tell me your gaps for the {role_name(tax, dst)} role", card, fact=False
            )
            .point(messages()["ask_skills"], fact=False)
            .draft()
        )
    if plan_.ready:
        return (
            Reply()
            .open(f"Your profile already meets the {role_name(tax, dst)} profile: no gaps to close", card)
            .draft()
        )
    reply = Reply().open(
        f"To become a {role_name(tax, dst)}, your biggest gaps are {_gap_list(tax, plan_.steps[:3])}", card
    )
    reply.point(f"The role carries out {role_tasks(tax, tax.role(dst))}", card)
    _plan_points(reply, plan_, ctx, limit=4, said=frozenset(s.skill for s in plan_.steps[:3]))
    if len(plan_.steps) > 4:  # named, not counted
        reply.point(messages()["more_gaps"].format(gaps=_gap_list(tax, plan_.steps[4:])), fact=False)
    return reply.draft()


WISH_ENDS = re.compile(r"[,.?!;\n]|\b(?:what|which|how|where|and then)\b", re.I)


def goal_activity(text: str, tax: Taxonomy) -> tuple[str, str] | None:
    """(task id, subtask id) of the work a user wants to do ("I want to be the one who gets models running on
    phones"): read in the wish, in two words or more of the activity's ("move into AI" is no moving of data)."""
    wish = GOAL.search(text)
    if wish is None:
        return None
    goal = WISH_ENDS.split(text[wish.end() :])[0]
    found = activity_index(tax).match([[(goal, goal, goal)]], None)[0]
    best = next((m for m in found if len(m.words) >= 2), None)
    return (best.task.id, best.subtask.id) if best else None


def towards_activity(ctx: Context, found: tuple[str, str] | None = None) -> Draft | None:
    """No role named, but the work wanted (`found`: `goal_activity`, when read already): the plan for the role whose
    main task it is, the closest to the profile (with no profile, the one with the fewest main tasks: the work is
    the largest part of it)."""
    tax = ctx.tax
    found = found or goal_activity(ctx.question.text, tax)
    if found is None:
        return None
    task, subtask = found
    order = [m.role_id for m in match_roles(ctx.profile).ranking]
    if ctx.profile.is_empty:
        order.sort(key=lambda r: len(tax.role(r).tasks.main))  # stable: the taxonomy's order among equals
    doing = [r for r in order if task in tax.role(r).tasks.main]
    if not doing:
        return None
    q = ctx.question.model_copy(update={"entities": ctx.question.entities.model_copy(update={"roles": doing[:1]})})
    draft = _plan(replace(ctx, question=q))
    if draft is None:
        return None
    sub = prose(tax.task(task).subtask(subtask).name)
    names = listed([role_name(tax, r) for r in doing])
    said = f"What you want to do is {sub}, part of {task_name(tax, task)}: a main task of the {names}"
    return led(draft, said, ctx.library.row(task, subtask), *(ctx.library.card("role_card", r) for r in doing))


def plan_closest(ctx: Context) -> Draft:
    """What to learn, no role named, from a known profile: the plan towards the closest role."""
    best = match_roles(ctx.profile).best.role_id
    said = f"Your closest role is the {role_name(ctx.tax, best)}, so here is what to learn for it"
    q = ctx.question.model_copy(
        update={"kind": "plan", "entities": ctx.question.entities.model_copy(update={"roles": [best]})}
    )
    return led(plan(replace(ctx, question=q)), said, ctx.library.card("role_card", best))
