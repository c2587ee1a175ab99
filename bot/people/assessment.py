"""A guided self-assessment: yes / a bit / no questions built from the reports' own subtask examples.

Deterministic, no LLM. Given an optional target role, one question per skill: the role's skills by the level it
needs (highest first), then the others by how much they separate the six roles; without a role, every skill by
how much it separates the roles. Each question turns an example of a subtask that needs the skill into a
"Have you ...?" question in the report's wording ("Writing a script to preprocess training data ..." -> "Have you
written a script to preprocess training data ...?").

An answer sets the skill's level: yes = the level the subtask's work shows (the median level the roles that carry
out its task need, kept to 2-3), a bit = 1, no = 0. Every answer is evidence ("you said yes to: ..."); the profile
and the ranking (`match_roles`) follow each answer, and the assessment stops early once no answers to the
remaining questions could change the top role (every combination is tried: 3^k for k questions left, at most
59,049, scored at once with numpy).

`Assessment` holds only the target role, the answers and the levels it started from, so it is small enough for
the browser to keep; its questions are rebuilt from the taxonomy.
"""

from __future__ import annotations

import itertools
import re
import statistics
from functools import cache
from typing import Literal

import numpy as np
from pydantic import BaseModel

from bot.knowledge.profile import SkillProfile
from bot.knowledge.taxonomy import Role, Subtask, Task, Taxonomy, default_taxonomy
from bot.people.matching import Gap, LearningPlan, Ranking, match_roles, plan_for
from bot.reading.skills import Evidence

Reply = Literal["yes", "a bit", "no"]
REPLIES: dict[str, Reply] = {
    "y": "yes", "yes": "yes", "s": "a bit", "a bit": "a bit", "bit": "a bit", "some": "a bit", "somewhat": "a bit",
    "n": "no", "no": "no",
}  # fmt: skip
MIN_QUESTIONS, MAX_QUESTIONS = 8, 12
# past participles the "-ing" -> "-ed" rule gets wrong ("setting" -> "setted")
IRREGULAR = {
    "building": "built", "writing": "written", "drawing": "drawn", "setting": "set", "making": "made",
    "giving": "given", "keeping": "kept", "reading": "read", "running": "run", "choosing": "chosen",
    "understanding": "understood", "leading": "led", "driving": "driven", "getting": "got", "taking": "taken",
    "putting": "put", "doing": "done", "spending": "spent", "holding": "held", "bringing": "brought",
}  # fmt: skip
# "-ing" words after "and"/"or" that are nouns, not a second verb ("training and testing" sets)
NOUNS = {"training", "learning", "labeling", "testing", "monitoring", "alerting", "scaling", "pricing"}
SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\betc)\.\s+(?=[A-Z])")
SECOND_VERB = re.compile(r"\b(and|or)((?:,[^,]*,)?\s+)([A-Za-z]+ing)\b")


class Question(BaseModel):
    skill: str
    skill_name: str
    task: str
    subtask: str
    subtask_name: str
    example: str  # the report's example, verbatim
    text: str  # the example as a "Have you ...?" question
    yes_level: int  # the level a "yes" gives


class Assessment(BaseModel):
    """An assessment in progress: its target role (or none), the answers so far and the levels it started from."""

    role: str | None = None
    answers: list[Reply] = []
    base: dict[str, int] = {}

    @property
    def questions(self) -> list[Question]:
        return list(questions_for(self.role))

    @property
    def current(self) -> Question | None:
        """The question to ask now, or None when the assessment is over."""
        return None if self.done else self.questions[len(self.answers)]

    @property
    def settled(self) -> bool:
        """Whether the top role can no longer change, whatever the remaining answers."""
        return settled(self)

    @property
    def done(self) -> bool:
        return len(self.answers) >= len(self.questions) or self.settled

    @property
    def evidence(self) -> list[Evidence]:
        """One piece of evidence per answer: what was asked and what was said."""
        return [
            Evidence(skill=q.skill, level=level_of(q, a), phrase=f"you said {a} to: {q.text}", source="assessment")
            for q, a in zip(self.questions, self.answers, strict=False)
        ]

    @property
    def profile(self) -> SkillProfile:
        levels = self.base | {e.skill: e.level for e in self.evidence}
        return SkillProfile(levels={s: v for s, v in levels.items() if v})

    @property
    def ranking(self) -> Ranking:
        return match_roles(self.profile)


