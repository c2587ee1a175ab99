"""The Gradio web app: chat with cited sources, CV upload, your skill profile (sliders + radar chart), role
ranking, learning plan, role comparison and downloads. Everything about a user lives in their browser
(`bot.web.state`); the panels are laid out in `bot.web.panels` and the handlers are `bot.web.events`."""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
import threading
from pathlib import Path

import bot.web.gradio_patches  # (first: its settings must be in place when Gradio is imported)

# isort: split
import gradio as gr
from gradio.utils import get_upload_folder

from bot.answering.tools import find_role, format_plan
from bot.chat.chain import Mentor, Session
from bot.index.ingest import ensure_index
from bot.index.retrieval import Retriever
from bot.knowledge.prompts import user_message
from bot.knowledge.taxonomy import default_taxonomy
from bot.people.matching import match_roles, plan_for
from bot.reading.cv import profile_from_cv, read_cv
from bot.reading.skills import ExtractedProfile, extract_profile
from bot.settings import Settings, get_settings
from bot.web import events as ev
from bot.web.panels import (
    EXPORT_DIR,
    REPLIES,
    Context,
    Page,
    chat_panel,
    compare_panel,
    files_panel,
    plan_panel,
    profile_panel,
)
from bot.web.render import radar
from bot.web.state import STORAGE_KEY, Turns, UserState, browser_secret

bot.web.gradio_patches.per_request_savings()  # Gradio's session state without a config of every block per new client
log = logging.getLogger(__name__)
__all__ = ["CSS", "EXPORT_DIR", "build_app", "launch"]
CSS = """
#sources {max-height: 520px; overflow-y: auto}
.backend-note {opacity: 0.75; font-size: 0.9em}
#files {flex-wrap: wrap; gap: 6px}
"""
UPLOAD_CAP = 4  # x the upload limit: past it Gradio refuses the file before it reaches the app
CACHE_HOURS = 6  # Gradio's copies of uploads and downloads are deleted after this (uploads are deleted once read)


def user_errors(func):
    """Show a caller's mistake (unknown role, empty or too long text, a bad file) as its message."""

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
    ctx = Context(settings, mentor, default_taxonomy())
    # no analytics: Gradio would otherwise report each start to its servers and look for a newer version online
    blocks = _queued_blocks(settings.max_concurrency)
    with blocks(title="Career Mentor", delete_cache=(3600, CACHE_HOURS * 3600), analytics_enabled=False) as app:
        state = gr.BrowserState(None, storage_key=STORAGE_KEY, secret=browser_secret(settings))
        gr.Markdown(
            "# Career Mentor\nAI career guidance grounded in Workera's *AI Career Pathways* (2020) and "
            "*The AI Human Capital Playbook* (2019). Every answer cites the report sections it uses."
        )
        gr.Markdown(f"Answer backend: **{mentor.backend.label}**", elem_classes="backend-note", elem_id="backend-note")
        chat, files = chat_panel(files_panel)
        profile = profile_panel(ctx)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                plan = plan_panel(ctx)
            with gr.Column(scale=2):
                compare = compare_panel(ctx)
        page = Page(ctx, state, gr.State(Turns()), chat, files, profile, plan, compare)
        _wire_chat(page)
        _wire_profile(page)
        _wire_files(page)
        # the page first, then its chart: drawing it is the slow part (matplotlib is imported by the first one), and
        # a chat answered meanwhile must not be overwritten by the page as it was when it loaded
        _listen(page, app.load, lambda raw: _restore(page, raw), [state]).then(
            lambda raw: _chart(page, raw), [state], [page.profile.radar], api_visibility="private"
        )
        _api(ctx)
    return app


