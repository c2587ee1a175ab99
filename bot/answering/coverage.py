"""Questions the reports don't cover, and the answer from the report's sentences to a question no answerer takes
(with its yes or no first when it asks one)."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answering.common import CONCESSION
from bot.answering.compose import Draft
from bot.answering.describe import describe, describe_title
from bot.answering.notes import role_note_asked
from bot.answering.replies import (
    Context,
    Reply,
    cap_first,
    lower_first,
    report_sentences,
    role_name,
    skill_name,
    strongest,
    task_name,
)
from bot.knowledge.prompts import messages
from bot.reading.english import is_common
from bot.reading.question import IS_IT_TRUE, YES_NO, find_entities
from bot.reading.router import asked_part


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
        title = describe_title(ctx, ents.titles[0])
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


NOT_COVERED_SIMILARITY = 0.3  # below this, no passage of the reports is near the question ...
SENTENCE_SIMILARITY = 0.35  # ... and below this, no sentence of the retrieved ones either ...
SENTENCE_WORDS = 0.45  # ... nor with the share of the question's rare words it holds (dev split: 7 of 11 covered
# questions far from every passage answered; 6 of 10 not covered ones still declined)


def _close(ctx: Context) -> bool:
    """Whether the reports come near the question: a passage as a whole, or one of its sentences (a question told
    as a story is far from any whole passage, yet one sentence may answer what it asks)."""
    if ctx.coverage(ctx.standalone) >= NOT_COVERED_SIMILARITY:
        return True
    dense = ctx.composer.ranked(ctx.standalone, ctx.passages)
    if dense and dense[0][2] >= SENTENCE_SIMILARITY:
        return True
    worded = ctx.composer.ranked(ctx.standalone, ctx.passages, lexical=True)
    return bool(worded) and worded[0][2] >= SENTENCE_WORDS


def unseen_names(ctx: Context) -> list[str]:
    """What a question about the reports' wording ("do they mention kubernetes?") names that their sentences never
    use: not the words of the asking itself ("is X covered?"), nor everyday English ("anywhere")."""
    # "do they cover X?" asked, not "my course never covered X" told
    if not MENTION.search(asked_part(ctx.question.text)) or ctx.question.kind == "not_covered":
        return []
    return [w for w in ctx.composer.unseen(MENTION.sub(" ", ctx.question.text)) if not is_common(w)]


def from_report(ctx: Context) -> Draft:
    """A question no answerer takes: the report sentences that answer it best, about its entities when it names
    any, the best first; or "not covered" with what the reports say nearby when nothing is close."""
    q, passages = ctx.question, ctx.passages
    # a passage holding every rare word of the question covers it, however far its gist ("is pruning mentioned?")
    named_in = [p for p in passages if ctx.composer.rare_share(ctx.standalone, p.text) > 0.99]
    if MENTION.search(q.text):  # "do they mention SQL?": any passage naming what was asked
        named_in += [p for p in passages if ctx.composer.holds_all(MENTION.sub("", q.text), p.text)]
    if not passages or (not named_in and not _close(ctx)):
        return _about_the_one_named(ctx) or _nothing_close(ctx)
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
    if MENTION.search(q.text) and asks_yes_or_no(q.text) and named_in and not unseen_names(ctx):
        return draft.model_copy(
            update={"text": f"Yes, the reports mention it. {draft.text}", "facts": [*draft.facts, "Yes"]}
        )
    return _yes_or_no(ctx, draft) if asks_yes_or_no(q.text) else draft


MENTION = re.compile(
    r"\b(mention\w*|talk\w* about|cover\w*|discuss\w*|say anything|said anything|bring up|refer to)\b", re.I
)


def asks_yes_or_no(text: str) -> bool:
    """A question yes or no answers: not a request ("can you give an example?") nor a choice between two
    ("can it be done in Matlab or is it Python only?")."""
    request = re.match(r"\s*(can|could|would|will) you\b", text, re.I)
    choice = re.search(r"\bor\b(?! (not|nah|no)\b)", text, re.I)
    return bool(YES_NO.match(text) or IS_IT_TRUE.search(text)) and not request and not choice


NEGATIVE = re.compile(r"\b(no|not|never|none|neither|nor|cannot|without)\b|n't\b", re.I)
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
    word = "No" if bool(NEGATIVE.search(first)) != ctx.question.denies else "Yes"
    text = f"{word}. {cap_first(re.sub(r'^(Also|In fact), ', '', draft.text))}"
    return draft.model_copy(update={"text": text, "facts": [*draft.facts, word]})


OUT_OF_SCOPE = 0.35  # the learned reader's doubt at which a question naming one thing may ask what the reports omit


def _about_the_one_named(ctx: Context) -> Draft | None:
    """A question that names one thing of the taxonomy but that no report sentence answers closely ("where does
    ETL fit in?"): what the reports say of that thing, rather than a refusal of something they cover."""
    q = ctx.question
    if q.entities.count() != 1 or q.injection or q.out_of_scope >= OUT_OF_SCOPE:
        return None
    return describe(replace(ctx, question=q.model_copy(update={"kind": "describe"})))


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
