"""Asking back: when the reader cannot tell two readings of a question apart, one short question offering both,
numbered (the web app shows them as buttons); the chat answers the one picked (`bot.chat.conversation`)."""

from __future__ import annotations

from bot.answering.compose import Draft
from bot.answering.replies import Context
from bot.knowledge.prompts import messages
from bot.knowledge.taxonomy import Taxonomy, prose, without_note
from bot.reading.question import Entities


def named(ents: Entities, tax: Taxonomy) -> str:
    """The first thing a question names, as a reader would say it ("the data scientist", "data engineering")."""
    if ents.roles:
        return f"the {prose(tax.role(ents.roles[0]).name)}"
    if ents.subtasks:
        task, sub = ents.subtasks[0].split("/")
        return prose(without_note(tax.task(task).subtask(sub).name))
    if ents.tasks:
        return prose(tax.task(ents.tasks[0]).name)
    if ents.skills:
        return prose(tax.skill(ents.skills[0]).name)
    return "it"


def clarify(ctx: Context) -> Draft:
    msg = messages()
    thing = named(ctx.question.entities, ctx.tax)
    options = [msg[f"reading_{k}"].format(thing=thing) for k in ctx.question.options]
    lines = [msg["clarify"], *(f"{i}. {o[:1].upper()}{o[1:]}?" for i, o in enumerate(options, 1)), msg["clarify_pick"]]
    return Draft(text="\n".join(lines))
