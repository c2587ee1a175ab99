"""Free text -> skill profile, deterministically, with the phrase behind every level.

"I know Python and SQL, did a stats degree, no deep learning; I maintain the service that retrains the
models" is split into clauses. In each clause:

- questions ("what does a data scientist do?"), goals ("to become an ML engineer", "move into data
  science": everything after the goal word) and other people's work ("my teammate handles deployment")
  are not read as the user's skills;
- job titles (the roles' names and the reports' alternative titles) are weak evidence: "I'm a data
  analyst" gives that role's profile to the skills nothing else evidences, and a title is never read as a
  skill ("ML engineer" is not machine learning);
- skill aliases and tool names found as whole words take the level of the nearest level word before them
  ("expert" 4, "solid" 3, "some" 2, "a little" 1, "no"/"never"/"hate" 0), else of years of experience or a
  degree, else 2 (working); a skill named directly beats one inferred from a tool;
- activities are matched to the reports' subtasks (bot/reading/activities.py); each match is evidence for the
  subtask's skills that its words (or the skills named elsewhere in the text) show, and for its task's own
  skill (any deployment activity is software engineering). A tool used in an
  activity counts for the skills that activity needs ("dashboards in Tableau" is business acumen, not data
  science). Without a level word, a skill evidenced by one subtask reads 2 (working), by two or more 3
  (solid); a skill a subtask needs but nothing shows counts half, so it needs two subtasks to show at all.

A level stated with a level word wins; otherwise the highest reading wins; a title fills only the skills
nothing else evidences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel

from bot.index.embeddings import Embedder
from bot.knowledge.fields import WEAK as FIELD_LEVEL
from bot.knowledge.fields import fields_named
from bot.knowledge.profile import SkillProfile
from bot.knowledge.prompts import messages
from bot.knowledge.taxonomy import Taxonomy, clean_text, default_taxonomy
from bot.reading import polarity
from bot.reading.activities import Match, activity_index, activity_spans, quoted, stems, subtask_label
from bot.reading.clauses import NOT_OWN_WORDS, _split
from bot.reading.levels import (
    DEFAULT_LEVEL,
    DEGREE,
    PHD,
    WELL_AFTER,
    YEARS,
    _clause_level,
    _context_level,
    _level_after,
    _level_marks,
)
from bot.reading.terms import _cached, _could_match, _Term, _Title

FALLBACK_THRESHOLD = 0.45
DOCTORATE = 3  # a doctorate named on its own shows research at solid: it is research training

# a tool named as the instrument of the work ("build models in Python and R"), not as what is worked on
INSTRUMENT = re.compile(r"\b(?:in|with|using|via|through)\s+(?:[\w+#.-]+\s*(?:,|and|or)\s*)*$", re.I)


def _is_instrument(term: _Term, before: str) -> bool:
    """A programming language named as the means of other work ("build regression models in Python and R")."""
    return term.source != "skill" and "algorithmic_coding" in term.skills and bool(INSTRUMENT.search(before))


CARRY_WORDS = 4  # "solid statistics, math and algorithms": a short list item keeps the level before it
# the user's own job title: "I'm a data analyst", "work as a senior ML engineer"
TITLE_INTRO = re.compile(
    r"(?:\bi\s+am|\bi'm|\bim|\bi\s+was|\bturned|\bi've\s+been|\bi\s+have\s+been|\bwork(?:ed|ing)?\s+as|\bas|\bcurrently|"
    r"\btitle\s+is|\bjob\s+is|\brole\s+is|\bposition\s+is)\s+(?:an?\s+)?"
    r"(?:(?:senior|junior|lead|staff|principal|former|freelance|\w+-level)\s+)*"
    r"[\"'“‘]?$",  # "I'm an 'algorithm engineer'"
    re.I,
)
TEAM_AFTER = re.compile(
    r"\s+(?:team|teams|group|groups|department|org|people|folks|colleagues|engineers|scientists|researchers|analysts|"
    r"lead|manager|director|community)\b",
    re.I,
)
# "monitoring for our ML services": a skill's name before what a team owns names the product, not the user's skill
OWNED_BEFORE = re.compile(r"\b(?:our|their|the company's|the team's|the)\s+$", re.I)
THING_AFTER = re.compile(r"\s+(?:services?|platforms?|products?|stack|systems?|infra|infrastructure|features?)\b", re.I)
# What may stand before a title that opens the text: "Deep learning researcher in vision", "Senior data analyst".
TITLE_MODIFIERS = re.compile(
    r"^[\s*-]*(?:(?!(?:i|i'm|im|my|we|our|you|he|she|they|not|no|never|to|and|or)\b)[\w/+.-]+\s+){0,3}$", re.I
)
OTHERS_SAID = re.compile(r"\bwho\b.*$", re.I | re.S)
ANAPHOR = re.compile(r"\b(?:it|them|those|these|either|any of them|that)\b", re.I)


class Evidence(BaseModel):
    skill: str
    level: int
    phrase: str
    source: str  # "skill", "tool", "activity" (a subtask), "role" (the user's job title), "similarity" or "assessment"
    subtask: str | None = None  # for "activity": the subtask id the phrase was read as
    task: str | None = None
    skills: list[str] = []  # for "activity": the subtask's skills the wording (or the rest of the text) shows

    def describe(self, tax: Taxonomy | None = None) -> str:
        tax = tax or default_taxonomy()
        if self.subtask and self.task:
            task = tax.task(self.task)
            subtask = task.subtask(self.subtask)
            read = f"I read '{self.phrase}' as {subtask_label(task, subtask)}"
            names = {s: tax.skill(s).name.lower() for s in subtask.skills}
            if not self.skills:
                return f"{read}, which needs {', '.join(names.values())} (once is not enough for a level)"
            read += f": {', '.join(names[s] for s in self.skills)}"
            rest = [name for s, name in names.items() if s not in self.skills]
            # what the reports say the activity needs beyond what these words show: half evidence (see _resolve)
            return f"{read} (also needs {', '.join(rest)})" if rest else read
        if self.source == "assessment":  # "you said yes to: Have you ...?", from bot/people/assessment.py
            return f"{self.phrase[:1].upper()}{self.phrase[1:]} -> {tax.skill(self.skill).name.lower()}: {self.level}"
        read = f"I read '{self.phrase}' as {tax.skill(self.skill).name.lower()}: {self.level}"
        # a field of study says what was studied: the skill is the project's inference (knowledge/fields.yaml)
        return f"{read} (inferred from the degree's field)" if self.source == "degree" else read


def evidence_lines(evidence: list[Evidence], tax: Taxonomy | None = None) -> list[str]:
    """One line per reading: an activity that evidences two skills is shown once."""
    return list(dict.fromkeys(e.describe(tax) for e in evidence))


class ExtractedProfile(BaseModel):
    profile: SkillProfile
    evidence: list[Evidence]  # one per skill: the reading its level comes from
    activities: list[Evidence] = []  # every activity read, one per subtask match (source "activity")

    @property
    def hint(self) -> str | None:
        if self.evidence or not self.profile.is_empty:
            return None
        return (
            "I could not find any skills in that. Try naming skills, tools or levels, e.g. "
            "'solid Python and SQL, some statistics, no deep learning'."
        )

    def lines(self, tax: Taxonomy | None = None) -> list[str]:
        """What was read, for the user: every activity, then each skill level not read from an activity."""
        return evidence_lines([*self.activities, *self.evidence], tax)  # an activity already shown is not repeated


@dataclass
class _Hit:
    skill: str
    level: int
    stated: bool  # the level came from a level word, years or a degree (not a default or a work verb)
    phrase: str
    source: str
    clause: int


@dataclass
class _Clause:
    text: str  # goal part cut off, titles blanked
    original: str
    hits: list[_Hit] = field(default_factory=list)
    own_level: int | None = None
    named_spans: list[tuple[int, int]] = field(default_factory=list)  # skill and level words
    tool_spans: list[tuple[int, int]] = field(default_factory=list)  # tool names
    team_spans: list[tuple[int, int]] = field(default_factory=list)  # "ML" in "our ML team": no skill of the user's
    pieces: list[tuple[int, int, int, int]] = field(default_factory=list)  # activity_spans: (start, end, gap)
    matches: list[Match] = field(default_factory=list)
    feeling: str = "neutral"  # polarity.feelings: likes, dislikes, lacks or neutral


def extract_profile(
    text: str, tax: Taxonomy | None = None, embedder: Embedder | None = None, max_chars: int | None = None
) -> ExtractedProfile:
    """Read a skill profile (with evidence) out of a free-text description of at most `max_chars`."""
    tax = tax or default_taxonomy()
    text = clean_text(text)  # "S\u200bQL" is SQL
    if not text or not text.strip():
        raise ValueError("Tell me about your skills first, e.g. 'I know Python and SQL and some statistics'.")
    if max_chars is not None and len(text) > max_chars:  # reading costs about 1 ms per clause: a pasted book hangs
        raise ValueError(messages()["too_long"].format(length=len(text), limit=max_chars))
    text = NOT_OWN_WORDS.sub(" ", text)
    lexicon, titles, headlines = _cached(tax)
    for pattern, name in headlines:
        text = pattern.sub(name, text)
    clauses: list[_Clause] = []
    title_levels: dict[str, Evidence] = {}
    for n, raw in enumerate(_split(text)):
        clauses.append(_Clause(_read_titles(raw, titles, title_levels, at_start=n == 0), raw))
    for c, feeling in zip(clauses, polarity.feelings([c.text for c in clauses], embedder), strict=True):
        c.feeling = feeling
    _read_terms(clauses, lexicon)
    # activities are read by their words alone, in the chat as in the web app: with the embedding model's
    # similarities as well, fewer personas rank their own role first (dev 55 -> 52 of 60, dev_wild 45 -> 38 of 72;
    # no threshold tried, 0.5-0.6, came back to the words alone), though the clause set reads about the same
    _read_activities(clauses, tax)
    found, activities, stated = _resolve(clauses, tax)
    if embedder is not None:
        unread = [c.text for c in clauses if not c.hits and not c.matches and len(c.text.split()) >= 2]
        unread = [u for u in unread if _clause_level(u, len(u)) != 0]
        for ev in _similar_skills(unread, tax, embedder) if unread else []:
            found.setdefault(ev.skill, ev)
    for skill, ev in _read_fields(clauses).items():
        title_levels.setdefault(skill, ev)  # the job title first: it says what the person does now
    for skill, ev in title_levels.items():
        # a title is weak evidence: a level stated for a skill overrides it, but a reading without a level word
        # ("I train models" is at least working) does not lower what the user's own job title says
        if skill not in found or (skill not in stated and found[skill].level < ev.level):
            found[skill] = ev
    ordered = [found[s] for s in tax.skill_ids if s in found]
    profile = SkillProfile(levels={e.skill: e.level for e in ordered})
    return ExtractedProfile(profile=profile, evidence=ordered, activities=activities)


def _read_fields(clauses: list[_Clause]) -> dict[str, Evidence]:
    """The skills a degree's field of study shows ("MSc in physics": mathematics), weak evidence as a title is."""
    found: dict[str, Evidence] = {}
    for c in clauses:
        if DEGREE.search(c.original) or PHD.search(c.original):
            for skill in fields_named(c.original):
                found.setdefault(skill, Evidence(skill=skill, level=FIELD_LEVEL, phrase=c.original, source="degree"))
    return found


