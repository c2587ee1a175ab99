"""One answer per question: the answerer of its kind (`bot.answering.table`), which opens with a sentence composed
from the taxonomy's facts, then, where its kind takes one, a supporting report sentence; a question no answerer
takes gets the report sentences that answer it best (`bot.answering.coverage.from_report`).

An answerer returns a `Draft` (or None to leave the question to the retrieval composer). The sentences it
composes are listed in `Draft.facts`: they are what the grounding check accepts them against, and what an
LLM is given as the tool result. Report sentences are quoted as they are and cited to their section."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answering.common import close_report_sentences
from bot.answering.compose import DANGLING, Draft, row_sentence
from bot.answering.contrast import role_and_title
from bot.answering.coverage import asks_yes_or_no, from_report, unseen_names
from bot.answering.describe import role_facet
from bot.answering.editions import edition_texts
from bot.answering.grounding import split_sentences
from bot.answering.notes import lists_titles
from bot.answering.plans import goal_activity, plan_closest, towards_activity
from bot.answering.preference import organization
from bot.answering.replies import Context, Library, cap_first, cite, content_words, flat, listed
from bot.answering.table import ANSWERERS
from bot.answering.why import examples_passage
from bot.answering.yes_no import activities_in, subtask_in_task
from bot.index.sentences import units
from bot.knowledge.taxonomy import Taxonomy
from bot.reading.question import PLAN, WHO
from bot.reading.router import FIRST_PERSON, asked_part

WHICH_ONE = re.compile(r"\bwhich\s+(?:one|of (?:the|these|those) two|of them|kind|type)\b", re.I)
# "which of the five tasks is that?", "what stage of the life cycle does it belong to?"
WHICH_TASK = re.compile(
    r"\b(which|what)\s+(?:one\s+)?(?:of the (?:five|5)\s+)?(tasks?|stages?|steps?|phases?)\b(?! of the)", re.I
)
SUPPORT_SIMILARITY = 0.7
CARD_SUPPORT_SIMILARITY = 0.6


def _quotes_report(draft: Draft) -> bool:
    """Whether the draft shows a sentence of the reports' own, not only sentences composed from the taxonomy."""
    composed = [flat(fact) for fact in draft.facts]
    shown = [flat(re.sub(r"\s*\[\d+\]", "", s)).lstrip("- ") for s in split_sentences(draft.text)]
    return any(s and not any(s.rstrip(".") in fact for fact in composed) for s in shown)


ROW_SIMILARITY = 0.55  # a subtask row this close to a question answers it
RARE_SHARE = 0.4  # ... as does one holding this share of its rare words (half of each part of a two-part question)
NEAR_ROW = 0.33  # ... and this close ("a modeling problem" is not the row of "a business problem")


A_SKILL = re.compile(r"\bthe\s+(?:[\w/-]+\s+){1,4}skill\b", re.I)  # "the mathematics skill", not "skills for"


def _rows_asked(ctx: Context) -> list[str]:
    """The subtasks ("task/subtask") a question is about when it names none but subtask rows of the reports
    answer it closely ("what kind of tests do they write?"; two for a two-part question): rows are the
    reports' most specific facts."""
    q = ctx.question
    if q.kind not in ("describe", "needs", "who", "fact") or q.entities.subtasks or (q.roles and q.kind != "fact"):
        return []
    if q.entities.skills and not q.roles and A_SKILL.search(q.text):
        return []  # "what goes into the mathematics skill?": the skill itself, not a row that uses it
    # about a role, only a row of a task the role carries out ("how do ML researchers keep up with research?")
    tasks = {t for r in q.roles for t in (*ctx.tax.role(r).tasks.main, *ctx.tax.role(r).tasks.lighter)}
    # (retrieval for one role keeps to the role's own passages: the tables' rows are looked up here)
    pool = ctx.library.passages if q.roles else ctx.passages[:3]
    rows = [p for p in pool if p.kind == "table_row" and (not q.roles or p.task in tasks)]
    # a task named is where the row is ("ETL design: which skill?" is data engineering, not designing for scale)
    rows = [p for p in rows if p.task in q.entities.tasks] if q.entities.tasks and not q.roles else rows
    # close in meaning, or near and holding most of the question's rare words ("encryption" -> "Encrypting
    # files ..."), unless it asks who or names a tool (those have answerers of their own)
    by_words = not q.entities.tools and q.kind != "who"
    ranked = [
        (p, score)
        for _, p, score in ctx.composer.ranked(ctx.standalone, rows)
        if score >= ROW_SIMILARITY
        or (by_words and score >= NEAR_ROW and ctx.composer.rare_share(ctx.standalone, p.text) >= RARE_SHARE)
    ]
    found = list(dict.fromkeys(f"{p.task}/{p.subtask}" for p, _ in ranked))
    return found[:2] if " and " in q.text and len(found) > 1 else found[:1]


