"""A user's question, typed (`Question`, its `Kind`, the `Entities` it names), and the entities found in a text.

Entities (roles, tasks, subtasks, skills, tools, organization types, editions) are read from the taxonomy's
names and aliases, after a light spelling fix: a word that is neither in the reports nor in the taxonomy is
replaced by the closest taxonomy word ("enginer" -> "engineer"). The role a user wants to reach, and the one they
say is their own, are read here too.
"""

from __future__ import annotations

import difflib
import re
from functools import cache, lru_cache
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field, model_validator

from bot.knowledge.taxonomy import Taxonomy, default_taxonomy, normalize, whole_words, without_note
from bot.reading.clauses import I_AM_NOT
from bot.reading.english import is_english
from bot.reading.facets import Facet, read_facets
from bot.settings import ROOT

# fmt: off
Kind = Literal[
    "smalltalk", "injection", "not_covered", "describe", "who", "needs", "yes_no", "contrast", "transition",
    "preference", "why", "sequence", "fit", "plan", "reports", "overview", "clarify", "assess", "fact",
]
# fmt: on


class Entities(BaseModel):
    """Taxonomy ids named in a text, in order of appearance."""

    roles: list[str] = []
    tasks: list[str] = []
    subtasks: list[str] = []  # "task_id/subtask_id"
    skills: list[str] = []
    tools: list[str] = []
    orgs: list[str] = []
    titles: list[str] = []  # other job titles the reports give a role ("quantitative analyst")
    variants: list[str] = []  # base role ids of the deep learning variants named ("deep learning engineer")
    editions: bool = False

    def count(self) -> int:
        """How many things are named (a subtask counts once, not also as its task)."""
        tasks = {s.split("/")[0] for s in self.subtasks}
        return (
            len(self.roles)
            + len(self.subtasks)
            + len(set(self.tasks) - tasks)
            + len(self.skills)
            + len(self.tools)
            + len(self.orgs)
            + len(self.titles)
            + len(self.variants)
        )


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
    # how likely the learned reader thinks it is a question the reports leave out, whatever kind was chosen
    out_of_scope: float = Field(default=0.0, ge=0, le=1)
    options: list[str] = []  # for "clarify": the kinds it may be, most likely first (the user picks one)
    asked_roles: list[str] | None = (
        None  # the roles the sentences that ask name, not the story: "MLE or SWE-ML, which fits me?"
    )
    # the sub-questions, read once from the text (`bot/reading/facets.py`)
    negated: bool = False  # "don't they need ...?"
    denies: bool = False  # a negative claim to confirm: "they never need it, right?"
    only: bool = False  # "is it only data scientists?"
    besides: bool = False  # "who else, besides ...?"
    least: bool = False  # "who needs it least?", "who doesn't need it?"
    facet: Facet | None = None  # the side of a role asked about
    tools_asked: bool = False  # "what tools ...?"
    before: bool = False  # "what comes before ...?", "what comes first?"
    either_order: bool = False  # "before or after ...?"
    same: bool = False  # "aren't they the same?"
    without: bool = False  # "can I do it without programming?"

    @model_validator(mode="before")
    @classmethod
    def _read_facets(cls, data):
        """The sub-questions of the text, where not given."""
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            data = {**read_facets(data["text"]), **data}
        return data

    def model_copy(self, *, update=None, deep: bool = False):
        """A copy; a new text comes with its own sub-questions."""
        if update and "text" in update:
            update = {**read_facets(update["text"]), **update}
        return super().model_copy(update=update, deep=deep)

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
                         "preparing data", "prepare data", "data prep", "data preparation",
                         "preparing the data", "prepare the data", "prepping data", "prep the data", "prepped"],
    "modeling": ["modelling", "model training", "training models", "train models", "building models", "build models",
                 "build ml models", "train ml models", "building ml models", "build machine learning models",
                 "fit models", "predictive models", "fit the model", "fit a model", "trained", "model is trained"],
    "deployment": ["deploy", "deploys", "deploying", "deployed", "production", "putting models into production",
                   "mlops", "delivered", "delivery", "delivered to the customer", "gets to the customer"],
    "business_analysis": ["business analyses", "analytics", "business analytics"],
    "ai_infrastructure": ["infrastructure", "infra", "ai infra", "platform engineering"],
}  # fmt: skip
SUBTASK_ABBREVIATIONS = [("machine learning", "ml"), ("deep learning", "dl"), ("evaluation", "eval"),
                         ("hyperparameters", "hyperparams")]  # fmt: skip
