"""The reports themselves (whose they are, how they were made) and the overviews: all roles, tasks, skills."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answering.common import cycle, quoted, stated
from bot.answering.compose import Draft
from bot.answering.describe import describe
from bot.answering.replies import Context, Reply, cap_first, listed, number_word, role_name, skill_name, task_name
from bot.knowledge.taxonomy import prose


def about_reports(ctx: Context) -> Draft:
    """The reports themselves: whose they are, and what they say of how they were made (or whom to write to),
    the sentences closest to the question first."""
    tax, lib = ctx.tax, ctx.library
    sources = sorted(tax.sources, key=lambda src: src.year)
    whose = f"Both reports are by {sources[0].publisher}: " + listed(
        [f"{src.title.strip(chr(34))} ({src.year})" for src in sources]
    )
    cards = [lib.quoting(src.about[0]) for src in sources if src.about]
    # whom to write to only when that is what is asked; how the reports were made otherwise
    feedback = bool(FEEDBACK.search(ctx.question.text))
    said = [a for src in sources for a in src.about if bool(FEEDBACK.search(a)) == feedback]
    scores = ctx.composer.scores(ctx.standalone, said)
    # how they were made is said by the sentences on what was done (interviews, assessments); whom to write to,
    # by the one with the address
    first = re.compile(r"@" if feedback else r"\b(interview\w*|assess\w*|analy[sz]\w*|surveyed)\b", re.I)
    ranked = sorted(zip(scores, said, strict=True), key=lambda x: (not first.search(x[1]), -x[0]))
    best = [a for _, a in ranked][:3]
    publisher = sources[0].publisher.split(" (")[0]

    def told(reply: Reply, sentence: str) -> None:
        """The report's sentence in the third person ("We interviewed" -> "Workera interviewed"), without an
        opening that points back ("To bridge this gap, ...")."""
        said, passage = lib.sentence_of(sentence)
        said = re.sub(r"^To \w+ (this|that|these) \w+, ", "", said)
        said = re.sub(r"^[Ww]e (?=\w+ed\b)", f"{publisher} ", re.sub(r"^Our\b", f"{publisher}'s", said))
        reply.point(cap_first(said), passage, fact=False)

    if re.search(r"\b(who|whose|author\w*|publish\w*)\b", ctx.question.text, re.I) and not feedback:
        reply = Reply().open(whose, *cards)  # "who wrote them?": whose they are, then how they were made
        for sentence in best:
            told(reply, sentence)
        return reply.draft()
    # "how did they come up with these roles?": the report's own words on it answer, whose they are follows
    reply = Reply()
    for sentence in best:
        told(reply, sentence)
    if feedback:  # "whom do I send feedback to?": the two sentences that say so are the answer
        reply.lead, reply.points = reply.points, []
        return reply.draft()
    reply.lead, reply.points = reply.points[:1], reply.points[1:]
    reply.point(whose, *cards)
    return reply.draft()


def overview(ctx: Context) -> Draft | None:
    """ "What roles are there?", "list the tasks", "what skills do they define?": the whole list, from the taxonomy,
    with the report's sentence that introduces it."""
    tax, lib, text = ctx.tax, ctx.library, ctx.question.text
    if re.search(r"\borgani[sz]ations?|\borgs?\b", text, re.I):
        return describe(replace(ctx, question=ctx.question.model_copy(update={"kind": "describe"})))
    if re.search(r"\btasks?|steps?|life ?cycle", text, re.I):
        said = stated(
            tax,
            "tasks_overview",
            count=number_word(len(tax.tasks)),
            tasks=listed([task_name(tax, t.id) for t in tax.tasks]),
            cycle=number_word(len(cycle(tax))),
        )
        quote = quoted(tax, "tasks_overview")
        return Reply().open(said, lib.card("org_card", "overview_tasks")).quote(quote, lib).draft()
    if re.search(r"\bskills?\b", text, re.I):
        names = listed([skill_name(tax, s.id) for s in tax.skills])
        said = f"The reports use {number_word(len(tax.skills))} skills: {names}"
        return Reply().open(said, *[lib.card("skill_card", s.id) for s in tax.skills[:2]]).draft()
    if re.search(r"\broles?|jobs?|positions?", text, re.I):
        based = [r for r in tax.roles if r.variants]
        reply = Reply().open(
            f"There are {number_word(len(tax.roles))} roles: {listed([role_name(tax, r.id) for r in tax.roles])}",
            lib.card("org_card", "overview_roles"),
        )
        if based:
            reply.point(
                f"{cap_first(number_word(len(based)))} of them have a deep learning variant: the "
                + listed([prose(v.name) for r in based for v in r.variants]),
                *[lib.card("role_card", r.id) for r in based],
            )
        return reply.quote(quoted(tax, "roles_overview"), lib).draft()
    return None


FEEDBACK = re.compile(r"\b(feedback|comments?|contact|send|write to|reach|questions to)\b", re.I)
