"""Why-questions: the reasons the reports give, the closest sentence (or table example) first."""

from __future__ import annotations

import re

from bot.answering.common import named_it
from bot.answering.compose import CONTINUES, DANGLING, Draft
from bot.answering.contrast import compare_roles
from bot.answering.notes import role_note_asked
from bot.answering.replies import (
    Context,
    Reply,
    cap_first,
    content_words,
    flat,
    full_sentence,
    led,
    listed,
    lower_first,
    report_sentences,
    role_name,
    role_tasks,
    row_examples,
    skill_name,
    task_name,
)
from bot.index.passages import Passage
from bot.index.sentences import units
from bot.knowledge.taxonomy import word_pattern

CAUSAL = re.compile(
    r"\b(because|that's because|thus|hence|so that|easier|less costly|quicker|cheaper|in order to|to help|"
    r"vulnerable|efficient|faster|fullest potential|go-to|alternative|common fix|more valuable|shortage)\b",
    re.I,
)
ILLUSTRATES = re.compile(r"(if you were|for example|for instance|let's say|say you|imagine)\b", re.I)
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
    if len(ents.roles) == 1 and not ents.tasks and not ents.subtasks:
        # "why do MLEs need software engineering?": the work that uses it; "why don't analysts need coding?": the
        # work the role does, which does not rest on it
        little = ctx.question.negated or ctx.question.least  # "why so little coding?"
        # "why does a data analyst need algorithmic coding?": it does not, and the answer says why
        little = little or (len(ents.skills) == 1 and tax.role(ents.roles[0]).level(ents.skills[0]) == 0)
        reason = _skill_not_needed(ctx) if little else _skill_reason(ctx, draft)
        if reason:
            return reason
    # "why do MLEs rely on infra people?" or "why not the data analyst?" of a task it does not carry out
    if not draft or len(ents.roles) != 1 or not (OTHERS.search(ctx.question.text) or ctx.question.negated):
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
        text = re.sub(r"^(\s*\[\d+\])+", "", text[len(first) :]).lstrip(" ")  # the role's tasks, just said, and marks
    sep = "" if text.startswith("\n") else " "
    return led(draft, said, own or ctx.library.card("role_card", role.id), sep=sep, text=text)


def _skill_not_needed(ctx: Context) -> Draft | None:
    """Why a role does not need a skill it needs at aware or less: its work, and the reports' sentence saying so."""
    ents, tax = ctx.question.entities, ctx.tax
    role = tax.role(ents.roles[0])
    if len(ents.skills) != 1 or role.level(ents.skills[0]) > 1:
        return None
    skill = ents.skills[0]
    card = ctx.library.card("role_card", role.id)
    level = role.level(skill)
    profile = f"puts {skill_name(tax, skill)} at aware" if level else f"does not include {skill_name(tax, skill)}"
    # "why does a data analyst need algorithmic coding?" rests on a premise the reports do not share: say so first
    opening = "Because" if ctx.question.negated or ctx.question.least else "By the reports, they don't:"
    reply = Reply().open(
        f"{opening} {role_name(tax, role.id, many=True)} carry out {role_tasks(tax, role)}, and the reports' profile "
        f"of the role {profile}",
        card,
    )
    words = word_pattern(tax.skill(skill).name, *tax.skill(skill).aliases)
    said = [x for text in [role.summary, *role.notes] for x in report_sentences(text) if words.search(x)]
    if said:
        reply.quote(said[0], ctx.library)
    return reply.draft()


def _skill_reason(ctx: Context, draft: Draft | None) -> Draft | None:
    """Why a role needs a skill (or a tool's skill): the role's tasks whose subtasks need it, in the reports' tables,
    with one example; then the reports' own sentence, if one was found."""
    ents, tax = ctx.question.entities, ctx.tax
    tools = [t for t in tax.tools if t.id in ents.tools]
    skills = ents.skills or [s for t in tools for s in t.skills]
    if len(dict.fromkeys(skills)) != 1:
        return None
    skill, role = skills[0], tax.role(ents.roles[0])
    tasks = [
        t for t in map(tax.task, role.tasks.main + role.tasks.lighter) if any(skill in s.skills for s in t.subtasks)
    ]
    if not tasks:
        return None
    # the task that rests on the skill most first: every deployment subtask needs software engineering
    tasks.sort(key=lambda t: -sum(skill in s.skills for s in t.subtasks) / len(t.subtasks))
    uses = [(task, sub) for task in tasks for sub in task.subtasks if skill in sub.skills]
    named = [lower_first(sub.name.split(" (")[0]) for _, sub in uses[:3]]
    said = (
        f"Because {role_name(tax, role.id, many=True)} carry out {listed([task_name(tax, t.id) for t in tasks])}, "
        f"and the reports list {skill_name(tax, skill)} among the skills of {listed(named)}"
    )
    rows = [ctx.library.row(task.id, sub.id) for task, sub in uses[:2]]
    example = next((row_examples(r)[0] for r in rows if r and row_examples(r)), None)
    text = f"For example: {lower_first(example)}." if example else ""
    if draft and draft.text.strip():
        text = f"{text}\n\n{draft.text}" if text else draft.text
    base = Draft(text=text, cited=draft.cited if draft else [])
    return led(base, said, ctx.library.card("role_card", role.id), *rows)


