"""The web app as people and programs meet it: gradio_client on its API, headless Chromium on its page."""

from __future__ import annotations

import os
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
    from bot.ui import CSS, build_app

    app = build_app(settings, mentor)
    port = free_port()
    app.queue(default_concurrency_limit=4).launch(
        server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS
    )
    yield f"http://127.0.0.1:{port}/"
    app.close()


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


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")
def test_browser_chat_sources_radar_and_sliders(app_url):
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(app_url)
        page.locator("#msg textarea").fill("Which role fits me? I know SQL, Excel and Tableau")
        page.locator("#send").click()
        expect(page.locator("#sources")).to_contain_text("[1]", timeout=30_000)
        expect(page.locator("#chatbot")).to_contain_text("Data analyst", timeout=30_000)
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


def test_sessions_are_independent(app_url):
    from gradio_client import Client

    alice, bob = Client(app_url, verbose=False), Client(app_url, verbose=False)
    alice.predict("I know SQL very well", api_name="/converse")
    reply_bob = bob.predict("Which role fits me?", api_name="/converse")
    assert reply_bob["profile"] == {} and reply_bob["turns"] == 1
    reply_alice = alice.predict("Which role fits me?", api_name="/converse")
    assert reply_alice["turns"] == 2 and reply_alice["profile"]["domain_specific_languages"] >= 2
    assert reply_alice["session_id"] != reply_bob["session_id"]


def test_the_app_names_a_bad_setting_instead_of_a_traceback():
    env = {**os.environ, "CAREER_MENTOR_PORT": "seventy"}
    run = subprocess.run([sys.executable, "app.py"], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "Career Mentor cannot start: bad setting: CAREER_MENTOR_PORT='seventy'" in run.stderr
