"""Load test: N concurrent sessions x T turns through gradio_client against the app on loopback.

Starts the app (`python app.py`) in its own process on a free 127.0.0.1 port, as it runs for users, drives it
from this process, checks that no session sees another's history or profile, prints throughput, latency
percentiles, errors and the app's memory, and stops itself and the app.

Run: .venv/bin/python bench/load.py [--sessions 50] [--turns 10] [--think 0.0]
Exits 1 if any request failed or any session saw another's state. The backend is the grounded one unless
CAREER_MENTOR_LLM says otherwise.
"""

from __future__ import annotations

import argparse
import functools
import os
import socket
import ssl
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from gradio_client import Client

ROOT = Path(__file__).resolve().parent.parent
# this tree's code, as the app it starts runs (not the tree installed in the venv, editable): run from a git
# worktree, the expected profiles would otherwise be read by the main checkout's bot/
sys.path.insert(0, str(ROOT))

from bot.chat.conversation import Session, stated_skills  # noqa: E402
from bot.index.embeddings import get_embeddings  # noqa: E402
from bot.knowledge.taxonomy import default_taxonomy  # noqa: E402
from bot.settings import get_settings  # noqa: E402
from evals.harness import Persona, Question, load_dataset  # noqa: E402

DATASETS = ROOT / "evals" / "datasets"
PERSONAS = load_dataset(DATASETS / "personas.yaml", Persona)
QUESTIONS = load_dataset(DATASETS / "questions.yaml", Question)

# Every session opens with a persona's own description of their skills, then asks the eval questions (a
# different stretch of them per session) with a personal follow-up every third turn, so the app sees the
# question mix and the cold caches a real crowd brings, not one message repeated.
FOLLOW_UPS = [
    "Which role fits me?",
    "what should I learn to become an MLE?",
    "and for a data scientist?",
    "Compare data scientist and data analyst",
    "what is the salary of an MLE?",
]


def script(n: int, turns: int) -> list[str]:
    """The messages of session `n`."""
    messages = [PERSONAS[n % len(PERSONAS)].text]
    for turn in range(1, turns):
        if turn % 3 == 0:
            messages.append(FOLLOW_UPS[(n + turn) % len(FOLLOW_UPS)])
        else:
            messages.append(QUESTIONS[(n * 7 + turn) % len(QUESTIONS)].question)
    return messages


def session(url: str, n: int, turns: int, think: float, deadline: float, kept: int) -> tuple[list[float], list[str]]:
    # gradio_client opens a new httpx client per request; handing it one SSL context saves loading the CA
    # bundle every time (the URL is plain http on loopback), which otherwise costs the load generator more CPU
    # than the app spends answering.
    client = Client(url, verbose=False, ssl_verify=_SSL_CONTEXT)
    latencies, problems = [], []
    own = Session()  # what this session's own messages should have taught the app about its skills
    seen_id, answered = None, 0
    for turn, message in enumerate(script(n, turns)):
        if time.monotonic() > deadline:
            problems.append(f"session {n}: deadline reached")
            break
        t0 = time.perf_counter()
        try:
            reply = client.predict(message, api_name="/converse")
        except Exception as exc:  # counted, not raised: the run reports every error
            problems.append(f"session {n} turn {turn}: {type(exc).__name__}: {exc}"[:200])
            continue
        latencies.append(time.perf_counter() - t0)
        answered += 1
        own.learn_skills(_stated(message))  # read as the app reads it
        seen_id = seen_id or reply["session_id"]
        if reply["session_id"] != seen_id or reply["turns"] != min(answered, kept):  # history is bounded
            problems.append(f"session {n}: saw another session's history ({reply['session_id']}, {reply['turns']})")
        if reply["profile"] != own.profile.levels:
            problems.append(f"session {n}: profile {reply['profile']} is not its own {own.profile.levels}")
        time.sleep(think)
    client.close()
    return latencies, problems


