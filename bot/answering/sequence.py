"""What comes before or after what: the life cycle's steps, a project's steps, a report sentence that says."""

from __future__ import annotations

import re

from bot.answering.common import close_report_sentences, cycle, project_source, quoted, stated
from bot.answering.compose import DANGLING, Draft
from bot.answering.replies import (
    Context,
    Reply,
    cap_first,
    content_words,
    listed,
    lower_first,
    report_sentences,
    role_name,
    task_name,
    with_article,
)
from bot.index.passages import Passage
from bot.index.sentences import units
from bot.reading.question import YES_NO


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


def _project_sequence(ctx: Context, org) -> Draft:
    """What comes first, before or after a step in one kind of project (an ML or a DS project)."""
    tax, steps, name = ctx.tax, org.project.steps, org.project.name
    card, text = project_source(ctx, org), ctx.question.text
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


def _best_report_sentence(ctx: Context, floor: float = 0.6) -> tuple[str, Passage] | None:
    """The report sentence (not a card's) closest to the question, when it is close; a "They" that opens it
    is named from its section ("They take a stream of data" -> "People working in deployment take ...")."""
    for sentence, passage in close_report_sentences(ctx, ctx.standalone, floor):
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
    either = ctx.question.either_order
    best = _best_report_sentence(ctx) if either else None
    side = re.search(r"\b(before|after)\b", best[0], re.I) if best else None
    if side:  # "do they test it before or after ...?": the report's sentence that says which
        return Reply().open(f"{side.group(1).capitalize()}: {lower_first(best[0])}", best[1]).draft()
    passage = lib.quoting(quoted(tax, "life_cycle"))
    steps_in_order = cycle(tax)
    tasks = [t for t in ctx.question.entities.tasks]
    pair = [t for t in tasks if t in steps_in_order][:2]
    relation = re.search(r"\b(before|after|first|precede\w*|follow\w*)\b", ctx.question.text, re.I)
    if len(pair) == 2 and relation:  # "does deployment come after modeling?", "which comes first, X or Y?"
        return Reply().open(_pair_order(ctx, pair, relation), passage).draft()
    reply = Reply()
    _cycle_opening(ctx, reply, tasks, passage)
    steps = [
        u
        for u in (units(passage) if passage else [])
        if re.match(r"(First|Then|Once|Team members then|If all goes well|All the while)", u)
    ]
    if tasks and tasks[0] in steps_in_order and ctx.question.before:
        # what the step starts from, in its own description ("They take a stream of data, combine it with a model")
        start = next((x for x in report_sentences(tax.task(tasks[0]).description) if re.match(r"They\b", x)), None)
        if start:
            reply.point(f"People working in {task_name(tax, tasks[0])}{start[4:]}", lib.section(task=tasks[0]))
    asked = [steps_in_order.index(t) for t in tasks if t in steps_in_order]
    if asked:  # one step asked about: the report's sentence on the step that comes, without its "then"
        i = asked[0]
        j = i - 1 if ctx.question.before else i + 1
        if 0 <= j < min(len(steps), 4):
            said = re.sub(r"^(Once that happens, |Then |First, )", "", steps[j]).replace(" then ", " ")
            reply.point(cap_first(said), passage, fact=False)
        return reply.draft()
    for sentence in steps[:4]:
        reply.point(sentence, passage, fact=False)
    return reply.draft()


def _pair_order(ctx: Context, pair: list[str], relation: re.Match) -> str:
    """Which of two steps of the cycle comes first; a yes/no question is answered in its own order ("Yes:
    deployment comes after modeling")."""
    tax = ctx.tax
    steps = cycle(tax)
    order = listed([task_name(tax, t) for t in steps])
    first, then = sorted(pair, key=steps.index)
    said = f"{cap_first(task_name(tax, first))} comes before {task_name(tax, then)}; the cycle runs {order}"
    if YES_NO.match(ctx.question.text):
        a, b = (task_name(tax, t) for t in pair)
        after = relation.group(1).lower().startswith(("after", "follow"))
        which = "after" if (pair[0] == then) else "before"
        said = f"{'Yes' if (which == 'after') == after else 'No'}: {a} comes {which} {b}; the cycle runs {order}"
    return said


def _cycle_opening(ctx: Context, reply: Reply, tasks: list[str], passage: Passage | None) -> None:
    """The opening on the life cycle: what comes before or after the step asked about, or how the cycle runs."""
    tax = ctx.tax
    steps = cycle(tax)
    order = listed([task_name(tax, t) for t in steps])
    if tasks and tasks[0] == "ai_infrastructure":
        reply.open(stated(tax, "ai_infrastructure_in_cycle"), passage)
    elif tasks and tasks[0] in steps:
        i = steps.index(tasks[0])
        before = ctx.question.before
        j = i - 1 if before else i + 1
        if 0 <= j < len(steps):
            reply.open(
                f"{'Before' if before else 'After'} {task_name(tax, tasks[0])} comes {task_name(tax, steps[j])}: "
                f"the cycle runs {order}",
                passage,
            )
        elif before:
            reply.open(f"{task_name(tax, tasks[0]).capitalize()} comes first: the cycle runs {order}", passage)
        else:
            reply.open(stated(tax, "life_cycle_end", last=task_name(tax, tasks[0]).capitalize()), passage)
    elif re.search(r"\b(first|start|starts|begin|begins)\b", ctx.question.text, re.I):
        reply.open(stated(tax, "life_cycle_start", order=order), passage)
    else:
        reply.open(stated(tax, "life_cycle", order=order), passage)