def _read_titles(clause: str, titles: list[_Title], found: dict[str, Evidence], at_start: bool) -> str:
    """Record the job titles the user gives as their own and blank every title out of the clause."""
    # a title whose longest word is not in the clause is not searched for; blanking a title out only turns letters
    # into spaces, so it never makes a word appear
    for title in _could_match(titles, clause):
        for m in title.pattern.finditer(clause):
            intro = TITLE_INTRO.search(clause[: m.start()])
            own = intro is not None or (at_start and TITLE_MODIFIERS.match(clause[: m.start()]) is not None)
            if title.also_skill and not own:
                continue  # "statistician" is read as a skill unless it is the user's title
            if own:
                phrase = clause[intro.start() if intro else m.start() : m.end()].strip()
                for skill, level in title.levels:
                    if level > 0 and level > (found[skill].level if skill in found else -1):
                        found[skill] = Evidence(skill=skill, level=level, phrase=phrase, source="role")
            clause = clause[: m.start()] + " " * (m.end() - m.start()) + clause[m.end() :]
    return clause


def _read_terms(clauses: list[_Clause], lexicon: list[_Term]) -> None:
    """Skill and tool names in each clause, with their levels."""
    carry: int | None = None
    previous: _Clause | None = None
    for i, c in enumerate(clauses):
        clause = c.text
        c.own_level = _clause_level(clause, len(clause), "level")
        # level words name no activity: "know" is not "keeping your knowledge up to date"
        c.named_spans += [(end - length, end) for end, length, _ in _level_marks(clause, "level")]
        taken: list[tuple[int, int]] = []
        for term in _could_match(lexicon, clause):
            for m in term.pattern.finditer(clause):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    if term.source == "skill":  # "A/B testing" is a tool and a skill: it names no activity
                        c.named_spans.append((m.start(), m.end()))
                    continue  # part of a longer phrase already read
                taken.append((m.start(), m.end()))
                if _a_teams(term, clause, m):
                    c.team_spans.append((m.start(), m.end()))
                    continue  # "for our ML team", "our ML services": a group of people or their product, not a skill
                if term.source == "skill":  # a tool can name the activity: "Tableau dashboards"
                    c.named_spans.append((m.start(), m.end()))
                else:
                    c.tool_spans.append((m.start(), m.end()))
                level, stated = _clause_level(clause, m.start(), "level"), True
                if level is None:
                    level = _level_after(clause, m.end())  # "my linear algebra and stats are pretty good"
                if level in (None, 2) and WELL_AFTER.match(clause, m.end()):
                    level = 3  # "I know statistics really well": the adverb after it, not the "know" before
                if polarity.after(clause, m.end()) != "neutral":
                    level = 0  # "ML math bores me", "SQL is my weak spot"
                if level is None:  # a doctorate named itself is research training, not mastery of a field
                    level = DOCTORATE if PHD.fullmatch(m.group(0)) else _context_level(clause)
                if level is None and carry is not None and len(clause.split()) <= CARRY_WORDS:
                    # "comfortable with statistics, Git and Jupyter": the level is said of the skills listed first;
                    # a tool further down the list shows its skill at working at most
                    level = min(carry, DEFAULT_LEVEL) if term.source == "tool" else carry
                if level is None:
                    level, stated = _clause_level(clause, m.start(), "verb"), False
                    if level is not None and _is_instrument(term, clause[: m.start()]):
                        level = min(level, DEFAULT_LEVEL)  # "models in Python": the language is used, not worked on
                if level is None:
                    level = DEFAULT_LEVEL
                for skill in term.skills:
                    c.hits.append(_Hit(skill, level, stated, c.original, term.source, i))
        if c.feeling in ("dislikes", "lacks") and polarity.polarity(clause) == "neutral":
            # read by the learned reader ("stats? hard pass"): the cues' own levels are set term by term above; a
            # weakness said with a level word keeps it, low ("my SQL is basic" is aware)
            for hit in c.hits:
                keep = c.feeling == "lacks" and hit.stated
                hit.level, hit.stated = (min(hit.level, 1) if keep else 0), True
        if not c.hits and c.own_level == 0 and previous is not None and ANAPHOR.search(clause):
            # "I've heard of transformers but never used them": the negation is about the clause before
            for hit in previous.hits:
                hit.level, hit.stated = 0, True
        carry = _carried(c, carry)
        previous = c


