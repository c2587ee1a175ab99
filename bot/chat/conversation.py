"""The conversation: what a session remembers (turns, the user's skills, the roles and tasks under discussion,
the last question) and how a follow-up is read in its light ("they", "that", "and for X?", "how is that
different from X?")."""

from __future__ import annotations

import re
import uuid
from collections import deque
from dataclasses import dataclass, field

from bot.answering.answer import Answer
from bot.index.embeddings import Embedder
from bot.knowledge.profile import SkillProfile
from bot.knowledge.taxonomy import Taxonomy, default_taxonomy, prose
from bot.people.assessment import Assessment
from bot.reading import polarity
from bot.reading.entities import AI_ORG, ORG_NAMES, retold
from bot.reading.question import CODING, FIT, LIKES, PLAN, Entities, Question, classify, find_entities, fix_spelling
from bot.reading.router import ASKS, FIRST_PERSON, PRONOUN
from bot.reading.skills import Evidence, extract_profile

PEOPLE = re.compile(r"\b(they|them|their|theirs|he|she|his|her|those|that role|this role|that one|this one)\b", re.I)
FOLLOW_UP = re.compile(r"^\s*(and|what about|how about|same for|and for|now for|ok and|what if)\b", re.I)
# "which of the two needs more math?", "which one does deployment?": the two roles just talked about
BOTH = re.compile(
    r"\b(which of (the|those|these) (two|2|roles|ones|jobs)|which of them|which one|the two|both of them"
    r"|between (them|the two|those|these))\b",
    re.I,
)
# "what about the other type?": of the reports' two kinds of AI organization, the one not just talked about
OTHER = re.compile(r"\bthe other (one|kind|type|sort|org\w*)?\b", re.I)
# reasons of a question retold whole from the one before: it is the standalone question, not what was typed
NEW_ENTITY = "same question, new entity"
ASKED_AGAIN = "the other kind of what was just asked: asked again"
RETOLD = (NEW_ENTITY, ASKED_AGAIN)
# "ds", "machine learning": the field each kind of organization is named after ("ds org")
ORG_FIELDS = {n.rsplit(" ", 1)[0]: kind for kind, names in ORG_NAMES.items() for n in names if n.endswith(" org")}
# "does the researcher have an equivalent?" after a variant: a version of another role
VERSION = re.compile(r"\b(versions?|variants?|flavou?rs?|equivalents?|counterparts?)\b", re.I)
# "what should I learn to get there?": the role the last answer pointed to
THERE = re.compile(
    r"\b(get there|get to (it|that)|that role|this role|the top one|the closest (one|role)|that job)\b", re.I
)


@dataclass
class Session:
    """One conversation: bounded history plus what the user told us about their skills."""

    max_turns: int = 6
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    history: deque = field(default_factory=deque)
    profile: SkillProfile = field(default_factory=SkillProfile)
    evidence: list[Evidence] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    subtasks: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    last_intent: str | None = None
    last_question: Question | None = None  # "and for a data scientist?" asks it again of another entity
    recent_roles: list[str] = field(default_factory=list)  # the last two roles talked about, oldest first
    pending: Question | None = None  # a question asked back about ("1 or 2?"), until the user picks
    assessment: Assessment | None = None  # a guided self-assessment under way in the chat

    def remember(self, question: str, answer: Answer, q: Question) -> None:
        self.history.append((question, answer.text))
        while len(self.history) > self.max_turns:
            self.history.popleft()
        # the latest entities talked about, for "they" / "it" in the next turn: the question's, or the roles its
        # answer named first ("which role keeps up with research?" -> "what do they use for that?")
        # (a ranking names the closest role first: "what should I learn to get there?" means that one)
        first = answer.text.split("\n", 1)[0]
        # (a who-answer may name two: "Deployment is carried out by the MLE and the SWE-ML" - "they" is both)
        keep = {"who": 2, "fit": 1}.get(q.kind, 0)
        named = find_entities(first, default_taxonomy(), spelling=False).roles[:keep] if keep else []
        roles = list(q.roles) or list(q.entities.variants) or named
        for role in roles[:2]:
            self.recent_roles = [*(r for r in self.recent_roles if r != role), role][-2:]
        if roles or q.tasks:
            # a question about a task keeps the people talked about before ("they" may still be them)
            self.roles = roles or (self.roles if q.tasks else [])
            self.tasks, self.subtasks = list(q.tasks), list(q.entities.subtasks)
        if q.entities.orgs or roles or q.tasks:
            self.orgs = list(q.entities.orgs)
        self.last_intent = answer.intent
        self.pending = q if q.kind == "clarify" else None
        if q.kind not in ("smalltalk", "injection", "not_covered", "clarify", "assess"):
            self.last_question = q

    def learn_skills(self, evidence: list[Evidence]) -> None:
        by_skill = {e.skill: e for e in self.evidence} | {e.skill: e for e in evidence}
        self.evidence = list(by_skill.values())
        self.profile = SkillProfile(levels={s: e.level for s, e in by_skill.items()})