_SSL_CONTEXT = ssl.create_default_context()
TAXONOMY = default_taxonomy()
EMBEDDER = get_embeddings(get_settings())


@functools.cache
def _stated(message: str) -> tuple:
    """What the app reads from a message about the user's skills; sessions repeat messages, so read each once, before
    the run (this process is the load generator: its CPU is taken from the app's two cores)."""
    return tuple(stated_skills(message, TAXONOMY, EMBEDDER))


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the app did not come up on {url} in {seconds:.0f} s")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _sample_rss(pid: int, peak: list[float]) -> None:
    while True:
        try:
            peak[0] = max(peak[0], _rss_mb(pid))
        except OSError:
            return
        time.sleep(0.2)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--sessions", type=int, default=50)
    args.add_argument("--turns", type=int, default=10)
    args.add_argument("--think", type=float, default=0.0, help="seconds between a session's turns")
    args.add_argument("--max-seconds", type=float, default=900)
    opts = args.parse_args()
    settings = get_settings()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"CAREER_MENTOR_LLM": "grounded"} | {
        **os.environ,
        "CAREER_MENTOR_HOST": "127.0.0.1",
        "CAREER_MENTOR_PORT": str(port),
    }
    # what each scripted message states about the user's skills, read now: read during the run, the checking cost
    # this process 10-25 ms of CPU per answer (the skill reader, the embedding model), taken from the app's cores
    for n in range(opts.sessions):
        for message in script(n, opts.turns):
            _stated(message)
    app = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}/"
    peak = [0]
    try:
        _wait_for(url, 120)
        idle = _rss_mb(app.pid)
        sampler = threading.Thread(target=_sample_rss, args=(app.pid, peak), daemon=True)
        sampler.start()
        deadline = time.monotonic() + opts.max_seconds
        app_cpu, own_cpu = _cpu_s(app.pid), sum(os.times()[:2])
        started = time.perf_counter()
        with ThreadPoolExecutor(opts.sessions) as pool:
            results = list(
                pool.map(
                    lambda n: session(url, n, opts.turns, opts.think, deadline, settings.history_turns),
                    range(opts.sessions),
                )
            )
        elapsed = time.perf_counter() - started
        app_cpu, own_cpu = _cpu_s(app.pid) - app_cpu, sum(os.times()[:2]) - own_cpu
    finally:
        app.terminate()
        app.wait(30)
    latencies = sorted(x for lat, _ in results for x in lat)
    problems = [p for _, ps in results for p in ps]
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99 or [0.0] * 99
    print(
        f"{opts.sessions} sessions x {opts.turns} turns, think {opts.think}s, concurrency limit "
        f"{settings.max_concurrency}: {len(latencies)} answers in {elapsed:.1f} s = {len(latencies) / elapsed:.1f}/s"
    )
    print(f"latency p50 {q[49]:.2f} s  p95 {q[94]:.2f} s  p99 {q[98]:.2f} s  max {max(latencies, default=0):.2f} s")
    first = sorted(lat[0] for lat, _ in results if lat)
    rest = sorted(x for lat, _ in results for x in lat[1:])
    if len(first) > 1 and len(rest) > 1:
        f, r = statistics.quantiles(first, n=100), statistics.quantiles(rest, n=100)
        print(f"first turns p50 {f[49]:.2f} s  p95 {f[94]:.2f} s; later turns p50 {r[49]:.2f} s  p95 {r[94]:.2f} s")
    n = max(len(latencies), 1)
    print(f"CPU per answer: app {app_cpu / n * 1000:.0f} ms, this load generator {own_cpu / n * 1000:.0f} ms")
    print(f"errors and isolation problems: {len(problems)}")
    print(f"app memory: {idle:.0f} MB RSS before the run, {peak[0]:.0f} MB peak during it")
    for problem in problems[:10]:
        print("  ", problem)
    raise SystemExit(1 if problems else 0)  # latency is reported, never judged here; errors are


if __name__ == "__main__":
    main()
