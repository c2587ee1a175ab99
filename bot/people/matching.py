"""Deterministic role matching, learning plans and role comparison: pure code, no LLM.

Scoring. For a role with required levels n_s and a user with levels h_s (0-4, over all skills), let
c_s = min(h_s, n_s) (your levels, capped at the role's: surplus is not a shortfall), |v|^2 = sum(v_s^2) and
c.n = sum(c_s n_s). Two measures of how much of the role's profile you hold, each at most |n|:

    levels    |c|^2 / |n|     each level step j of a skill weighs 2j - 1, so "outstanding" counts more than "aware"
    emphasis  c.n / |n|       your capped levels projected on the role's profile: a skill weighs as much as the
                              role needs it, so what you show counts most for the roles it is central to
    score     = sqrt(|c|^2 * c.n) / (|n| * max_r |n_r|)      their geometric mean, over the largest role: in [0, 1]
    coverage  C = |c|^2 / |n|^2                               share of the role's profile you meet (1 = every level)

Why both: "levels" alone lets the smallest profile win whenever what you show fits under it (machine
learning 2 and statistics 2 complete the software engineer - machine learning's 2s, so that role led over
the data scientist); "emphasis" alone leans to the largest role that stresses what you show (machine
learning 3, coding 3, software engineering 3 ranked the software engineer first, machine learning 2 and
statistics 2 the researcher). Their geometric mean ranks the ML engineer first in the one case and the data
scientist in the other, and keeps the reward "levels" gives for going past a smaller role on the skills that
separate it from a larger one (machine learning 3 for the ML engineer over the SWE-ML's 2).

On faithful data the score needs no bending. Its one persona miss (issue 12: "Deep learning researcher in
vision ... occasionally I help make models small enough for edge devices", researcher first, ML engineer
second) was a reading miss: the title gives the researcher's profile, which is as far from the data
scientist's as from the ML engineer's (squared distance 18 to each), so with the title's software
engineering 1 the data scientist scored 0.666 and the ML engineer 0.661. The edge-device work is a
deployment activity, and every deployment subtask needs software engineering: read so (bot/reading/activities.py),
software engineering is 2 (working) and the ML engineer scores 0.708, the data scientist still 0.666.

A profile equal to a role's ranks it first: for any other role q, |c|^2 <= |c| |n_q| and c.n_q <= |c| |n_q|
(Cauchy-Schwarz), so q scores at most |c|^1.5 / |n_q|^0.5 <= |c| <= |n| (over max_r |n_r|), equal only
when the profiles are equal. Raising a skill a role needs never lowers its score (both terms only grow);
skills it does not need leave it alone. A role's best score is |n| / max_r |n_r|: a perfect match with a
smaller role shows a lower score than one with a larger role, so `coverage` is what says how well you
fit a role. Ties (after rounding to 4 decimals) break by higher coverage, then the role's taxonomy order.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, Field

from bot.knowledge.profile import SkillProfile
from bot.knowledge.taxonomy import LEVEL_NAMES, Role, Taxonomy, default_taxonomy, prose, word_pattern


class Gap(BaseModel):
    skill: str
    skill_name: str
    have: int
    need: int
    size: int


class RoleMatch(BaseModel):
    role_id: str
    role: str
    rank: int
    score: float = Field(ge=0, le=1, description="Ranking score; a perfect match with a larger role scores higher.")
    coverage: float = Field(ge=0, le=1, description="Share of the role's profile you meet; 1 = no gaps.")
    covered: list[str]
    gaps: list[Gap]
    tasks: list[str]
    explanation: str
    missing_core: list[str] = Field(
        default_factory=list, description="Skills the role's main tasks rest on (solid or more) that you show none of."
    )


class Ranking(BaseModel):
    profile: dict[str, int]
    ranking: list[RoleMatch]

    @property
    def best(self) -> RoleMatch:
        return self.ranking[0]


def _parts(profile: SkillProfile, role: Role, tax: Taxonomy) -> tuple[float, float]:
    """(coverage C, score) of one role; see the module docstring."""
    capped = [(min(profile.level(s), role.level(s)), role.level(s)) for s in tax.skill_ids]
    met = sum(c * c for c, _ in capped)  # |c|^2
    along = sum(c * n for c, n in capped)  # c . n
    norm2 = sum(n * n for _, n in capped)
    largest = max(sum(r.level(s) ** 2 for s in tax.skill_ids) for r in tax.roles)
    return met / norm2, math.sqrt(met * along / (norm2 * largest))


def score_role(profile: SkillProfile, role: Role, tax: Taxonomy | None = None) -> float:
    """The match score of one role for a profile, in [0, 1]."""
    return _parts(profile, role, tax or default_taxonomy())[1]


def _relied_on_by(skill_id: str, role: Role, tax: Taxonomy) -> str | None:
    """The role's main task whose subtasks use this skill most (for explanations)."""
    counts = {t: sum(skill_id in s.skills for s in tax.task(t).subtasks) for t in role.tasks.main}
    best = max(counts, key=lambda t: counts[t], default=None)
    return prose(tax.task(best).name) if best and counts[best] else None


