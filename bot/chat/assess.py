"""The guided self-assessment in the chat ("can you assess me for MLE?"): the questions of
`bot.people.assessment`, one a turn, answered yes / a bit / no; the profile follows each answer."""

from __future__ import annotations

from bot.answering.compose import Draft
from bot.answering.tools import format_plan, format_ranking
from bot.knowledge.prompts import messages
from bot.knowledge.taxonomy import Taxonomy, prose
from bot.people import assessment as guided
from bot.reading.question import Question


def begin(q: Question, tax: Taxonomy) -> tuple[guided.Assessment, Draft]:
    """A new assessment towards the role the question names (none: every role's main skills), and its first turn."""
    role = q.roles[0] if q.roles else None
    started = guided.start(role, tax=tax)
    towards = f" as a {prose(tax.role(role).name)}" if role else ""
    total = len(started.questions)
    head = messages()["assess_start"].format(towards=towards, total=total)
    return started, Draft(text=f"{head}\n\n{_ask(started)}")


def reply(running: guided.Assessment, text: str, tax: Taxonomy) -> tuple[guided.Assessment, Draft]:
    """The assessment with this answer, and the next question or, when it is over, the result."""
    running = guided.answer(running, text)
    if not running.done:
        return running, Draft(text=_ask(running))
    done = guided.result(running, tax)
    msg = messages()
    early = msg["assess_early"] if done.stopped_early else ""
    lines = [
        msg["assess_done"].format(asked=done.asked, early=early),
        "",
        "\n".join(f"- {e.phrase[:1].upper()}{e.phrase[1:]}" for e in done.evidence),
        "",
        format_ranking(done.ranking, top=3),
        "",
        format_plan(done.plan, tax),
    ]
    return running, Draft(text="\n".join(lines), facts=[format_ranking(done.ranking, top=3)])


def _ask(running: guided.Assessment) -> str:
    question = running.current
    n, total = len(running.answers) + 1, len(running.questions)
    return messages()["assess_question"].format(n=n, total=total, text=question.text)


def is_reply(text: str) -> bool:
    return guided.parse_reply(text) is not None