def _queued_blocks(concurrency: int) -> type[gr.Blocks]:
    """`gr.Blocks` whose queue (the one it makes for itself) runs at most `concurrency` events at once and sends
    queue estimates every 2 s: not to every waiting client each time a job starts, which with 50 clients waiting
    was ~46 messages per answer, more of the server's CPU than the answers (load bench: 12 -> 18-20 answers/s).
    Set as the defaults of `queue()`, not by calling it again. Its FastAPI app is built by `launch()` only: Gradio
    also builds one as the Blocks is made and another as it closes (for mounting the Blocks in another app, which
    this one never is), 0.35 s of the start thrown away."""

    class Blocks(gr.Blocks):
        def __init__(self, *args, **kwargs):
            with _app_built_at_launch():
                super().__init__(*args, **kwargs)

        def __exit__(self, *args):
            with _app_built_at_launch():
                return super().__exit__(*args)

        def queue(self, *, status_update_rate="not_set", default_concurrency_limit="not_set", **kwargs):
            out = super().queue(
                status_update_rate=2 if status_update_rate == "not_set" else status_update_rate,
                default_concurrency_limit=concurrency
                if default_concurrency_limit == "not_set"
                else default_concurrency_limit,
                **kwargs,
            )
            _poll_less(getattr(self, "_queue", None))
            return out

    return Blocks


@contextlib.contextmanager
def _app_built_at_launch():
    """Gradio's `App.create_app` as a no-op meanwhile in this thread (the Blocks' `app` stays None until `launch()`
    builds it); another thread building or launching an app meanwhile gets the real one."""
    from gradio.routes import App

    real, here = App.__dict__["create_app"], threading.get_ident()

    def create_app(*args, **kwargs):
        return None if threading.get_ident() == here else real.__func__(*args, **kwargs)

    App.create_app = staticmethod(create_app)
    try:
        yield
    finally:
        App.create_app = real


QUEUE_POLL_S = 0.005


def _poll_less(queue) -> None:
    """Gradio's queue looks for an event to start every `sleep_when_free` seconds while it has none or while
    every worker is busy: 1 ms off Windows, so 1,000 times a second on the event loop, taking the GIL from the
    threads answering each time (62 ms of CPU a second on an idle server; under load, every worker busy, 10 of the
    ~36 context switches of a turn). Every `QUEUE_POLL_S` instead: a queued event starts at most that much later
    once a worker is free (2.5 ms on average; Gradio's own figure on Windows is 50 ms). A queue without that
    attribute is left as it is."""
    if queue is not None and isinstance(getattr(queue, "sleep_when_free", None), float):
        queue.sleep_when_free = max(queue.sleep_when_free, QUEUE_POLL_S)


def _restore(page: Page, raw) -> dict:
    """The page as the user left it (from their browser's storage), after a reload or a server restart; the
    chart follows (`_chart`)."""
    state = UserState.load(raw, page.ctx.tax)
    out = page.render(state, keep=(page.profile.radar,))
    if not raw:
        del out[page.state]  # nothing stored yet: store nothing until the user does something
    return out


def _chart(page: Page, raw):
    """The radar chart of the state the browser holds now."""
    state = UserState.load(raw, page.ctx.tax)
    return radar(state.profile, state.target, page.ctx.tax)


def _listen(page: Page, trigger, fn, inputs: list, outputs: list | None = None, **kwargs):
    """`trigger(fn, inputs, outputs)` for a handler that gets the user's state and hands a new one back: the
    page's events run one at a time, each from the state the one before left (`Turns`), so a message sent while
    a slider's event still runs is neither answered from the old state nor overwritten by it. `outputs`: the
    components the event may change (all the page's by default); what the handler renders beyond them is left."""
    at = inputs.index(page.state)
    outputs = page.views if outputs is None else outputs
    shown = set(outputs)

    def start(args: tuple, turns: Turns) -> list:
        args = list(args)
        args[at] = turns.current(args[at])
        return args

    def kept(out: dict, turns: Turns) -> dict:
        if page.state in out:
            turns.latest = out[page.state]
        return {k: v for k, v in out.items() if k in shown}

    if inspect.isgeneratorfunction(fn):

        def run(*args):
            *args, turns = args
            with turns.hold():
                for out in fn(*start(args, turns)):
                    yield kept(out, turns)
    else:

        def run(*args):
            *args, turns = args
            with turns.hold():
                return kept(fn(*start(args, turns)), turns)

    return trigger(run, [*inputs, page.turns], outputs, api_visibility="private", **kwargs)


