"""Pure renderers of the web app: state in, Markdown, rows or a chart out (no LLM; they run on every change)."""

from __future__ import annotations

from functools import cache

import numpy as np

from bot.answering.answer import Citation
from bot.answering.levels_note import how_sure
from bot.answering.tools import format_comparison
from bot.knowledge.profile import SkillProfile
from bot.knowledge.taxonomy import LEVEL_NAMES, Taxonomy, prose
from bot.people.assessment import Assessment, result
from bot.people.matching import compare, match_roles, plan_for
from bot.reading.skills import Evidence


@cache
def _pyplot():
    """matplotlib's pyplot on the agg backend, imported by the first chart (0.5 s, none of the app's start)."""
    import matplotlib

    matplotlib.use("agg")  # Gradio's spelling: its own switch to agg around each event is then a no-op
    import matplotlib.pyplot as plt

    return plt


def sources_markdown(citations: list[Citation]) -> str:
    if not citations:
        return "*The passages an answer cites appear here.*"
    parts = []
    for c in citations:
        quote = c.quote.replace("\n", "\n> ")
        parts.append(f"**[{c.n}] {c.title}** ({c.edition})  \n*{' > '.join(c.section)}*\n\n> {quote}")
    return "\n\n".join(parts)


def ranking_rows(profile: SkillProfile, tax: Taxonomy) -> list[list]:
    rows = []
    for m in match_roles(profile, tax).ranking:
        bar = "█" * round(m.score * 10) + "░" * (10 - round(m.score * 10))
        gaps = ", ".join(f"{prose(g.skill_name)} {g.have}→{g.need}" for g in m.gaps[:3]) or "none"
        rows.append([m.rank, m.role, f"{bar} {m.score:.2f}", gaps])
    return rows


def radar(profile: SkillProfile, role_id: str, tax: Taxonomy):
    """Your levels against the role's required levels, one spoke per skill."""
    role = tax.role(role_id)
    names = [s.name for s in tax.skills]
    angles = np.linspace(0, 2 * np.pi, len(names), endpoint=False).tolist()
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.2, 5.2), subplot_kw={"polar": True})
    for values, label, color in (
        ([role.level(s) for s in tax.skill_ids], role.name, "#c2410c"),
        ([profile.level(s) for s in tax.skill_ids], "You", "#2563eb"),
    ):
        closed = values + values[:1]
        ax.plot(angles + angles[:1], closed, color=color, linewidth=2, label=label)
        ax.fill(angles + angles[:1], closed, color=color, alpha=0.15)
    ax.set_xticks(angles)
    ax.set_xticklabels([n.replace(" ", "\n", 1) for n in names], fontsize=8)
    ax.set_ylim(0, 4)
    ax.set_yticks([1, 2, 3, 4])
    ax.set_yticklabels(["1", "2", "3", "4"], fontsize=7)
    ax.legend(loc="upper right", bbox_to_anchor=(1.25, 1.12), fontsize=8)
    fig.tight_layout()
    plt.close(fig)
    return fig


def plan_markdown(profile: SkillProfile, role_id: str, tax: Taxonomy) -> str:
    plan = plan_for(profile, role_id, tax)
    if plan.ready:
        return f"Your profile already meets the **{prose(plan.role)}** skill profile."
    lines = [f"### Learning plan: {plan.role} (fit {plan.score:.2f})"]
    for step in plan.steps:
        lines.append(
            f"\n**{step.order}. {step.skill_name}**: {LEVEL_NAMES[step.have]} ({step.have}) → "
            f"{LEVEL_NAMES[step.need]} ({step.need})\n"
        )
        for act in step.activities[:3]:
            lines.append(f"- *{act.task_name} › {act.subtask_name}*: {'; '.join(act.examples[:2])}")
        if step.tools:
            lines.append(f"- Tools the report lists: {', '.join(step.tools)}")
    lines.append("\n*From Workera's AI Career Pathways (2020) and The AI Human Capital Playbook (2019).*")
    note = how_sure(f"{plan.role}: {' '.join(LEVEL_NAMES[s.need] for s in plan.steps)} fit {plan.score:.2f}", tax)
    if note:
        lines.append(f"\n<small>{note}</small>")
    return "\n".join(lines)


def evidence_markdown(levels: dict[str, int], evidence: list[Evidence], tax: Taxonomy) -> str:
    """Each skill's level with the phrase (or CV line) it was read from, and where the user corrected it."""
    if not evidence and not levels:
        return "*Tell me about your skills in the chat, upload your CV, or set the sliders.*"
    by_skill = {e.skill: e for e in evidence}
    lines = []
    for skill in tax.skills:
        e, level = by_skill.get(skill.id), levels.get(skill.id, 0)
        if e is None and not level:
            continue
        line = f"- **{skill.name}: {level}**"
        if e is not None:
            phrase = e.phrase.replace("*", "\\*").replace("_", "\\_")
            line += f" · {phrase}" if e.source == "assessment" else f" · read from “{phrase}”"
            if e.level != level:
                line += f" (I read {e.level}; you set {level})"
        else:
            line += " · set by you"
        lines.append(line)
    return "\n".join(lines)


def comparison_markdown(a: str, b: str, tax: Taxonomy) -> str:
    if a == b:
        return "Pick two different roles."
    return format_comparison(compare(a, b, tax), tax).replace("\n- ", "\n\n- ")


def conversation_markdown(chat: list[dict], cited: list[str]) -> str:
    lines = ["# Career Mentor conversation", ""]
    for msg in chat:
        who = "You" if msg["role"] == "user" else "Career Mentor"
        lines += [f"**{who}:**", "", str(msg["content"]), ""]
    if cited:
        lines += ["## Sources", ""] + [f"- {label}" for label in cited]
    return "\n".join(lines)


ASSESS_HINT = (
    "*Assess me: up to 10 yes / a bit / no questions on what you have done, each from an example in the reports, "
    "towards your target role.*"
)


def assessment_markdown(assessment: Assessment | None, tax: Taxonomy) -> str:
    """The question to answer now, or where the finished assessment leaves you."""
    if assessment is None:
        return ASSESS_HINT
    question = assessment.current
    if question is not None:
        n, total = len(assessment.answers) + 1, len(assessment.questions)
        task = tax.task(question.task)
        return (
            f"**Question {n} of {total}** · {question.skill_name}\n\n### {question.text}\n\n"
            f"*From the reports' example of {task.name} › {question.subtask_name}.*"
        )
    done = result(assessment, tax)
    how = "the best fit can no longer change" if done.stopped_early else "all questions answered"
    best = done.ranking.best
    gaps = ", ".join(f"{prose(g.skill_name)} {g.have}→{g.need}" for g in done.gaps) or "none"
    return (
        f"**Assessment done** after {done.asked} of {done.total} questions ({how}). "
        f"Best fit: **{best.role}** (fit {best.score:.2f}). Main gaps for {prose(done.plan.role)}: {gaps}. "
        "The learning plan below follows your answers."
    )