PICKS = {"1": 0, "one": 0, "first": 0, "the first": 0, "the first one": 0, "2": 1, "two": 1, "second": 1,
         "the second": 1, "the second one": 1}  # fmt: skip


def picked(text: str, session: Session) -> Question | None:
    """The question asked back about, read the way the user picked ("2", "the second"), or None."""
    pending = session.pending
    choice = PICKS.get(" ".join(text.lower().strip(" .!?)").split()))
    if pending is None or choice is None or choice >= len(pending.options):
        return None
    return pending.model_copy(update={"kind": pending.options[choice], "options": [], "reason": "picked"})


def stated_skills(text: str, tax: Taxonomy, embedder=None, about_me: bool = False) -> list[Evidence]:
    """The skills a user states about themselves in a message: one in the first person, one that asks which
    role fits (or that the caller knows, `about_me`, to be about the person), or a statement (not a question)
    that names at least two skills ("5 yrs pytorch, some SQL")."""
    about_me = about_me or FIRST_PERSON.search(text) or FIT.search(text)
    if not about_me and ASKS.search(text):  # a question about the reports: nothing to read (and reading costs)
        return []
    try:
        evidence = extract_profile(text, tax, embedder).evidence
    except ValueError:
        return []
    # "no ml experience at all though": a statement (not a question) giving a skill a level is about oneself
    level_cue = not ASKS.search(text) and LEVEL_CUE.search(text)
    return evidence if about_me or level_cue or len({e.skill for e in evidence}) >= 2 else []


LEVEL_CUE = re.compile(
    r"\b(no|none|zero|never|not much|little|some|basic|a bit|decent|good|strong|expert|years?|yrs)\b", re.I
)


def resolve(q: Question, session: Session, stated: bool, tax: Taxonomy, embedder: Embedder | None = None) -> Question:
    """The question read in the light of the conversation: "they", "that", "and for X?", "how is that
    different from X?", and skills given after a plan asked for them."""
    ents, last = q.entities, session.last_question
    # ("ok and the other type?" opens like a thanks, but asks on)
    if q.kind == "injection" or not session.history or (q.kind == "smalltalk" and not OTHER.search(q.text)):
        return q
    if stated and session.last_intent == "learning_plan" and session.roles and q.kind in ("fit", "fact"):
        return q.model_copy(
            update={
                "kind": "plan",
                "reason": "skills given for the plan",
                "entities": ents.model_copy(update={"roles": list(session.roles)}),
            }
        )
    if (told := _told_about_self(q, session, embedder)) is not None:  # "what role then?" after likes and dislikes
        return q.model_copy(update={"text": told, "kind": "preference", "reason": "a role for what they said"})
    ranked = last is not None and last.kind in ("fit", "preference") and not session.profile.is_empty
    if q.kind == "why" and len(ents.roles) == 1 and ranked:
        # "why that one and not the data scientist?" after a ranking: that role against the first, for this profile
        return q.model_copy(update={"kind": "fit", "reason": "why the first role and not this one"})
    if q.kind == "why" and not ents.count() and last and last.entities.count() and len(q.text.split()) <= 4:
        # a bare "why?" / "why not?": the reason for what was just asked, of the same things
        return q.model_copy(update={"entities": last.entities, "reason": "why, of the question before"})
    if q.kind == "why" and q.negated and ents.roles and not ents.tasks and session.tasks:
        # "which roles do deployment?" -> "why not the data analyst?": why that role does not do the task
        why_not = ents.model_copy(update={"tasks": list(session.tasks[:1])})
        return q.model_copy(update={"entities": why_not, "reason": "why not, of the task just talked about"})
    if (other := _another_of_the_same(q, session, tax)) is not None:  # a variant, or the other kind of organization
        return other
    if BOTH.search(q.text) and not ents.skills and CODING.search(q.text):  # "which of them codes more?"
        ents = ents.model_copy(update={"skills": ["algorithmic_coding"]})
    if (both := _of_the_two(q, ents, session)) is not None:
        return both
    if THERE.search(q.text) and PLAN.search(q.text) and not ents.roles and session.roles:
        there = ents.model_copy(update={"roles": list(session.roles[:1])})
        return q.model_copy(update={"kind": "plan", "entities": there, "reason": "plan for the role just named"})
    if FOLLOW_UP.match(q.text) and last and last.kind in ("sequence", "who") and not ents.count():
        # "and before?" of a step; "and who needs the least?" of a skill: the same subject, the other way
        return last.model_copy(update={"text": q.text, "reason": "the same subject, the other way"})
    if FOLLOW_UP.match(q.text) and last and (again := _new_entity(q, ents, last, tax)) is not None:
        return again
    update = _from_session(q, ents, session)
    if not update:
        return q
    ents = ents.model_copy(update=update)
    kind, reason = classify(fix_spelling(q.text, tax), ents)
    # (a question about "that role" is not one about the reports, whatever example it sounded like)
    kind = q.kind if q.kind not in ("fact", "describe", "reports") or kind == "fact" else kind
    return q.model_copy(update={"entities": ents, "kind": kind, "reason": f"{reason}, from the conversation"})