def _wire_chat(page: Page) -> None:
    chat, ctx = page.chat, page.ctx

    def on_message(message: str, raw):
        before = UserState.load(raw, ctx.tax)
        for state, done in ev.respond(message, raw, ctx):
            if done:
                # the chart is drawn again only when the turn changed what it shows (drawing and encoding it
                # costs 0.1-0.3 s of CPU, more than answering): most turns change no skill level
                same_chart = (state.levels, state.target) == (before.levels, before.target)
                yield page.render(state, keep=(page.profile.radar,) if same_chart else ()) | {chat.box: ""}
            else:
                yield {chat.chatbot: [m.model_dump() for m in state.chat], chat.box: ""}

    def on_step_back(raw, retry: bool):
        state, text = ev.step_back(raw, ctx, retry)
        return page.render(state) | {chat.box: text}

    for trigger in (chat.box.submit, chat.send.click):
        _listen(page, trigger, on_message, [chat.box, page.state])
    retry = _listen(page, chat.chatbot.retry, lambda raw: on_step_back(raw, True), [page.state])
    _listen(page, retry.then, on_message, [chat.box, page.state])
    _listen(page, chat.chatbot.undo, lambda raw: on_step_back(raw, False), [page.state])
    _listen(page, chat.chatbot.clear, lambda raw: page.render(ev.clear_chat(raw, ctx)), [page.state])


def _wire_profile(page: Page) -> None:
    ctx, profile, compare = page.ctx, page.profile, page.compare
    sliders = profile.sliders

    def on_levels(raw, *levels):
        return page.render(ev.set_levels(raw, ctx, list(levels)), keep=tuple(sliders))

    # a profile control changes the profile panels only: the chat is never an output of theirs, so a message typed
    # while they run is not held back or written over by them
    chat = {page.chat.chatbot, page.chat.box, page.chat.sources}
    views = [v for v in page.views if v not in chat]
    # .input and .release fire only for the user's own moves, never when a handler sets the sliders
    for slider in sliders:
        for event in (slider.input, slider.release):
            _listen(page, event, on_levels, [page.state, *sliders], views, trigger_mode="always_last")
    _listen(
        page, profile.target.input, lambda raw, t: page.render(ev.set_target(raw, ctx, t)),
        [page.state, profile.target], views,
    )  # fmt: skip
    _listen(page, profile.assess.click, lambda raw: page.render(ev.start_assessment(raw, ctx)), [page.state], views)
    for button, (_, reply, _) in zip(profile.replies, REPLIES, strict=True):
        _listen(page, button.click, functools.partial(_on_reply, page, reply), [page.state], views)
    for role in (compare.role_a, compare.role_b):
        _listen(
            page, role.input, lambda raw, a, b: page.render(ev.set_pair(raw, ctx, a, b)),
            [page.state, compare.role_a, compare.role_b], views,
        )  # fmt: skip


def _on_reply(page: Page, reply: str, raw) -> dict:
    """A self-assessment answer: the page with the next question, the new levels, chart and ranking."""
    return page.render(ev.answer_assessment(raw, page.ctx, reply))


def _wire_files(page: Page) -> None:
    ctx, files = page.ctx, page.files

    def with_status(result: tuple[UserState, str]) -> dict:
        state, message = result
        return page.render(state) | {files.cv_status: message}

    _listen(page, files.cv.upload, lambda path, raw: with_status(ev.upload_cv(path, raw, ctx)), [files.cv, page.state])
    _listen(
        page, files.profile_in.upload, lambda path, raw: with_status(ev.upload_profile(path, raw, ctx)),
        [files.profile_in, page.state],
    )  # fmt: skip
    _listen(page, files.forget.click, lambda raw: with_status(ev.forget(raw, ctx)), [page.state])


