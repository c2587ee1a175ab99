"""The panels of the page (chat, files, profile, plan, compare): each lays out its components and says what
they show for a `UserState`. `Page` puts them together; `bot.web.events` changes the state."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import bot.web.gradio_patches  # noqa: F401  (first: its settings must be in place when Gradio is imported)

# isort: split
import gradio as gr

from bot.answering.levels_note import levels_caption
from bot.chat.chain import Mentor
from bot.knowledge.taxonomy import Taxonomy
from bot.settings import Settings
from bot.web.render import (
    assessment_markdown,
    comparison_markdown,
    conversation_markdown,
    evidence_markdown,
    plan_markdown,
    radar,
    ranking_rows,
    sources_markdown,
)
from bot.web.state import DEFAULT_PAIR, DEFAULT_TARGET, ProfileFile, UserState

EXPORT_DIR = Path(tempfile.gettempdir()) / "career-mentor-exports"
EXAMPLES = [
    "What should I learn to become an MLE?",
    "Which role fits me? I know SQL, Excel and Tableau",
    "What does an AI infrastructure engineer do?",
    "Compare data scientist and data analyst",
]
LEVELS_INFO = "0 none · 1 aware · 2 working · 3 solid · 4 outstanding"
REPLIES = (("Yes", "yes", "assess-yes"), ("A bit", "a bit", "assess-bit"), ("No", "no", "assess-no"))


@dataclass
class Context:
    """What every handler needs besides the user's state."""

    settings: Settings
    mentor: Mentor
    tax: Taxonomy

    @property
    def role_choices(self) -> list[tuple[str, str]]:
        return [(r.name, r.id) for r in self.tax.roles]


@dataclass
class ChatPanel:
    chatbot: gr.Chatbot
    box: gr.Textbox
    send: gr.Button
    sources: gr.Markdown

    def render(self, state: UserState, ctx: Context) -> dict:
        return {self.chatbot: [m.model_dump() for m in state.chat], self.sources: sources_markdown(state.citations)}


def chat_panel(below: Callable[[], FilesPanel]) -> tuple[ChatPanel, FilesPanel]:
    """The chat, with the file controls `below` it, and the sources of the last answer beside it."""
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=320):
            chatbot = gr.Chatbot(
                label="Chat",
                height=520,
                buttons=["copy", "copy_all"],
                elem_id="chatbot",
                placeholder="Ask about AI roles, tasks and skills, tell me your skills, or upload your CV.",
            )
            with gr.Row():
                box = gr.Textbox(
                    placeholder="Type a question…", show_label=False, scale=5, elem_id="msg"
                )  # no max_length: it would cut a long paste silently; the mentor says it is too long
                send = gr.Button("Send", variant="primary", scale=1, min_width=80, elem_id="send")
            gr.Examples(EXAMPLES, inputs=box, label="Try")
            files = below()
        with gr.Column(scale=2, min_width=300):
            gr.Markdown("### Sources of the last answer")
            sources = gr.Markdown(sources_markdown([]), elem_id="sources")
    return ChatPanel(chatbot, box, send, sources), files


@dataclass
class FilesPanel:
    cv: gr.UploadButton
    cv_status: gr.Markdown
    profile_in: gr.UploadButton
    profile_out: gr.DownloadButton
    convo_out: gr.DownloadButton
    plan_out: gr.DownloadButton
    forget: gr.Button

    def render(self, state: UserState, ctx: Context) -> dict:
        folder = EXPORT_DIR / state.session_id
        convo = conversation_markdown([m.model_dump() for m in state.chat], state.cited)
        plan = plan_markdown(state.profile, state.target, ctx.tax)
        profile = ProfileFile.of(state).model_dump_json(indent=2)
        return {
            self.convo_out: _export(folder / "career-mentor-conversation.md", convo),
            self.plan_out: _export(folder / "career-mentor-learning-plan.md", plan),
            self.profile_out: _export(folder / "career-mentor-profile.json", profile),
        }


def files_panel() -> FilesPanel:
    # no file_types: Gradio would refuse other files with its own message; bot.reading.cv says what is wrong and why
    with gr.Row(elem_id="files"):
        cv = gr.UploadButton("Upload your CV (PDF, DOCX, TXT, MD)", size="sm", variant="primary", elem_id="cv-upload")
        profile_in = gr.UploadButton("Upload profile (.json)", size="sm", elem_id="profile-upload")
        profile_out = gr.DownloadButton("Download profile (.json)", size="sm", value=None, elem_id="profile-download")
        convo_out = gr.DownloadButton("Download conversation (.md)", size="sm", value=None, elem_id="convo-download")
        plan_out = gr.DownloadButton("Download learning plan (.md)", size="sm", value=None, elem_id="plan-download")
        forget = gr.Button("Forget me", size="sm", variant="stop", elem_id="forget")
    cv_status = gr.Markdown(
        "*Your CV is read for skills only: contact details and references are left out, and nothing about you "
        "is kept on the server; your chat and profile stay in this browser until you press Forget me.*",
        elem_id="cv-status",
    )
    return FilesPanel(cv, cv_status, profile_in, profile_out, convo_out, plan_out, forget)


