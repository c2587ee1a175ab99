"""Likes and dislikes mapped to skills and tasks, then the role that fits them best."""

from __future__ import annotations

import re

from bot.answering.compose import DANGLING, Draft
from bot.answering.replies import (
    Context,
    Reply,
    level_word,
    listed,
    lower_first,
    report_sentences,
    role_name,
    skill_name,
    task_name,
    tool_pattern,
)
from bot.knowledge.taxonomy import Role, Taxonomy, prose
from bot.reading.polarity import PREFERENCE_CONFIDENCE, feelings, polarity
from bot.reading.question import LIKES, find_entities
from bot.reading.shapes import MORE_LESS
from bot.reading.skills import extract_profile

# "what kind of org should I look for?": the question asks for a kind of organization, not (only) a role
ORG_ASKED = re.compile(
    r"\b(organi[sz]ations?|orgs?|(kind|type|sort)s? of (company|companies|team|teams|place|places|employer))\b", re.I
)


def organization(ctx: Context) -> Draft | None:
    """The kind of AI organization whose goal, output and workflow are closest to what the user says they want (the
    reports define two: one helps leaders decide, one automates)."""
    orgs = ctx.tax.organizations
    if not ORG_ASKED.search(ctx.question.text) or not orgs:
        return None
    texts = [f"{o.goal} {o.output} {', '.join(o.workflow)}" for o in orgs]
    # "rather help leaders decide than automate things": close to what is liked, far from what is liked less
    liked, *less = re.split(rf"{COMPARED.pattern}|,\s*not\b", ctx.question.text, maxsplit=1)
    scores = list(ctx.composer.scores(liked, texts))
    if less:
        scores = [a - b for a, b in zip(scores, ctx.composer.scores(less[0], texts), strict=True)]
    best = orgs[int(max(range(len(orgs)), key=lambda i: scores[i]))]
    card = ctx.library.card("org_card", best.id)
    output = lower_first(re.sub(r"^The output is |\s*\((?:2019|2020)\)", "", best.output).rstrip("."))
    lead = f"A {best.name.lower()}: its goal is to {lower_first(best.goal.rstrip('.'))}, and its output is {output}"
    return Reply().open(lead, card).draft()


def preference(
    ctx: Context, needs_likes: bool = False, read: tuple[list[tuple[str, str]], list[tuple[str, str]]] | None = None
) -> Draft | None:
    """Likes and dislikes mapped to skills and tasks, then the role whose profile and tasks fit them best (None when
    none are read, or, with `needs_likes`, no like: dislikes alone point to a role too weakly; then what the user
    wants to do counts as a like). `read`: the likes and dislikes, when `likes_and_dislikes` has read them already."""
    tax, lib = ctx.tax, ctx.library
    likes, dislikes = read or _likes(ctx.question.text, tax, ctx.composer.embedder, wants=needs_likes)
    if not likes and (needs_likes or not dislikes):
        return None
    if not likes and all(k == "task" and all(i in r.tasks.main for r in tax.roles) for k, i in dislikes):
        return None  # a dislike of what every role does (data engineering) sets no role apart

    def score(role: Role) -> float:
        s = 0.0
        for kind, item in likes:
            s += role.level(item) if kind == "skill" else 3 * (item in role.tasks.main) + (item in role.tasks.lighter)
        for kind, item in dislikes:
            s -= role.level(item) if kind == "skill" else 3 * (item in role.tasks.main) + (item in role.tasks.lighter)
        return s

    def liked(role: Role) -> float:
        return sum(role.level(i) if k == "skill" else 3 * (i in role.tasks.main) for k, i in likes)

    # on a tie, what is liked weighs more than what is disliked ("love math, hate coding": the researcher needs
    # outstanding mathematics, more than the data analyst's working, for all it needs some coding)
    # "DS or MLE?": one of those two
    asked = ctx.question.asked_roles or []
    offered = [tax.role(r) for r in asked] if len(asked) >= 2 else tax.roles
    ranked = sorted(offered, key=lambda r: (-score(r), -liked(r)))
    best = ranked[0]

    def names(items):
        return listed([skill_name(tax, i) if k == "skill" else task_name(tax, i) for k, i in items])

    because = _because(tax, best, likes, dislikes)
    who_ = ("someone who likes " + names(likes) if likes else "someone") + (
        (" but not " if likes else " who dislikes ") + names(dislikes) if dislikes else ""
    )
    card = lib.card("role_card", best.id)
    reply = Reply().open(f"For {who_}, the closest role is {role_name(tax, best.id)}: {because}", card)
    if ("skill", "deep_learning") in likes and best.variants:  # its deep learning variant needs deep learning on top
        names_ = listed([prose(v.name) for v in best.variants])
        reply.open(f"Its deep learning variant, the {names_}, needs deep learning in addition to its profile", card)
    reply.point(f"Next closest: {role_name(tax, ranked[1].id)}", lib.card("role_card", ranked[1].id))
    _quote_fitting(ctx, reply, best)
    return reply.draft()


