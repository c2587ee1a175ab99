"""Where the 2019 and 2020 editions of the reports differ."""

from __future__ import annotations

import re

from bot.answering.common import stated
from bot.answering.compose import Draft
from bot.answering.replies import Context, Library, Reply, listed, lower_first
from bot.index.passages import Passage
from bot.knowledge.taxonomy import Taxonomy


def edition_texts(tax: Taxonomy) -> list[str]:
    """The recorded differences between the editions as they are compared with a question (embedded once)."""
    return [f"{d.topic}: {d.edition_2019} {d.edition_2020}" for d in tax.edition_differences]


EDITION_SIMILARITY = 0.45  # a recorded difference this close to the question is what it asks about
CHANGED = re.compile(r"\b(chang\w*|updat\w*|revis\w*|chang\w* (their|its) mind)\b", re.I)


def compare_editions(ctx: Context) -> Draft:
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
    overview = tax.statement("editions_overview").topics
    shown = [d for d in diffs if d.topic in overview] or diffs[:5]
    reply = Reply().open(stated(tax, "editions_overview", topics=listed([lower_first(d.topic) for d in shown])))
    for d in shown:
        reply.point(
            f"{d.topic}: 2019: {_unquote(d.edition_2019)} 2020: {_unquote(d.edition_2020)}",
            *_quoted_in(ctx.library, d.edition_2019, d.edition_2020),
        )
    return reply.draft()


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
