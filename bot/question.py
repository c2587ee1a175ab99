"""A user's question, typed: what kind of question it is and which things of the taxonomy it names.

Entities (roles, tasks, subtasks, skills, tools, organization types, editions) are read from the taxonomy's
names and aliases, after a light spelling fix: a word that is neither in the reports nor in the taxonomy is
replaced by the closest taxonomy word ("enginer" -> "engineer"). The kind is decided by the shape of the
question (a yes/no auxiliary, "who/which roles", "why", "before/after", "from A to B", "like/hate") together
with the entities it names; the router falls back to the nearest labelled example for what the shape leaves open.
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from typing import Literal

import yaml
from pydantic import BaseModel

from bot.prompts import PROMPTS_DIR
from bot.settings import ROOT
from bot.taxonomy import Taxonomy, default_taxonomy, normalize

Kind = Literal[
    "smalltalk",
    "injection",
    "not_covered",
    "describe",
    "who",
    "needs",
    "yes_no",
    "contrast",
    "transition",
    "preference",
    "why",
    "sequence",
    "fit",
    "plan",
    "fact",
]


class Entities(BaseModel):
    """Taxonomy ids named in a text, in order of appearance."""

    roles: list[str] = []
    tasks: list[str] = []
    subtasks: list[str] = []  # "task_id/subtask_id"
    skills: list[str] = []
    tools: list[str] = []
    orgs: list[str] = []
    editions: bool = False

    def count(self) -> int:
        return sum(len(getattr(self, f)) for f in ("roles", "tasks", "skills", "tools", "orgs"))


Intent = Literal["greeting", "fact", "role_fit", "learning_plan", "compare", "describe_role", "out_of_scope"]


class Question(BaseModel):
    """What the user asked: its kind, the entities it names and, for "not covered", the topic. `intent` is the
    coarse family the tools and logs use (fit, plan, compare, describe a role, fact, greeting, out of scope)."""

    text: str
    kind: Kind
    reason: str = ""
    entities: Entities = Entities()
    topic: str | None = None  # the uncovered topic ("degrees", "salaries")
    injection: bool = False

    @property
    def intent(self) -> Intent:
        if self.kind in ("smalltalk",):
            return "greeting"
        if self.kind in ("not_covered", "injection"):
            return "out_of_scope"
        if self.kind == "fit":
            return "role_fit"
        if self.kind in ("plan", "transition"):
            return "learning_plan"
        if self.kind == "contrast" and len(self.entities.roles) >= 2:
            return "compare"
        if self.kind == "describe" and self.entities.roles:
            return "describe_role"
        return "fact"

    @property
    def roles(self) -> list[str]:
        return self.entities.roles

    @property
    def tasks(self) -> list[str]:
        return self.entities.tasks


# -- entities ---------------------------------------------------------------------------------------

# Words that name a task's work, beyond the task's own name ("a data engineer" does data engineering).
TASK_SYNONYMS = {
    "data_engineering": ["data engineer", "data engineers", "data pipelines", "data pipeline", "etl",
                         "preparing data", "prepare data", "data prep", "data preparation"],
    "modeling": ["modelling", "model training", "training models", "train models", "building models"],
    "deployment": ["deploy", "deploying", "deployed", "production", "putting models into production", "mlops"],
    "business_analysis": ["business analyses", "analytics", "business analytics"],
    "ai_infrastructure": ["infrastructure", "infra", "ai infra", "platform engineering"],
}  # fmt: skip
# Organization types as people name them ("a DS org", "ML organizations").
ORG_NAMES = {
    "data_science": ["data science organization", "data science organisation", "data science org", "ds org",
                     "ds organization", "data science team", "data science company", "data science one", "ds one"],
    "machine_learning": ["machine learning organization", "machine learning organisation", "machine learning org",
                         "ml org", "ml organization", "machine learning company", "machine learning team",
                         "ml team", "machine learning one", "ml one"],
}  # fmt: skip
# Skill aliases too general to name the skill in a question ("business goal", "testing", "writing code").
GENERIC = {"business", "marketing", "strategy", "finance", "consulting", "testing", "writing", "monitoring",
           "security", "networking", "infrastructure", "cloud", "apis", "papers", "publish", "published",
           "stakeholders", "coding", "programming", "production code", "analytics", "visualization",
           "experimentation", "databases", "containers", "queries"}  # fmt: skip
EDITIONS = re.compile(
    r"\b(editions?|2019|2020|playbook|versions?|earlier (draft|report)|two reports|both reports|first report"
    r"|second report|newer report|older report|final report)\b",
    re.I,
)
# "a DS project", "the ML life cycle": the abbreviation names the field, not the role
NOT_A_ROLE_AFTER = r"(?!\s+(?:projects?|life ?cycles?|organi[sz]ations?|orgs?|teams?)\b)"
VARIANT = re.compile(r"\b(deep learning (engineer|researcher)s?|software engineers? ?- ?deep learning)\b", re.I)


def _per_taxonomy(fn):
    """Cache `fn(tax)` per taxonomy object (a taxonomy is frozen but holds lists, so it is not hashable)."""
    memo: dict[int, tuple[Taxonomy, object]] = {}

    def wrapper(tax: Taxonomy):
        if id(tax) not in memo:
            memo[id(tax)] = (tax, fn(tax))  # keeps tax alive, so its id is not reused
        return memo[id(tax)][1]

    return wrapper


@_per_taxonomy
def _lexicon(tax: Taxonomy) -> list[tuple[str, str, str]]:
    """(phrase, entity field, id), longest phrase first, so "machine learning engineer" beats "machine learning"."""
    rows: list[tuple[str, str, str]] = []
    for role in tax.roles:
        for alias in {role.name, role.id.replace("_", " "), *role.aliases}:
            rows.append((normalize(alias), "roles", role.id))
    for task in tax.tasks:
        for alias in [task.name, *TASK_SYNONYMS.get(task.id, [])]:
            rows.append((normalize(alias), "tasks", task.id))
        for sub in task.subtasks:
            for alias in [sub.name, *sub.aliases]:
                rows.append((normalize(alias), "subtasks", f"{task.id}/{sub.id}"))
    for skill in tax.skills:
        for alias in {skill.name, *skill.aliases} - GENERIC:
            rows.append((normalize(alias), "skills", skill.id))
    for org_id, names in ORG_NAMES.items():
        rows += [(normalize(name), "orgs", org_id) for name in [*names, *(n + "s" for n in names)]]
    for tool in tax.tools:
        for alias in {tool.name, *tool.aliases}:
            rows.append((normalize(alias), "tools", tool.id))
    return sorted(set(rows), key=lambda r: -len(r[0]))


@_per_taxonomy
def _known_words(tax: Taxonomy) -> tuple[frozenset[str], tuple[str, ...]]:
    """Every word of the reports and the taxonomy (not corrected), and the taxonomy's name words (targets)."""
    text = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "knowledge" / "sources").glob("*.md"))
    words = set(re.findall(r"[a-z]+", text.lower()))
    targets = {w for phrase, _, _ in _lexicon(tax) for w in phrase.split() if len(w) >= 4 and w.isalpha()}
    return frozenset(words | targets), tuple(sorted(targets))


