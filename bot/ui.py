"""The Gradio web app: chat with cited sources, your skill profile (sliders + radar chart), role
ranking, learning plan, role comparison and Markdown export. State is per browser session."""

from __future__ import annotations

import functools
import logging
import tempfile
from pathlib import Path

import gradio as gr
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from bot.answer import Answer  # noqa: E402
from bot.chain import Mentor, Session  # noqa: E402
from bot.ingest import ensure_index  # noqa: E402
from bot.matching import SkillProfile, compare, match_roles, plan_for  # noqa: E402
from bot.prompts import user_message  # noqa: E402
from bot.retrieval import Retriever  # noqa: E402
from bot.settings import Settings, get_settings  # noqa: E402
from bot.skills import extract_profile  # noqa: E402
from bot.taxonomy import LEVEL_NAMES, Taxonomy, default_taxonomy, prose  # noqa: E402
from bot.tools import find_role, format_comparison, format_plan  # noqa: E402

log = logging.getLogger(__name__)
EXAMPLES = [
    "What should I learn to become an MLE?",
    "Which role fits me? I know SQL, Excel and Tableau",
    "What does an AI infrastructure engineer do?",
    "Compare data scientist and data analyst",
]
EXPORT_DIR = Path(tempfile.gettempdir()) / "career-mentor-exports"
CSS = """
#sources {max-height: 520px; overflow-y: auto}
.backend-note {opacity: 0.75; font-size: 0.9em}
"""


# -- pure renderers (no LLM, cheap: they run on every slider move) ------------------------------------


def sources_markdown(answer: Answer | None) -> str:
    if answer is None or not answer.citations:
        return "*The passages an answer cites appear here.*"
    parts = []
    for c in answer.citations:
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
    return "\n".join(lines)


def evidence_markdown(session: Session, tax: Taxonomy) -> str:
    if not session.evidence:
        return "*Tell me about your skills in the chat, or set the sliders.*"
    return "\n".join(f"- {e.describe(tax)}" for e in session.evidence)


def conversation_markdown(history: list[dict], answers: list[Answer]) -> str:
    lines = ["# Career Mentor conversation", ""]
    for msg in history:
        who = "You" if msg["role"] == "user" else "Career Mentor"
        lines += [f"**{who}:**", "", str(msg["content"]), ""]
    cited = {c.label(): c for a in answers for c in a.citations}
    if cited:
        lines += ["## Sources", ""] + [f"- {label}" for label in cited]
    return "\n".join(lines)


def _export(session_id: str, name: str, text: str) -> str:
    EXPORT_DIR.mkdir(parents=True, exist_ok=True)
    path = EXPORT_DIR / f"{session_id}-{name}.md"
    path.write_text(text, encoding="utf-8")
    return str(path)


# -- the app ------------------------------------------------------------------------------------------


