"""What answers are built from: the library of citable passages, the context an answerer is given, the
`Reply` builder (an opening that answers, then cited points) and the wording helpers that name the taxonomy's
roles, tasks, skills and levels in prose."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.answering.compose import Composer, Draft
from bot.index.passages import Passage
from bot.index.sentences import clean_sentence, units
from bot.knowledge.profile import SkillProfile
from bot.knowledge.prompts import word_list
from bot.knowledge.taxonomy import LEVEL_NAMES, Role, Taxonomy, prose, word_pattern
from bot.reading.question import Question, _stem


@dataclass
class Library:
    """Lookups of citable passages by what they are about."""

    passages: list[Passage]
    tax: Taxonomy | None = None  # names the role a quoted "They ..." is about
    _by_id: dict[str, Passage] = field(default_factory=dict)
    _flat: list[tuple[Passage, str]] = field(default_factory=list)

    def __post_init__(self):
        self._by_id = {p.id: p for p in self.passages}
        # report passages as `quoting` compares them: flattened once, not on every look-up
        self._flat = [(p, flat(clean_sentence(p.text))) for p in self.passages if p.source != "taxonomy"]

    def card(self, kind: str, item_id: str) -> Passage | None:
        return self._by_id.get(f"taxonomy:{kind}:{item_id}")

    def section(self, role: str | None = None, task: str | None = None) -> Passage | None:
        """The report's own prose about a role or a task: the 2020 edition first, its top section (the role's
        own heading, not a "Tasks" or "Notes" subsection) first."""
        found = [
            p
            for p in self.passages
            if p.source != "taxonomy"
            and p.kind != "table_row"
            and ((role and p.role == role) or (task and p.task == task and not p.role))
        ]
        return min(found, key=lambda p: (p.edition != "2020", len(p.section)), default=None)

    def quoting(self, text: str, role: str | None = None) -> Passage | None:
        """The report passage (2020 first, the role's own first) that contains `text`."""
        key = flat(clean_sentence(text))
        hits = [p for p, flat in self._flat if key in flat]
        return min(
            hits, key=lambda p: (role and p.role != role, p.edition != "2020", p.kind == "table_row"), default=None
        )

    def row(self, task: str, subtask: str) -> Passage | None:
        return next(iter(self.rows(task, subtask)), None)

    def sentence_of(self, text: str, role: str | None = None) -> tuple[str, Passage | None]:
        """The whole report sentence a text (or a fragment of one, as a level's basis may quote) comes from, with
        its passage (the role's own when the reports say it of several); "They" of a role's section named
        ("However, they don't need ..." -> "Data analysts ...")."""
        passage = self.quoting(text, role)
        key = flat(clean_sentence(text))
        sentences = units(passage) if passage else []
        at = next((i for i, u in enumerate(sentences) if key in flat(clean_sentence(u))), None)
        whole = sentences[at] if at is not None else None
        if at and re.match(r"(This|These|That|It|Such)\b", whole):  # "This role requires ...": say which role
            whole = f"{sentences[at - 1]} {whole}"
        said = re.sub(r"\*\*|`", "", whole) if whole else text
        if passage and passage.role and self.tax and re.match(r"(However, )?the(y|ir)\b", said, re.I):
            whose = cap_first(role_name(self.tax, passage.role, many=True))
            said = re.sub(r"^(However, )?[Tt]heir\b", f"{whose}'", said)
            said = re.sub(r"^(However, )?[Tt]hey\b", whose, said)
        return said, passage

    def rows(self, task: str, subtask: str) -> list[Passage]:
        """A subtask's rows in the reports' tables, the 2020 edition's first."""
        found = [p for p in self.passages if p.kind == "table_row" and (p.task, p.subtask) == (task, subtask)]
        return sorted(found, key=lambda p: p.edition != "2020")


@dataclass
class Context:
    """What an answerer may use."""

    question: Question
    standalone: str
    tax: Taxonomy
    library: Library
    passages: list[Passage]  # retrieved for this question
    composer: Composer
    profile: SkillProfile
    evidence_lines: list[str] = field(default_factory=list)  # "I read ... as ..." lines of the user's profile
    only_titles: bool = False  # the profile was read from a job title alone, not from skills
    previous: str = ""  # the question before this one in the conversation
    coverage: Callable[[str], float] = lambda _: 1.0  # how close the reports come to a text at all (0-1)


def cite(cited: list[Passage], passage: Passage | None) -> tuple[list[Passage], str]:
    """`cited` with `passage` in it (added at the end when new) and its marker " [n]" ("" when there is none):
    a sentence added to a finished draft cites as `Reply.mark` does while the draft is built."""
    if passage is None:
        return cited, ""
    cited = cited if passage in cited else [*cited, passage]
    return cited, f" [{cited.index(passage) + 1}]"


def led(draft: Draft, said: str, *passages: Passage | None, sep: str = " ", text: str | None = None) -> Draft:
    """`draft` opened by one more composed sentence, `said`, cited to `passages` ("Your closest role is ...
    [1] To become ..."); `sep` before the draft's text, or before `text` when the caller has trimmed it."""
    cited, marks = draft.cited, ""
    for passage in passages:
        cited, mark = cite(cited, passage)
        marks += mark.strip()
    body = draft.text if text is None else text
    return draft.model_copy(
        update={
            "text": f"{said}.{' ' + marks if marks else ''}{sep}{body}",
            "cited": cited,
            "facts": [*draft.facts, said],
        }
    )


def tool_pattern(*tools) -> re.Pattern:
    """Any of these tools' names as whole words ("+" and "#" part of a word: C++, C#)."""
    return word_pattern(*[a for t in tools for a in {t.name, *t.aliases}])


class Reply:
    """Builds a draft: an opening that answers, then supporting points, each with citation markers."""

    def __init__(self):
        self.cited: list[Passage] = []
        self.lead: list[str] = []
        self.points: list[str] = []
        self.facts: list[str] = []

    def mark(self, *passages: Passage | None) -> str:
        marks = []
        for p in passages:
            if p is None:
                continue
            if p not in self.cited:
                self.cited.append(p)
            marks.append(f"[{self.cited.index(p) + 1}]")
        return (" " + "".join(dict.fromkeys(marks))) if marks else ""

    def open(self, sentence: str, *passages: Passage | None, fact: bool = True) -> Reply:
        self.lead.append(full_sentence(sentence) + self.mark(*passages))
        if fact:
            self.facts.append(sentence)
        return self

    def point(self, sentence: str, *passages: Passage | None, fact: bool = True) -> Reply:
        words = content_words(sentence)
        said = [content_words(line) for line in [*self.lead, *self.points]]
        if words and any(len(words & line) >= 0.7 * len(words) for line in said):
            return self  # it says again what the reply already says
        self.points.append(full_sentence(sentence) + self.mark(*passages))
        if fact:
            self.facts.append(sentence)
        return self

    def quote(self, text: str, library: Library, role: str | None = None) -> Reply:
        """A report sentence as a supporting point, cited to where the report says it (of the role, if given); a
        fragment (as a level's basis may quote one) is given as the whole sentence it comes from."""
        said, passage = library.sentence_of(text, role)
        return self.point(said, passage, fact=False)

    def draft(self) -> Draft:
        text = " ".join(self.lead)
        if self.points:
            text += "\n\n" + "\n".join(f"- {p}" for p in self.points)
        return Draft(text=text, cited=self.cited, facts=self.facts)


def flat(text: str) -> str:
    return " ".join(re.sub(r"[*_`]", "", text).lower().split())


def lower_first(text: str) -> str:
    """A sentence's first letter lowercased, for use mid-sentence (acronyms like "PCA" are left alone)."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def full_sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ":", '"')) else text + "."


def listed(items: list[str], conj: str = "and") -> str:
    items = list(dict.fromkeys(items))
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {conj} " + items[-1] if items else ""


def plural(name: str) -> str:
    """ "data scientist" -> "data scientists"; "software engineer - machine learning" -> "software engineers - ..."."""
    head, sep, tail = name.partition(" - ")
    return f"{head}s{sep}{tail}"


def the_role(tax: Taxonomy, role_id: str) -> str:
    """ "the data scientist": how a role reads in a list of roles."""
    return f"the {role_name(tax, role_id)}"


def role_name(tax: Taxonomy, role_id: str, many: bool = False) -> str:
    name = prose(tax.role(role_id).name)
    return plural(name) if many else name


def task_name(tax: Taxonomy, task_id: str) -> str:
    return prose(tax.task(task_id).name)


def skill_name(tax: Taxonomy, skill_id: str) -> str:
    return prose(tax.skill(skill_id).name)


def skill_shown(tax: Taxonomy, skill_id: str) -> str:
    """A skill's name for a reader; the reports gloss domain-specific languages with SQL, and so do we."""
    name = skill_name(tax, skill_id)
    return f"{name} (such as SQL)" if skill_id == "domain_specific_languages" else name


def level_word(level: int) -> str:
    return LEVEL_NAMES[level]


def report_sentences(text: str) -> list[str]:
    """The sentences of a taxonomy text, cleaned of figure references."""
    return [clean_sentence(s) for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]


def basis_quotes(basis: str) -> list[str]:
    """The report quotes in a level's basis (an inferred level may quote the sentences it reasons from)."""
    return [q.strip().rstrip(".") for q in re.findall(r'"([^"]{12,})"', basis)]


def basis_quote(basis: str) -> str | None:
    """The first report quote in a level's basis."""
    return next(iter(basis_quotes(basis)), None)


def tools_in(text: str, tax: Taxonomy) -> list[str]:
    """Tool names the taxonomy knows that appear in `text`, in order of appearance."""
    return [tax_tool.name for tax_tool in tax.tools if word_pattern(tax_tool.name).search(text)]


def role_tools(role: Role, tax: Taxonomy, task: str | None = None) -> list[str]:
    lines = [role.tools[task]] if task and task in role.tools else list(role.tools.values())
    names: list[str] = []
    for line in lines:
        names += [
            n for n in re.findall(r"[A-Z][\w+#/-]*(?: [A-Z][\w+#-]*)*|numpy|scikit-learn", line) if n not in names
        ]
    keep = {"Data", "Deployment", "Modeling", "Business", "Collaboration", "AI", "Research", "Data Engineering",
            "Deployment and AI", "A/B", "CLI", "IDE"}  # fmt: skip
    return [n for n in names if n not in keep]


def strongest(role: Role, tax: Taxonomy, at_least: int = 3) -> str:
    """ "solid machine learning and data science, outstanding mathematics" """
    by_level: dict[int, list[str]] = {}
    for skill, entry in role.profile.items():
        if entry.level >= at_least:
            by_level.setdefault(entry.level, []).append(skill_name(tax, skill))
    return "; ".join(f"{level_word(lvl)} {listed(names)}" for lvl, names in sorted(by_level.items(), reverse=True))


def note_source(lib: Library, role: Role) -> Passage | None:
    """The report passage a role's task note is taken from (its first words, past any figure reference)."""
    note = clean_sentence(role.tasks.note or "")
    words = re.sub(r"\s*\([^)]*\)", "", note).split()
    return lib.quoting(" ".join(words[:6])) if words else None


def optional_tasks_note(role: Role, examples: bool = False) -> str | None:
    """The sentence on tasks only some people in the role take on (never part of the role itself); without
    its parenthesised examples unless `examples`."""
    note = role.tasks.note or ""
    if not role.tasks.specialisations or not re.search(r"\bsome\b", note, re.I):
        return None
    note = clean_sentence(note)
    return full_sentence(note if examples else re.sub(r"\s*\([^)]*\)", "", note))


def with_article(name: str) -> str:
    return ("an " if re.match(r"[aeiou]|ml\b", name, re.I) else "a ") + name


EDITION_MARK = re.compile(r"\s*\((2019|2020)\)(?=\.?$)")


def without_edition(text: str) -> str:
    """A taxonomy note without the edition it was read from: "... throughout a company (2019)." -> "... company."."""
    return EDITION_MARK.sub("", text)


def cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"]


def number_word(n: int) -> str:
    """ "six", not "6", for the small counts of the reports (roles, tasks, skills)."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def role_tasks(tax: Taxonomy, role) -> str:
    """A role's tasks, those with a lighter involvement said apart ("data engineering, deployment and AI
    infrastructure (and, less, modeling)")."""
    lighter = f" (and, less, {listed([task_name(tax, t) for t in role.tasks.lighter])})" if role.tasks.lighter else ""
    return listed([task_name(tax, t) for t in role.tasks.main]) + lighter


def doers(tax: Taxonomy, task_id: str) -> str:
    """The roles that carry out a task, those with a lighter involvement said apart ("the data scientist, ... and
    the machine learning researcher (and, less, the software engineer - machine learning)")."""
    main = [the_role(tax, r.id) for r in tax.roles if task_id in r.tasks.main]
    lighter = [the_role(tax, r.id) for r in tax.roles if task_id in r.tasks.lighter]
    if len(main) == len(tax.roles):  # data engineering: every role, named as such rather than one by one
        return f"all {number_word(len(main))} roles"
    return listed(main) + (f" (and, less, {listed(lighter)})" if lighter else "")


def row_field(row: Passage, name: str) -> str | None:
    """One column of a table row passage ("Examples", "Skills involved"), without its final period."""
    m = re.search(rf"{name}: (.+?)\.?(?=\s+[A-Z][a-z]+( involved)?: |$)", row.text, re.S)
    return m.group(1).strip() if m else None


def content_words(text: str) -> set[str]:
    stem = _stem()
    function = word_list("function")
    return {stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) >= 3 and w not in function}


def row_examples(row: Passage) -> list[str]:
    """The examples of a subtask row ("Subtask: X. Examples: a • b. Skills involved: ...")."""
    m = re.search(r"Examples: (.*?)\. Skills involved", row.text, re.S)
    return [e.strip() for e in m.group(1).split("•")] if m else []