def likes_and_dislikes(ctx: Context) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """What the message says the user likes and dislikes, as ("task" | "skill", id) pairs."""
    return _likes(ctx.question.text, ctx.tax, ctx.composer.embedder)


def asks_for(role: Role, item: tuple[str, str]) -> bool:
    """Whether a role asks for a disliked task or skill: one of its main tasks, or a skill it needs at solid or more
    (a dislike of research does not rule out a role that needs it only at aware)."""
    kind, item_id = item
    return item_id in role.tasks.main if kind == "task" else role.level(item_id) >= 3


def because_disliked(tax: Taxonomy, role: Role, dislikes: list[tuple[str, str]]) -> str:
    """What a role asks of the dislikes: "it does not carry out deployment", "it needs no research"."""
    return _because(tax, role, [], dislikes)


def _because(tax: Taxonomy, best: Role, likes: list[tuple[str, str]], dislikes: list[tuple[str, str]]) -> str:
    """Why the role fits the likes and dislikes: the liked tasks among its main ones, the levels it needs of the
    liked skills, what it needs little or none of, and (with "though") what it asks that was disliked."""
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
    plain, though = [w for w in why if not w.startswith("though")], [w for w in why if w.startswith("though")]
    return listed(plain) + (f", {listed(though)}" if though else "") if plain else listed(though)[7:]


def _quote_fitting(ctx: Context, reply: Reply, best: Role) -> None:
    """What the reports say of the role that meets the rest of the question ("ideally at an early-stage
    start-up"), then the sentence on the skills it demonstrates."""
    notes = [
        x
        for text in [best.summary, *best.notes]
        for x in report_sentences(text)[text == best.summary :]  # (not the summary's opening: its tasks)
        if not DANGLING.match(x) and "demonstrate" not in x
    ]
    scores = ctx.composer.scores(ctx.standalone, notes) if notes else []
    fitting = max(zip(scores, notes, strict=True), default=(0.0, ""))
    if fitting[0] >= NOTE_FITS:
        reply.quote(fitting[1], ctx.library)
    summary = report_sentences(best.summary)
    reply.quote(summary[0], ctx.library)  # what the role does: its tasks
    at = next((i for i, s in enumerate(summary) if "demonstrate" in s), None)
    if at is not None:
        reply.quote(summary[at], ctx.library)
        tools = tool_pattern(*ctx.tax.tools)
        if at + 1 < len(summary) and tools.search(summary[at + 1]):  # "They are accomplished in ... SQL"
            reply.quote(summary[at + 1], ctx.library)


NOTE_FITS = 0.5  # a note on the chosen role this close to the question says something the question asks about
# "I enjoy X and hate Y", "I'd like dashboards and never deep learning": a like or dislike verb, or a negation, after
# "and" starts a clause of its own
LIKE_VERB = (
    r"(?:hate|hates|dislike|dislikes|love|loves|like|likes|enjoy|enjoys|prefer|can'?t stand|don'?t like|never|not)\b"
)
# what one wants to do, when one asks which role does it ("I want to build CNNs and ship them: which role?")
WANTS = re.compile(r"\b(want(?:s|ed)? to|wanna|would like to|'d like to)\b", re.I)