def _carried(c: _Clause, carry: int | None) -> int | None:
    """The level the next short clause of names takes from this one ("comfortable with statistics, Git and
    Jupyter")."""
    if c.own_level is not None and not c.hits and ANAPHOR.search(c.text):
        return None  # "I was never part of it": said of something before, not of a list to come
    if c.own_level is not None:
        return c.own_level
    if not (c.hits and len(c.text.split()) <= CARRY_WORDS):
        return None  # a level carries down a list of names, not past a clause that says something else
    return carry


def _a_teams(term: _Term, clause: str, m: re.Match) -> bool:
    """Whether a name is a team's, not the user's skill: "our ML team", "our ML services"."""
    if TEAM_AFTER.match(clause, m.end()):
        return True
    return (
        term.source == "skill"
        and bool(OWNED_BEFORE.search(clause, 0, m.start()))
        and bool(THING_AFTER.match(clause, m.end()))
    )


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    for s, e in spans:
        text = text[:s] + " " * (e - s) + text[e:]
    return text


def _read_activities(clauses: list[_Clause], tax: Taxonomy) -> None:
    """Match each clause, its parts around "and" and its relative clauses to the reports' subtasks, by their words.
    Skill names are blanked first: "machine learning and statistics" names skills, it describes no activity."""
    texts = []
    for c in clauses:
        blank = _blanked(c.text, c.named_spans + c.team_spans)  # "our ML services" names no activity either
        pieces = activity_spans(blank, tax)
        bare = _blanked(blank, c.tool_spans)  # without tool names either
        # "talking to clients is the worst part": a clause that says a dislike or a weakness names no activity
        own = c.feeling in ("neutral", "likes")
        c.pieces = [
            p
            for p in pieces
            if own
            # one word may name an activity ("Plotting, mostly."): the matcher asks more of a single word
            and stems(blank[p[0] : p[1]])
            # "I've never deployed a model" evidences nothing (the negation is blanked, so read the text); what
            # follows "who" is said of other people ("the sales heads, who hate jargon")
            and _clause_level(head := OTHERS_SAID.sub("", c.text[p[0] : p[1]]), len(head), "level") != 0
        ]
        texts.append([tuple(_blanked(x, [(g, h)])[s:e] for x in (c.text, blank, bare)) for s, e, g, h in c.pieces])
    for c, matches in zip(clauses, activity_index(tax).match(texts, None), strict=True):
        for m in matches:
            s, e, _, _ = c.pieces[m.piece]
            m.phrase = quoted(c.text[s:e].strip(" ,"))
        c.matches = matches