def fix_spelling(text: str, tax: Taxonomy | None = None) -> str:
    """Lowercased text with unknown words replaced by the closest taxonomy word ("sientist" -> "scientist")."""
    tax = tax or default_taxonomy()
    known, targets = _known_words(tax)

    def fix(m: re.Match) -> str:
        word = m.group()
        if len(word) < 5 or word in known:
            return word
        close = difflib.get_close_matches(word, targets, n=1, cutoff=0.8)
        return close[0] if close else word

    return re.sub(r"[a-z]+", fix, text.lower())


def find_entities(text: str, tax: Taxonomy | None = None) -> Entities:
    """The taxonomy entities named in `text` (spelling fixed, whole words, longest name first)."""
    tax = tax or default_taxonomy()
    lowered = fix_spelling(text, tax)
    # "-" and "_" read as spaces, as in the lexicon; a deep learning variant is not its base role
    flat = VARIANT.sub(lambda m: "#" * len(m.group()), lowered).replace("-", " ").replace("_", " ")
    flat = re.sub(r"[ \t]+", " ", flat)
    found: list[tuple[int, int, str, str]] = []
    for phrase, field, item in _lexicon(tax):
        after = NOT_A_ROLE_AFTER if field == "roles" else ""
        for m in re.finditer(rf"(?<![\w+#]){re.escape(phrase)}(?![\w+#]){after}", flat):
            if not any(m.start() < end and start < m.end() for start, end, _, _ in found):
                found.append((m.start(), m.end(), field, item))
    out: dict[str, list[str]] = {}
    for _, _, field, item in sorted(found):
        out.setdefault(field, [])
        if item not in out[field]:
            out[field].append(item)
    # a task named as a subtask's parent only ("labeling data") keeps the subtask; the task comes from it
    for sub in out.get("subtasks", []):
        task = sub.split("/")[0]
        if task not in out.get("tasks", []):
            out.setdefault("tasks", []).append(task)
    return Entities(**out, editions=bool(EDITIONS.search(lowered)))