LARGELY_MET = 0.75  # coverage at which a role's needs are largely met: it outranks any role missing a core skill


def core_skills(role: Role, tax: Taxonomy) -> list[str]:
    """The skills a role needs at solid or more that its main tasks' subtasks use: what its work rests on."""
    return [s for s, e in role.profile.items() if e.level >= 3 and _relied_on_by(s, role, tax)]


def _missing_core(profile: SkillProfile, role: Role, tax: Taxonomy) -> list[str]:
    if profile.is_empty:
        return []
    return [s for s in core_skills(role, tax) if profile.level(s) == 0]


def _core_note(role: Role, missing: list[str], tax: Taxonomy) -> str:
    by_level: dict[int, list[str]] = {}
    for s in missing:
        by_level.setdefault(role.level(s), []).append(prose(tax.skill(s).name))
    parts = [f"{LEVEL_NAMES[level]} {_listed(names)}" for level, names in sorted(by_level.items(), reverse=True)]
    return f" The {prose(role.name)} needs {_listed(parts)}, which you haven't mentioned."


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _explain(role: Role, covered: list[str], gaps: list[Gap], tax: Taxonomy) -> str:
    needed = sum(1 for e in role.profile.values() if e.level > 0)
    text = f"You meet {len(covered)} of the {needed} skill levels the {prose(role.name)} role needs"
    partway = sum(1 for g in gaps if g.have > 0)
    if partway:  # "meet 0 of 7" alone reads as no fit at all, even when you are close on most
        text += f" and are partway on {partway} more" if covered else f" and are partway on {partway}"
    if not gaps:
        return text + "; no gaps against its profile."
    main = gaps[0]
    text += f"; the main gap is {prose(main.skill_name)} ({main.have} -> {main.need})"
    task = _relied_on_by(main.skill, role, tax)
    return text + (f", which {task} work relies on." if task else ".")


def match_roles(profile: SkillProfile, tax: Taxonomy | None = None) -> Ranking:
    """Rank the six roles for a profile, best first, with covered skills, gaps and an explanation."""
    tax = tax or default_taxonomy()
    rows = []
    for order, role in enumerate(tax.roles):
        coverage, score = _parts(profile, role, tax)
        score = round(score, 4)
        covered, gaps = [], []
        for skill_id, entry in role.profile.items():
            have = profile.level(skill_id)
            if entry.level == 0:
                continue
            if have >= entry.level:
                covered.append(skill_id)
            else:
                name = tax.skill(skill_id).name
                gaps.append(Gap(skill=skill_id, skill_name=name, have=have, need=entry.level, size=entry.level - have))
        # biggest shortfall first; among equal ones, the skill the role needs most
        gaps.sort(key=lambda g: (-g.size, -g.need, tax.skill_ids.index(g.skill)))
        rows.append((score, round(coverage, 4), -order, role, covered, gaps, _missing_core(profile, role, tax)))
    # a role whose work rests on a skill you show none of never outranks one whose needs you largely meet
    largely = any(r[1] >= LARGELY_MET and not r[6] for r in rows)
    rows.sort(key=lambda r: (not (largely and r[6]), r[0], r[1], r[2]), reverse=True)
    ranking = [
        RoleMatch(
            role_id=role.id,
            role=role.name,
            rank=rank,
            score=score,
            coverage=coverage,
            covered=covered,
            gaps=gaps,
            tasks=role.tasks.main + role.tasks.lighter,
            explanation=_explain(role, covered, gaps, tax) + (_core_note(role, missing, tax) if missing else ""),
            missing_core=missing,
        )
        for rank, (score, coverage, _, role, covered, gaps, missing) in enumerate(rows, start=1)
    ]
    return Ranking(profile=dict(profile.levels), ranking=ranking)


# -- learning plan ----------------------------------------------------------------------------------


class PlanActivity(BaseModel):
    """A subtask of the reports that exercises the skill, for this role's tasks."""

    task: str
    task_name: str
    subtask: str
    subtask_name: str
    examples: list[str]


class PlanStep(BaseModel):
    order: int
    skill: str
    skill_name: str
    have: int
    need: int
    definition: str | None
    activities: list[PlanActivity]
    tools: list[str]


class LearningPlan(BaseModel):
    role_id: str
    role: str
    score: float
    coverage: float = Field(description="Share of the role's profile you meet now: your fit to this role.")
    steps: list[PlanStep]
    already_covered: list[str]

    @property
    def ready(self) -> bool:
        return not self.steps