def _match_level(c: _Clause, piece: int, degree: int | None) -> int | None:
    """The level an activity read in piece `piece` of clause `c` is stated at: the clause's, unless the clause's
    negation is in another part ("I read papers and have never deployed anything"), then the piece's own."""
    if degree != 0:
        return degree
    start, end, _, _ = c.pieces[piece]
    return _clause_level(c.text[start:end], end - start, "level")


def _resolve(clauses: list[_Clause], tax: Taxonomy) -> tuple[dict[str, Evidence], list[Evidence], set[str]]:
    """One reading per skill: a stated level wins, else the highest of names and activities; with the skills
    whose level was stated (a level word, years or a degree)."""
    index = activity_index(tax)
    named: dict[str, _Hit] = {}
    rank = {"skill": 1, "tool": 0}
    mentioned = {h.skill for c in clauses for h in c.hits if h.level > 0}  # named anywhere in the text
    full: dict[str, set[str]] = {}  # skill -> subtasks read that need it, in words that show it
    half: dict[str, set[str]] = {}  # skill -> subtasks read that need it, in words that do not show it
    first: dict[str, Evidence] = {}  # skill -> the first activity that needs it
    stated_act: dict[str, Evidence] = {}
    activities: list[Evidence] = []
    for c in clauses:
        needed = {s for m in c.matches for s in m.subtask.skills}
        for hit in c.hits:
            if hit.source == "tool" and c.matches and hit.skill not in needed:
                continue  # the activity says what the tool was used for: Tableau for dashboards is not statistics
            old = named.get(hit.skill)
            if old is None or (hit.stated, rank[hit.source], hit.level) > (old.stated, rank[old.source], old.level):
                named[hit.skill] = hit
        degree = _clause_level(c.text, len(c.text), "level")
        degree = degree if degree is not None else _context_level(c.text)
        for m in c.matches:
            shown = index.supported_skills(m, _blanked(c.text, c.team_spans), mentioned)
            ev = Evidence(
                skill=(shown or m.subtask.skills)[0], level=0, phrase=m.phrase, source="activity",
                subtask=m.subtask.id, task=m.task.id, skills=shown,
            )  # fmt: skip
            activities.append(ev)
            for s in m.subtask.skills:  # counted per subtask: "pick the metric, usually F1" is one activity
                (full if s in shown else half).setdefault(s, set()).add(m.subtask.id)
                first.setdefault(s, ev.model_copy(update={"skill": s}))
            level = _match_level(c, m.piece, degree)
            if level is not None:
                for s in shown:
                    stated_act[s] = ev.model_copy(update={"skill": s, "level": level})
    # years in the job said on their own ("6 yrs", "eight years now"): what the work shows is done at that depth
    career = max((_years_level(c.text) for c in clauses if not c.hits and not c.matches), default=0)
    found: dict[str, Evidence] = {}
    for skill in tax.skill_ids:
        hit = named.get(skill)
        # a level stated for a tool ("a little TensorFlow", "no dashboards") says how much of that tool, not of the
        # whole skill: the activities may read the skill higher
        if hit is not None and hit.stated and hit.source != "tool":
            # "the theory of machine learning is my weak spot" beside models trained: weak (aware), not none
            weak = hit.level == 0 and clauses[hit.clause].feeling == "lacks" and (skill in mentioned or skill in full)
            found[skill] = Evidence(skill=skill, level=int(weak) or hit.level, phrase=hit.phrase, source=hit.source)
            continue
        if skill in stated_act:
            found[skill] = stated_act[skill]
            continue
        shown_in = full.get(skill, set())
        weight = len(shown_in) + 0.5 * len(half.get(skill, set()) - shown_in)
        level = 3 if weight >= 2 or (weight >= 1 and career >= 3) else 2 if weight >= 1 else None
        if level is not None and (hit is None or level > hit.level):
            found[skill] = first[skill].model_copy(update={"level": level})
        elif hit is not None:
            found[skill] = Evidence(skill=skill, level=hit.level, phrase=hit.phrase, source=hit.source)
    stated = {s for s, h in named.items() if h.stated} | set(stated_act)
    return found, activities, stated


