"""Clause splitting: a self-description cut into the clauses the user states about themselves. Questions, requests,
other people's work and what the user only wants are left out, and so are words that are not the user's own
(markup, code, a quotation, a pasted job ad)."""

from __future__ import annotations

import re

SENTENCES = re.compile(r"[^.;:!?\n()|•·]+[.;:!?\n()|•·]*")
CONTRAST = re.compile(r"\bbut\b|\bhowever\b|\balthough\b|\bthough\b|\bwhereas\b", re.I)
# "... and I maintain": a new subject starts a new clause
NEW_SUBJECT = re.compile(r"\s(?:and|so|while|plus)\s+(?=(?:i|i'm|i've|i'd|my|our)\b)", re.I)
# A question: a clause that opens with an auxiliary or a wh-word in a sentence with "?", or with a wh-word
# and an auxiliary ("what does a data scientist do"); "did a stats degree" is a statement.
AUX = r"(?:is|are|am|was|were|does|do|did|can|could|should|would|will|shall|has|have)"
WH = r"(?:what|what's|whats|which|who|whom|whose|why|where|when|how)"
QUESTION_START = re.compile(rf"^\W*(?:{WH}|{AUX})\b", re.I)
QUESTION = re.compile(
    rf"^\W*(?:{WH}\s+(?:[\w-]+\s+){{0,3}}?{AUX}|{WH}'s|how\s+(?:to|much|many)|{AUX}\s+(?:i|you|we|it|there))\b", re.I
)
# A request to the mentor ("write me a function", "explain ...") says nothing about the user.
REQUEST = re.compile(
    r"^\W*(?:please\s+)?(?:(?:tell|show|give|write|help|find|recommend|suggest)\s+(?:me|us)|explain|compare|describe"
    r"|(?:walk|take|talk|run)\s+(?:me|us)\s+through)\b",
    re.I,
)
# "what I actually do is write the SQL ...": a statement about the user put as a what-clause, not a question
CLEFT = re.compile(
    r"^\W*what\s+(?:i|i'?ve|i'?m)\s+(?:(?!know\b|ask\b|wonder\b|want\b|need\b)[\w']+\s+){1,6}?(?:is|was|are)\b", re.I
)
FIRST_PERSON_START = re.compile(r"^\W*(?:(?:and|but|so|also)\s+)?(?:i|i'm|im|i've|i'd|my)\b", re.I)
# A goal or wish: what follows is what the user wants, not what they have.
GOAL = re.compile(
    r"\b(?:want(?:s|ed|ing)?\s+to|wanna|would like|'d like|(?:would|'d)\s+love\s+to|wish(?:es)?\s+to|"
    r"hop(?:e|es|ing)\s+to|plan(?:s|ning)?\s+to|"
    r"aim(?:s|ing)?\s+(?:to|for)|aspir\w*|dream\w*\s+(?:of|to)|becom(?:e|es|ing)|mov(?:e|es|ing)\s+(?:in)?to|"
    r"transition\w*|switch\w*\s+(?:to|into)|get(?:ting)?\s+into|break(?:ing)?\s+into|pivot\w*|"
    r"interested\s+in|thinking\s+(?:about|of)|consider(?:s|ing)?|looking\s+(?:for|to|into)|to\s+learn|"
    r"learn(?:\s+more)?\s+about|goal\s+is|apply(?:ing)?\s+(?:to|for)|prepar(?:e|ing)\s+for)\b",
    re.I,
)
# A heading that says what follows is not the user's: "things I never touch:", "weak spot:", "not my job:".
NEGATIVE_HEADING = re.compile(
    r"\b(?:don'?t|do not|doesn'?t|never|not|no|nope|weak\w*|worst|avoid\w*|hate\w*|dislike\w*|can'?t|cannot)\b", re.I
)
# "I'm no data scientist: I run the ETL jobs ...": who the user is not, then what they do; no list heading
# ("I'm not a fan of:" is one)
I_AM_NOT = r"\b(?:i'?m|i am|im)\s+(?:\w+\s+){0,2}?(?:not|never|no longer)\s+(?:been\s+)?"  # "i'm def not "
NOT_WHO_I_AM = re.compile(rf"{I_AM_NOT}an?\s+.*?(?<!\bof)(?<!\bwith)\s*:\s*$", re.I)
# Not the person's own words: markup and code (an HTML tag is no software engineering), and a long quotation or a
# pasted job ad ("the posting asks for ..."), which says what someone else wants.
NOT_OWN_WORDS = re.compile(
    r"```.*?```|`[^`\n]*`|<!--.*?-->|</?[a-zA-Z][^<>\n]{0,200}>|&[a-z]+;"
    r"|[\"“][^\"”\n]{60,}[\"”]"
    r"|\b(?:the|this|a|that)\s+(?:job\s+)?(?:ad|advert|posting|listing|job\s+description|jd)\b[^.\n]*(?:[.\n]|$)",
    re.S | re.I,
)
# Someone else's work: "my teammate handles deployment", "the data science team sits next to me".
OTHERS = re.compile(
    r"^\W*(?:(?:and|but|so|while)\s+)?(?:(?:he|she|they|someone|somebody|everyone|nobody|others)\b|"
    r"(?:my|our|his|her|their|the|a|an|this|that|another|other|some)\s+(?:[\w/-]+\s+){0,3}?"
    r"(?:manager|boss|team|teams|teammates?|colleagues?|co-?workers?|engineers?|scientists?|analysts?|researchers?|"
    r"developers?|devs|company|department|org|organi[sz]ation|group|friends?|partner|wife|husband|clients?|people|"
    r"folks|guys|firm|employer|lead|mentor)\b(?!\s+(?:and|who|that)\s+i\b))",
    re.I,
)
# Work handed to others, said the other way round: "the business side is handled by our PM", "I leave
# deployment to other teams", "infra is the platform team's job".
DELEGATED = re.compile(
    r"\b(?:handled|done|owned|covered|managed|taken\s+care\s+of|looked\s+after)\s+by\s+(?:my|our|the|other|another|"
    r"their|his|her|a|an|someone|somebody|others)\b|"
    r"\b(?:leave|leaves|left|delegate[sd]?|hand(?:s|ed)?\s+off|outsource[sd]?)\b.*\bto\s+(?:my|our|the|other|another|"
    r"their|his|her|someone|somebody|others)\b|"
    r"\b(?:is|are|was|were)\s+(?:(?:the\s+)?(?:[\w-]+\s+){0,2}?[\w-]+'s|their|his|her|someone\s+else'?s)\s+(?:\w+\s+)?"
    r"(?:problem|job|thing|responsibility|department|area|call|domain|turf)\b",  # "deployment is IT's problem"
    re.I,
)