def _api(ctx: Context) -> None:
    """Named endpoints for programs (gradio_client): /chat, /match, /plan, /converse."""
    mentor, settings, tax = ctx.mentor, ctx.settings, ctx.tax

    def chat(message: str) -> dict:
        """One question, a fresh conversation: the answer with its citations."""
        answer = mentor.ask(message)
        return answer.model_dump(
            include={"text", "citations", "tool_calls", "intent", "backend", "grounding", "fallback"}
        )

    @user_errors
    def match(skills_text: str = "", cv: gr.FileData | None = None) -> dict:
        """Your skills as free text and/or a CV file (PDF, DOCX, TXT, MD) -> the six roles, best first."""
        extracted = _profile_of(skills_text, cv, settings, tax)
        ranking = match_roles(extracted.profile, tax)
        return {
            "profile": extracted.profile.levels,
            "evidence": [e.model_dump() for e in extracted.evidence],
            "hint": extracted.hint,
            "ranking": [m.model_dump() for m in ranking.ranking],
        }

    @user_errors
    def plan_api(role: str, skills_text: str) -> dict:
        """A target role and your skills -> the ordered learning plan."""
        extracted = extract_profile(skills_text, tax, max_chars=settings.max_message_chars)
        learning = plan_for(extracted.profile, find_role(role).id, tax)
        return {"plan": learning.model_dump(), "text": format_plan(learning, tax)}

    _converse_api(mentor)
    gr.api(chat, api_name="chat")
    gr.api(match, api_name="match")
    gr.api(plan_api, api_name="plan")


def _profile_of(skills_text: str, cv, settings: Settings, tax) -> ExtractedProfile:
    """The skills of a caller of /match: from a CV file and/or free text, what the text says beating the CV."""
    if cv is None:
        return extract_profile(skills_text, tax, max_chars=settings.max_message_chars)
    path = _uploaded(cv)
    try:
        extracted = profile_from_cv(read_cv(path, settings, Path(path).name), tax)
    finally:
        ev._discard(path)
    if skills_text.strip():  # what the caller says beats what the CV says
        said = extract_profile(skills_text, tax, max_chars=settings.max_message_chars)
        by_skill = {e.skill: e for e in extracted.evidence} | {e.skill: e for e in said.evidence}
        extracted = type(extracted)(
            profile=type(extracted.profile)(levels={s: e.level for s, e in by_skill.items()}),
            evidence=[by_skill[s] for s in tax.skill_ids if s in by_skill],
        )
    return extracted


def _converse_api(mentor: Mentor) -> None:
    """/converse: one turn of a stateful conversation, its session kept per client."""

    def converse(message: str, state_: dict | None):
        """One turn of a stateful conversation (per client session), for programs and load tests."""
        message = None if message is None else str(message)  # what the textbox's preprocessing did (see below)
        state_ = state_ or {"session": mentor.new_session()}
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

    server_state = gr.State(None)  # programs have no browser: their session lives as long as their client
    converse_in = gr.Textbox(visible=False)
    converse_out = gr.JSON(visible=False)
    converse_btn = gr.Button(visible=False)
    # no preprocessing or postprocessing: each is one more hand-off to a worker thread per turn, and for a text in and
    # a JSON of plain strs and ints out they change nothing (`converse` makes the message a str as the textbox did)
    converse_btn.click(
        converse, [converse_in, server_state], [converse_out, server_state], api_name="converse",
        preprocess=False, postprocess=False,
    )  # fmt: skip


def _uploaded(cv) -> str:
    """The path of a file a client uploaded through Gradio; anything else (a path on the server) is refused."""
    path = cv.get("path") if isinstance(cv, dict) else getattr(cv, "path", None)
    folder = Path(get_upload_folder()).resolve()
    if not path or not Path(path).resolve().is_relative_to(folder):
        raise ValueError("send the CV as an uploaded file (gradio_client: handle_file(path))")
    return path


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
    # Gradio imports matplotlib around every event it handles (to set its backend): imported here, the first event
    # does not pay for it (0.1-0.2 s of CPU, in the first wave of a load test as ever new clients come in)
    import matplotlib  # noqa: F401

    print(f"Career Mentor on http://{settings.host}:{settings.port}", flush=True)
    app.launch(  # queued as build_app set it up: at most settings.max_concurrency answers at once
        server_name=settings.host,
        server_port=settings.port,
        share=False,
        auth=auth,
        css=CSS,
        theme=gr.themes.Soft(primary_hue="blue"),
        show_error=True,
        # bot.reading.cv names the limit when a file is a little over it; Gradio stops a huge one before it is stored
        max_file_size=UPLOAD_CAP * settings.max_upload_bytes,
    )