_SKILL_VECTORS: dict[tuple[int, int], tuple[list, np.ndarray]] = {}


def _years_level(clause: str) -> int:
    years = YEARS.search(clause)
    return (_context_level(clause) or 0) if years else 0


def _skill_vectors(tax: Taxonomy, embedder: Embedder) -> tuple[list, np.ndarray]:
    """The skills with a definition, and their definitions' embeddings as a float64 matrix (once per taxonomy and
    model)."""
    key = (id(tax), id(embedder))
    if key not in _SKILL_VECTORS:
        described = [s for s in tax.skills if s.definition or s.described_as]
        vectors = embedder.embed_documents([f"{s.name}: {s.definition or s.described_as}" for s in described])
        _SKILL_VECTORS[key] = (described, np.asarray(vectors, dtype=np.float64))
    return _SKILL_VECTORS[key]


def _similar_skills(clauses: list[str], tax: Taxonomy, embedder: Embedder) -> list[Evidence]:
    """Skills whose definition is close in meaning to a clause nothing else read."""
    described, matrix = _skill_vectors(tax, embedder)
    sims = np.asarray(embedder.embed_documents(clauses), dtype=np.float64) @ matrix.T
    out = []
    for clause, best, sim in zip(clauses, sims.argmax(axis=1), sims.max(axis=1), strict=True):
        if sim >= FALLBACK_THRESHOLD:
            level = _clause_level(clause, len(clause))
            level = level if level is not None else _context_level(clause) or DEFAULT_LEVEL
            out.append(Evidence(skill=described[int(best)].id, level=level, phrase=clause, source="similarity"))
    return out