# Organization types as people name them ("a DS org", "ML organizations").
HYBRID = "hybrid"  # the hybrid organization: an entity of the questions, not of the taxonomy
AI_ORG = "ai_organization"  # "AI organization" itself, the term both kinds fall under
ORG_NAMES = {
    AI_ORG: ["ai organization", "ai organisation", "ai org", "types of ai organization", "kinds of ai organization",
             "types of organization", "kinds of organization", "types of organisation", "kinds of organisation",
             "kind of organization", "type of organization", "kind of organisation", "type of organisation",
             "kind of ai organization", "type of ai organization", "kind of org", "type of org"],
    "data_science": ["data science organization", "data science organisation", "data science org", "ds org",
                     "ds organization", "data science team", "data science company", "data science one", "ds one",
                     "data science kind of organization", "data science type of organization",
                     "data science kind of org", "data science type of org"],
    "machine_learning": ["machine learning organization", "machine learning organisation", "machine learning org",
                         "ml org", "ml organization", "machine learning company", "machine learning team",
                         "ml team", "machine learning one", "ml one", "machine learning kind of organization",
                         "machine learning type of organization", "ml kind of org", "ml type of org"],
    # a mix of the two, named by the reports in one sentence: no kind of its own in the taxonomy
    HYBRID: ["hybrid organization", "hybrid organisation", "hybrid org", "hybrid one", "hybrid team", "hybrid ai org",
             "hybrid ai organization", "hybrid ai organisation",
             "hybrid company"],
}  # fmt: skip
# each kind of organization runs its kind of project ("the ML project life cycle")
PROJECT_NAMES = {
    "data_science": ["ds project", "data science project", "ds life cycle", "ds lifecycle", "data science life cycle"],
    "machine_learning": ["ml project", "machine learning project", "ml life cycle", "ml lifecycle",
                         "machine learning life cycle"],
}  # fmt: skip
PROJECT = re.compile(r"\b(projects?|life ?cycles?)\b", re.I)
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
VARIANT = re.compile(
    r"\b(deep learning (engineer|eng|researcher)s?|dl (engineer|researcher)s?|software engineers? ?- ?deep learning)\b",
    re.I,
)
# fields named as a goal ("move into data science") and the role that works in each
FIELDS = {
    "data science": "data_scientist",
    "data analytics": "data_analyst",
    "analytics": "data_analyst",
    "machine learning research": "machine_learning_researcher",
    "ml research": "machine_learning_researcher",
    "ai research": "machine_learning_researcher",
    "research": "machine_learning_researcher",
    "machine learning engineering": "machine_learning_engineer",
    "ml engineering": "machine_learning_engineer",
    "machine learning": "machine_learning_engineer",
    "ml": "machine_learning_engineer",
    "ai infrastructure": "software_engineer",
}
# the words before the role a user wants, the plainest first: "worked as a data scientist, want to move into ML
# engineering" wants the one after "into", not the one after "as a"
GOALS = [
    re.compile(rf"\b({words})\b(.*)", re.I | re.S)
    for words in (
        "to become|become|becoming",
        "into|switch to|move to|get to|transition to|pivot to|towards?",
        r"to be|be an?|to|(?<!work )(?<!worked )(?<!working )as an?",
    )
]
OWN_ROLE = re.compile(r"\b(i'?m|i am|im|i work as|currently|as an? .{0,30}\bi\b)\s+(an?\s+)?", re.I)
NOT_ROLE = re.compile(rf"{I_AM_NOT}(?:an?\s+)?", re.I)


def _per_taxonomy(fn):
    """Cache `fn(tax)` per taxonomy object (a taxonomy is frozen but holds lists, so it is not hashable)."""
    memo: dict[int, tuple[Taxonomy, object]] = {}

    def wrapper(tax: Taxonomy):
        if id(tax) not in memo:
            memo[id(tax)] = (tax, fn(tax))  # keeps tax alive, so its id is not reused
        return memo[id(tax)][1]

    return wrapper


@_per_taxonomy
def named_words(tax: Taxonomy) -> frozenset[str]:
    """Every word of a phrase that names something of the taxonomy ("etl" names data engineering)."""
    return frozenset(w for phrase, _, _ in _lexicon(tax) for w in phrase.split())


def role_phrases(tax: Taxonomy) -> list[str]:
    """Every phrase that names a role ("machine learning engineer", "mle", "ml engineer", ...)."""
    return [phrase for phrase, field, _ in _lexicon(tax) if field == "roles"]


