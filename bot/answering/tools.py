"""The deterministic matching functions as LangChain tools, plus their plain-text renderings.

Each tool returns (text, artifact): the text is what an LLM or a terminal reads, the artifact is the
pydantic result the chain, UI and CLI use directly.
"""

from __future__ import annotations

from langchain_core.tools import StructuredTool
from pydantic import BaseModel, Field, model_validator

from bot.index.sentences import FIGURE_REF
from bot.knowledge.taxonomy import LEVEL_NAMES, Role, Taxonomy, default_taxonomy, prose
from bot.people.matching import (
    Comparison,
    LearningPlan,
    Ranking,
    SkillProfile,
    compare,
    match_roles,
    plan_for,
)
from bot.reading.skills import ExtractedProfile, extract_profile


class ProfileInput(BaseModel):
    """Either a free-text description of the user's skills or an explicit profile."""

    skills_text: str | None = Field(None, description="The user's own words about their skills.")
    profile: dict[str, int] | None = Field(None, description="Skill id -> level 0-4, if already known.")

    @model_validator(mode="after")
    def _one_given(self) -> ProfileInput:
        if not (self.skills_text and self.skills_text.strip()) and not self.profile:
            raise ValueError("give skills_text or profile: which skills does the user have?")
        return self

    def resolve(self) -> ExtractedProfile:
        if self.profile:
            return ExtractedProfile(profile=SkillProfile(levels=self.profile), evidence=[])
        return extract_profile(self.skills_text or "")


class MatchRolesArgs(ProfileInput):
    pass


class LearningPlanArgs(ProfileInput):
    role: str = Field(description="Target role id or name, e.g. machine_learning_engineer or 'MLE'.")


class CompareRolesArgs(BaseModel):
    role_a: str = Field(description="First role id or name.")
    role_b: str = Field(description="Second role id or name.")


class DescribeRoleArgs(BaseModel):
    role: str = Field(description="Role id or name.")


def find_role(name: str, tax: Taxonomy | None = None) -> Role:
    """A role by id, name or alias, or a ValueError listing the six roles."""
    tax = tax or default_taxonomy()
    role = tax.find_role(name)
    if role is None:
        raise ValueError(f"unknown role {name!r}; the reports define: {', '.join(r.name for r in tax.roles)}")
    return role


# -- renderings -------------------------------------------------------------------------------------


def format_profile(extracted: ExtractedProfile, tax: Taxonomy | None = None) -> str:
    tax = tax or default_taxonomy()
    if extracted.evidence or extracted.activities:  # every activity read, then the levels read otherwise
        return "\n".join(f"- {line}" for line in extracted.lines(tax))
    levels = extracted.profile.levels
    return "\n".join(f"- {tax.skill(s).name}: {lvl}" for s, lvl in levels.items()) or "- (no skills)"


def format_ranking(ranking: Ranking, top: int = 6) -> str:
    lines = []
    for m in ranking.ranking[:top]:
        lines.append(f"{m.rank}. {m.role} — score {m.score:.2f}. {m.explanation}")
    return "\n".join(lines)


def format_plan(plan: LearningPlan, tax: Taxonomy | None = None, examples: int = 2) -> str:
    tax = tax or default_taxonomy()
    if plan.ready:
        return f"Your profile already meets the {prose(plan.role)} skill profile; no gaps to close."
    met = f" (you meet {plan.coverage:.0%} of its skill profile)" if plan.coverage else ""
    lines = [f"Learning plan for {prose(plan.role)}{met}:"]
    for step in plan.steps:
        lines.append(
            f"{step.order}. {step.skill_name}: from {LEVEL_NAMES[step.have]} ({step.have}) "
            f"to {LEVEL_NAMES[step.need]} ({step.need})."
        )
        for act in step.activities[:3]:
            shown = "; ".join(act.examples[:examples])
            lines.append(f"   - {act.task_name} > {act.subtask_name}: e.g. {shown}")
        if step.tools:
            lines.append(f"   - Tools the report lists: {', '.join(step.tools)}")
    return "\n".join(lines)


