"""The curated taxonomy of the two Workera reports: organizations, tasks, skills, tools, roles, and the fixed
statements of fact the answerers make.

`knowledge/taxonomy.yaml` is hand-written from the reports; `load_taxonomy` validates it with the
models below and cross-checks every reference, so a bad file fails at load with a message that names
the offending key (e.g. ``roles[2].profile: unknown skill 'stats'``).
"""

from __future__ import annotations

import difflib
import re
import string
import unicodedata
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

Level = int  # 0 none, 1 aware, 2 working, 3 solid, 4 outstanding
LEVEL_NAMES = {0: "none", 1: "aware", 2: "working", 3: "solid", 4: "outstanding"}
Edition = Literal["2019", "2020"]


class TaxonomyError(ValueError):
    """The taxonomy file is missing, unreadable or inconsistent."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Model):
    id: str
    title: str
    publisher: str
    year: int
    edition: Edition
    file: str
    about: list[str] = Field([], description="The report's own sentences on how it was made and whom to write to.")


class ProjectStep(_Model):
    task: str = Field(description="The life cycle task this step of the project belongs to.")
    step: str = Field(description="What happens, in the report's words.")


class Project(_Model):
    """The kind of project an organization runs, as the reports' life cycle section describes it."""

    name: str
    text: str = Field(description="The 2020 report's sentences on this kind of project, verbatim.")
    steps: list[ProjectStep]


class Organization(_Model):
    id: str
    name: str
    goal: str
    output: str
    workflow: list[str]
    project: Project | None = None
    notes: list[str] = []


class Skill(_Model):
    id: str
    name: str
    definition: str | None = Field(None, description="The 2020 appendix definition, verbatim, if any.")
    described_as: str | None = Field(None, description="How the reports use the skill when undefined.")
    aliases: list[str] = []


class Tool(_Model):
    """A language or product the reports name, and the skills that using it is evidence of."""

    id: str
    name: str
    aliases: list[str] = []
    skills: list[str]


class Subtask(_Model):
    id: str
    name: str
    aliases: list[str] = Field([], description="Other editions' names for the subtask.")
    examples: list[str]
    skills: list[str]
    edition_note: str | None = None


class Task(_Model):
    id: str
    name: str
    description: str
    skills_summary: str
    languages_tools: list[str]
    subtasks: list[Subtask]

    def subtask(self, subtask_id: str) -> Subtask:
        return _get(self.subtasks, subtask_id, "subtask")


class ProfileEntry(_Model):
    level: Level = Field(ge=0, le=4)
    basis: str = Field(min_length=10, description="The report sentence (or reasoning) the level rests on.")
    umbrella: str | None = Field(
        None, description="The umbrella phrase a read level rests on ('solid scientific skills'), not the skill's name."
    )

    @model_validator(mode="after")
    def _umbrella_is_quoted(self) -> ProfileEntry:
        if self.umbrella and (self.umbrella not in self.basis or self.inferred):
            raise ValueError(f"umbrella {self.umbrella!r} must be a phrase of a read (not inferred) level's basis")
        return self

    @property
    def inferred(self) -> bool:
        """Whether the level is the taxonomy's reasoning, not a report sentence that says it."""
        return self.basis.startswith("Inferred")


class RoleTasks(_Model):
    main: list[str]
    lighter: list[str] = Field([], description="Tasks of the whole role with a less significant involvement.")
    specialisations: list[str] = Field(
        [], description="Tasks only some people in the role focus on: optional, never presented as the role's tasks."
    )
    note: str | None = None


class Variant(_Model):
    name: str
    description: str


class Role(_Model):
    id: str
    name: str
    summary: str
    tasks: RoleTasks
    tools: dict[str, str]
    alternative_titles: list[str]
    aliases: list[str] = []
    variants: list[Variant] = []
    notes: list[str] = []
    profile: dict[str, ProfileEntry]

    @model_validator(mode="before")
    @classmethod
    def _profile_required(cls, data):
        if isinstance(data, dict) and not data.get("profile"):
            raise ValueError(f"role {data.get('id')!r} has no skill profile")
        return data

    def level(self, skill_id: str) -> int:
        entry = self.profile.get(skill_id)
        return entry.level if entry else 0