def verb_forms(name: str) -> list[str]:
    """A subtask's name said as people ask about doing it: "running A/B tests" -> "run A/B tests", "runs the A/B
    tests"; "defining evaluation metrics" -> "define the evaluation metrics". Forms that are no word match nothing."""
    m = re.match(r"(\w+?)(\w)\2?ing\s+(\S.*)$", name.lower())
    if not m or len(m.group(3).split()) < 2 and len(m.group(3)) < 4:
        return []
    stem = m.group(1) + m.group(2)
    out = []
    for base in (stem, stem + "e"):
        for verb in (base, base + "s"):
            out += [f"{verb} {m.group(3)}", f"{verb} the {m.group(3)}"]
    return out


def retold(text: str, old: Entities, new: Entities, tax: Taxonomy) -> str:
    """`text` with the entities of `old` that `new` replaces named as `new` names them ("what would business
    analysis look like for a movie recommender?" of AI infrastructure): the question asked again of another
    thing, for retrieval. Text left as it is where a name is not found."""
    names = {
        "roles": lambda i: tax.role(i).name,
        "tasks": lambda i: tax.task(i).name,
        "skills": lambda i: tax.skill(i).name,
    }
    for field, name in names.items():
        was, now = getattr(old, field), getattr(new, field)
        if not was or not now or was == now:
            continue
        phrases = [p for p, f, i in _lexicon(tax) if f == field and i == was[0]]  # longest first
        for phrase in phrases:
            m = re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text, re.I)
            if m:
                text = text[: m.start()] + name(now[0]).lower() + text[m.end() :]
                break
    return text


@_per_taxonomy
def _lexicon(tax: Taxonomy) -> list[tuple[str, str, str]]:
    """(phrase, entity field, id), longest phrase first, so "machine learning engineer" beats "machine learning"."""
    rows: list[tuple[str, str, str]] = []
    for role in tax.roles:
        for alias in {role.name, role.id.replace("_", " "), *role.aliases}:
            rows.append((normalize(alias), "roles", role.id))
            if not normalize(alias).endswith("s"):  # "swe-mls", "mles": the plural of every name
                rows.append((normalize(alias) + "s", "roles", role.id))
    for task in tax.tasks:
        for alias in [task.name, *TASK_SYNONYMS.get(task.id, [])]:
            rows.append((normalize(alias), "tasks", task.id))
        for sub in task.subtasks:
            plain = without_note(sub.name)  # the name without its note
            for alias in dict.fromkeys([sub.name, plain, *sub.aliases]):
                # "training ML models", "defining eval metrics": the reports' names with the abbreviations people type
                short = alias.lower()
                for word, abbreviation in SUBTASK_ABBREVIATIONS:
                    short = short.replace(word, abbreviation)
                names = dict.fromkeys([alias, short, *(v for a in (alias, short) for v in verb_forms(a))])
                rows += [(normalize(a), "subtasks", f"{task.id}/{sub.id}") for a in names]
    for skill in tax.skills:
        for alias in {skill.name, *skill.aliases} - GENERIC:
            rows.append((normalize(alias), "skills", skill.id))
    role_names = {normalize(a) for r in tax.roles for a in (r.name, *r.aliases)}
    for role in tax.roles:
        for title in role.alternative_titles:
            if normalize(title) not in role_names:
                rows += [(normalize(title) + plural, "titles", normalize(title)) for plural in ("", "s")]
    for org_id, names in [*ORG_NAMES.items(), *PROJECT_NAMES.items()]:
        rows += [(normalize(name), "orgs", org_id) for name in [*names, *(n + "s" for n in names)]]
    for tool in tax.tools:
        for alias in {tool.name, *tool.aliases}:
            rows.append((normalize(alias), "tools", tool.id))
    # longest phrase first; on a tie a role beats a task, a skill or a tool ("swe" is the role)
    order = {"roles": 0, "titles": 1, "orgs": 2, "subtasks": 3, "tasks": 4, "tools": 5, "skills": 6}
    return sorted(set(rows), key=lambda r: (-len(r[0]), order[r[1]], r[0]))


@_per_taxonomy
def _known_words(tax: Taxonomy) -> tuple[frozenset[str], tuple[str, ...]]:
    """Every word of the reports and the taxonomy (not corrected), and the taxonomy's name words (targets)."""
    text = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "knowledge" / "sources").glob("*.md"))
    words = set(re.findall(r"[a-z]+", text.lower()))
    # spelling targets: the taxonomy's name words and the reports' longer words ("diffrent" -> "different")
    targets = {w for phrase, _, _ in _lexicon(tax) for w in phrase.split() if len(w) >= 4 and w.isalpha()}
    targets |= {w for w in words if len(w) >= 6}
    return frozenset(words | targets), tuple(sorted(targets))