# -- uncovered topics ---------------------------------------------------------------------------------


@cache
def _topics() -> list[tuple[str, re.Pattern]]:
    data = yaml.safe_load((PROMPTS_DIR / "topics.yaml").read_text(encoding="utf-8"))
    out = []
    for name, words in data.items():
        alts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
        out.append((name, re.compile(rf"(?<![\w-])({'|'.join(alts)})(?![\w-])", re.I)))
    return out


def uncovered_topic(text: str) -> str | None:
    """The name of a topic the reports don't discuss that `text` asks about, if any."""
    for name, pattern in _topics():
        if pattern.search(text):
            return name
    return None


# -- the kind of question -------------------------------------------------------------------------------

YES_NO = re.compile(
    r"^\s*(?:so\s+|but\s+|and\s+|ok\s+|hey\s+)?(do|does|did|is|are|am|was|should|must|can|could|will|would|"
    r"has|have|isn'?t|aren'?t|don'?t|doesn'?t)\b",
    re.I,
)
IS_IT_TRUE = re.compile(r"\b(is it true|true that|is it right|right that|correct that|really)\b", re.I)
REQUIRE = re.compile(
    r"\b(need|needs|needed|require[sd]?|required|necessary|essential|important|have to|has to|must|"
    r"use|uses|using|know|knows|do|does|carry out|involved?|part of|matter|expected)\b",
    re.I,
)
NEGATION = re.compile(r"\b(don'?t|doesn'?t|do not|does not|not|never|no need|isn'?t|aren'?t)\b", re.I)
WHO = re.compile(
    r"\b(which|what) (ai )?(roles?|jobs?|positions?|people|titles?|team members?)\b|\bwho\b|\broles? (that|which)\b",
    re.I,
)
WHY = re.compile(r"^\s*(?:and\s+|so\s+|but\s+)?(why|how come)\b|\bwhat('?s| is) the (reason|point)\b|\bwhy\b", re.I)
SEQUENCE = re.compile(
    r"\b(before|after|next|comes? (first|last|next)|precede[sd]?|follows?|first step|last step|order|"
    r"sequence|steps?)\b",
    re.I,
)
CONTRAST = re.compile(
    r"\b(compare[sd]?|comparison|differences?|different|differ|differs|distinguish|vs\.?|versus|"
    r"better than|same as|similar|rather than|or an?)\b",
    re.I,
)
TRANSITION = re.compile(
    r"\bfrom (an? |the )?.{2,40}? (to|into)\b|\b(switch|transition|move|moving|pivot|go|change)\w* (from|out of)\b",
    re.I,
)
PLAN = re.compile(
    r"\b(learn|become|becoming|get into|getting into|transition|switch|move into|prepare|path to|roadmap|study"
    r"|missing|gaps?|improve|grow into|career change|to be an?|work as|land an?|get an?)\b",
    re.I,
)
FIT = re.compile(
    r"\b(which|what) (ai )?(role|job|position|career|track|path)s?\b.{0,50}\b(fit|fits|suit|suits|match|me|should"
    r"|best|closest|right)|\b(fits? me|suits? me|match(es)? me|right for me|good fit|am i (a )?fit|closest fit"
    r"|best fit|where do i fit|what am i|am i closer)\b",
    re.I,
)
LIKES = re.compile(
    r"\b(?P<neg>hate|hates|dislike|dislikes|don'?t like|do not like|can'?t stand|not into|avoid|bored by"
    r"|not a fan of)\b|\b(like|likes|love|loves|enjoy|enjoys|into|passionate about|prefer|fan of|interested in)\b",
    re.I,
)
DESCRIBE = re.compile(
    r"\b(what (does|do|is|are)|what'?s|whats|tell me (about|more)|who (is|are)|describe|explain|meaning of"
    r"|define|definition|mean by|means?)\b",
    re.I,
)
NEEDS = re.compile(
    r"\b(skills?|tools?|languages?|software|stack|technolog\w+|know|learn|need|needs|require\w*|use|uses|using)\b",
    re.I,
)
GREETING = re.compile(
    r"^\s*(hi|hello|hey|yo|good (morning|afternoon|evening)|thanks?( you)?|thank you( very much)?|thx|ty|cheers"
    r"|ok(ay)?|cool|great|nice|perfect|got it|bye|goodbye|see you|who are you|what can you do|help)\b"
    r"[\s!.?,]*(there|mentor|so much|a lot|again|bot)?[\s!.?,]*(that helps|that('?s| is) (great|helpful))?[\s!.?]*$",
    re.I,
)


