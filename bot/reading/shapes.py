"""The kind of a question from its shape: a yes/no auxiliary, "who/which roles", "why", "before/after", "from A
to B", "like/hate", together with the entities it names (`classify`). The router falls back to the nearest labelled
example for what the shape leaves open."""

from __future__ import annotations

import re

from bot.knowledge.prompts import word_list
from bot.reading.entities import Entities, Kind

# the two editions compared ("what changed from 2019 to 2020?")
EDITION_COMPARE = re.compile(
    r"2019.{0,80}2020|2020.{0,80}2019|\b(both|two|the) (reports|editions|versions)\b|\beditions\b|\bversions\b"
    r"|\b(chang\w*|differ\w*|new|old|older|newer|earlier|later|only in|too)\b",
    re.I,
)

# kinds of tools the reports name without a taxonomy entry of their own ("cloud technologies such as AWS")
TOOL_WORDS = re.compile(r"\b(cloud|query languages?|spreadsheets?|version control|issue tracking|ides?)\b", re.I)
# coding in general: none of the three coding skills alone (algorithmic coding, software engineering,
# domain-specific languages), so a question about it is answered from all three
CODING = re.compile(r"\b(programming|coding|codes?|coders?|programmers?)\b", re.I)
YES_NO = re.compile(
    r"^\s*(?:so\s+|but\s+|and\s+|ok\s+|hey\s+)?(do|does|did|is|are|am|was|should|must|can|could|will|would|"
    r"has|have|isn'?t|aren'?t|don'?t|doesn'?t)\b",
    re.I,
)
IS_IT_TRUE = re.compile(r"\b(is it true|true that|is it right|right that|correct that|really)\b", re.I)
REQUIRE = re.compile(
    r"\b(need|needs|needed|require[sd]?|required|necessary|essential|important|have to|has to|must|"
    r"use|uses|using|know|knows|do|does|carry out|involved?|part of|matter|matters|expected|big deal|useful"
    r"|valued|build|train|deploy|work on|done|carried out|handled|performed|enough|sufficient|without)\b",
    re.I,
)
WHO = re.compile(
    r"\b(which|what)( of the (\d+|six|five))? (ai )?(roles?|jobs?|positions?|people|titles?|team members?)\b"
    r"|\bwho(?:'?s|se)?\b|\broles? (that|which)\b",
    re.I,
)
WHY = re.compile(
    r"^\s*(?:and\s+|so\s+|but\s+)?(why|how come)\b|\bwhat('?s| is) the (reason|point|purpose)\b|\bwhy\b"
    r"|^\s*what('?s| is| are)\b.{1,60}\bfor\s*\??\s*$",  # "what's test-time augmentation for?"
    re.I,
)
SEQUENCE = re.compile(
    r"\b(before|after|next|first|comes? (first|last|next)|precede[sd]?|follows?|first step|last step|order|"
    r"sequence|steps?)\b",
    re.I,
)
CONTRAST = re.compile(
    r"\b(compare[sd]?|comparison|differences?|different|differ|differs|diff|distinguish\w*|vs\.?|versus|apart|"
    r"separates?|boundar(?:y|ies)|"
    r"better than|same as|similar|rather than|instead of|or an?|same|identical|interchangeabl\w*|equivalent"
    r"|(?:just|basically|simply|merely|only) (?:an?|the)|nothing more than)\b",
    re.I,
)
TRANSITION = re.compile(
    r"\bfrom (an? |the )?.{2,40}? (to|into)\b|\b(switch|transition|move|moving|pivot|go|change)\w* (from|out of)\b",
    re.I,
)
PLAN = re.compile(
    r"\b(learn|become|becoming|get into|getting into|transition|switch|move into|prepare|path to|roadmap|study"
    r"|missing|gaps?|improve|grow into|career change|to be an?|to be the|wanna be|work as|land an?|get an?|get to)\b",
    re.I,
)
FIT = re.compile(
    r"\b(which|what) (ai )?(role|job|position|career|track|path)s?\b.{0,50}\b(fit|fits|suit|suits|match|me|should"
    r"|best|closest|right)|\b(fits? me|suits? me|match(es)? me|right for me|good fit|am i (a )?fit|closest fit"
    r"|best fit|where do i fit|am i closer)\b"
    r"|\b(which|what)\b.{0,25}\b(roles?|one|job)\b.{0,12}\b(am i|is (that|this|it)|for me|fits?|suits?)\b"
    r"|\bwhat (am i|would i be|does (that|this) make me)\b(?!\s+(doing|supposed|going|missing|learning|looking))"
    r"|(^|[.,;!]\s*)((which|what) )?(ai )?(role|job|title)\s*\?\s*$",
    re.I,
)
LIKES = re.compile(
    r"\b(?P<neg>hate|hates|dislike|dislikes|don'?t like|do not like|can'?t stand|not into|avoid|bored by|bores? me"
    r"|boring|not a fan of|don'?t care about|don'?t enjoy)\b"
    r"|(?<!would )(?<!'d )(?<!look )(?<!looks )(?<!feel )(?<!feels )(?<!seem )(?<!seems )(?<!sound )(?<!sounds )"
    r"\b(like(?!,? (what|how|which|who|when|where|do|does|is|are)\b)|likes|love|loves|enjoy|enjoys"
    r"|(?:i'?m|am|really) into|passionate about|prefer|fan of|interested in"
    r"|want to do|wanna do|my jam)\b",
    re.I,
)
DESCRIBE = re.compile(
    r"\b(what (does|do|is|are)|what'?s|whats|tell me (about|more)|who (is|are)|describe|explain|meaning of"
    r"|define|definition|mean by|means?|examples? of|examples?)\b",
    re.I,
)
NEEDS = re.compile(
    r"\b(skills?|skill ?sets?|tools?|toolbox|toolkit|languages?|langs|software(?! engineer)|stack|technolog\w+|know"
    r"|learn|need|needs|require\w*|use|uses|using|tasks?|titles?|(?<!on )(?<!on-)call|called|known as|variants?"
    r"|carry out|responsib\w*)\b",  # not "on call": a pager, not a name
    re.I,
)
SMALLTALK_WORDS = word_list("smalltalk")
GREETING = re.compile(
    r"^\s*((hey|hi|hello|ok|so)( there)?,? )?(hi|hello|hey|yo|good (morning|afternoon|evening)|thanks?( you)?"
    r"|thank you( very much)?|thx|ty|cheers|ok(ay)?|cool|great|nice|perfect|got it|bye|goodbye|see you"
    r"|who are you|what can (you|u) (do|help( me)? with)|what do you do|help)\b"
    r"[\s!.?,]*(there|mentor|so much|a lot|again|bot)?[\s!.?,]*(that helps|that('?s| is) (great|helpful))?[\s!.?]*$",
    re.I,
)


