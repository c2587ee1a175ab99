"""What does the user want? Deterministic intent routing: rules first, then the nearest example
utterance (embedding similarity) from `prompts/intents.yaml`."""

from __future__ import annotations

import re
from typing import Literal

import numpy as np
from pydantic import BaseModel

from bot.embeddings import Embedder
from bot.prompts import intent_examples
from bot.taxonomy import Taxonomy

Intent = Literal["greeting", "fact", "role_fit", "learning_plan", "compare", "describe_role", "out_of_scope"]

INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions?|rules|prompt|guidelines|above|previous)"
    r"|\b(system|initial|hidden|original)\s+(prompt|instructions?|message)"
    r"|\byou are (now|no longer)\b|\bact as\b|\bpretend (to be|you)\b|\brole-?play\b|\bjailbreak|\bDAN\b"
    r"|\bdeveloper mode\b|\b(reveal|print|show|repeat|leak)\b.{0,30}\b(prompt|instructions?|rules)\b"
    r"|\bnew (instructions?|rules|persona)\b|<\/?(system|passages|tool_results)>"
    r"|\b(forget|ignore|disregard)\b.{0,20}\b(reports?|sources?|context)\b|\band nothing else\b"
    r"|\b(say|print|output|write|type)\s+[\"']?[A-Z]{4,}\b"
    r"|\brepeat (the|everything|all)\b.{0,30}\b(above|before|earlier)\b",
    re.I | re.S,
)
GREETING = re.compile(
    r"^\s*(hi|hello|hey|yo|good (morning|afternoon|evening)|thanks?( you)?|thank you( very much)?|cheers|ok(ay)?"
    r"|who are you|what can you do|help)\b[\s!.?,]*(there|mentor|so much)?[\s!.?]*$",
    re.I,
)
OFF_TOPIC = re.compile(
    r"\b(salar(y|ies)|pay(s|ing)?|paid|earn(s|ing)?|compensation|wages?|income|stock options?|equity|bonus"
    r"|visa|immigration|which compan(y|ies)|best compan(y|ies)|hiring now|job openings?|weather|recipe|poem|joke"
    r"|bitcoin|stock price|negotiat\w*|how much (do|does|can)|in (paris|london|new york|san francisco|berlin)"
    r"|hiring|recruiters?|interview (questions?|process)|bootcamps?|certifications?|online courses?|mooc"
    r"|resume|cv tips|cover letter|job market|layoffs?|(google|meta|facebook|amazon|apple|microsoft|openai|netflix)"
    r" (hire|hires|hiring|pay|pays|ask|asks))\b",
    re.I,
)
COMPARE = re.compile(r"\b(compare|comparison|difference|differ|differs|vs\.?|versus|better than)\b", re.I)
# a question about one facet of a role is a fact question, not "describe the role"
FACET = re.compile(
    r"\b(tools?|titles?|called|skills?|tasks?|languages?|variants?|deploy\w*|different|differ|communication"
    r"|strongest|focus|use|uses|follow|need|needs|papers?|conferences?)\b",
    re.I,
)
VARIANTS = re.compile(r"\b(deep learning (engineer|researcher)s?|software engineers? ?- ?deep learning)\b", re.I)
PLAN = re.compile(
    r"\b(learn|become|becoming|get into|getting into|transition|switch|move into|prepare|path to|roadmap|study"
    r"|missing|gaps?|improve|grow into|career change)\b",
    re.I,
)
FIT = re.compile(
    r"\b(which|what) (ai )?(role|job|position|career|track)s?\b.{0,40}\b(fit|fits|suit|suits|match|me|should|best)"
    r"|\b(fits? me|suits? me|match me|right for me|good fit|am i (a )?fit)\b",
    re.I,
)
DESCRIBE = re.compile(
    r"\b(what (does|do) (an? )?|tell me about|who (is|are)|describe|what is (an? )?|what are)\b", re.I
)
FIRST_PERSON = re.compile(r"\b(i|i'm|i've|my|me)\b", re.I)
PRONOUN = re.compile(
    r"\b(they|them|their|it|its|this role|that role|this one|that one|this task|that task|he|she)\b", re.I
)


NOT_A_ROLE_AFTER = r"(?!\s+(?:projects?|life ?cycles?|organi[sz]ations?)\b)"


class Route(BaseModel):
    question: str
    intent: Intent
    reason: str
    roles: list[str] = []
    tasks: list[str] = []
    injection: bool = False


