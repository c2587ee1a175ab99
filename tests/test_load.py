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


def test_a_new_clients_session_state_is_gradios_own_with_its_block_configs_made_when_asked(mentor, settings):
    """Gradio's session state made with the block configs deferred (`bot.web.gradio_patches.per_request_savings`) holds
    what Gradio's own makes at once: the same attributes, and the same configs once asked for."""
    import copy

    from gradio import state_holder

    from bot.web.app import build_app

    app = build_app(settings, mentor)
    lazy = state_holder.SessionState(app)
    assert state_holder.SessionState._lazy_configs and dict.__len__(lazy.config_values) == 0  # nothing made yet
    eager = copy.copy(lazy)
    eager.config_values = {
        k: app.default_config.config_for_block(k, [], v)
        for k, v in app.default_config.blocks.items()
        if k in app.blocks
    }
    assert set(vars(lazy)) == set(vars(eager))
    some = next(iter(app.blocks))
    lazy._update_value_in_config(some, "new value")  # as an event does: that one config is made now
    assert dict.__len__(lazy.config_values) == 1
    eager._update_value_in_config(some, "new value")
    by_id = lambda state: sorted(state.components, key=lambda c: c["id"])  # noqa: E731
    assert by_id(lazy) == by_id(eager)  # a deep link gets every config