def classify(text: str, ents: Entities) -> tuple[Kind, str]:
    """The kind of `text` from its shape and entities, with the reason; "fact" when nothing decides. The rules are
    tried in order: greetings, moves and comparisons first, then yes or no, then the user's own likes and fit, then
    what the question asks of the things it names."""
    for rule in (_opening, _yes_no, _about_the_user, _about_things):
        found = rule(text, ents)
        if found is not None:
            return found
    return "fact", "no rule decided"


MORE_LESS = re.compile(r"\bmore\b[^.?!]{1,60}?\bless\b(?! than)", re.I)


def _opening(text: str, ents: Entities) -> tuple[Kind, str] | None:
    """Small talk, a move between roles, several roles, a preference, a comparison or a reason asked for."""
    roles, things = ents.roles, ents.count()
    words = re.findall(r"[a-z']+", text.lower())
    if GREETING.match(text) or (words and all(w in SMALLTALK_WORDS for w in words)):
        return "smalltalk", "greeting or thanks"
    if len(roles) >= 2 and (TRANSITION.search(text) or PLAN.search(text) or "->" in text or "→" in text):
        return "transition", "from one role to another"
    if len(roles) >= 3:  # a question about several roles at once is for the report's own sentences
        return "fact", "several roles"
    if re.search(r"\b(i'?d|i would) rather\b", text, re.I):  # "I'd rather build models than dashboards"
        return "preference", "would rather"
    if MORE_LESS.search(text) and re.search(r"\b(role|job|one|career|path|position)s?\b", text, re.I):
        return "preference", "more of one thing, less of another"  # "which job is more research, less coding?"
    if ents.editions and EDITION_COMPARE.search(text):
        return "contrast", "the two editions compared"
    two_sides = len(roles) >= 2 or len(ents.tasks) >= 2 or len(ents.orgs) >= 2 or ents.editions
    explicit = re.search(
        # "is a DA just a BA with a fancier title?": is one thing the other, under another name
        r"\b(vs\.?|versus|compare[sd]?|differ\w*|diff|apart|separates?|distinguish\w*|boundar(?:y|ies)|same as"
        r"|the same thing|identical|interchangeabl\w*|equivalent"
        r"|(?:just|basically|simply|merely) (?:an?|the)|nothing more than)\b",
        text,
        re.I,
    )
    if CONTRAST.search(text) and (two_sides or (things >= 1 and explicit)):
        return "contrast", "two things compared"
    if WHY.search(text):
        return "why", "asks for a reason"
    return None


