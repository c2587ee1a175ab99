"""What the page does. Each handler takes the state the browser sent and returns the new `UserState` (and a
message where there is one); none touches Gradio components, so tests call them directly."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

from bot.people import assessment as assess
from bot.reading.cv import CVError, profile_from_cv, read_cv, summary
from bot.web.panels import Context, forget_exports
from bot.web.state import ProfileFile, UserState

log = logging.getLogger(__name__)
WARN = "⚠️ "


def respond(message: str, raw, ctx: Context) -> Iterator[tuple[UserState, bool]]:
    """One chat turn: the state as the answer streams (False), then with the checked answer (True)."""
    state = UserState.load(raw, ctx.tax)
    message = message or ""
    limit = ctx.settings.max_message_chars
    state.say("user", message if len(message) <= limit else f"{message[:300]} […]")  # a paste, shortened
    state.say("assistant", "")
    before, known = dict(state.levels), {e.skill: e for e in state.evidence}
    session = state.session(ctx.settings.history_turns)
    answer = None
    for piece in ctx.mentor.stream(message, session):
        if isinstance(piece, str):
            state.chat[-1].content += piece
            yield state, False
        else:
            answer = piece
    state.chat[-1].content = answer.text
    state.absorb(session)
    # skills stated in this turn replace their levels; levels the user set with a slider elsewhere stay
    stated = {e.skill for e in state.evidence if known.get(e.skill) != e}
    merged = before | {s: state.levels.get(s, 0) for s in stated}
    state.levels = {s: v for s, v in merged.items() if v}
    state.citations = answer.citations
    state.cited += [c.label() for c in answer.citations if c.label() not in state.cited]
    yield state, True


def step_back(raw, ctx: Context, retry: bool) -> tuple[UserState, str]:
    """Undo (or retry) the last turn: the state without it, and the question to ask again."""
    state = UserState.load(raw, ctx.tax)
    last_user = next((m.content for m in reversed(state.chat) if m.role == "user"), "")
    if state.turns:
        state.turns.pop()
    while state.chat and state.chat[-1].role == "assistant":
        state.chat.pop()
    if state.chat:
        state.chat.pop()
    state.citations = []
    return state, (last_user if retry else "")


def clear_chat(raw, ctx: Context) -> UserState:
    """A new conversation; the profile, target role and comparison stay."""
    state = UserState.load(raw, ctx.tax)
    state.chat, state.turns, state.citations, state.cited = [], [], [], []
    state.roles, state.tasks, state.last_intent = [], [], None
    return state


def set_levels(raw, ctx: Context, levels: list[float]) -> UserState:
    state = UserState.load(raw, ctx.tax)
    state.levels = {s: int(v) for s, v in zip(ctx.tax.skill_ids, levels, strict=True) if v}
    return state


def set_target(raw, ctx: Context, target: str) -> UserState:
    state = UserState.load(raw, ctx.tax)
    state.target = target or state.target
    return state


def set_pair(raw, ctx: Context, a: str, b: str) -> UserState:
    state = UserState.load(raw, ctx.tax)
    state.pair = (a or state.pair[0], b or state.pair[1])
    return state


def start_assessment(raw, ctx: Context) -> UserState:
    """A new self-assessment towards the target role, from the profile as it is: each answer replaces the level
    of the skill it asks about."""
    state = UserState.load(raw, ctx.tax)
    state.assessment = assess.start(state.target, base=state.levels, tax=ctx.tax)
    return state


def answer_assessment(raw, ctx: Context, reply: str) -> UserState:
    """One answer (yes, a bit or no): the skill's level and its evidence join the profile, as a CV's do."""
    state = UserState.load(raw, ctx.tax)
    if state.assessment is None or state.assessment.done:
        return state
    state.assessment = assess.answer(state.assessment, reply)
    state.learn(state.assessment.evidence[-1:])
    return state


def upload_cv(path: str | None, raw, ctx: Context) -> tuple[UserState, str]:
    """Read an uploaded CV into the profile; on a bad file, the state as it was and what is wrong."""
    state = UserState.load(raw, ctx.tax)
    if not path:
        return state, ""
    try:
        cv = read_cv(path, ctx.settings, Path(path).name)
        extracted = profile_from_cv(cv, ctx.tax)
    except (CVError, ValueError) as exc:
        log.info("a CV upload was refused: %s", type(exc).__name__)  # the message may name the file: not logged
        return state, WARN + str(exc)
    finally:
        _discard(path)
    state.learn(extracted.evidence)
    message = summary(cv, extracted)
    if extracted.hint:
        message += " " + extracted.hint
    else:
        message += " Your profile below shows the line each level was read from; correct any level with its slider."
    state.say("assistant", message)
    return state, message


def upload_profile(path: str | None, raw, ctx: Context) -> tuple[UserState, str]:
    """Replace the profile and target role with a downloaded profile file."""
    state = UserState.load(raw, ctx.tax)
    if not path:
        return state, ""
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
        if len(data) > ctx.settings.max_upload_bytes:
            raise ValueError(f"it is larger than {ctx.settings.max_upload_mb:g} MB")
        loaded = ProfileFile.model_validate_json(data).check(ctx.tax)
    except ValueError as exc:
        log.info("a profile upload was refused: %s", type(exc).__name__)
        detail = str(exc).splitlines()[0] if "validation error" not in str(exc) else _first_error(exc)
        return state, f"{WARN}{name} is not a Career Mentor profile I can load: {detail}."
    except OSError:
        return state, f"{WARN}I could not read {name}; upload it again."
    finally:
        _discard(path)
    state.levels = {s: v for s, v in loaded.levels.items() if v}
    state.evidence, state.target = loaded.evidence, loaded.target_role
    return state, f"Loaded your profile from {name}: {len(state.levels)} skills, target role {state.target}."


def forget(raw, ctx: Context) -> tuple[UserState, str]:
    """Forget everything about this user: a fresh state (the browser stores it over the old one) and no files."""
    old = UserState.load(raw, ctx.tax)
    forget_exports(old.session_id)
    return (
        UserState(),
        "Forgotten: your conversation, profile, target role and comparison are cleared from this browser.",
    )


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return str(exc)
    e = errors()[0]
    where = ".".join(map(str, e["loc"]))
    return f"{where}: {e['msg']}" if where else e["msg"]


def _discard(path: str) -> None:
    """Delete an upload once read: nothing a user sends is kept on the server."""
    with contextlib.suppress(OSError):
        Path(path).unlink(missing_ok=True)