class EditionDifference(_Model):
    topic: str
    edition_2019: str
    edition_2020: str


class Statement(_Model):
    """A fixed fact the answerers state: in the mentor's words (`text`, with named {fields} the answerer fills in),
    resting on the report's words (`quote`, verbatim) or on reasoning from the taxonomy (`basis`)."""

    text: str | None = Field(None, description="The fact as the mentor says it; {name} fields are filled in.")
    quote: str | None = Field(None, description="The report's words the fact rests on, verbatim.")
    basis: str | None = Field(None, description="The reasoning the fact rests on when no one sentence says it.")
    source: str = Field(description="The id of the report it comes from.")
    order: list[str] = Field([], description="Task ids in an order the reports give (the life cycle).")
    topics: list[str] = Field([], description="Topics of edition differences the statement covers.")

    @model_validator(mode="after")
    def _said_and_supported(self) -> Statement:
        if not (self.text or self.quote):
            raise ValueError("a statement needs a text or a quote")
        if not (self.quote or self.basis):
            raise ValueError("a statement needs a quote or a basis to rest on")
        try:
            fields = [name for _, name, _, _ in string.Formatter().parse(self.text or "") if name is not None]
        except ValueError as exc:
            raise ValueError(f"text {self.text!r}: {exc}") from None
        if any(not name.isidentifier() for name in fields):
            raise ValueError(f"text {self.text!r}: fields must be named, e.g. {{order}}")
        return self

    def say(self, **fields: str) -> str:
        """The text with its fields filled in."""
        return (self.text or self.quote or "").format(**fields)


class Taxonomy(_Model):
    sources: list[Source]
    organizations: list[Organization]
    skills: list[Skill]
    tools: list[Tool]
    tasks: list[Task]
    roles: list[Role]
    edition_differences: list[EditionDifference] = []
    statements: dict[str, Statement] = {}

    @model_validator(mode="after")
    def _check_references(self) -> Taxonomy:
        for kind in ("sources", "organizations", "skills", "tools", "tasks", "roles"):
            _unique(kind, [item.id for item in getattr(self, kind)])
        skill_ids = {s.id for s in self.skills}
        task_ids = {t.id for t in self.tasks}
        for i, tool in enumerate(self.tools):
            _known(f"tools[{i}] ({tool.id}).skills", tool.skills, skill_ids, "skill")
        for i, task in enumerate(self.tasks):
            _unique(f"tasks[{i}].subtasks", [s.id for s in task.subtasks])
            for j, sub in enumerate(task.subtasks):
                _known(f"tasks[{i}].subtasks[{j}] ({sub.id}).skills", sub.skills, skill_ids, "skill")
        for i, org in enumerate(self.organizations):
            steps = org.project.steps if org.project else []
            _known(f"organizations[{i}] ({org.id}).project.steps", [s.task for s in steps], task_ids, "task")
        for i, role in enumerate(self.roles):
            where = f"roles[{i}] ({role.id})"
            _known(
                f"{where}.tasks", role.tasks.main + role.tasks.lighter + role.tasks.specialisations, task_ids, "task"
            )
            _known(f"{where}.profile", list(role.profile), skill_ids, "skill")
            missing = sorted(skill_ids - set(role.profile))
            if missing:
                raise ValueError(f"{where}.profile: no level for skill(s) {', '.join(missing)}")
        self._check_statements(task_ids)
        return self

    def _check_statements(self, task_ids: set[str]) -> None:
        source_ids = {s.id for s in self.sources}
        topics = {d.topic for d in self.edition_differences}
        for statement_id, statement in self.statements.items():
            where = f"statements.{statement_id}"
            _known(f"{where}.source", [statement.source], source_ids, "source")
            _known(f"{where}.order", statement.order, task_ids, "task")
            _known(f"{where}.topics", statement.topics, topics, "edition difference topic")

    # -- lookups -------------------------------------------------------------------------------
    def skill(self, skill_id: str) -> Skill:
        return _get(self.skills, skill_id, "skill")

    def task(self, task_id: str) -> Task:
        return _get(self.tasks, task_id, "task")

    def role(self, role_id: str) -> Role:
        return _get(self.roles, role_id, "role")

    def statement(self, statement_id: str) -> Statement:
        if statement_id not in self.statements:
            raise KeyError(f"unknown statement {statement_id!r}{_did_you_mean(statement_id, list(self.statements))}")
        return self.statements[statement_id]

    def find_role(self, name: str) -> Role | None:
        """Resolve a role id, name, alias or alternative spelling ("MLE", "data analysts")."""
        key = normalize(name)
        for role in self.roles:
            names = [role.id, role.name, *role.aliases]
            if key in {normalize(n) for n in names} or key.rstrip("s") in {normalize(n) for n in names}:
                return role
        return None

    @property
    def skill_ids(self) -> list[str]:
        return [s.id for s in self.skills]