def _yes_no(text: str, ents: Entities) -> tuple[Kind, str] | None:
    """Does a role or task need a skill, use a tool, carry out a task."""
    roles = ents.roles
    # "SQL is needed for a DA?" asks yes or no; "I'm a BA doing Excel, how do I become a DA?" does not
    tail_question = text.rstrip().endswith("?") and not re.search(
        r"\b(what|which|who|how|why|when|where)\b", text, re.I
    )
    if YES_NO.match(text) or IS_IT_TRUE.search(text) or tail_question:
        subject = roles or ents.tasks
        obj = (
            ents.skills
            or ents.tools
            or (ents.tasks if roles else [])
            or ents.subtasks
            or TOOL_WORDS.search(text)
            or CODING.search(text)
        )
        if subject and obj and REQUIRE.search(text):
            return "yes_no", "does X need Y"
    return None


def _about_the_user(text: str, ents: Entities) -> tuple[Kind, str] | None:
    """What the user likes or dislikes, or which role fits them."""
    things = ents.count()
    about_me = re.search(r"\b(i|i'?m|im|me|my)\b", text, re.I)
    if LIKES.search(text) and (
        FIT.search(text)
        or re.search(r"\b(role|job|career|path|track)s?\b", text, re.I)
        or (about_me and things and not WHO.search(text))
    ):
        return "preference", "likes or dislikes"
    if FIT.search(text):
        return "fit", "asks which role fits"
    return None


def _about_things(text: str, ents: Entities) -> tuple[Kind, str] | None:
    """The order of the life cycle, who does or needs something, a plan, what a role needs, what a thing is."""
    roles, things = ents.roles, ents.count()
    if SEQUENCE.search(text) and (ents.tasks or re.search(r"life ?cycle|cycle|project", text, re.I)) and not roles:
        return "sequence", "order of the life cycle"
    asks_role = re.search(r"\b(which|what) (ai )?(roles?|jobs?|positions?)\b", text, re.I)
    if WHO.search(text) and (ents.tasks or ents.skills or ents.tools or ents.subtasks or (asks_role and not things)):
        return "who", "which roles do or need it"
    if PLAN.search(text) and roles:
        return "plan", "learning towards a role"
    what_it_does = re.search(r"\b(what (does|do) .{0,30}\b(do|mean))\b", text, re.I)
    if (roles or ents.tasks) and NEEDS.search(text) and not what_it_does:
        return "needs", "skills or tools it needs"
    if things == 1 and (DESCRIBE.search(text) or len(text.split()) <= 4 or ents.subtasks or ents.titles):
        return "describe", "what it is or does"
    if ents.orgs and len(ents.orgs) == 1:
        return "describe", "an organization type"
    return None
