"""Advice about people and roles: which role fits a profile or a set of likes, what to learn for a role (a plan
from a profile, a move from one role to another, a deep learning variant), and what the reports say sets two
roles apart (their notes). Each answerer opens with a sentence composed from the taxonomy and the matcher's
output, as `bot.answering.answerers` does, and is found from its table.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answering.compose import CONTINUES, DANGLING, Draft
from bot.answering.replies import (
    Context,
    Reply,
    cap_first,
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
    with_article,
)
from bot.index.passages import Passage
from bot.index.sentences import units
from bot.knowledge.profile import SkillProfile
from bot.knowledge.prompts import messages
from bot.knowledge.taxonomy import Role, Taxonomy, prose, without_note
from bot.people.matching import match_roles, plan_for
from bot.reading.question import (
    LIKES,
    PLAN,
    find_entities,
    goal_role,
    own_role,
)
from bot.reading.skills import extract_profile

SKILL_WORDS = re.compile(r"\b(skills?|know|knowledge|need|needs|require\w*|good at)\b", re.I)


NOTE_LEADS = 0.8  # a role note this close to a comparison question is its answer
REASON_ASKED = re.compile(r"\b(why|point of|reason|purpose)\b", re.I)
NOTE_RELEVANT = 0.6  # ... and this close, a point worth making
NOTE_ON_TASK = 0.4  # a note naming the task the question asks about (and another side) answers it from here


def lists_titles(sentence: str, tax: Taxonomy) -> bool:
    """A role's list of other job titles ("Companies may refer to this position as: ..."): it answers what the
    role is called, nothing else."""
    text, names = flat(sentence), {flat(r.name) for r in tax.roles}
    titles = {flat(t) for r in tax.roles for t in r.alternative_titles} - names  # not "data scientist"
    return sum(t in text for t in titles) >= 2


def role_note_asked(ctx: Context, a: Role, b: Role) -> tuple[str, bool, Passage | None] | None:
    """The sentence of the compared roles' notes that best answers a comparison question, whether it answers it
    (rather than adds to it), and its source; only a note that names another side ("A Software Engineer - ML
    uses out-of-the-box methods ... while an MLE, MLR or DS is able to customize models"): a note about one role
    alone does not compare them. A note on the task the question asks about ("their modeling") answers it."""
    named = list(dict.fromkeys([a.id, b.id, *ctx.question.entities.roles]))
    candidates = []
    for role in map(ctx.tax.role, named):
        for note in [*role.notes, role.tasks.note or ""]:
            sentences = report_sentences(note)
            for i, sentence in enumerate(sentences):
                before = sentences[i - 1] if i and DANGLING.match(sentence) else ""  # "The latter format ..."
                text = f"{before} {re.sub(r'^(Also|However), ', '', sentence)}".strip()
                if lists_titles(sentence, ctx.tax):
                    continue  # a role's list of other job titles names roles, but compares nothing
                found = find_entities(text, ctx.tax)
                if set(found.roles) & (set(named) - {role.id}):
                    candidates.append((text, bool(set(found.tasks) & set(ctx.question.entities.tasks))))
    if not candidates:
        return None
    scores = ctx.composer.scores(ctx.standalone, [text for text, _ in candidates])
    score, on_task, best = max((s, on_task, text) for s, (text, on_task) in zip(scores, candidates, strict=True))
    # "what's the point of having both?": what the reports say sets them apart is the answer
    on_task = on_task or bool(REASON_ASKED.search(ctx.question.text))
    if score < (NOTE_ON_TASK if on_task else NOTE_RELEVANT):
        return None
    text = cap_first(re.sub(r"\s*\((2019|2020)\)$", "", best))
    return text, on_task or score >= NOTE_LEADS, ctx.library.quoting(report_sentences(text)[-1][:60])


def transition(ctx: Context, src: str | None = None, dst: str | None = None) -> Draft | None:
    tax, lib = ctx.tax, ctx.library
    roles = ctx.question.entities.roles
    if src is None or dst is None:
        if len(roles) < 2:
            return plan(ctx) if roles else None
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


def levels_list(tax: Taxonomy, levels: list[tuple[str, int]], prep: str = "to") -> str:
    """Skills and levels in words, those at the same level together: "machine learning and software engineering
    to solid, and mathematics to working"; "each to solid" when all are (`prep` "at" after "needs")."""
    groups: dict[int, list[str]] = {}
    for skill, level in levels:
        groups.setdefault(level, []).append(skill_shown(tax, skill))
    if len(groups) == 1:
        ((level, names),) = groups.items()
        return f"{listed(names)}{', each' if len(names) > 1 else ''} {prep} {level_word(level)}"
    return ", and ".join(f"{listed(names)} {prep} {level_word(level)}" for level, names in groups.items())


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
        return None
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


def fit(ctx: Context) -> Draft:
    tax, lib = ctx.tax, ctx.library
    if ctx.profile.is_empty:
        return Draft(text=messages()["ask_skills"])
    ranking = match_roles(ctx.profile)
    top = ranking.ranking[:3]
    cards = [lib.card("role_card", m.role_id) for m in top]
    best = top[0]
    # a skill the user says they lack, which every runner-up needs: why those come after ("no ML at all")
    lacking = [
        skill_shown(tax, s)
        for s, lvl in ctx.profile.levels.items()
        if not lvl and all(tax.role(m.role_id).level(s) >= 2 for m in top[1:])
    ]
    then = listed([f"{role_name(tax, m.role_id)} ({m.score:.2f})" for m in top[1:]])
    if lacking and len(top) > 1:
        then += f", which need the {listed(lacking)} you said you don't have"
    reply = Reply().open(
        f"The closest role for you is {role_name(tax, best.role_id)} (fit {best.score:.2f}), then {then}", *cards
    )
    variant = next((v for v in tax.role(best.role_id).variants), None)
    if variant and ctx.profile.level("deep_learning") >= 3:
        reply.open(
            f"With your deep learning, its variant fits too: the {prose(variant.name)}, which needs deep learning "
            "in addition to the role's profile",
            cards[0],
        )
    reply.open(_fit_reason(ctx, best), cards[0])
    close = _close_call(ctx, best, top[1]) if len(top) > 1 else None
    if close:
        reply.open(close, cards[1])
    # a skill the user says they lack is read too ("no machine learning"), after the ones they have
    levels = sorted(ctx.profile.levels.items(), key=lambda kv: not kv[1])
    read = [f"{level_word(lvl) if lvl else 'no'} {skill_shown(tax, s)}" for s, lvl in levels]
    if read:
        reply.point(f"What I read from you: {listed(read)}")  # the profile the matcher ranked: its output
    return reply.draft()


CLOSE_CALL = 0.05  # fit scores this near are a close call: what separates the two roles is said


def _close_call(ctx: Context, first, second) -> str | None:
    """When the runner-up is nearly level with the first role, the skill of yours that the runner-up needs more
    ("your solid machine learning is what the data scientist needs; the data analyst needs it only at aware")."""
    if first.score - second.score > CLOSE_CALL:
        return None
    tax = ctx.tax
    a, b = tax.role(first.role_id), tax.role(second.role_id)
    gains = [(min(lvl, b.level(s)) - min(lvl, a.level(s)), s, lvl) for s, lvl in ctx.profile.levels.items() if lvl >= 2]
    gain, skill, lvl = max(gains, default=(0, "", 0))
    if gain <= 0:
        return None
    need_a = f"only at {level_word(a.level(skill))}" if a.level(skill) else "not at all"
    return (
        f"It is close with the {role_name(tax, b.id)}: your {level_word(lvl)} {skill_shown(tax, skill)} is what it "
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


def preference(ctx: Context) -> Draft | None:
    """Likes and dislikes mapped to skills and tasks, then the role whose profile and tasks fit them best."""
    tax, lib = ctx.tax, ctx.library
    likes, dislikes = _likes(ctx.question.text, tax, ctx.composer.embedder)
    if not likes and not dislikes:
        return None

    def score(role: Role) -> float:
        s = 0.0
        for kind, item in likes:
            s += role.level(item) if kind == "skill" else 3 * (item in role.tasks.main) + (item in role.tasks.lighter)
        for kind, item in dislikes:
            s -= role.level(item) if kind == "skill" else 3 * (item in role.tasks.main) + (item in role.tasks.lighter)
        return s

    ranked = sorted(tax.roles, key=lambda r: -score(r))
    best = ranked[0]

    def names(items):
        return listed([skill_name(tax, i) if k == "skill" else task_name(tax, i) for k, i in items])

    main = [task_name(tax, i) for k, i in likes if k == "task" and i in best.tasks.main]
    why = (
        [f"{listed(main)} {'is one of its main tasks' if len(main) == 1 else 'are among its main tasks'}"]
        if main
        else []
    )
    liked = [i for k, i in likes if k == "skill"][:3]
    needs = [f"{level_word(best.level(i))} {skill_name(tax, i)}" for i in liked]
    little = {0: [], 1: []}  # disliked skills it needs not at all, or only at aware
    for kind, item in dislikes[:2]:
        if kind == "task":
            why.append(
                f"it does not carry out {task_name(tax, item)}"
                if item not in best.tasks.main
                else f"though {task_name(tax, item)} is one of its tasks"
            )
        elif best.level(item) <= 1:
            little[best.level(item)].append(skill_name(tax, item))
        else:
            why.append(f"though it needs {skill_name(tax, item)} at a {level_word(best.level(item))} level")
    aware = f"{listed(little[1])} only at aware" if little[1] else ""
    if needs or aware:
        said = listed(needs) + (f", but {aware}" if needs and aware else aware)
        why.insert(len(main and why[:1]), f"it needs {said}")
        needs = needs or [aware]
    if little[0]:
        why.insert(len(main and why[:1]) + bool(needs), f"it needs no {listed(little[0], 'or')}")
    who_ = ("someone who likes " + names(likes) if likes else "someone") + (
        (" but not " if likes else " who dislikes ") + names(dislikes) if dislikes else ""
    )
    card = lib.card("role_card", best.id)
    plain, though = [w for w in why if not w.startswith("though")], [w for w in why if w.startswith("though")]
    because = listed(plain) + (f", {listed(though)}" if though else "") if plain else listed(though)[7:]
    reply = Reply().open(f"For {who_}, the closest role is {role_name(tax, best.id)}: {because}", card)
    if ("skill", "deep_learning") in likes and best.variants:  # its deep learning variant needs deep learning on top
        names_ = listed([prose(v.name) for v in best.variants])
        reply.open(f"Its deep learning variant, the {names_}, needs deep learning in addition to its profile", card)
    reply.point(f"Next closest: {role_name(tax, ranked[1].id)}", lib.card("role_card", ranked[1].id))
    # what the reports say of the role that meets the rest of the question ("ideally at an early-stage start-up")
    notes = [
        x
        for text in [best.summary, *best.notes]
        for x in report_sentences(text)[text == best.summary :]  # (not the summary's opening: its tasks)
        if not DANGLING.match(x) and "demonstrate" not in x
    ]
    scores = ctx.composer.scores(ctx.standalone, notes) if notes else []
    fitting = max(zip(scores, notes, strict=True), default=(0.0, ""))
    if fitting[0] >= NOTE_FITS:
        reply.quote(fitting[1], lib)
    sentence = next((s for s in report_sentences(best.summary) if "demonstrate" in s), None)
    if sentence:
        reply.quote(sentence, lib)
    return reply.draft()


NOTE_FITS = 0.5  # a note on the chosen role this close to the question says something the question asks about


# "I enjoy X and hate Y": a like or dislike verb after "and" starts a clause of its own
LIKE_VERB = r"(?:hate|hates|dislike|dislikes|love|loves|like|likes|enjoy|enjoys|prefer|can'?t stand|don'?t like)\b"


def _likes(text: str, tax: Taxonomy, embedder=None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(likes, dislikes) as ("task" | "skill", id): each clause with a like or dislike word gives what it names,
    and the activities it describes (the reports' subtasks: "building scalable systems" is AI infrastructure); a
    clause without one carries on the clause before ("I want to do everything, data, models, infra"); "rather A
    than B" likes A and dislikes B."""
    likes: list[tuple[str, str]] = []
    dislikes: list[tuple[str, str]] = []
    negative: bool | None = None
    for clause in re.split(r"[,.;!?]|\bbut\b|\bwhile\b|\band\b(?=\s+(?:i\s+)?" + LIKE_VERB + ")", text):
        # "rather A than B", "A more than B", "A over B", "A instead of B": B is the one liked less
        compared = re.search(r"\brather\b", clause) or LIKES.search(clause)
        parts = re.split(r"\b(?:than|instead of|over)\b", clause, maxsplit=1) if compared else [clause]
        less = bool(re.search(r"\bless than\b", clause))  # "A less than B": A is the one liked less
        for n, part in enumerate(parts):
            m = LIKES.search(part)
            if m or len(parts) > 1:
                negative = (n == 1) != less if len(parts) > 1 else bool(m and m.group("neg"))
            if negative is None:
                continue
            items = _named(part, tax, embedder)
            if negative and any(k == "task" for k, _ in items):  # not liking dashboards is not liking business
                items = [x for x in items if x[0] == "task"]  # analysis, not the skills it shares with modeling
            (dislikes if negative else likes).extend(x for x in items if x not in likes + dislikes)
    return likes, dislikes


def _named(text: str, tax: Taxonomy, embedder=None) -> list[tuple[str, str]]:
    """The tasks and skills a piece of text names, or describes as an activity of the reports' subtasks."""
    ents = find_entities(text, tax)
    tasks = [*ents.tasks, *(s.split("/")[0] for s in ents.subtasks)]  # "dashboards": business analysis
    items = [("task", t) for t in dict.fromkeys(tasks)] + [("skill", s) for s in ents.skills]
    for tool_id in ents.tools:  # a tool is the task the reports use it in ("dashboards": Tableau, business
        tool = next(x for x in tax.tools if x.id == tool_id)  # analysis), else the skills it stands for
        used_in = [t.id for t in tax.tasks if any(tool.name.lower() in x.lower() for x in t.languages_tools)]
        items += [("task", t) for t in used_in] or [("skill", s) for s in tool.skills]
    if not items and re.search(r"\w{3,}", text):
        try:
            read = extract_profile(text, tax, embedder)
        except ValueError:
            return []
        items = [("task", a.task) for a in read.activities if a.task] + [("skill", e.skill) for e in read.evidence]
    return list(dict.fromkeys(items))


def plan_closest(ctx: Context) -> Draft:
    """What to learn, no role named, from a known profile: the plan towards the closest role."""
    best = match_roles(ctx.profile).best.role_id
    said = f"Your closest role is the {role_name(ctx.tax, best)}, so here is what to learn for it"
    q = ctx.question.model_copy(
        update={"kind": "plan", "entities": ctx.question.entities.model_copy(update={"roles": [best]})}
    )
    return led(plan(replace(ctx, question=q)), said, ctx.library.card("role_card", best))