def user_errors(func):
    """Show a caller's mistake (unknown role, empty or too long text) as its message, whatever `show_error` says."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (KeyError, ValueError) as exc:
            # the caller's mistake, not the app's: no traceback in the server log, and no user text in it either
            log.info("%s refused a request: %s", func.__name__, type(exc).__name__)
            raise gr.Error(user_message(exc), print_exception=False) from None

    return wrapper


def build_app(settings: Settings, mentor: Mentor | None = None) -> gr.Blocks:
    """The Blocks app; builds (or reuses) the index and loads the models once."""
    if mentor is None:
        ensure_index(settings)
        mentor = Mentor(settings, Retriever(settings))
        mentor.warm_up()
    tax = default_taxonomy()
    role_choices = [(r.name, r.id) for r in tax.roles]

    def new_state() -> dict:
        return {"session": mentor.new_session(), "answers": []}

    def profile_outputs(state: dict, target: str):
        session: Session = state["session"]
        profile = session.profile
        sliders = [gr.update(value=profile.level(s)) for s in tax.skill_ids]
        return [
            *sliders,
            ranking_rows(profile, tax),
            radar(profile, target, tax),
            plan_markdown(profile, target, tax),
            evidence_markdown(session, tax),
        ]

    def respond(message: str, history: list[dict], state: dict | None, target: str):
        state = state or new_state()
        said = message if len(message) <= settings.max_message_chars else f"{message[:300]} […]"  # a paste, shortened
        history = [*(history or []), {"role": "user", "content": said}, {"role": "assistant", "content": ""}]
        skip = [gr.skip()] * (len(tax.skill_ids) + 4)
        answer: Answer | None = None
        for piece in mentor.stream(message, state["session"]):
            if isinstance(piece, str):
                history[-1]["content"] += piece
                yield history, "", gr.skip(), state, gr.skip(), *skip
            else:
                answer = piece
        state["answers"].append(answer)
        history[-1]["content"] = answer.text
        convo = _export(state["session"].id, "conversation", conversation_markdown(history, state["answers"]))
        yield (history, "", sources_markdown(answer), state, gr.update(value=convo), *profile_outputs(state, target))

    def retry_or_undo(history: list[dict], state: dict | None, retry: bool):
        state = state or new_state()
        session: Session = state["session"]
        last_user = next((m["content"] for m in reversed(history or []) if m["role"] == "user"), None)
        if session.history:
            session.history.pop()
        if state["answers"]:
            state["answers"].pop()
        while history and history[-1]["role"] == "assistant":
            history = history[:-1]
        if history:
            history = history[:-1]
        return history, (last_user if retry else ""), state

    def on_sliders(state: dict | None, target: str, *levels: int):
        state = state or new_state()
        session: Session = state["session"]
        session.profile = SkillProfile(levels={s: int(v) for s, v in zip(tax.skill_ids, levels, strict=True) if v})
        plan = plan_markdown(session.profile, target, tax)
        plan_file = _export(session.id, "learning-plan", plan)
        return (
            state,
            ranking_rows(session.profile, tax),
            radar(session.profile, target, tax),
            plan,
            gr.update(value=plan_file),
        )

    def on_compare(a: str, b: str) -> str:
        if a == b:
            return "Pick two different roles."
        return format_comparison(compare(a, b, tax), tax).replace("\n- ", "\n\n- ")

    with gr.Blocks(title="Career Mentor") as app:
        state = gr.State(None)
        gr.Markdown(
            "# Career Mentor\nAI career guidance grounded in Workera's *AI Career Pathways* (2020) and "
            "*The AI Human Capital Playbook* (2019). Every answer cites the report sections it uses."
        )
        gr.Markdown(f"Answer backend: **{mentor.backend.label}**", elem_classes="backend-note", elem_id="backend-note")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=320):
                chatbot = gr.Chatbot(
                    label="Chat",
                    height=520,
                    buttons=["copy", "copy_all"],
                    elem_id="chatbot",
                    placeholder="Ask about AI roles, tasks and skills, or tell me your skills.",
                )
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="Type a question…",
                        show_label=False,
                        scale=5,
                        elem_id="msg",
                    )  # no max_length: it would cut a long paste silently; the mentor says it is too long
                    send = gr.Button("Send", variant="primary", scale=1, min_width=80, elem_id="send")
                gr.Examples(EXAMPLES, inputs=box, label="Try")
                with gr.Row():
                    convo_file = gr.DownloadButton("Download conversation (.md)", size="sm", value=None)
                    plan_file = gr.DownloadButton("Download learning plan (.md)", size="sm", value=None)
            with gr.Column(scale=2, min_width=300):
                gr.Markdown("### Sources of the last answer")
                sources = gr.Markdown(sources_markdown(None), elem_id="sources")
        gr.Markdown("## Your profile")
        with gr.Row(equal_height=False):
            with gr.Column(scale=2, min_width=300):
                evidence = gr.Markdown(evidence_markdown(Session(), tax), elem_id="evidence")
                sliders = [
                    gr.Slider(
                        0,
                        4,
                        value=0,
                        step=1,
                        label=s.name,
                        elem_id=f"skill-{s.id}",
                        info="0 none · 1 aware · 2 working · 3 solid · 4 outstanding" if i == 0 else None,
                    )
                    for i, s in enumerate(tax.skills)
                ]
            with gr.Column(scale=3, min_width=300):
                target = gr.Dropdown(
                    role_choices, value="machine_learning_engineer", label="Target role", elem_id="target-role"
                )
                chart = gr.Plot(
                    radar(SkillProfile(), "machine_learning_engineer", tax), label="You vs the role", elem_id="radar"
                )
                ranking = gr.Dataframe(
                    ranking_rows(SkillProfile(), tax),
                    headers=["#", "role", "fit", "main gaps"],
                    interactive=False,
                    label="Role ranking",
                    elem_id="ranking",
                    wrap=True,
                )
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                plan = gr.Markdown(plan_markdown(SkillProfile(), "machine_learning_engineer", tax), elem_id="plan")
            with gr.Column(scale=2):
                gr.Markdown("### Compare two roles")
                role_a = gr.Dropdown(role_choices, value="data_scientist", label="Role A")
                role_b = gr.Dropdown(role_choices, value="data_analyst", label="Role B")
                comparison = gr.Markdown(on_compare("data_scientist", "data_analyst"), elem_id="comparison")

        panel = [*sliders, ranking, chart, plan, evidence]
        chat_io = dict(inputs=[box, chatbot, state, target], outputs=[chatbot, box, sources, state, convo_file, *panel])
        box.submit(respond, **chat_io, api_visibility="private")
        send.click(respond, **chat_io, api_visibility="private")
        chatbot.retry(
            lambda h, s: retry_or_undo(h, s, True), [chatbot, state], [chatbot, box, state], api_visibility="private"
        ).then(respond, **chat_io, api_visibility="private")
        chatbot.undo(
            lambda h, s: retry_or_undo(h, s, False), [chatbot, state], [chatbot, box, state], api_visibility="private"
        )
        chatbot.clear(lambda: (None, sources_markdown(None)), None, [state, sources], api_visibility="private")
        slider_io = dict(inputs=[state, target, *sliders], outputs=[state, ranking, chart, plan, plan_file])
        for slider in sliders:
            slider.change(on_sliders, **slider_io, trigger_mode="always_last", api_visibility="private")
        target.change(on_sliders, **slider_io, api_visibility="private")
        role_a.change(on_compare, [role_a, role_b], comparison, api_visibility="private")
        role_b.change(on_compare, [role_a, role_b], comparison, api_visibility="private")

        def chat(message: str) -> dict:
            """One question, a fresh conversation: the answer with its citations."""
            answer = mentor.ask(message)
            return answer.model_dump(
                include={"text", "citations", "tool_calls", "intent", "backend", "grounding", "fallback"}
            )

        @user_errors
        def match(skills_text: str) -> dict:
            """A free-text description of your skills -> the six roles, best first."""
            extracted = extract_profile(skills_text, tax, max_chars=settings.max_message_chars)
            ranking_ = match_roles(extracted.profile, tax)
            return {
                "profile": extracted.profile.levels,
                "hint": extracted.hint,
                "ranking": [m.model_dump() for m in ranking_.ranking],
            }

        @user_errors
        def plan_api(role: str, skills_text: str) -> dict:
            """A target role and your skills -> the ordered learning plan."""
            extracted = extract_profile(skills_text, tax, max_chars=settings.max_message_chars)
            learning = plan_for(extracted.profile, find_role(role).id, tax)
            return {"plan": learning.model_dump(), "text": format_plan(learning, tax)}

        def converse(message: str, state_: dict | None):
            """One turn of a stateful conversation (per client session), for programs and load tests."""
            state_ = state_ or new_state()
            answer = mentor.ask(message, state_["session"])
            session: Session = state_["session"]
            reply = {
                "text": answer.text,
                "intent": answer.intent,
                "session_id": session.id,
                "turns": len(session.history),
                "profile": session.profile.levels,
            }
            return reply, state_

        converse_in = gr.Textbox(visible=False)
        converse_out = gr.JSON(visible=False)
        converse_btn = gr.Button(visible=False)
        converse_btn.click(converse, [converse_in, state], [converse_out, state], api_name="converse")
        gr.api(chat, api_name="chat")
        gr.api(match, api_name="match")
        gr.api(plan_api, api_name="plan")
    return app


def launch(settings: Settings | None = None) -> None:
    """Serve the app on the configured host and port (never shared publicly)."""
    from bot.logs import setup_logging

    try:
        settings = settings or get_settings()
        setup_logging(settings)
        app = build_app(settings)
    except ValueError as exc:  # a bad setting or taxonomy file, an unreachable Chroma server: what to fix, no traceback
        raise SystemExit(f"Career Mentor cannot start: {exc}") from None
    auth = tuple(settings.auth.split(":", 1)) if settings.auth and ":" in settings.auth else None
    print(f"Career Mentor on http://{settings.host}:{settings.port}", flush=True)
    app.queue(default_concurrency_limit=settings.max_concurrency).launch(
        server_name=settings.host,
        server_port=settings.port,
        share=False,
        auth=auth,
        css=CSS,
        theme=gr.themes.Soft(primary_hue="blue"),
        show_error=True,
    )
