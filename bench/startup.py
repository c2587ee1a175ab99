"""Start-up: time from launch to the first answer, and memory, for the web app and the CLI, with the index
present. Prints figures only.

Web app: `python app.py` on a free loopback port; the clock runs from the launch until the first answer to
"What does a data analyst do?" has come back through the `/chat` API (so it includes the imports, opening the
index, the app's warm-up, Gradio's start and one answer). Idle RSS is read 3 s after that answer.
CLI: `python -m bot ask ...` end to end, and its peak RSS.

With `--rev REV` the same is measured, in the same run and alternating with this tree, for that git revision
(exported with `git archive` to a temp dir and run with this venv): before/after side by side on one noisy
machine. Each variant builds its own index in its own temp data dir first, and its bytecode (as `make run`), untimed.

Run: .venv/bin/python bench/startup.py [--rev 05fec1d] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from gradio_client import Client

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "What does a data analyst do?"
SSL_CONTEXT = ssl.create_default_context()  # made once: gradio_client would load the CA bundle per request


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _env(root: Path, data_dir: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(root),  # this variant's `bot`, not the one installed in the venv
        "CAREER_MENTOR_DATA_DIR": str(data_dir),
        "CAREER_MENTOR_LLM": "grounded",
        **extra,
    }


def web_app(root: Path, data_dir: Path) -> tuple[float, float]:
    """Seconds from `python app.py` to the first answer, and RSS (MB) at idle after it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = _env(root, data_dir, CAREER_MENTOR_HOST="127.0.0.1", CAREER_MENTOR_PORT=str(port))
    started = time.perf_counter()
    app = subprocess.Popen(
        [sys.executable, str(root / "app.py")], cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 300
        while True:  # a cheap poll: a gradio_client Client costs ~100 ms of CPU, which would slow the app
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except OSError:
                if app.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the app in {root} did not start") from None
                time.sleep(0.05)
        client = Client(f"http://127.0.0.1:{port}/", verbose=False, ssl_verify=SSL_CONTEXT)
        answer = client.predict(QUESTION, api_name="/chat")
        first = time.perf_counter() - started
        assert answer, "empty answer"
        time.sleep(3)
        return first, _rss_mb(app.pid)
    finally:
        app.terminate()
        app.wait(30)


def cli(root: Path, data_dir: Path) -> tuple[float, float]:
    """Seconds for `career-mentor ask` end to end, and its peak RSS (MB)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", QUESTION],
        cwd=root,
        env=_env(root, data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    out = proc.stdout.read() if proc.stdout else b""
    if status != 0 or not out.strip():
        raise SystemExit(f"`career-mentor ask` in {root} failed")
    return elapsed, usage.ru_maxrss / 1024


def _summary(values: list[float], unit: str, fmt: str = ".1f") -> str:
    return f"{statistics.median(values):{fmt}} {unit} (min {min(values):{fmt}}, max {max(values):{fmt}})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rev", help="also measure this git revision, side by side")
    parser.add_argument("--runs", type=int, default=3)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        variants = {"this tree": ROOT}
        if opts.rev:
            other = Path(tmp) / "rev"
            other.mkdir()
            archive = subprocess.run(["git", "archive", opts.rev], cwd=ROOT, capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(other)], input=archive, check=True)
            variants = {opts.rev: other, "this tree": ROOT}
        data = {name: Path(tmp) / f"data-{i}" for i, name in enumerate(variants)}
        for name, root in variants.items():  # the index (and whatever else `index` makes), untimed
            command = [sys.executable, "-m", "bot", "index"]
            subprocess.run(command, cwd=root, env=_env(root, data[name]), check=True, capture_output=True)
            # and the package's bytecode, as `make run` writes it
            subprocess.run(
                [sys.executable, "-m", "compileall", "-q", str(root / "bot")], check=True, capture_output=True
            )
        keys = ("web", "idle", "cli", "cli_rss")
        results = {name: {key: [] for key in keys} for name in variants}
        for _ in range(opts.runs):  # alternating, so both variants see the same background load
            for name, root in variants.items():
                first, idle = web_app(root, data[name])
                seconds, peak = cli(root, data[name])
                for key, value in zip(keys, (first, idle, seconds, peak), strict=True):
                    results[name][key].append(value)
        print(f"{opts.runs} runs each, median (min, max); question: {QUESTION!r}")
        for name, r in results.items():
            print(f"{name}:")
            web, idle = _summary(r["web"], "s"), _summary(r["idle"], "MB", ".0f")
            print(f"  web app, launch to first answer {web}, idle RSS {idle}")
            print(f"  CLI ask, end to end {_summary(r['cli'], 's')}, peak RSS {_summary(r['cli_rss'], 'MB', '.0f')}")


if __name__ == "__main__":
    main()