class AssessmentResult(BaseModel):
    role_id: str  # the target role, or the best fit without one
    asked: int
    total: int
    stopped_early: bool
    profile: dict[str, int]
    evidence: list[Evidence]
    ranking: Ranking
    gaps: list[Gap]  # the main gaps against role_id, biggest first
    plan: LearningPlan


# -- questions ----------------------------------------------------------------------------------------


def start(role: str | None = None, base: dict[str, int] | None = None, tax: Taxonomy | None = None) -> Assessment:
    """A new assessment towards `role` (id, name or alias; None for no target), from the levels `base`."""
    tax = tax or default_taxonomy()
    role_id = None
    if role:
        found = tax.find_role(role)
        if found is None:
            raise ValueError(f"unknown role {role!r}; the reports define: {', '.join(r.name for r in tax.roles)}")
        role_id = found.id
    return Assessment(role=role_id, base={s: v for s, v in (base or {}).items() if v})


def parse_reply(text: str) -> Reply | None:
    """'y', 's' (a bit), 'n' and their words -> the reply; anything else None."""
    return REPLIES.get(" ".join(text.strip().lower().rstrip(".!").split()))


def answer(assessment: Assessment, reply: str) -> Assessment:
    """The assessment with one more answer (a new object); a finished one is returned as it is."""
    parsed = parse_reply(reply)
    if parsed is None:
        raise ValueError(f"answer yes, a bit or no (y, s or n), not {reply!r}")
    if assessment.done:
        return assessment
    return Assessment(role=assessment.role, answers=[*assessment.answers, parsed], base=assessment.base)


def level_of(question: Question, reply: Reply) -> int:
    return {"yes": question.yes_level, "a bit": 1, "no": 0}[reply]


def separation(skill_id: str, tax: Taxonomy) -> float:
    """How much the six roles differ on a skill: the variance of their levels."""
    return statistics.pvariance([r.level(skill_id) for r in tax.roles])


def skill_order(role: Role | None, tax: Taxonomy) -> list[str]:
    """The skills to ask about, in order: the role's by its required level, then the rest by separation."""
    by_separation = sorted(tax.skill_ids, key=lambda s: -separation(s, tax))
    if role is None:
        return by_separation
    needed = sorted((s for s in tax.skill_ids if role.level(s)), key=lambda s: -role.level(s))
    return needed + [s for s in by_separation if s not in needed]


def shown_level(skill_id: str, task: Task, tax: Taxonomy) -> int:
    """The level a subtask of `task` shows of a skill: the median level the roles whose main work is the task
    need, kept to 2 (working) - 3 (solid)."""
    levels = [r.level(skill_id) for r in tax.roles if task.id in r.tasks.main and r.level(skill_id)]
    return min(3, max(2, int(statistics.median(levels) + 0.5))) if levels else 2


def _candidates(skill_id: str, role: Role | None, used: set[str], tax: Taxonomy) -> list[tuple[Task, Subtask]]:
    """Subtasks that need the skill, the best to ask about first: named after the skill ("Training deep learning
    models"), in the role's tasks, not asked yet, needing fewest other skills, showing the higher level, with the
    plainer question."""
    tasks = (role.tasks.main + role.tasks.lighter) if role else []
    name = tax.skill(skill_id).name.lower()
    pairs = [(t, s) for t in tax.tasks for s in t.subtasks if skill_id in s.skills]
    order = {id(p): i for i, p in enumerate(pairs)}

    def key(pair):
        task, sub = pair
        return (
            name not in sub.name.lower(),
            task.id not in tasks,
            sub.id in used,
            len(sub.skills),
            -shown_level(skill_id, task, tax),
            len(as_question(sub.examples[0]).split()),  # the plainer question
            order[id(pair)],
        )

    return sorted(pairs, key=key)


def as_question(example: str) -> str:
    """A report example as a "Have you ...?" question, in its own words: its first sentence, the verb that opens
    it (and a second one after "and"/"or") as a past participle."""
    first = SENTENCE_END.split(example.strip(), maxsplit=1)[0].strip()
    first = first if first.endswith("etc.") else first.rstrip(".")
    verb, _, rest = first.partition(" ")
    main, paren, aside = rest.partition("(")  # "(for instance, converting ... and squaring them)" stays as it is
    main = SECOND_VERB.sub(lambda m: m[1] + m[2] + (m[3] if m[3].lower() in NOUNS else participle(m[3])), main)
    return f"Have you {participle(verb).lower()} {main}{paren}{aside}?"