@cache
def _closest(word: str, targets: tuple[str, ...]) -> str:
    """The target word closest to `word` (a close match only), else `word`. Only targets that can be that close
    are handed to difflib: those of about its length whose letters in common with it (difflib's `quick_ratio`, an
    upper bound of the ratio it matches on, computed here for all targets at once) reach the cutoff; difflib then
    checks them as it would have checked all, so the pick is the same (0.14 ms per new word instead of 1.4)."""
    counts, lengths = _letter_counts(targets)
    shared = np.minimum(counts, _letters(word)).sum(axis=1)
    # (a hair under the cutoff: a float that rounds differently here is still left to difflib to decide)
    can = (np.abs(lengths - len(word)) <= 2) & (2.0 * shared / (lengths + len(word)) >= SPELLING_CUTOFF - 1e-9)
    close = difflib.get_close_matches(word, [targets[i] for i in np.flatnonzero(can)], n=1, cutoff=SPELLING_CUTOFF)
    return close[0] if close else word


SPELLING_CUTOFF = 0.85


def _letters(word: str) -> np.ndarray:
    """How often each letter a-z occurs in `word` (other characters never match a word of `fix_spelling`'s)."""
    return np.bincount([ord(c) - 97 for c in word if "a" <= c <= "z"], minlength=26)