def _new_entity(q: Question, ents: Entities, last: Question, tax: Taxonomy) -> Question | None:
    """ "and for X?": the last question again, of the entity named now. It replaces the entity of the same type, or
    all of them when it is of a type the last question did not name ("which do X?" -> "and which use Y?")."""
    if last.entities.orgs and not ents.orgs and (kind := _field(q.text)):
        # "how does an ML project go?" -> "and for DS?": the other kind of organization, not the data scientist
        ents = ents.model_copy(update={"orgs": [kind], "roles": []})
    if not ents.count() or q.kind not in ("fact", "describe", "plan", "needs"):
        return None
    fields = [f for f in ("roles", "tasks", "skills", "tools", "orgs", "titles") if getattr(ents, f)]
    if any(not getattr(last.entities, f) for f in fields):
        return last.model_copy(update={"entities": ents, "text": q.text, "reason": "same kind, new entity"})
    now = last.entities.model_copy(update={f: getattr(ents, f) for f in fields})
    text = retold(last.text, last.entities, now, tax)
    # the facet the conversation gave the last question too ("does the researcher have an equivalent?": variants)
    return last.model_copy(update={"entities": now, "text": text, "facet": last.facet, "reason": NEW_ENTITY})


def _field(text: str) -> str | None:
    """The kind of organization a bare field names in a follow-up ("and DS?", "what about machine learning?")."""
    said = re.sub(r"^(?:for|about|the)\s+", "", FOLLOW_UP.sub("", text).strip(" ?!.").lower())
    return ORG_FIELDS.get(said)


def _another_of_the_same(q: Question, session: Session, tax: Taxonomy) -> Question | None:
    """Another of what was just talked about: "does the researcher have an equivalent?" after a variant is that
    role's variant; "and the other type?" after one kind of organization is the other kind (both when none was)."""
    ents, last = q.entities, session.last_question
    after_variant = last is not None and (bool(last.entities.variants) or last.facet == "variants")
    if VERSION.search(q.text) and q.facet != "variants" and after_variant:
        # "who is a software engineer - deep learning?" -> "does the researcher have an equivalent?": its variant
        roles = ents.roles or session.roles[:1]
        kind = q.kind if q.kind in ("fact", "describe", "yes_no") else "describe"
        update = {"facet": "variants", "kind": kind, "entities": ents.model_copy(update={"roles": roles})}
        return q.model_copy(update=update | {"reason": "a variant again, of the role named now"})
    kinds = [o.id for o in tax.organizations]
    one_of_two = len(kinds) == 2 and len(session.orgs) == 1 and session.orgs[0] in kinds
    org_word = ents.orgs == [AI_ORG] and ents.count() == 1  # "the other kind of organization" names no kind
    if OTHER.search(q.text) and (not ents.count() or org_word) and last and one_of_two:
        # "what does an ML organization aim for?" -> "and the other type?": the reports define two kinds
        other = last.entities.model_copy(update={"orgs": [k for k in kinds if k != session.orgs[0]]})
        return last.model_copy(update={"text": q.text, "entities": other, "reason": "the other kind"})
    if OTHER.search(q.text) and not ents.count() and last and (session.orgs or not last.entities.count()):
        # "the other sort?" after "what do centralized AI teams look like?": the sentence that answered names both
        return last.model_copy(update={"reason": ASKED_AGAIN})
    if OTHER.search(q.text) and org_word:
        # "what about the other kind of organization?" when no kind was talked about: both kinds
        return q.model_copy(update={"kind": "describe", "reason": "the other kind, with none talked about: both"})
    return None


