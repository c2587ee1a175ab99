"""Free text -> skill profile, deterministically.

"I know Python and SQL, did a stats degree, built Tableau dashboards, no deep learning" is split into
clauses; in each clause the taxonomy's skill aliases and tool names are found as whole words, and each
mention takes the level of the nearest level word before it in its clause ("expert" 4, "solid" 3,
"some" 2, "a little" 1, "no"/"never" 0), else of a years-of-experience or degree phrase in the clause,
else 2 (working). A skill named directly beats one inferred from a tool; otherwise the highest level
wins. Clauses with no lexicon hit fall back to embedding similarity against the skill definitions
(only when an embedding model is passed in). Every level set comes with the phrase it was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel

from bot.embeddings import Embedder
from bot.matching import SkillProfile
from bot.prompts import messages
from bot.taxonomy import Taxonomy, clean_text, default_taxonomy, word_pattern

DEFAULT_LEVEL = 2
FALLBACK_THRESHOLD = 0.45

# Level words; where two end at the same place the longer phrase wins ("don't know" over "know").
# Present-tense work verbs ("I train models", "fit statistical models") read as current practice: 3.
# fmt: off
LEVEL_WORDS: dict[int, list[str]] = {
    4: ["world class", "world-class", "expert", "outstanding", "mastered", "master of", "guru", "deep expertise",
        "extensive", "senior"],
    3: ["advanced", "strong", "solid", "proficient", "experienced", "fluent", "very good", "good at", "good",
        "comfortable", "skilled", "professional", "a lot of", "lots of", "daily", "every day", "train", "build",
        "deploy", "design", "develop", "ship", "fit", "translate", "run", "write", "work on", "publish", "pull"],
    2: ["built", "know", "working knowledge", "some", "decent", "familiar", "used", "intermediate"],
    1: ["a little", "a bit", "little", "basic", "basics", "beginner", "currently learning", "still learning",
        "started learning", "learning to", "not much", "aware", "exposure", "introductory", "weak", "rusty",
        "just started", "novice"],
    0: ["no", "not", "never", "without", "zero", "none", "don't", "do not", "dont", "haven't", "have not", "lack",
        "nothing", "don't know", "do not know", "never used", "not familiar", "no experience", "never built",
        "not used", "haven't used", "never done", "never trained"],
}
# fmt: on
DEGREE = re.compile(r"\b(degree|bachelor'?s?|master'?s?|msc|bsc|ms|ba|major(ed)?|diploma)\b", re.I)
PHD = re.compile(r"\b(ph\.?d|doctorate)\b", re.I)
YEARS = re.compile(r"\b(\d+(?:\.\d+)?)\+?\s*(?:years?|yrs?)\b", re.I)
SENTENCES = re.compile(r"[.;:!?\n()]+|\bbut\b|\bhowever\b|\balthough\b", re.I)
CARRY_WORDS = 4  # "solid statistics, math and algorithms": a short list item keeps the level before it


class Evidence(BaseModel):
    skill: str
    level: int
    phrase: str
    source: str  # "skill", "tool", "role" (the user's current role) or "similarity"

    def describe(self, tax: Taxonomy | None = None) -> str:
        name = (tax or default_taxonomy()).skill(self.skill).name.lower()
        return f"I read '{self.phrase}' as {name}: {self.level}"


class ExtractedProfile(BaseModel):
    profile: SkillProfile
    evidence: list[Evidence]

    @property
    def hint(self) -> str | None:
        if self.evidence or not self.profile.is_empty:
            return None
        return (
            "I could not find any skills in that. Try naming skills, tools or levels, e.g. "
            "'solid Python and SQL, some statistics, no deep learning'."
        )


@dataclass(frozen=True)
class _Term:
    pattern: re.Pattern
    skills: tuple[str, ...]
    source: str


def _lexicon(tax: Taxonomy) -> list[_Term]:
    terms = []
    for skill in tax.skills:
        for phrase in {skill.name.lower(), *skill.aliases}:
            terms.append(_Term(word_pattern(phrase), (skill.id,), "skill"))
    for tool in tax.tools:
        for phrase in {tool.name.lower(), *tool.aliases}:
            # "R" and "C" are only tools when written as capitals, standing alone
            flags = 0 if len(phrase) == 1 else re.I
            pattern = re.compile(rf"(?<![\w+#/]){re.escape(phrase.upper() if flags == 0 else phrase)}(?![\w+#])", flags)
            terms.append(_Term(pattern, tuple(tool.skills), "tool"))
    # longer phrases first, so "machine learning engineer" style overlaps resolve to the longest
    return sorted(terms, key=lambda t: -len(t.pattern.pattern))


_LEVEL_PATTERNS = [(word_pattern(w), lvl) for lvl, words in LEVEL_WORDS.items() for w in words]


def _clause_level(clause: str, before: int) -> int | None:
    """Level of the level word nearest before position `before` in the clause (the longer phrase
    wins where two end together: "don't know" over "know")."""
    best: tuple[int, int, int] | None = None
    for pattern, level in _LEVEL_PATTERNS:
        for m in pattern.finditer(clause, 0, before):
            key = (m.end(), m.end() - m.start(), level)
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best else None


def _context_level(clause: str) -> int | None:
    """Level implied by years of experience or a degree anywhere in the clause."""
    if PHD.search(clause):
        return 4
    years = YEARS.search(clause)
    if years:
        n = float(years.group(1))
        return 4 if n >= 5 else 3 if n >= 3 else 2 if n >= 1 else 1
    if DEGREE.search(clause):
        return 3
    return None


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
    found: dict[str, Evidence] = {}
    for ev in _role_evidence(text, tax):
        _keep(found, ev)
    unmatched: list[str] = []
    lexicon = _lexicon(tax)
    for sentence in SENTENCES.split(text):
        carry: int | None = None
        for clause in (c.strip() for c in sentence.split(",")):
            if not clause:
                continue
            own = _clause_level(clause, len(clause))
            taken: list[tuple[int, int]] = []
            for term in lexicon:
                for m in term.pattern.finditer(clause):
                    if any(m.start() < e and s < m.end() for s, e in taken):
                        continue  # part of a longer phrase already read
                    taken.append((m.start(), m.end()))
                    level = _clause_level(clause, m.start())
                    if level is None:
                        level = _context_level(clause)
                    if level is None and carry is not None and len(clause.split()) <= CARRY_WORDS:
                        level = carry
                    if level is None:
                        level = DEFAULT_LEVEL
                    for skill in term.skills:
                        _keep(found, Evidence(skill=skill, level=level, phrase=clause, source=term.source))
            if not taken and len(clause.split()) >= 2:
                unmatched.append(clause)
            carry = own if own is not None else carry
    if embedder is not None and unmatched:
        for ev in _similar_skills(unmatched, tax, embedder):
            _keep(found, ev)
    ordered = [found[s] for s in tax.skill_ids if s in found]
    profile = SkillProfile(levels={e.skill: e.level for e in ordered})
    return ExtractedProfile(profile=profile, evidence=ordered)


_RANK = {"skill": 2, "tool": 1, "role": 1, "similarity": 0}
_ROLE_INTRO = (
    r"\b(?:i am|i'm|im|i work as|working as|currently|i've been)\s+(?:an?\s+)?(?:(?:senior|junior|lead|staff)\s+)?"
)


def _role_evidence(text: str, tax: Taxonomy) -> list[Evidence]:
    """ "I'm a data analyst" -> that role's skill profile, as weak evidence (named skills override it)."""
    aliases = sorted(((a, r) for r in tax.roles for a in {r.name.lower(), *r.aliases}), key=lambda p: -len(p[0]))
    for alias, role in aliases:
        m = re.search(_ROLE_INTRO + re.escape(alias) + r"(?![\w-])", text, re.I)
        if m:
            return [
                Evidence(skill=s, level=e.level, phrase=m.group(0), source="role")
                for s, e in role.profile.items()
                if e.level > 0
            ]
    return []


def _keep(found: dict[str, Evidence], ev: Evidence) -> None:
    old = found.get(ev.skill)
    if old is None or (_RANK[ev.source], ev.level) > (_RANK[old.source], old.level):
        found[ev.skill] = ev


def _similar_skills(clauses: list[str], tax: Taxonomy, embedder: Embedder) -> list[Evidence]:
    """Skills whose definition is close in meaning to a clause the lexicon missed."""
    described = [s for s in tax.skills if s.definition or s.described_as]
    skill_vecs = embedder.embed_documents([f"{s.name}: {s.definition or s.described_as}" for s in described])
    out = []
    for clause, vec in zip(clauses, embedder.embed_documents(clauses), strict=True):
        sims = [sum(a * b for a, b in zip(vec, sv, strict=True)) for sv in skill_vecs]
        best = max(range(len(sims)), key=sims.__getitem__)
        if sims[best] >= FALLBACK_THRESHOLD:
            level = _clause_level(clause, len(clause))
            level = level if level is not None else _context_level(clause) or DEFAULT_LEVEL
            out.append(Evidence(skill=described[best].id, level=level, phrase=clause, source="similarity"))
    return out


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
