"""Taxonomy -> cards: one generated, citable passage per role, task, skill and organization type, and short
overview cards (the tasks, the roles, the kinds of organization)."""

from __future__ import annotations

from bot.index.passages import ChunkKind, Passage
from bot.knowledge.taxonomy import LEVEL_NAMES, Taxonomy, prose

TAXONOMY_SOURCE = "Career Mentor taxonomy (curated from both reports)"


def _card(tax_id: str, kind: ChunkKind, section: list[str], text: str, **extra) -> Passage:
    return Passage(
        id=f"taxonomy:{kind}:{tax_id}",
        text=text,
        source="taxonomy",
        title=TAXONOMY_SOURCE,
        edition="both",
        section=section,
        kind=kind,
        **extra,
    )


def _role_card(tax: Taxonomy, role, task_names: dict[str, str]) -> Passage:
    main = ", ".join(task_names[t] for t in role.tasks.main)
    lighter = ", ".join(task_names[t] for t in role.tasks.lighter)
    profile = "; ".join(
        f"{prose(tax.skill(s).name)} {LEVEL_NAMES[e.level]} ({e.level}/4)" for s, e in role.profile.items()
    )
    lines = [
        f"Role: {role.name}.",
        f"Main tasks: {main}." + (f" Lighter involvement: {lighter}." if lighter else ""),
        f"Skill profile: {profile}.",
        "Tools: " + " ".join(f"{v.rstrip('.')}." for v in role.tools.values()),
        f"Alternative titles: {', '.join(role.alternative_titles)}.",
    ]
    lines += [f"Variant: {v.name}." for v in role.variants]
    return _card(
        role.id,
        "role_card",
        ["Roles", role.name],
        "\n".join(lines),
        role=role.id,
        skills=[s for s, e in role.profile.items() if e.level >= 3],
    )


def _task_card(tax: Taxonomy, task) -> Passage:
    doers = [prose(r.name) for r in tax.roles if task.id in r.tasks.main]
    some = [prose(r.name) for r in tax.roles if task.id in r.tasks.lighter]
    skills = sorted({s for sub in task.subtasks for s in sub.skills})
    lines = [
        f"Task: {task.name}. {task.description}",
        f"{task.name} is carried out by: {', '.join(doers)}."
        + (f" Roles with a lighter involvement in {prose(task.name)}: {', '.join(some)}." if some else ""),
        f"Subtasks: {'; '.join(s.name for s in task.subtasks)}.",
        f"Languages and tools: {', '.join(task.languages_tools)}.",
    ]
    return _card(task.id, "task_card", ["Tasks", task.name], "\n".join(lines), task=task.id, skills=skills)


def _skill_card(tax: Taxonomy, skill) -> Passage:
    used = [f"{s.name} ({prose(t.name)})" for t in tax.tasks for s in t.subtasks if skill.id in s.skills]
    strong = [prose(r.name) for r in tax.roles if r.level(skill.id) >= 3]
    lines = [f"Skill: {skill.name}. {skill.definition or skill.described_as or ''}".rstrip()]
    if used:
        lines.append(f"Used in subtasks: {'; '.join(used)}.")
    if strong:
        lines.append(f"Roles that need it at a solid or outstanding level: {', '.join(strong)}.")
    return _card(skill.id, "skill_card", ["Skills", skill.name], "\n".join(lines), skills=[skill.id])


def _org_card(org) -> Passage:
    lines = [
        f"The goal of a {prose(org.name)}: {org.goal}",
        f"The output of a {prose(org.name)}: {org.output}",
        f"The workflow of a {prose(org.name)}: {', '.join(org.workflow)}.",
        *org.notes,
    ]
    return _card(org.id, "org_card", ["Organizations", org.name], "\n".join(lines))


def _overview_cards(tax: Taxonomy) -> list[Passage]:
    """Short overview cards: one fact each, so a question like "what are the six roles?" finds them."""
    overview = {
        "tasks": f"The AI project development life cycle has {len(tax.tasks)} tasks: "
        + ", ".join(prose(t.name) for t in tax.tasks)
        + ".",
        "roles": f"The six roles of an AI team are: {'; '.join(prose(r.name) for r in tax.roles)}.",
        "organizations": "There are two kinds of AI organization: "
        + " and ".join(prose(o.name) for o in tax.organizations)
        + ".",
    }
    return [
        _card(f"overview_{key}", "org_card", ["Overview", key.capitalize()], text) for key, text in overview.items()
    ]


def taxonomy_cards(tax: Taxonomy) -> list[Passage]:
    """One generated, citable card per role, task, skill and organization type, then the overview cards."""
    task_names = {t.id: prose(t.name) for t in tax.tasks}
    return [
        *[_role_card(tax, role, task_names) for role in tax.roles],
        *[_task_card(tax, task) for task in tax.tasks],
        *[_skill_card(tax, skill) for skill in tax.skills],
        *[_org_card(org) for org in tax.organizations],
        *_overview_cards(tax),
    ]
