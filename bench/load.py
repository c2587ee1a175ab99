"""Load test: N concurrent sessions x T turns through gradio_client against the app on loopback.

Starts the app itself on a free 127.0.0.1 port, drives it, checks that no session sees another's history
or profile, prints throughput, latency percentiles and errors, and stops by itself.

Run: .venv/bin/python bench/load.py [--sessions 50] [--turns 10] [--think 0.0]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from gradio_client import Client

from bot.settings import get_settings
from bot.ui import CSS, build_app

SKILLS = ["SQL", "PyTorch", "Tableau", "Java", "statistics", "linear algebra", "AWS", "Excel", "CUDA", "R"]
QUESTIONS = [
    "Which role fits me?",
    "What does a data analyst do?",
    "which roles carry out deployment?",
    "what should I learn to become an MLE?",
    "Compare data scientist and data analyst",
    "What tools do machine learning engineers use?",
    "what is algorithmic coding?",
    "what is the salary of an MLE?",
    "tell me about software engineers",
]


def session(url: str, n: int, turns: int, think: float, deadline: float, kept: int) -> tuple[list[float], list[str]]:
    client = Client(url, verbose=False)
    skill = SKILLS[n % len(SKILLS)]
    latencies, problems = [], []
    seen_id = None
    for turn in range(turns):
        if time.monotonic() > deadline:
            problems.append(f"session {n}: deadline reached")
            break
        message = f"I know {skill} very well" if turn == 0 else QUESTIONS[(n + turn) % len(QUESTIONS)]
        t0 = time.perf_counter()
        try:
            reply = client.predict(message, api_name="/converse")
        except Exception as exc:  # counted, not raised: the run reports every error
            problems.append(f"session {n} turn {turn}: {type(exc).__name__}: {exc}"[:200])
            continue
        latencies.append(time.perf_counter() - t0)
        seen_id = seen_id or reply["session_id"]
        expected_turns = min(turn + 1 - sum(" turn " in p for p in problems), kept)  # history is bounded
        if reply["session_id"] != seen_id or reply["turns"] != expected_turns:
            problems.append(f"session {n}: saw another session's history ({reply['session_id']}, {reply['turns']})")
        if list(reply["profile"]) != list(_expected_profile(skill)):
            problems.append(f"session {n}: profile {reply['profile']} is not its own")
        time.sleep(think)
    client.close()
    return latencies, problems


_PROFILES: dict[str, dict] = {}
_LOCK = threading.Lock()


def _expected_profile(skill: str) -> dict:
    from bot.skills import extract_profile

    with _LOCK:
        if skill not in _PROFILES:
            _PROFILES[skill] = extract_profile(f"I know {skill} very well").profile.levels
    return _PROFILES[skill]


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
    app = build_app(settings)
    app.queue(default_concurrency_limit=settings.max_concurrency, max_size=None).launch(
        server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + opts.max_seconds
    started = time.perf_counter()
    with ThreadPoolExecutor(opts.sessions) as pool:
        results = list(
            pool.map(
                lambda n: session(url, n, opts.turns, opts.think, deadline, settings.history_turns),
                range(opts.sessions),
            )
        )
    elapsed = time.perf_counter() - started
    app.close()
    latencies = sorted(x for lat, _ in results for x in lat)
    problems = [p for _, ps in results for p in ps]
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    print(
        f"{opts.sessions} sessions x {opts.turns} turns, think {opts.think}s, concurrency limit "
        f"{settings.max_concurrency}: {len(latencies)} answers in {elapsed:.1f} s = {len(latencies) / elapsed:.1f}/s"
    )
    print(f"latency p50 {q[49]:.2f} s  p95 {q[94]:.2f} s  p99 {q[98]:.2f} s  max {latencies[-1]:.2f} s")
    print(f"errors and isolation problems: {len(problems)}")
    for problem in problems[:10]:
        print("  ", problem)


if __name__ == "__main__":
    main()