def mentioned_roles(text: str, tax: Taxonomy) -> list[str]:
    """Role ids named in the text, in order of appearance (longest alias wins on overlap)."""
    names = sorted(
        (
            (alias, role.id)
            for role in tax.roles
            for alias in {role.name.lower(), role.id.replace("_", " "), *role.aliases}
        ),
        key=lambda pair: -len(pair[0]),
    )
    found: list[tuple[int, int, str]] = []
    lowered = VARIANTS.sub(lambda m: "#" * len(m.group()), text.lower())  # a variant is not its base role
    for alias, role_id in names:
        # "a DS project", "the DS life cycle": the abbreviation names the field there, not the role
        for m in re.finditer(rf"(?<![\w-]){re.escape(alias)}(?![\w-]){NOT_A_ROLE_AFTER}", lowered):
            if not any(m.start() < end and start < m.end() for start, end, _ in found):
                found.append((m.start(), m.end(), role_id))
    return list(dict.fromkeys(role_id for _, _, role_id in sorted(found)))


TASK_WORDS = {
    "data_engineering": r"data engineering|data pipelines?|etl|labell?ing data|cleaning data|collecting data",
    "modeling": r"modell?ing|training models?|model training",
    "deployment": r"deploy\w*|production",
    "business_analysis": r"business analy\w+",
    "ai_infrastructure": r"ai infrastructure|infrastructure|infra",
}


def mentioned_tasks(text: str) -> list[str]:
    return [t for t, pattern in TASK_WORDS.items() if re.search(rf"\b({pattern})\b", text, re.I)]


class Router:
    """Routes a (standalone) question to an intent."""

    def __init__(self, tax: Taxonomy, embedder: Embedder | None = None, min_similarity: float = 0.55):
        self.tax = tax
        self.embedder = embedder
        self.min_similarity = min_similarity
        examples = intent_examples()
        self._labels = [intent for intent, utterances in examples.items() for _ in utterances]
        self._utterances = [u for utterances in examples.values() for u in utterances]
        self._vectors = None

    def _nearest(self, question: str) -> tuple[str, float] | None:
        if self.embedder is None:
            return None
        if self._vectors is None:
            self._vectors = np.asarray(self.embedder.embed_documents(self._utterances), dtype=np.float32)
        sims = self._vectors @ np.asarray(self.embedder.embed_query(question), dtype=np.float32)
        best = int(sims.argmax())
        return self._labels[best], float(sims[best])

    def route(self, question: str, states_skills: bool = False) -> Route:
        """The intent of `question`; `states_skills` says the message describes the user's own skills."""
        roles = mentioned_roles(question, self.tax)
        tasks = mentioned_tasks(question)

        def done(intent: Intent, reason: str, **extra) -> Route:
            extra.setdefault("roles", roles)
            return Route(question=question, intent=intent, reason=reason, tasks=tasks, **extra)

        if INJECTION.search(question):
            return done("out_of_scope", "injection attempt", injection=True)
        if GREETING.match(question):
            return done("greeting", "greeting")
        if OFF_TOPIC.search(question):
            return done("out_of_scope", "topic the reports don't cover")
        if COMPARE.search(question) and len(roles) == 2:
            return done("compare", "two roles compared")
        if PLAN.search(question) and roles:
            target = self._plan_target(question, roles)
            return done("learning_plan", "learning towards a role", roles=[target, *(r for r in roles if r != target)])
        if FIT.search(question):
            return done("role_fit", "asks which role fits")
        if states_skills and not roles and not tasks:
            return done("role_fit", "states own skills")
        if (
            roles
            and DESCRIBE.search(question)
            and len(question.split()) <= 9
            and not tasks
            and not FACET.search(question)
        ):
            return done("describe_role", "asks about a role")
        nearest = self._nearest(question)
        if nearest and nearest[1] >= self.min_similarity:
            intent, sim = nearest
            # the tools answer only what the rules recognise; out of scope is decided by rules and retrieval
            if intent in ("greeting", "fact"):
                return done(intent, f"nearest example ({sim:.2f})")
        return done("fact", "default")

    def _plan_target(self, question: str, roles: list[str]) -> str:
        """The role after "become / to be / into ..." ("I'm a SWE; how do I become an MLE?")."""
        after = re.search(r"\b(become|becoming|to be|into|as an?|towards?|for)\b(.*)", question, re.I | re.S)
        later = mentioned_roles(after.group(2), self.tax) if after else []
        return later[0] if later else roles[-1]