@dataclass
class ProfilePanel:
    evidence: gr.Markdown
    sliders: list[gr.Slider]
    target: gr.Dropdown
    radar: gr.Plot
    ranking: gr.Dataframe
    assess: gr.Button
    question: gr.Markdown
    replies: list[gr.Button]  # yes, a bit, no (`REPLIES`)

    def render(self, state: UserState, ctx: Context) -> dict:
        asking = state.assessment is not None and not state.assessment.done
        out = {
            self.question: assessment_markdown(state.assessment, ctx.tax),
            **{b: gr.update(visible=asking) for b in self.replies},
            self.evidence: evidence_markdown(state.levels, state.evidence, ctx.tax),
            self.target: state.target,
            self.radar: radar(state.profile, state.target, ctx.tax),
            self.ranking: ranking_rows(state.profile, ctx.tax),
        }
        return out | {s: state.levels.get(skill, 0) for s, skill in zip(self.sliders, ctx.tax.skill_ids, strict=True)}


def profile_panel(ctx: Context) -> ProfilePanel:
    empty = UserState()
    gr.Markdown("## Your profile")
    with gr.Group(elem_id="assessment"):
        with gr.Row():
            assess = gr.Button("Assess me", size="sm", variant="primary", elem_id="assess", scale=0, min_width=120)
            question = gr.Markdown(assessment_markdown(None, ctx.tax), elem_id="assess-question")
        with gr.Row():
            replies = [
                gr.Button(label, size="sm", visible=False, elem_id=elem_id, min_width=80)
                for label, _, elem_id in REPLIES
            ]
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=300):
            evidence = gr.Markdown(evidence_markdown({}, [], ctx.tax), elem_id="evidence")
            sliders = [
                gr.Slider(
                    0, 4, value=0, step=1, label=s.name, elem_id=f"skill-{s.id}", info=LEVELS_INFO if not i else None
                )
                for i, s in enumerate(ctx.tax.skills)
            ]
        with gr.Column(scale=3, min_width=300):
            target = gr.Dropdown(ctx.role_choices, value=DEFAULT_TARGET, label="Target role", elem_id="target-role")
            # drawn when the page loads (`_restore` renders every panel), not once more at the app's start
            chart = gr.Plot(label="You vs the role", elem_id="radar")
            ranking = gr.Dataframe(
                ranking_rows(empty.profile, ctx.tax),
                headers=["#", "role", "fit", "main gaps"],
                interactive=False,
                label="Role ranking",
                elem_id="ranking",
                wrap=True,
            )
            gr.Markdown(f"<small>{levels_caption(ctx.tax)}</small>", elem_id="levels-caption")
    return ProfilePanel(evidence, sliders, target, chart, ranking, assess, question, replies)


@dataclass
class PlanPanel:
    plan: gr.Markdown

    def render(self, state: UserState, ctx: Context) -> dict:
        return {self.plan: plan_markdown(state.profile, state.target, ctx.tax)}


def plan_panel(ctx: Context) -> PlanPanel:
    return PlanPanel(gr.Markdown(plan_markdown(UserState().profile, DEFAULT_TARGET, ctx.tax), elem_id="plan"))


@dataclass
class ComparePanel:
    role_a: gr.Dropdown
    role_b: gr.Dropdown
    comparison: gr.Markdown

    def render(self, state: UserState, ctx: Context) -> dict:
        a, b = state.pair
        return {self.role_a: a, self.role_b: b, self.comparison: comparison_markdown(a, b, ctx.tax)}


def compare_panel(ctx: Context) -> ComparePanel:
    gr.Markdown("### Compare two roles")
    a, b = DEFAULT_PAIR
    role_a = gr.Dropdown(ctx.role_choices, value=a, label="Role A", elem_id="role-a")
    role_b = gr.Dropdown(ctx.role_choices, value=b, label="Role B", elem_id="role-b")
    return ComparePanel(role_a, role_b, gr.Markdown(comparison_markdown(a, b, ctx.tax), elem_id="comparison"))


@dataclass
class Page:
    """The whole page: one browser state and the panels that show it."""

    ctx: Context
    state: gr.BrowserState
    turns: gr.State  # the page's `Turns`: its events one at a time
    chat: ChatPanel
    files: FilesPanel
    profile: ProfilePanel
    plan: PlanPanel
    compare: ComparePanel

    @property
    def panels(self) -> list:
        return [self.chat, self.files, self.profile, self.plan, self.compare]

    @property
    def views(self) -> list:
        """Every component a state change can touch: the outputs of the handlers."""
        c, f, p, m = self.chat, self.files, self.profile, self.compare
        return [
            self.state, c.chatbot, c.box, c.sources, f.cv_status, f.profile_out, f.convo_out, f.plan_out,
            p.evidence, p.target, p.radar, p.ranking, *p.sliders, self.plan.plan, m.role_a, m.role_b, m.comparison,
            p.question, *p.replies,
        ]  # fmt: skip

    def render(self, state: UserState, *, keep: tuple = ()) -> dict:
        """What every panel shows for `state` (and the state itself, to store); `keep`: components left as
        they are (a slider being dragged must not be set under the pointer)."""
        out = {self.state: state.dump()}
        for panel in self.panels:
            out |= panel.render(state, self.ctx)
        return {k: v for k, v in out.items() if k not in keep}


def _export(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def forget_exports(session_id: str) -> None:
    """Delete the download files made for one user (Forget me)."""
    if session_id and "/" not in session_id and session_id not in {".", ".."}:
        shutil.rmtree(EXPORT_DIR / session_id, ignore_errors=True)