def answer(ctx: Context) -> Draft:
    """The answer of the answerer for the question's kind, else the report's best sentences. The report
    sentence that best matches the question is added as a point when the answer does not already hold it:
    the opening answers the kind of question, the best sentence answers its particulars."""
    special = _one_of_two(ctx)
    if special is not None:
        return special
    ctx = _rows_read(_which_task(ctx))
    special = _by_shape(ctx)
    if special is not None:
        return special
    q = ctx.question
    answerer = ANSWERERS.get(q.kind)
    draft = answerer.answer(ctx) if answerer else None
    unseen = unseen_names(ctx)
    if unseen and asks_yes_or_no(q.text):  # "do they mention kubernetes?": not by that name
        said = f"The reports don't mention {listed(unseen, 'or')} by name"
        if draft is None and not q.entities.count():  # nothing they name either: no sentence of theirs is closest
            return Draft(text=f"{said}.", facts=[said])
        draft = draft or from_report(ctx)
        return draft.model_copy(
            update={"text": f"{said}; the closest they come:\n\n{draft.text}", "facts": [*draft.facts, said]}
        )
    if draft is None:
        return from_report(ctx)
    if not answerer.supported or (q.kind in ("describe", "who") and q.entities.subtasks):  # a row says it itself
        return draft
    if q.kind == "needs" and q.roles and q.tools_asked:  # a role's tool list needs nothing after it
        return draft
    # an answer composed from the taxonomy alone still shows the report's own words for it
    quotes_report = _quotes_report(draft)
    if quotes_report and (answerer.self_contained or (q.kind == "describe" and q.entities.roles)):
        return draft
    if quotes_report and "\n- " in draft.text:  # the answer already has its supporting points
        return draft
    return _supported(ctx, draft, quotes_report)


def _one_of_two(ctx: Context) -> Draft | None:
    """Whether an activity is part of a task ("is labeling data part of modeling?"), whatever kind it was read as;
    which of the two kinds of organization ("data science org or ML org: which one ships products?")."""
    part_of = subtask_in_task(ctx)
    if part_of is not None:
        return part_of
    kinds = [o for o in ctx.question.entities.orgs if o in {x.id for x in ctx.tax.organizations}]
    if len(kinds) == 2 and WHICH_ONE.search(ctx.question.text) and not ctx.question.roles:
        return organization(ctx)  # the kind whose goal and output are closest to what is asked
    return None


def _which_task(ctx: Context) -> Context:
    """ "I've been asked to look after the data pipeline: which of the five tasks is that?": the question about the
    activity's row, read by the activity reader from what is quoted first, then each sentence, then the whole."""
    q = ctx.question
    if q.kind in ("sequence", "contrast") or not WHICH_TASK.search(q.text) or q.entities.subtasks:
        return ctx  # (not "at which step does AI infrastructure come in?")
    text = WHICH_TASK.sub(" ", q.text)
    parts = [*re.findall(r"['\"“‘]([^'\"”’]{4,})['\"”’]", text), *re.split(r"[.?!;:]+", text), text]
    found = next((f for p in parts if p.strip() and (f := activities_in(p, ctx.tax))), [])
    if not found:
        return ctx
    ents = q.entities.model_copy(update={"tasks": [found[0][0]], "subtasks": ["/".join(found[0])]})
    return replace(ctx, question=q.model_copy(update={"kind": "describe", "entities": ents}))


def _rows_read(ctx: Context) -> Context:
    """The question about the subtask rows that answer it, when it names none but rows answer it closely."""
    rows = _rows_asked(ctx)
    if not rows:
        return ctx
    q = ctx.question
    ents = q.entities.model_copy(update={"subtasks": rows, "roles": []})  # the row answers, not the role
    kind = "who" if WHO.search(q.text) else "describe"  # "who defines evaluation metrics?": who, then the row
    return replace(ctx, question=q.model_copy(update={"kind": kind, "entities": ents}))