def warm_up(tax: Taxonomy | None = None, embedder: Embedder | None = None) -> None:
    """Build the reader's indexes (and embed the subtasks' examples, about a second, and the skills' definitions,
    a quarter of a second the first message with a clause nothing else reads would pay) before the first message."""
    tax = tax or default_taxonomy()
    extract_profile("I train models and build dashboards", tax, embedder)
    if embedder is not None:
        activity_index(tax).vectors(embedder)
        _skill_vectors(tax, embedder)


def parse_skill_args(pairs: list[str], tax: Taxonomy | None = None) -> SkillProfile:
    """`["ml=3", "sql=4"]` -> profile; names may be skill ids, names or aliases."""
    tax = tax or default_taxonomy()
    levels: dict[str, int] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not value.strip().lstrip("-").isdigit():
            raise ValueError(f"--skill {pair!r}: write it as NAME=LEVEL with LEVEL 0-4, e.g. ml=3")
        levels[resolve_skill(name, tax)] = int(value)
    return SkillProfile(levels=levels)


def resolve_skill(name: str, tax: Taxonomy | None = None) -> str:
    """A skill id from an id, name or alias ("ml", "Machine learning", "machine_learning")."""
    tax = tax or default_taxonomy()
    key = name.strip().lower().replace("_", " ")
    for skill in tax.skills:
        if key in {skill.id.replace("_", " "), skill.name.lower(), *skill.aliases}:
            return skill.id
    for tool in tax.tools:
        if key in {tool.name.lower(), *tool.aliases} and len(tool.skills) == 1:
            return tool.skills[0]
    return name.strip()  # left for SkillProfile to reject with the list of valid skills