def participle(verb: str) -> str:
    """'Writing' -> 'written', 'Plotting' -> 'plotted', 'Applying' -> 'applied', 'Evaluate' -> 'evaluated'."""
    low = verb.lower()
    if low in IRREGULAR:
        return IRREGULAR[low]
    if low.endswith("ing"):
        stem = verb[:-3]
    elif low.endswith("e"):
        stem = verb[:-1]
    else:
        stem = verb
    if stem.lower().endswith("y") and stem[-2:-1].lower() not in "aeiou":
        return stem[:-1] + "ied"
    return stem + "ed"


def questions_for(role_id: str | None, tax: Taxonomy | None = None) -> tuple[Question, ...]:
    """The assessment's questions towards a role (or none), one skill at a time."""
    return _questions(role_id, tax) if tax else _default_questions(role_id)


@cache
def _default_questions(role_id: str | None) -> tuple[Question, ...]:
    return _questions(role_id, default_taxonomy())


def _questions(role_id: str | None, tax: Taxonomy) -> tuple[Question, ...]:
    role = tax.role(role_id) if role_id else None
    out, used = [], set()
    for skill_id in skill_order(role, tax)[:MAX_QUESTIONS]:
        candidates = _candidates(skill_id, role, used, tax)
        if not candidates:
            continue
        task, sub = candidates[0]
        used.add(sub.id)
        example = sub.examples[0]
        out.append(
            Question(
                skill=skill_id,
                skill_name=tax.skill(skill_id).name,
                task=task.id,
                subtask=sub.id,
                subtask_name=sub.name,
                example=example,
                text=as_question(example),
                yes_level=shown_level(skill_id, task, tax),
            )
        )
    return tuple(out)


# -- early stop and the result ----------------------------------------------------------------------------


def _tops(levels: np.ndarray, tax: Taxonomy) -> np.ndarray:
    """The top role's index for each row of levels (rows x skills), as `match_roles` ranks (score, then
    coverage, rounded to 4 places, then taxonomy order)."""
    needs = np.array([[r.level(s) for s in tax.skill_ids] for r in tax.roles], dtype=float)  # roles x skills
    largest = (needs**2).sum(axis=1).max()
    capped = np.minimum(levels[:, None, :], needs[None, :, :])  # rows x roles x skills
    met = (capped**2).sum(axis=2)
    along = (capped * needs[None]).sum(axis=2)
    norm2 = (needs**2).sum(axis=1)[None]
    score = np.rint(np.sqrt(met * along / (norm2 * largest)) * 1e4).astype(np.int64)  # rounded to 4 places
    coverage = np.rint(met / norm2 * 1e4).astype(np.int64)
    # the best by score, then coverage, then the earlier role (argmax takes the first of equals)
    return (score * 10**5 + coverage).argmax(axis=1)


def settled(assessment: Assessment, tax: Taxonomy | None = None) -> bool:
    """Whether every combination of answers to the remaining questions leaves the same role on top."""
    tax = tax or default_taxonomy()
    questions = assessment.questions
    left = questions[len(assessment.answers) :]
    if not left:
        return True
    if not assessment.answers:
        return False  # nothing said yet: always ask
    now = assessment.base | {e.skill: e.level for e in assessment.evidence}
    best = match_roles(SkillProfile(levels={s: v for s, v in now.items() if v}), tax).best.role_id
    top = [r.id for r in tax.roles].index(best)
    combos = np.array(list(itertools.product(*(sorted({0, 1, q.yes_level}) for q in left))), dtype=float)
    rows = np.tile(np.array([now.get(s, 0) for s in tax.skill_ids], dtype=float), (len(combos), 1))
    for j, q in enumerate(left):
        rows[:, tax.skill_ids.index(q.skill)] = combos[:, j]
    return bool((_tops(rows, tax) == top).all())


def result(assessment: Assessment, tax: Taxonomy | None = None) -> AssessmentResult:
    """Where the answers so far leave you: the ranking, the main gaps and the plan for the target role (or, with
    none, for the best fit)."""
    tax = tax or default_taxonomy()
    profile = assessment.profile
    ranking = match_roles(profile, tax)
    role_id = assessment.role or ranking.best.role_id
    match = next(m for m in ranking.ranking if m.role_id == role_id)
    return AssessmentResult(
        role_id=role_id,
        asked=len(assessment.answers),
        total=len(assessment.questions),
        stopped_early=assessment.settled and len(assessment.answers) < len(assessment.questions),
        profile=profile.levels,
        evidence=assessment.evidence,
        ranking=ranking,
        gaps=match.gaps[:3],
        plan=plan_for(profile, role_id, tax),
    )