def _split(text: str) -> list[str]:
    """Clauses the user states about themselves, in order. Questions, requests and other people's work are
    dropped; a goal word ends what the clause says about the user, and the items listed after it ("I want to
    do a bit of everything, models, deployment") are part of the goal until the user speaks again ("I ...")."""
    out = []
    negated = False  # "things I never touch: infra, on-call": the items after a negative heading are not the user's
    for m in SENTENCES.finditer(text):
        sentence = m.group(0)
        heading = negated
        negated = (
            sentence.rstrip(" ").endswith(":")
            and bool(NEGATIVE_HEADING.search(sentence))
            and not NOT_WHO_I_AM.search(sentence)
        )
        if heading:
            out += [f"no {p.strip()}" for p in sentence.rstrip(".;:!?\n() ").split(",") if p.strip()]
            continue
        question = "?" in sentence
        body = sentence.rstrip(".;:!?\n() ")
        parts = [p.strip() for seg in CONTRAST.split(body) for c in seg.split(",") for p in NEW_SUBJECT.split(c)]
        parts = [p for p in parts if p]
        asked = wanting = False
        for n, part in enumerate(parts):
            if asked and n and FIRST_PERSON_START.search(part) and not QUESTION_START.search(part):
                asked = False  # "how do I become an MLE, I already know Python": a statement after the question
            asked = asked or bool((QUESTION.search(part) and not CLEFT.search(part)) or REQUEST.search(part))
            asked = asked or bool(question and QUESTION_START.search(part))
            if asked or (question and n == len(parts) - 1 and not FIRST_PERSON_START.search(part)):
                continue
            if wanting and not FIRST_PERSON_START.search(part):
                continue
            if OTHERS.search(part) or DELEGATED.search(part):
                continue
            goal = GOAL.search(part)
            if goal:
                wanting, part = True, part[: goal.start()]
            out.append(part)
    return out
