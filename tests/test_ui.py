"""The web app as people and programs meet it: gradio_client on its API, headless Chromium on its page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def app_url(settings, mentor):
    from bot.web.app import CSS, build_app

    app = build_app(settings, mentor)
    port = free_port()
    app.queue(default_concurrency_limit=4).launch(
        server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS
    )
    yield f"http://127.0.0.1:{port}/"
    app.close()


class Server:
    """The app on a fixed port, restartable: a new app object on the same address, as after a redeploy."""

    def __init__(self, settings, mentor):
        self.settings, self.mentor, self.port, self.app = settings, mentor, free_port(), None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> Server:
        from bot.web.app import CSS, build_app

        self.app = build_app(self.settings, self.mentor)
        self.app.queue(default_concurrency_limit=4).launch(
            server_name="127.0.0.1", server_port=self.port, prevent_thread_lock=True, quiet=True, css=CSS
        )
        return self

    def restart(self) -> None:
        self.app.close()
        self.start()


@pytest.fixture(scope="module")
def client(app_url):
    from gradio_client import Client

    return Client(app_url, verbose=False)


def test_api_chat_answers_with_citations(client):
    result = client.predict("which roles carry out deployment?", api_name="/chat")
    assert "machine learning engineer" in result["text"].lower()
    assert result["citations"] and all(c["section"] for c in result["citations"])


def test_api_match_ranks_analyst_first(client):
    result = client.predict("I know SQL and Tableau", api_name="/match")
    assert result["ranking"][0]["role_id"] == "data_analyst"


def test_api_match_reads_a_cv_file(client, tmp_path, capfd):
    from gradio_client import handle_file
    from gradio_client.exceptions import AppError
    from test_cv import make_pdf

    result = client.predict("", handle_file(str(make_pdf(tmp_path / "cv.pdf"))), api_name="/match")
    assert "data_analyst" in [r["role_id"] for r in result["ranking"][:2]]
    assert "Solid SQL every day: queries and reports on sales data" in [e["phrase"] for e in result["evidence"]]
    assert "Baker Street" not in str(result)
    scan = tmp_path / "notes.pdf"
    scan.write_bytes(b"I know SQL")
    with pytest.raises(AppError, match="notes.pdf is not a PDF"):
        client.predict("", handle_file(str(scan)), api_name="/match")
    with pytest.raises(AppError, match="send the CV as an uploaded file"):  # not a path on the server
        client.predict("", {"path": "/etc/hostname"}, api_name="/match")
    assert "Traceback" not in capfd.readouterr().err


def test_api_plan(client):
    result = client.predict("machine_learning_engineer", "I know Python and statistics", api_name="/plan")
    assert result["plan"]["role_id"] == "machine_learning_engineer"
    assert "Deployment" in result["text"]


def test_api_mistakes_get_clear_messages(client, capfd):
    from gradio_client.exceptions import AppError

    huge = "I know SQL. " * 90_000  # a 1 MB paste is refused at once, not read for a minute
    assert "too long" in client.predict(huge, api_name="/chat")["text"]
    for args, api, message in [
        ((huge,), "/match", "too long"),
        (("data_analyst", huge), "/plan", "too long"),
        (("astronaut", "I know SQL"), "/plan", "unknown role 'astronaut'; the reports define: Data scientist"),
    ]:
        with pytest.raises(AppError, match=message):
            client.predict(*args, api_name=api)
    server_log = capfd.readouterr().err  # a caller's mistake is not the server's: no traceback, no user text
    assert "Traceback" not in server_log and "astronaut" not in server_log


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)"
)


@needs_chromium
def test_browser_chat_sources_radar_and_sliders(app_url):
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(app_url)
        page.locator("#msg textarea").fill("Which role fits me? I know SQL, Excel and Tableau")
        page.locator("#send").click()
        expect(page.locator("#sources")).to_contain_text("[1]", timeout=30_000)
        expect(page.locator("#chatbot")).to_contain_text(re.compile("data analyst", re.I), timeout=30_000)
        expect(page.locator("#radar img, #radar svg, #radar canvas").first).to_be_visible(timeout=15_000)
        ranking = page.locator("#ranking")
        expect(ranking).to_contain_text("Data analyst")
        before = ranking.inner_text()
        for skill in ("software_engineering", "algorithmic_coding", "machine_learning", "mathematics"):
            box = page.locator(f"#skill-{skill} input[type=number]")
            box.fill("4")
            box.press("Enter")
        expect(ranking).not_to_have_text(before, timeout=15_000)
        expect(page.locator("#radar img, #radar svg, #radar canvas").first).to_be_visible(timeout=15_000)
        expect(page.locator("#plan")).to_contain_text("Learning plan")
        # the next move comes after the page has settled, as a user's does; a message sent while the slider
        # events still run is test_a_message_sent_while_a_slider_event_runs_keeps_both
        page.wait_for_timeout(2000)
        # a contrast question: the reply opens with both roles
        page.locator("#msg textarea").fill("what's the difference between a data analyst and an MLE?")
        page.locator("#send").click()
        reply = page.locator("#chatbot").get_by_text(
            re.compile(r"^A data analyst carries out .*; a machine learning engineer")
        )
        expect(reply.first).to_be_visible(timeout=30_000)
        page.wait_for_timeout(1000)  # let the last slider event settle before the picture
        page.screenshot(path=str(ARTIFACTS / "ui-desktop.png"), full_page=True)
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.on("pageerror", lambda e: errors.append(str(e)))
        phone.goto(app_url)
        expect(phone.locator("#msg textarea")).to_be_visible()
        width = phone.evaluate("document.documentElement.scrollWidth")
        phone.screenshot(path=str(ARTIFACTS / "ui-phone.png"), full_page=True)
        phone.locator("#msg textarea").fill("I know SQL. " * 20_000)  # a 240 kB paste: said to be too long, not cut
        phone.locator("#send").click()
        expect(phone.locator("#chatbot")).to_contain_text("That message is too long", timeout=30_000)
        expect(phone.locator("#chatbot")).to_contain_text("(239,999 characters; the limit is 4,000)")
        browser.close()
    assert width <= 400, f"page is {width}px wide on a 390px phone"
    assert not [e for e in errors if "favicon" not in e], errors


def _upload(page, button: str, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.locator(f"#{button}").click()
    chooser.value.set_files(str(path))


def _expect_profile(page, expect, chat: str, levels: dict[str, str], target: str) -> None:
    """The page shows this conversation, these slider levels and this target role."""
    expect(page.locator("#chatbot")).to_contain_text(chat, timeout=30_000)
    for skill, level in levels.items():
        expect(page.locator(f"#skill-{skill} input[type=number]")).to_have_value(level, timeout=15_000)
    expect(page.locator("#target-role input")).to_have_value(target)


@needs_chromium
def test_browser_cv_upload_survives_reload_and_restart_until_forget_me(settings, mentor, tmp_path):
    """Upload a PDF and a DOCX CV the test makes, correct a level, pick a target role and a comparison; a reload
    and a server restart find it all again; another browser sees none of it; Forget me clears it."""
    from playwright.sync_api import expect, sync_playwright
    from test_cv import bad_files, make_docx, make_pdf

    cv_pdf, cv_docx = make_pdf(tmp_path / "jane-cv.pdf"), make_docx(tmp_path / "sam-cv.docx")
    scan = next(path for case, path, _ in bad_files(tmp_path / "bad") if case == "scanned PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    server = Server(settings, mentor).start()
    errors: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server.url)
            _upload(page, "cv-upload", scan)
            expect(page.locator("#cv-status")).to_contain_text("this PDF has no text I can read", timeout=30_000)
            _upload(page, "cv-upload", cv_pdf)
            expect(page.locator("#cv-status")).to_contain_text("I read jane-cv.pdf (PDF, 1 page)", timeout=30_000)
            evidence = page.locator("#evidence")
            expect(evidence).to_contain_text("read from “Solid SQL every day: queries and reports on sales data”")
            expect(page.locator("#skill-domain_specific_languages input[type=number]")).not_to_have_value("0")
            _upload(page, "cv-upload", cv_docx)
            expect(page.locator("#cv-status")).to_contain_text("I read sam-cv.docx (DOCX)", timeout=30_000)
            expect(evidence).to_contain_text("Machine learning: 4 · read from “Skills | Expert machine learning”")
            expect(evidence).not_to_contain_text("Baker Street")
            expect(evidence).not_to_contain_text("sam.lee@example.org")
            page.screenshot(path=str(ARTIFACTS / "ui-upload.png"), full_page=True)  # docs/screenshot-upload.png

            page.locator("#msg textarea").fill("Which role fits me?")
            page.locator("#send").click()
            expect(page.locator("#sources")).to_contain_text("[1]", timeout=30_000)
            box = page.locator("#skill-communication input[type=number]")
            box.fill("4")  # a correction: the CV says less
            box.press("Enter")
            expect(evidence).to_contain_text("Communication: 4", timeout=15_000)
            page.locator("#target-role input").click()
            page.get_by_role("option", name="Data scientist").click()
            expect(page.locator("#plan")).to_contain_text("Learning plan: Data scientist", timeout=15_000)
            page.locator("#role-b input").click()
            page.get_by_role("option", name="Software engineer", exact=True).click()
            expect(page.locator("#comparison")).to_contain_text("Software engineer", timeout=15_000)
            page.wait_for_timeout(1500)  # the browser stores the state as each event completes
            # what the page shows now (read from the CVs, and the corrected communication) is what must come back
            kept = {
                skill: page.locator(f"#skill-{skill} input[type=number]").input_value()
                for skill in ("machine_learning", "communication", "domain_specific_languages")
            }
            assert kept["machine_learning"] == "4" and kept["communication"] == "4"

            page.reload()
            _expect_profile(page, expect, "Which role fits me?", kept, "Data scientist")
            expect(evidence).to_contain_text("Expert machine learning")
            expect(page.locator("#role-b input")).to_have_value("Software engineer")
            expect(page.locator("#sources")).to_contain_text("[1]")

            server.restart()
            page.reload()
            _expect_profile(page, expect, "Which role fits me?", kept, "Data scientist")
            expect(page.locator("#comparison")).to_contain_text("Software engineer")
            page.wait_for_timeout(1000)
            page.screenshot(path=str(ARTIFACTS / "ui-restored.png"), full_page=True)  # docs/screenshot-restored.png

            stranger = browser.new_context().new_page()  # another browser: its own storage
            stranger.goto(server.url)
            expect(stranger.locator("#evidence")).to_contain_text("upload your CV", timeout=30_000)
            expect(stranger.locator("#chatbot")).not_to_contain_text("Which role fits me?")

            page.locator("#forget").click()
            expect(page.locator("#cv-status")).to_contain_text("Forgotten", timeout=15_000)
            expect(evidence).to_contain_text("upload your CV")
            page.wait_for_timeout(1000)
            page.reload()
            expect(page.locator("#evidence")).to_contain_text("upload your CV", timeout=30_000)
            expect(page.locator("#chatbot")).not_to_contain_text("Which role fits me?")
            expect(page.locator("#skill-machine_learning input[type=number]")).to_have_value("0")
            expect(page.locator("#target-role input")).to_have_value("Machine learning engineer")
            browser.close()
    finally:
        server.app.close()
    assert not errors, errors


@needs_chromium
def test_browser_assess_me_updates_the_ranking_and_survives_a_reload(settings, mentor):
    """Assess me: one question at a time, each Yes moves the sliders and the ranking; after a reload the assessed
    profile and the finished assessment are still there."""
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    server = Server(settings, mentor).start()
    errors: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server.url)
            question, ranking = page.locator("#assess-question"), page.locator("#ranking")
            expect(question).to_contain_text("Assess me", timeout=30_000)
            expect(page.locator("#assess-yes")).to_be_hidden()
            before = ranking.inner_text()
            page.locator("#assess").click()
            expect(question).to_contain_text("Question 1 of 10", timeout=15_000)
            expect(question).to_contain_text("Have you translated a business problem into a machine learning problem?")
            page.locator("#assess-yes").click()
            expect(question).to_contain_text("Question 2 of 10", timeout=15_000)
            expect(page.locator("#skill-machine_learning input[type=number]")).to_have_value("3", timeout=15_000)
            expect(ranking).not_to_have_text(before, timeout=15_000)
            expect(page.locator("#evidence")).to_contain_text("you said yes to: Have you translated a business problem")
            for n in range(2, 11):  # yes to each question until the best fit can no longer change
                if "Assessment done" in question.inner_text():
                    break
                page.locator("#assess-yes").click()
                expect(question).to_contain_text(re.compile(f"Question {n + 1} of 10|Assessment done"), timeout=15_000)
            expect(question).to_contain_text("Assessment done")
            expect(page.locator("#assess-yes")).to_be_hidden()
            expect(ranking).to_contain_text("Machine learning engineer")
            assert ranking.inner_text().split("Machine learning engineer")[0].rstrip().endswith("1")  # first
            page.wait_for_timeout(1500)  # the browser stores the state as each event completes
            kept = {
                s: page.locator(f"#skill-{s} input[type=number]").input_value()
                for s in ("machine_learning", "data_science", "software_engineering")
            }
            assert kept["machine_learning"] == "3"
            page.screenshot(path=str(ARTIFACTS / "ui-assess.png"), full_page=True)

            page.reload()
            for skill, level in kept.items():
                expect(page.locator(f"#skill-{skill} input[type=number]")).to_have_value(level, timeout=30_000)
            expect(question).to_contain_text("Assessment done")
            expect(page.locator("#evidence")).to_contain_text("you said yes to: Have you")
            browser.close()
    finally:
        server.app.close()
    assert not errors, errors


def test_chat_turns_keep_slider_corrections_and_undo_clear_forget(settings, mentor, tax):
    """The handlers behind the chat buttons, on the state a browser would send."""
    from bot.web import events as ev
    from bot.web.panels import EXPORT_DIR, Context, FilesPanel
    from bot.web.state import UserState

    ctx = Context(settings, mentor, tax)
    mine = UserState(levels={"machine_learning": 4}, target="data_scientist").dump()  # set with a slider
    *_, (state, done) = ev.respond("I know SQL very well", mine, ctx)
    assert done and state.levels["machine_learning"] == 4 and state.levels["domain_specific_languages"] >= 2
    assert [m.role for m in state.chat] == ["user", "assistant"] and len(state.turns) == 1
    *_, (state, _) = ev.respond("what do they do?", state.dump(), ctx)
    assert len(state.turns) == 2 and state.citations
    state, again = ev.step_back(state.dump(), ctx, retry=True)
    assert again == "what do they do?" and len(state.chat) == 2 and len(state.turns) == 1
    state = ev.clear_chat(state.dump(), ctx)
    assert state.chat == [] and state.turns == [] and state.levels["machine_learning"] == 4
    FilesPanel(*[None] * 7).render(state, ctx)  # the downloads made for this user
    assert (EXPORT_DIR / state.session_id).is_dir()
    fresh, message = ev.forget(state.dump(), ctx)
    assert fresh.levels == {} and fresh.session_id != state.session_id and message.startswith("Forgotten")
    assert not (EXPORT_DIR / state.session_id).exists()


def test_a_message_sent_while_a_slider_event_runs_keeps_both(settings, mentor, tax):
    """The browser sends its copy of the state when each event starts: a chat message sent while a slider's event
    is still running (drawing the chart) must not lose the new level, nor the slider's event, ending after it, the
    chat turn (the page's events, as `bot.web.app` wires them)."""
    import threading
    from types import SimpleNamespace

    from bot.web import app as ui
    from bot.web import events as ev
    from bot.web.panels import Context
    from bot.web.state import Turns, UserState

    ctx = Context(settings, mentor, tax)
    page = SimpleNamespace(state="state", turns="turns", views=["state"])
    handlers = []
    levels_running, chart_drawn = threading.Event(), threading.Event()

    def on_levels(raw):
        state = ev.set_levels(raw, ctx, [4 if s == "machine_learning" else 0 for s in tax.skill_ids])
        levels_running.set()
        chart_drawn.wait(10)
        return {page.state: state.dump()}

    def on_message(message, raw):
        for state, done in ev.respond(message, raw, ctx):
            if done:
                yield {page.state: state.dump()}

    for fn, inputs in ((on_levels, [page.state]), (on_message, ["box", page.state])):
        ui._listen(page, lambda fn, inputs, outputs, **kw: handlers.append(fn), fn, inputs)
    levels, message = handlers
    turns, sent = Turns(), UserState().dump()  # both events get the page as it was before either
    out = {}
    slider = threading.Thread(target=lambda: out.update(levels=levels(sent, turns)))
    slider.start()
    levels_running.wait(10)
    chat = threading.Thread(target=lambda: out.update(chat=list(message("I know SQL very well", sent, turns))[-1]))
    chat.start()
    chat.join(0.5)
    chart_drawn.set()
    slider.join(10)
    chat.join(30)
    state = UserState.load(out["chat"][page.state], tax)
    assert state.levels["machine_learning"] == 4 and state.levels["domain_specific_languages"] >= 2
    assert len(state.turns) == 1
    # and the other way round: a slider's event sent before the answer came back keeps the chat turn
    state = UserState.load(levels(sent, turns)[page.state], tax)
    assert len(state.turns) == 1 and [m.role for m in state.chat] == ["user", "assistant"]


def test_sessions_are_independent(app_url):
    from gradio_client import Client

    alice, bob = Client(app_url, verbose=False), Client(app_url, verbose=False)
    alice.predict("I know SQL very well", api_name="/converse")
    reply_bob = bob.predict("Which role fits me?", api_name="/converse")
    assert reply_bob["profile"] == {} and reply_bob["turns"] == 1
    reply_alice = alice.predict("Which role fits me?", api_name="/converse")
    assert reply_alice["turns"] == 2 and reply_alice["profile"]["domain_specific_languages"] >= 2
    assert reply_alice["session_id"] != reply_bob["session_id"]


def test_the_queue_polls_every_few_ms_not_every_one(settings, mentor):
    """Gradio's queue looks for an event to start every 1 ms (`bot.web.app._poll_less`); a Gradio that no longer
    keeps the interval there fails this, so the slower poll is not lost unnoticed."""
    from bot.web.app import QUEUE_POLL_S, build_app

    app = build_app(settings, mentor).queue()
    assert app._queue.sleep_when_free == QUEUE_POLL_S == 0.005
    assert app.queue(default_concurrency_limit=2)._queue.sleep_when_free == QUEUE_POLL_S  # each queue() anew


def test_the_app_names_a_bad_setting_instead_of_a_traceback():
    env = {**os.environ, "CAREER_MENTOR_PORT": "seventy"}
    run = subprocess.run([sys.executable, "app.py"], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "Career Mentor cannot start: bad setting: CAREER_MENTOR_PORT='seventy'" in run.stderr


def test_the_chat_assessment_and_a_pick_after_asking_back_go_on_across_turns_in_the_browser_state(
    settings, mentor, tax, monkeypatch
):
    """The web app rebuilds the chat session from the browser's state each turn: an assessment under way and a
    question asked back about survive that."""
    from bot.reading.kinds import Reading
    from bot.web import events as ev
    from bot.web.panels import Context
    from bot.web.state import UserState

    ctx = Context(settings, mentor, tax)
    *_, (state, _) = ev.respond("can you assess me for MLE?", UserState().dump(), ctx)
    assert "1/" in state.chat[-1].content
    *_, (state, _) = ev.respond("y", state.dump(), ctx)
    assert state.chat[-1].content.startswith("2/")

    class Unsure:
        def read(self, text):
            return Reading(kind="who", confidence=0.41, runner_up="describe", runner_up_confidence=0.38)

    monkeypatch.setattr(mentor.router, "kinds", Unsure())
    *_, (state, _) = ev.respond("deployment and the people around it", UserState().dump(), ctx)
    assert "1. Which roles do or need deployment?" in state.chat[-1].content
    *_, (state, _) = ev.respond("1", state.dump(), ctx)
    assert "carried out by" in state.chat[-1].content