# a clause that opens with a question word asks ("which task suits me best?"); "happiest when I ..." does not
ASKED = re.compile(r"^\s*(?:(?:and|so|then|but|ok|okay)\s+)?(?:which|what|whats|what's|who|how|where|when|why)\b", re.I)
BARE_WORDS = 4  # words: an item of a list, not a clause of its own
COMPARED = re.compile(r"\b(?:than|instead of|over|less(?! than))\b")  # what stands before the one liked less


def _likes(
    text: str, tax: Taxonomy, embedder=None, wants: bool = False
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(likes, dislikes) as ("task" | "skill", id): each clause with a like or dislike word gives what it names,
    and the activities it describes (the reports' subtasks: "building scalable systems" is AI infrastructure); a
    clause without one carries on the clause before ("I want to do everything, data, models, infra"); "rather A
    than B" likes A and dislikes B."""
    likes: list[tuple[str, str]] = []
    dislikes: list[tuple[str, str]] = []

    def add(items: list[tuple[str, str]], negative: bool) -> None:
        if negative and any(k == "task" for k, _ in items):  # not liking dashboards is not liking business
            items = [x for x in items if x[0] == "task"]  # analysis, not the skills it shares with modeling
        (dislikes if negative else likes).extend(x for x in items if x not in likes + dislikes)

    negative: bool | None = None
    for sentence in re.split(r"[.;!?]", text):
        # "servers, devops, production stuff = my nightmare": a list before its feeling takes that feeling
        pending: list[tuple[str, str]] | None = []
        for clause in re.split(r",|\bbut\b|\bwhile\b|\band\b(?=\s+(?:i\s+)?" + LIKE_VERB + ")", sentence):
            # "rather A than B", "A more than B", "A over B", "A instead of B": B is the one liked less
            compared = re.search(r"\brather\b", clause) or LIKES.search(clause) or MORE_LESS.search(clause)
            # "more research and less production": the part after "less" is liked less
            parts = re.split(COMPARED, clause, maxsplit=1) if compared else [clause]
            less = bool(re.search(r"\bless than\b", clause))  # "A less than B": A is the one liked less
            for n, part in enumerate(parts):
                said = LIKES.search(part)
                m = said or (wants and WANTS.search(part))
                if not m and len(parts) == 1 and ASKED.search(part):
                    continue  # "which task suits me best?" asks; it says no like
                felt = False
                if not m and n == 0 and negative is False and re.match(r"\s*(?:not|no|never)\b", part, re.I):
                    negative, felt = True, True  # "I love shipping things, not papers": after ", not", liked less
                # the skill reader's reading: its cues ("little interest in"), else its learned reader ("X drains me")
                feeling = feelings([part], embedder, PREFERENCE_CONFIDENCE)[0] if not m else polarity(part)
                if m or feeling in ("likes", "dislikes") or len(parts) > 1:
                    disliked = feeling == "dislikes" or bool(said and said.group("neg"))
                    negative, felt = ((n == 1) != less if len(parts) > 1 else disliked), True
                items = _named(part, tax, embedder)
                # a bare item ("devops"), not a statement of its own ("I know SQL"), waits for the sentence's feeling
                bare = len(part.split()) <= BARE_WORDS and not re.search(r"\b(i|i'm|im|my|we|our)\b", part, re.I)
                if pending is not None and not felt and bare:
                    pending += items  # no feeling said yet in this sentence
                    continue
                if not felt and negative is None:
                    continue
                if pending:
                    add(pending, bool(negative))
                pending = None
                add(items, bool(negative))
        if pending and negative is not None:  # a sentence without a feeling carries on the one before
            add(pending, negative)
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
    if not items and not ents.roles and re.search(r"\w{3,}", text):  # "DS or MLE?" names roles, not likes
        try:
            read = extract_profile(text, tax, embedder)
        except ValueError:
            return []
        items = [("task", a.task) for a in read.activities if a.task] + [("skill", e.skill) for e in read.evidence]
    return list(dict.fromkeys(items))