@cache
def _letter_counts(targets: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Each target's letter counts (a row per target) and length."""
    counts = np.stack([_letters(t) for t in targets]) if targets else np.zeros((0, 26), dtype=np.int64)
    return counts, np.array([len(t) for t in targets], dtype=np.int64)


def fix_spelling(text: str, tax: Taxonomy | None = None) -> str:
    """Lowercased text with unknown words replaced by the closest taxonomy word ("sientist" -> "scientist")."""
    tax = tax or default_taxonomy()
    known, targets = _known_words(tax)

    def inflected(word: str) -> bool:  # "reports" is known through "report"
        return any(word.endswith(suf) and word[: -len(suf)] in known for suf in ("s", "es", "ed", "d", "ing", "ly"))

    def fix(m: re.Match) -> str:
        word = m.group()
        if len(word) < 5 or word in known or inflected(word) or is_english(word):
            return word
        return _closest(word, targets)

    return re.sub(r"[a-z]+", fix, text.lower())


@cache
def _phrase_pattern(phrase: str, role: bool) -> re.Pattern:
    """A lexicon phrase as a whole word, compiled when a text first holds it (~450 phrases, more than `re`'s cache
    holds; compiling them all took 0.1 s of every start)."""
    return re.compile(whole_words(phrase) + (NOT_A_ROLE_AFTER if role else ""))


def find_entities(text: str, tax: Taxonomy | None = None, spelling: bool = True) -> Entities:
    """The taxonomy entities named in `text` (spelling fixed, unless `spelling` is off for a text the mentor wrote
    itself; whole words, longest name first)."""
    tax = tax or default_taxonomy()
    # one answer reads the same texts several times (routing, follow-ups, plans): read each once
    return _entities_cached(text, id(_keep(tax)), spelling).model_copy(deep=True)


_TAXONOMIES: dict[int, Taxonomy] = {}


def _keep(tax: Taxonomy) -> Taxonomy:
    _TAXONOMIES[id(tax)] = tax  # kept alive, so its id names it for as long as the cache does
    return tax


QUOTE_MARK = re.compile(r"(?<!\w)['‘“\"]|['’”\"](?!\w)")
QUOTED = re.compile(r"(?<!\w)['‘“\"]([^'‘’“”\"]{3,80})['’”\"](?!\w)")


@lru_cache(maxsize=4096)
def _entities_cached(text: str, tax_id: int, spelling: bool = True) -> Entities:
    tax = _TAXONOMIES[tax_id]
    lowered = fix_spelling(text, tax) if spelling else text.lower()
    # "-" and "_" read as spaces, as in the lexicon; a deep learning variant is not its base role
    variants = [_variant_base(m.group(), tax) for m in VARIANT.finditer(lowered)]
    flat = VARIANT.sub(lambda m: "#" * len(m.group()), lowered).replace("-", " ").replace("_", " ")
    flat = re.sub(r"[ \t]+", " ", flat)
    quoted = QUOTED.findall(flat)  # "what's 'software engineering' here, exactly?": what is quoted is asked first
    flat = QUOTE_MARK.sub("", flat)  # "a 'hybrid' AI organisation" names the hybrid kind; "what's" keeps its "'"
    spans = [(m.start(), m.end()) for q in quoted for m in re.finditer(re.escape(q), flat)]
    found: list[tuple[int, int, str, str]] = []
    for phrase, field, item in _lexicon(tax):
        # a pattern matches its phrase and nothing else, so a phrase not in the text needs no search: most of the
        # ~450 are in no given text (2,027 eval and report texts: 2.4 -> 0.34 ms each, spelling fix included)
        if phrase not in flat:
            continue
        if len(phrase) == 1 and not re.search(rf"(?<![\w+#]){phrase.upper()}(?![\w+#])", text):
            continue  # "R" the language is a capital; "wat skills r needed" asks what skills are needed
        for m in _phrase_pattern(phrase, field == "roles").finditer(flat):
            if not any(m.start() < end and start < m.end() for start, end, _, _ in found):
                found.append((m.start(), m.end(), field, item))
    out: dict[str, list[str]] = {}
    for _, _, field, item in sorted(found, key=lambda f: (not any(a <= f[0] < b for a, b in spans), f[0])):
        out.setdefault(field, [])
        if item not in out[field]:
            out[field].append(item)
    # a task named as a subtask's parent only ("labeling data") keeps the subtask; the task comes from it
    for sub in out.get("subtasks", []):
        task = sub.split("/")[0]
        if task not in out.get("tasks", []):
            out.setdefault("tasks", []).append(task)
    return Entities(**out, variants=[v for v in dict.fromkeys(variants) if v], editions=bool(EDITIONS.search(lowered)))


def _variant_base(name: str, tax: Taxonomy) -> str | None:
    """The role whose deep learning variant `name` is ("deep learning engineer" -> machine learning engineer)."""
    name = name.lower()
    kind = "researcher" if "researcher" in name else "software" if "software" in name else "engineer"
    for role in tax.roles:
        for v in role.variants:
            v_name = v.name.lower()
            if (kind == "software" and "software" in v_name) or (
                kind != "software" and kind in v_name and "software" not in v_name
            ):
                return role.id
    return None


def goal_role(text: str, roles: list[str], tax: Taxonomy | None = None) -> str | None:
    """The role a user wants to reach: the role (or field, "move into data science") after "become / into / to";
    else the one role named, unless the user says it is their own ("I'm a data analyst")."""
    tax = tax or default_taxonomy()
    for goal in GOALS:
        m = goal.search(text)
        if not m:
            continue
        after = find_entities(m.group(2), tax)
        # (a follow-up "and for a data scientist?" keeps the last question's words but not its role)
        if after.roles and (not roles or after.roles[0] in roles):
            return after.roles[0]
        for field, role in sorted(FIELDS.items(), key=lambda kv: -len(kv[0])):
            if re.search(rf"(?<!\w){re.escape(field)}(?!\w)", m.group(2).lower()):
                return role
    own = own_role(text, tax)
    rest = [r for r in roles if r != own]
    return rest[-1] if rest else None


def own_role(text: str, tax: Taxonomy | None = None) -> str | None:
    """The role a user says is theirs ("I'm a data analyst", "as a SWE I ..."), if any."""
    tax = tax or default_taxonomy()
    for m in OWN_ROLE.finditer(text):
        found = find_entities(text[m.end() : m.end() + 45], tax).roles
        if found and text[m.end() :].lower().startswith(tuple(_role_starts(tax))):
            return found[0]
    # a message headed by a role and what its holder wants ("mle wanting to become a deep learning eng")
    head = re.match(
        r"\s*(?:an?\s+)?(.{2,45}?)\s+(?:here\b|wanting|looking|trying|hoping|who wants|that wants)", text, re.I
    )
    found = find_entities(head.group(1), tax).roles if head else []
    return found[0] if found and head.group(1).lower().startswith(tuple(_role_starts(tax))) else None


def disowned_roles(text: str, tax: Taxonomy | None = None) -> list[str]:
    """The roles a user says are not theirs ("I'm no longer a data analyst"): no role asked about."""
    tax = tax or default_taxonomy()
    starts = tuple(_role_starts(tax))
    after = [text[m.end() :] for m in NOT_ROLE.finditer(text)]
    found = [find_entities(rest[:45], tax).roles for rest in after if rest.lower().startswith(starts)]
    return [roles[0] for roles in found if roles]


def _role_starts(tax: Taxonomy) -> list[str]:
    return [normalize(a) for r in tax.roles for a in (r.name, *r.aliases)]