THING = re.compile(r"\b(it|its|that|this)\b", re.I)
SHORT = 8  # words: a question this short that names nothing leans on the conversation


def _of_the_two(q: Question, ents: Entities, session: Session) -> Question | None:
    """ "which of the two needs more math?", "which one does deployment?", "which one's easier to hire?" right
    after two roles: a comparison of those two (a topic the reports leave out, "which one pays more?", stays
    declined)."""
    pair = session.recent_roles
    if not BOTH.search(q.text) or len(ents.roles) >= 2 or len(pair) != 2:
        return None
    about_them = not ents.count() and len(q.text.split()) <= SHORT and not (q.topic or q.kind == "smalltalk")
    if not (ents.skills or ents.tasks or about_them):
        return None
    both = ents.model_copy(update={"roles": list(pair)})
    return q.model_copy(update={"kind": "contrast", "entities": both, "reason": "which of the two"})


def _told_about_self(q: Question, session: Session, embedder: Embedder | None) -> str | None:
    """A short question for a role ("what role then?", "so which one for me?") after turns in which the user said
    what they like or dislike: those turns and the question, as one message for the preference reader."""
    if q.kind not in ("who", "fit", "preference", "fact") or q.entities.count() or len(q.text.split()) > SHORT:
        return None
    if PEOPLE.search(q.text) or THING.search(q.text):  # "who handles it?" is about what was just talked about
        return None
    said = [turn for turn, _ in session.history if not ASKS.search(turn)]  # what they said, not what they asked
    # a like or dislike in their words, by its cues or the learned reader ("on-call is my personal hell")
    felt = polarity.feelings(said, embedder, polarity.PREFERENCE_CONFIDENCE) if said else []
    if not any(LIKES.search(t) or f in ("likes", "dislikes") for t, f in zip(said, felt, strict=True)):
        return None
    return " ".join([*(t.rstrip(" .") + "." for t in said), q.text])


def _from_session(q: Question, ents: Entities, session: Session) -> dict:
    """What a question (with entities `ents`) takes from the conversation's subjects: the other side of a
    contrast, or the roles and tasks a pronoun, a follow-up or a short question points back at."""
    # a question that names its own subject refers back only through a pronoun ("what is deployment?" does not)
    short = len(q.text.split()) <= 6 and not ents.count()
    refers = bool(PRONOUN.search(q.text) or FOLLOW_UP.match(q.text) or short)
    update = {}
    if q.kind == "contrast" and len(ents.roles) == 1 and session.roles and session.roles[0] != ents.roles[0]:
        update["roles"] = [session.roles[0], ents.roles[0]]
    elif q.kind == "contrast" and ents.variants and not ents.roles and session.roles:
        update["roles"] = list(session.roles[:1])
    elif q.kind == "contrast" and len(ents.tasks) == 1 and session.tasks and session.tasks[0] != ents.tasks[0]:
        update["tasks"] = [session.tasks[0], ents.tasks[0]]
    elif q.kind == "contrast" and len(ents.orgs) == 1 and session.orgs and session.orgs[0] != ents.orgs[0]:
        update["orgs"] = [session.orgs[0], ents.orgs[0]]
    elif refers and q.kind != "not_covered":
        # "is there a deep learning version of that?": a variant is always a role's
        people = PEOPLE.search(q.text) or FOLLOW_UP.match(q.text) or short or q.facet == "variants"
        if not ents.roles and session.roles and people and not FIRST_PERSON.search(q.text):
            # "what tools do they use?" after "deployment is done by the MLE and the SWE-ML": both of them
            both = re.search(r"\b(they|them|their)\b", q.text, re.I) and re.search(r"\b(use|tools?)\b", q.text, re.I)
            update["roles"] = list(session.roles[: 2 if both else 1])
        if not ents.tasks and session.tasks and re.search(r"\b(that|it|this|there)\b", q.text, re.I):
            update["tasks"] = list(session.tasks[:1])
            update["subtasks"] = list(session.subtasks[:1])
    return update


def about(question: str, session: Session, tax: Taxonomy) -> str:
    """The question with the conversation's roles and tasks named after it ("(about: data analyst)"), for
    retrieval, when it refers back to them."""
    names = [prose(tax.role(r).name) for r in session.roles]
    names += [prose(tax.task(t).name) for t in session.tasks]
    short = len(question.split()) <= 10 and not FIRST_PERSON.search(question)  # "I know SQL" is not a follow-up
    if names and (PRONOUN.search(question) or FOLLOW_UP.match(question) or short):
        return f"{question} (about: {' and '.join(names)})"
    return question