def clean_text(text: str) -> str:
    """Drop control and format characters (keeping newlines and tabs) and normalise unicode."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()


def normalize(text: str) -> str:
    """Lowercase, '_' and '-' as spaces, single spaces: how names are compared."""
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def whole_words(*phrases: str) -> str:
    """A regex for any of `phrases` as a whole word or phrase: "r" must not match inside "rust", nor "c++" inside
    "c++17"."""
    return rf"(?<![\w+#])(?:{'|'.join(re.escape(p) for p in phrases)})(?![\w+#])"


def word_pattern(*phrases: str, flags: int = re.I) -> re.Pattern:
    """Any of `phrases` as a whole word or phrase (`whole_words`), compiled."""
    return re.compile(whole_words(*phrases), flags)


ALSO_INVOLVES = re.compile(r"\s*\(usually also involves [^)]*\)")  # a subtask name's note on who else takes part


def without_note(name: str) -> str:
    """A subtask's name without the table's note on who else takes part: "Defining evaluation metrics"."""
    return ALSO_INVOLVES.sub("", name)


def prose(name: str) -> str:
    """A name as it reads mid-sentence: "Machine learning" -> "machine learning"; "AI infrastructure" stays."""
    return " ".join(w if any(c.isupper() for c in w[1:]) else w[:1].lower() + w[1:] for w in name.split(" "))


def _get(items, item_id: str, kind: str):
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(f"unknown {kind} {item_id!r}{_did_you_mean(item_id, [i.id for i in items])}")


def _did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"{hint} Valid: {', '.join(options)}"


def _unique(where: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise ValueError(f"{where}: duplicate id {item_id!r}")
        seen.add(item_id)


def _known(where: str, ids: list[str], valid: set[str], kind: str) -> None:
    for item_id in ids:
        if item_id not in valid:
            raise ValueError(f"{where}: unknown {kind} {item_id!r}{_did_you_mean(item_id, sorted(valid))}")


DEFAULT_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "taxonomy.yaml"


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read and validate a taxonomy file; raise `TaxonomyError` naming the bad key."""
    path = Path(path) if path else DEFAULT_PATH
    try:
        # libyaml's loader when there is one: 10x faster than the pure-Python one, the same data
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as exc:
        raise TaxonomyError(f"cannot read taxonomy {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"taxonomy {path} is not valid YAML: {exc}") from exc
    try:
        return Taxonomy.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            lines.append(f"  {loc or '(top level)'}: {err['msg'].removeprefix('Value error, ')}")
        raise TaxonomyError(f"invalid taxonomy {path}:\n" + "\n".join(lines)) from None


@cache
def default_taxonomy() -> Taxonomy:
    """The shipped taxonomy, loaded once per process."""
    return load_taxonomy()