def format_comparison(cmp: Comparison, tax: Taxonomy | None = None) -> str:
    tax = tax or default_taxonomy()
    a, b = tax.role(cmp.role_a), tax.role(cmp.role_b)

    def tasks(ids: list[str]) -> str:
        return ", ".join(prose(tax.task(t).name) for t in ids) or "none"

    lines = [
        f"{a.name} vs {b.name}:",
        f"- Both carry out: {tasks(cmp.shared_tasks)}.",
        f"- Only {prose(a.name)}: {tasks(cmp.only_a_tasks)}. Only {prose(b.name)}: {tasks(cmp.only_b_tasks)}.",
    ]
    if cmp.skill_differences:
        diffs = "; ".join(
            f"{prose(d.skill_name)} {LEVEL_NAMES[d.level_a]} vs {LEVEL_NAMES[d.level_b]}" for d in cmp.skill_differences
        )
        lines.append(f"- Skill levels that differ: {diffs}.")
    if cmp.shared_tools:
        lines.append(f"- Tools both use: {', '.join(cmp.shared_tools)}.")
    return "\n".join(lines)


def format_role(role: Role, tax: Taxonomy | None = None) -> str:
    tax = tax or default_taxonomy()
    main = ", ".join(prose(tax.task(t).name) for t in role.tasks.main)
    strong = [f"{prose(tax.skill(s).name)} ({LEVEL_NAMES[e.level]})" for s, e in role.profile.items() if e.level >= 3]
    summary = FIGURE_REF.sub("", role.summary.strip()).replace(" .", ".")
    lines = [f"{role.name}: {summary}", f"Main tasks: {main}."]
    if role.tasks.lighter:
        lines.append(f"Lighter involvement: {', '.join(prose(tax.task(t).name) for t in role.tasks.lighter)}.")
    if role.tasks.specialisations:
        some = ", ".join(prose(tax.task(t).name) for t in role.tasks.specialisations)
        lines.append(f"Some {prose(role.name)}s also focus on {some}; that is a specialisation, not part of the role.")
    lines.append(f"Strongest skills needed: {', '.join(strong)}.")
    lines += [f"{line.rstrip('.')}." for line in role.tools.values()]
    lines.append(f"Also called: {', '.join(role.alternative_titles)}.")
    return "\n".join(lines)


# -- tool functions ---------------------------------------------------------------------------------


def _match(skills_text: str | None = None, profile: dict[str, int] | None = None):
    extracted = ProfileInput(skills_text=skills_text, profile=profile).resolve()
    ranking = match_roles(extracted.profile)
    text = f"Profile read:\n{format_profile(extracted)}\n\nRole ranking:\n{format_ranking(ranking)}"
    return text, {"extracted": extracted, "ranking": ranking}


def _plan(role: str, skills_text: str | None = None, profile: dict[str, int] | None = None):
    extracted = ProfileInput(skills_text=skills_text, profile=profile).resolve()
    plan = plan_for(extracted.profile, find_role(role).id)
    return format_plan(plan), {"extracted": extracted, "plan": plan}


def _compare(role_a: str, role_b: str):
    cmp = compare(find_role(role_a).id, find_role(role_b).id)
    return format_comparison(cmp), cmp


def _describe(role: str):
    found = find_role(role)
    return format_role(found), found


_SPECS = [
    (
        _match,
        "match_roles",
        MatchRolesArgs,
        "Rank the six AI roles of the Workera reports for the user's skills (free text or profile).",
    ),
    (
        _plan,
        "learning_plan",
        LearningPlanArgs,
        "Ordered learning steps from the user's skills to a target role, with the reports' examples.",
    ),
    (_compare, "compare_roles", CompareRolesArgs, "Shared and different tasks, skills and tools of two AI roles."),
    (
        _describe,
        "describe_role",
        DescribeRoleArgs,
        "What one AI role does: tasks, skill profile, tools and alternative titles.",
    ),
]
# (text, artifact) results: text for an LLM or a terminal, the pydantic artifact for code
TOOLS = {
    name: StructuredTool.from_function(
        fn, name=name, args_schema=schema, description=description, response_format="content_and_artifact"
    )
    for fn, name, schema, description in _SPECS
}