def plan_for(profile: SkillProfile, role_id: str, tax: Taxonomy | None = None) -> LearningPlan:
    """Ordered steps to grow from `profile` into the role: biggest gaps first, tied to the reports'
    subtasks (with their examples) and the tools the report lists for the role's tasks."""
    tax = tax or default_taxonomy()
    role = tax.find_role(role_id) or tax.role(role_id)
    match = next(m for m in match_roles(profile, tax).ranking if m.role_id == role.id)
    tasks = role.tasks.main + role.tasks.lighter
    steps = []
    for order, gap in enumerate(match.gaps, start=1):
        activities = _activities(gap.skill, tasks, tax)
        used_in = {a.task for a in activities}
        tools = [
            tax_tool.name
            for tax_tool in tax.tools
            if gap.skill in tax_tool.skills and _role_mentions(role, tax_tool.name, used_in)
        ]
        skill = tax.skill(gap.skill)
        steps.append(
            PlanStep(
                order=order,
                skill=gap.skill,
                skill_name=skill.name,
                have=gap.have,
                need=gap.need,
                definition=skill.definition or skill.described_as,
                activities=activities,
                tools=tools,
            )
        )
    return LearningPlan(
        role_id=role.id,
        role=role.name,
        score=match.score,
        coverage=match.coverage,
        steps=steps,
        already_covered=match.covered,
    )


def _activities(skill_id: str, task_ids: list[str], tax: Taxonomy) -> list[PlanActivity]:
    """Subtasks that exercise the skill, one task at a time in turn: tasks that rely on the skill most
    come first, and within a task the most focused subtasks (fewest other skills) first."""
    per_task = []
    for task in (tax.task(t) for t in task_ids):
        subs = sorted((s for s in task.subtasks if skill_id in s.skills), key=lambda s: len(s.skills))
        if subs:
            per_task.append((len(subs) / len(task.subtasks), task, subs))
    per_task.sort(key=lambda item: -item[0])
    out = []
    for i in range(max((len(subs) for _, _, subs in per_task), default=0)):
        for _, task, subs in per_task:
            if i < len(subs):
                s = subs[i]
                out.append(
                    PlanActivity(
                        task=task.id, task_name=task.name, subtask=s.id, subtask_name=s.name, examples=s.examples
                    )
                )
    return out


def _role_mentions(role: Role, tool_name: str, task_ids: set[str]) -> bool:
    """Whether the role's tool sentences for these tasks (or collaboration) name the tool."""
    areas = task_ids | {"collaboration", "research"}
    text = " ".join(v for k, v in role.tools.items() if k in areas).lower()
    return tool_name.lower() in text


# -- compare ----------------------------------------------------------------------------------------


class SkillDifference(BaseModel):
    skill: str
    skill_name: str
    level_a: int
    level_b: int


class Comparison(BaseModel):
    role_a: str
    role_b: str
    shared_tasks: list[str]
    only_a_tasks: list[str]
    only_b_tasks: list[str]
    shared_skills: list[str] = Field(description="Skills both need at a solid level (3+).")
    skill_differences: list[SkillDifference]
    shared_tools: list[str]
    only_a_tools: list[str]
    only_b_tools: list[str]


def _tool_names(role: Role, tax: Taxonomy) -> set[str]:
    text = " ".join(role.tools.values()).lower()
    return {t.name for t in tax.tools if any(word_pattern(a).search(text) for a in [t.name.lower(), *t.aliases])}


def compare(role_a: str, role_b: str, tax: Taxonomy | None = None) -> Comparison:
    """Shared and different tasks, skill levels and tools of two roles."""
    tax = tax or default_taxonomy()
    a = tax.find_role(role_a) or tax.role(role_a)
    b = tax.find_role(role_b) or tax.role(role_b)
    ta, tb = a.tasks.main + a.tasks.lighter, b.tasks.main + b.tasks.lighter
    tools_a, tools_b = _tool_names(a, tax), _tool_names(b, tax)
    return Comparison(
        role_a=a.id,
        role_b=b.id,
        shared_tasks=[t for t in ta if t in tb],
        only_a_tasks=[t for t in ta if t not in tb],
        only_b_tasks=[t for t in tb if t not in ta],
        shared_skills=[s for s in tax.skill_ids if a.level(s) >= 3 and b.level(s) >= 3],
        skill_differences=[
            SkillDifference(skill=s, skill_name=tax.skill(s).name, level_a=a.level(s), level_b=b.level(s))
            for s in tax.skill_ids
            if a.level(s) != b.level(s)
        ],
        shared_tools=sorted(tools_a & tools_b),
        only_a_tools=sorted(tools_a - tools_b),
        only_b_tools=sorted(tools_b - tools_a),
    )