def _why(ctx: Context) -> Draft | None:
    """The reasons the reports give: the report sentence (or a table example, which often states its purpose:
    "pruning ... to reduce memory requirements") that answers best, a little ahead if it explains."""
    scored = _scored_reasons(ctx)
    if not scored:
        return None
    best = scored[0]
    if best[1].kind == "table_row":  # an example of a subtask: its purpose answers, then where it comes from
        return _example_reason(ctx, best)
    return _sentence_reason(ctx, best, scored)


def _scored_reasons(ctx: Context) -> list[tuple[str, Passage, float]]:
    """The candidate reasons (report sentences, and each example of a subtask row, cited to its row), best first."""
    rows = {p.id: p for p in ctx.passages if p.kind == "table_row"}
    # each example of a subtask row is a candidate of its own; it is cited to its row
    examples = [examples_passage(p) for p in rows.values()]
    # the reasons the reports give about a role named in the question sit in its own section
    sections = [ctx.library.section(role=r) for r in ctx.question.entities.roles[:2]]
    prose_ = [p for p in ctx.passages if p.kind != "table_row"]
    prose_ += [p for p in sections if p and p not in prose_]
    ranked = ctx.composer.ranked(ctx.standalone, prose_ + examples, lexical=True)  # "quantize": the row that says it
    if not ranked:
        return []
    order = {p.id: i for i, p in enumerate(ctx.passages)}
    n = max(len(ctx.passages), 1)
    own = {p.id for p in sections if p}
    return sorted(
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


def _example_reason(ctx: Context, best: tuple[str, Passage, float]) -> Draft:
    """An example of a subtask as the reason: its purpose first, then where it comes from."""
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


def _sentence_reason(ctx: Context, best: tuple[str, Passage, float], scored: list) -> Draft:
    """A report sentence as the reason (its purpose clause first), the sentence that carries it on, a second
    reason and the report's own example of it."""
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
    reply.open(full_sentence(named_it(ctx, best[0])), best[1], fact=False)
    # the sentence after it, when it carries on the thought ("If not, the project can become vulnerable ...")
    sentences = units(best[1]) if best[1].kind != "table_row" else []
    after = next((sentences[i + 1] for i, u in enumerate(sentences[:-1]) if flat(u) == flat(best[0])), None)
    if after and CONTINUES.match(after):
        reply.open(after, best[1], fact=False)
    others = [
        (x[0][len(best[0]) :].strip() if x[0].startswith(best[0]) else x[0], *x[1:])  # the reason, not the premise
        for x in scored[1:6]
        if flat(x[0]) != flat(best[0])
    ]
    second = _second_reason(best, others, sentences)
    if second:
        reply.point(full_sentence(second[0]), second[1], fact=False)
    # the report's own example of that reason, when it gives one beside it ("If you were building a movie
    # recommender ...")
    example = next((x for x in others if ILLUSTRATES.match(x[0]) and x[1].id == best[1].id and x != second), None)
    if example:
        reply.point(full_sentence(example[0]), example[1], fact=False)
    return reply.draft()


def _second_reason(best: tuple[str, Passage, float], others: list, sentences: list[str]) -> tuple | None:
    """A second reason when it is nearly as close to the question; a sentence that gives a reason ("it is easier
    to find people ...") may be a little further than one that only restates the premise."""
    second = next((x for x in others if CAUSAL.search(x[0]) and x[2] >= best[2] - 0.15), None)
    # the reasons for a claim often follow it, leaning on it ("... the go-to role for early-stage teams or
    # start-ups. Such a versatile individual fits well in start-ups, where ...")
    i = next((i for i, u in enumerate(sentences) if flat(u) == flat(best[0])), None)
    following = sentences[i + 1 : i + 3] if i is not None and not second else []
    reason = next((u for u in following if CAUSAL.search(u) or DANGLING.match(u) or u.startswith("Also")), None)
    if reason:
        second = (re.sub(r"^Also, ", "", reason), best[1], best[2])
    return second or next((x for x in others[:1] if x[2] >= best[2] - 0.1), None)


def examples_passage(row: Passage) -> Passage:
    """A subtask row with its examples as sentences of their own, each a candidate reason."""
    return row.model_copy(update={"kind": "prose", "text": "\n\n".join(row_examples(row))})


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
