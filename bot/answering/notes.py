"""The roles' notes: the sentence of two roles' notes that sets them apart, and which sentences only list titles."""

from __future__ import annotations

import re

from bot.answering.compose import DANGLING
from bot.answering.replies import Context, cap_first, flat, report_sentences, without_edition
from bot.index.passages import Passage
from bot.knowledge.taxonomy import Role, Taxonomy
from bot.reading.question import find_entities

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
    text = cap_first(without_edition(best))
    return text, on_task or score >= NOTE_LEADS, ctx.library.quoting(report_sentences(text)[-1][:60])
