"""Greetings, thanks and goodbyes: the fixed replies."""

from __future__ import annotations

import re

from bot.answering.compose import Draft
from bot.answering.replies import Context
from bot.knowledge.prompts import messages


def smalltalk(ctx: Context) -> Draft:
    msg = messages()
    text = ctx.question.text.lower()
    if re.search(r"\b(thank|thanks|thx|ty|cheers|great|nice|perfect|cool|got it|helps|helpful)\b", text):
        return Draft(text=msg["thanks"])
    if re.search(r"\b(bye|goodbye|see you)\b", text):
        return Draft(text=msg["bye"])
    return Draft(text=msg["greeting"])