def classify(text: str, ents: Entities, first_person: bool = False) -> tuple[Kind, str]:
    """The kind of `text` from its shape and entities, with the reason; "fact" when nothing decides."""
    roles, things = ents.roles, ents.count()
    if GREETING.match(text):
        return "smalltalk", "greeting or thanks"
    if len(roles) >= 2 and TRANSITION.search(text):
        return "transition", "from one role to another"
    two_sides = len(roles) >= 2 or len(ents.tasks) >= 2 or len(ents.orgs) >= 2 or ents.editions
    explicit = re.search(r"\b(vs\.?|versus|compare[sd]?|differ\w*)\b", text, re.I)
    if CONTRAST.search(text) and (two_sides or (things >= 1 and explicit)):
        return "contrast", "two things compared"
    if WHY.search(text):
        return "why", "asks for a reason"
    if YES_NO.match(text) or IS_IT_TRUE.search(text):
        subject = roles or ents.tasks
        obj = ents.skills or ents.tools or (ents.tasks if roles else []) or ents.subtasks
        if subject and obj and REQUIRE.search(text):
            return "yes_no", "does X need Y"
    if LIKES.search(text) and (FIT.search(text) or re.search(r"\b(role|job|career|path|track)s?\b", text, re.I)):
        return "preference", "likes or dislikes"
    if FIT.search(text):
        return "fit", "asks which role fits"
    if SEQUENCE.search(text) and (ents.tasks or re.search(r"life ?cycle|cycle", text, re.I)) and not roles:
        return "sequence", "order of the life cycle"
    if WHO.search(text) and (ents.tasks or ents.skills or ents.tools or ents.subtasks):
        return "who", "which roles do or need it"
    if PLAN.search(text) and roles:
        return "plan", "learning towards a role"
    what_it_does = re.search(r"\b(what (does|do) .{0,30}\b(do|mean))\b", text, re.I)
    if (roles or ents.tasks) and NEEDS.search(text) and not what_it_does:
        return "needs", "skills or tools it needs"
    if things == 1 and DESCRIBE.search(text) or (things == 1 and len(text.split()) <= 4):
        return "describe", "what it is or does"
    if ents.orgs and len(ents.orgs) == 1:
        return "describe", "an organization type"
    return "fact", "no rule decided"
