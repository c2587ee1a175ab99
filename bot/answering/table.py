"""The answerers' table: which function answers which kind of question, and whether a supporting report sentence
may follow its answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.answering.clarify import clarify
from bot.answering.compose import Draft
from bot.answering.contrast import contrast
from bot.answering.coverage import not_covered
from bot.answering.describe import describe
from bot.answering.fit import fit
from bot.answering.needs import needs
from bot.answering.plans import plan, transition
from bot.answering.preference import likes_and_dislikes, organization, preference
from bot.answering.replies import Context
from bot.answering.reports import about_reports, overview
from bot.answering.sequence import sequence
from bot.answering.smalltalk import smalltalk
from bot.answering.who import who
from bot.answering.why import why
from bot.answering.yes_no import yes_no


@dataclass(frozen=True)
class Answerer:
    """The function that answers a kind of question, and its settings."""

    answer: Callable[[Context], Draft | None]
    # a report sentence close to the question may be added as a point after the answer (not after fixed replies,
    # the matcher's output or a reason, which are whole as they are)
    supported: bool = True
    # ... but not when the answer already quotes the reports (tools, the life cycle's order, contrasts)
    self_contained: bool = False


def _preference(ctx: Context) -> Draft | None:
    """Likes and dislikes, else, when none are read but skills were ("I live in Excel and PowerPoint, which role?"),
    the roles those skills fit; first the kind of organization, when the question asks for one ("what kind of org
    should I look for?")."""
    likes, dislikes = likes_and_dislikes(ctx)
    if not likes and dislikes and not ctx.profile.is_empty:
        # "I train neural nets all day but hate writing papers": what they do ranks the roles, the dislike keeps
        # those that ask for it behind
        draft = fit(ctx, dislikes)
    else:
        draft = preference(ctx, read=(likes, dislikes)) or (fit(ctx) if not ctx.profile.is_empty else None)
    org = organization(ctx)
    if org is None or draft is None:
        return org or draft
    # the role's reply after the organization's, its markers numbered on from the organization's sources
    shift = len(org.cited)
    text = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + shift}]", draft.text)
    return Draft(text=f"{org.text}\n\n{text}", cited=[*org.cited, *draft.cited], facts=[*org.facts, *draft.facts])


ANSWERERS: dict[str, Answerer] = {
    "reports": Answerer(about_reports),
    "overview": Answerer(overview),
    "smalltalk": Answerer(smalltalk, supported=False),
    "not_covered": Answerer(not_covered, supported=False),
    "describe": Answerer(describe),
    "who": Answerer(who),
    "needs": Answerer(needs),
    "yes_no": Answerer(yes_no),
    "contrast": Answerer(contrast, self_contained=True),
    "transition": Answerer(transition, self_contained=True),
    "preference": Answerer(_preference, self_contained=True),
    "why": Answerer(why, supported=False),
    "sequence": Answerer(sequence),
    "fit": Answerer(fit, supported=False),
    "plan": Answerer(plan, supported=False),
    "clarify": Answerer(clarify, supported=False),
}
