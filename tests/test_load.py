"""The load bench itself, small: concurrent sessions against a real app process stay isolated and error-free."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_concurrent_sessions_get_answers_and_only_their_own_state(index):
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), "--sessions", "6", "--turns", "4", "--max-seconds", "120"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]
    assert "24 answers" in run.stdout
    assert "errors and isolation problems: 0" in run.stdout