TOOLS_TO_LEARN = re.compile(
    r"\b(tools?|toolbox|toolkit|tech stack|languages?|packages?|librar(y|ies)|frameworks?|technolog(y|ies))\b", re.I
)


def _by_shape(ctx: Context) -> Draft | None:
    """Answers a question's shape decides, whatever kind it was read as: a role's variant, a job without a skill,
    what to learn first after the user said what they know."""
    q, ents = ctx.question, ctx.question.entities
    if q.facet == "variants" and len(ents.roles) == 1 and q.kind in ("fact", "describe", "yes_no", "needs"):
        return role_facet(ctx, ents.roles[0], "variants")  # "is there a deep learning version of the MLE?"
    if q.kind in ("fact", "needs", "yes_no") and len(ents.roles) == 1 and ents.titles:
        # "an offer as 'research scientist': so I'll be an ML researcher, right?": which roles the title stands for
        found = role_and_title(ctx, ents.roles[0], ents.titles[0])
        if found is not None:
            return found
    if q.kind == "fact" and q.without and len(ents.skills) == 1 and not (ents.roles or ents.tasks or ents.tools):
        # "is any role possible with zero maths?": the roles that need the skill least
        ctx = replace(ctx, question=q.model_copy(update={"kind": "who", "least": True}))
        return ANSWERERS["who"].answer(ctx) or from_report(ctx)
    if q.kind == "plan" and len(ents.roles) == 1 and len(ents.tools) < 2 and TOOLS_TO_LEARN.search(asked_part(q.text)):
        # "what tools should I learn for it?": the role's tools, not its skill gaps
        return ANSWERERS["needs"].answer(
            replace(ctx, question=q.model_copy(update={"kind": "needs", "tools_asked": True}))
        )
    # "someday I want to build dashboards for the business: what should I learn?"
    wish = q.kind in ("fact", "plan", "who") and PLAN.search(q.text) and not ents.roles
    if wish and (goal := goal_activity(q.text, ctx.tax)):
        return towards_activity(ctx, goal)
    # "what should I learn first?" after the user said what they know (the tools and skills named may be theirs)
    named = ents.roles or ents.tasks or ents.subtasks
    mine = not ents.count() or FIRST_PERSON.search(q.text)
    if q.kind in ("fact", "plan") and PLAN.search(q.text) and not named and mine and not ctx.profile.is_empty:
        return plan_closest(ctx)
    return None


def _supported(ctx: Context, draft: Draft, quotes_report: bool) -> Draft:
    """The draft with the report sentence closest to the question (and, when the draft quotes no report, to its
    opening) added as a point: one the draft does not already say, not a list of titles nor about another role."""
    q = ctx.question
    said = [content_words(line) for line in draft.text.splitlines() if line.strip()]
    query = ctx.standalone if quotes_report else f"{ctx.standalone} {draft.text.splitlines()[0]}"
    floor = SUPPORT_SIMILARITY if quotes_report else CARD_SUPPORT_SIMILARITY
    for sentence, passage in close_report_sentences(ctx, query, floor):
        words = content_words(sentence)
        # not a sentence the answer already says in other words
        new = all(len(words & line) < 0.6 * max(len(words), 1) for line in said)
        titles = lists_titles(sentence, ctx.tax) and not (q.entities.titles or q.facet == "titles")
        # a sentence about one role supports nothing about another ("Data Analysts ..." for a data scientist)
        other_role = passage.role and q.entities.roles and passage.role not in q.entities.roles
        if not DANGLING.match(sentence) and new and not titles and not other_role:
            cited, mark = cite(draft.cited, passage)
            shown = (
                row_sentence(passage) if passage.kind == "table_row" else re.sub(r"^\*\*[^*]+:?\*\*:?\s*", "", sentence)
            )
            bullet = f"- {cap_first(shown)}{mark}"
            text = draft.text + ("\n" if "\n- " in draft.text else "\n\n") + bullet
            return draft.model_copy(update={"text": text, "cited": cited})
    return draft


def warm_up_texts(library: Library, tax: Taxonomy) -> list[str]:
    """Texts the answerers compare with questions beyond the passages' sentences: the tables' examples one by
    one (why-questions) and the editions' recorded differences; embedding them at start saves ~0.3 s on the
    first question of each kind."""
    rows = [p for p in library.passages if p.kind == "table_row"]
    return [u for p in rows for u in units(examples_passage(p))] + edition_texts(tax)
