"""The one state model of the web app: everything it knows about a user, kept only in that user's browser.

Every event gets a `UserState` from the page's `gr.BrowserState` and hands a new one back; the server keeps
nothing between requests but, while a page is open, the state its last event left (`Turns`). A chat turn rebuilds
the chain's `Session` from it and reads the result back.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import secrets
import threading
import typing
import uuid
from collections import deque
from collections.abc import Iterator
from functools import cache
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PydanticSchemaGenerationError,
    TypeAdapter,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticSerializationError

from bot.answering.answer import Citation
from bot.chat.chain import Session
from bot.knowledge.profile import SkillProfile
from bot.knowledge.taxonomy import Taxonomy
from bot.people.assessment import Assessment
from bot.reading.skills import Evidence
from bot.settings import Settings

log = logging.getLogger(__name__)
STORAGE_KEY = "career-mentor"
MAX_CHAT_MESSAGES = 200  # localStorage holds about 5 MB per site; a long chat must not fill it
DEFAULT_TARGET = "machine_learning_engineer"
DEFAULT_PAIR = ("data_scientist", "data_analyst")
KNOWN_SESSION_FIELDS = {"max_turns", "id", "history", "profile", "evidence", "roles", "tasks", "last_intent"}


class Turns:
    """One open page's events, one at a time, each from the state the one before it left.

    The browser sends its copy of the state when an event is triggered, and every event hands a whole new state
    back. A chat message sent while a slider's event is still running would start from the state without the
    new levels, or the slider's event, finishing last, would write back the state without the chat turn: one
    of the two changes would be lost. Held per page in Gradio's session (deep-copied fresh for each one)."""

    WAIT = 60.0  # s: a page whose event never finished (a dropped stream) is not locked for good

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.latest: Any = None  # the state the page's last event handed back; None before its first one

    def __deepcopy__(self, memo) -> Turns:
        return Turns()

    @contextlib.contextmanager
    def hold(self) -> Iterator[Turns]:
        """The page to oneself until the block ends."""
        held = self._lock.acquire(timeout=self.WAIT)
        if not held:
            log.warning("a page's previous event held it for %.0f s; this one runs beside it", self.WAIT)
        try:
            yield self
        finally:
            if held:
                self._lock.release()

    def current(self, sent: Any) -> Any:
        """The state to start from: what the page's last event left, or what the browser sent before any."""
        return sent if self.latest is None else self.latest


class ChatMessage(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class UserState(BaseModel):
    """What the app remembers about one user (in their browser only)."""

    model_config = ConfigDict(extra="ignore")

    version: int = 1
    # a name on the server (the download folder): a browser may send anything, so only 12 hex digits pass
    session_id: str = Field(default_factory=lambda: uuid.uuid4().hex[:12], pattern=r"^[0-9a-f]{12}$")
    chat: list[ChatMessage] = []  # what the chat panel shows
    turns: list[tuple[str, str]] = []  # the chain's history (question, answer), for follow-ups
    levels: dict[str, int] = {}
    evidence: list[Evidence] = []
    roles: list[str] = []
    tasks: list[str] = []
    last_intent: str | None = None
    more: dict[str, Any] = {}  # Session fields this version does not know about, kept as they came
    target: str = DEFAULT_TARGET
    pair: tuple[str, str] = DEFAULT_PAIR
    citations: list[Citation] = []  # the last answer's, for the sources panel
    cited: list[str] = []  # every source cited so far, for the conversation export
    assessment: Assessment | None = None  # the guided self-assessment, in progress or done

    @field_validator("levels")
    @classmethod
    def _levels_in_range(cls, v: dict[str, int]) -> dict[str, int]:
        return {k: max(0, min(4, int(x))) for k, x in v.items() if x}

    @field_validator("assessment", mode="wrap")
    @classmethod
    def _assessment_or_none(cls, v, handler):
        """An assessment this version cannot read is dropped, not the whole state with it."""
        try:
            return handler(v)
        except ValidationError:
            return None

    @classmethod
    def load(cls, raw: Any, tax: Taxonomy) -> UserState:
        """The state a browser sent; an empty, old or tampered one starts afresh rather than failing."""
        if not raw:
            return cls()
        try:
            state = cls.model_validate(raw)
        except ValidationError:
            log.info("a browser sent a state this version cannot read; starting afresh")
            return cls()
        known_roles = {r.id for r in tax.roles}
        state.levels = {s: v for s, v in state.levels.items() if s in tax.skill_ids}
        state.evidence = [e for e in state.evidence if e.skill in tax.skill_ids]
        if state.target not in known_roles:
            state.target = DEFAULT_TARGET
        if not set(state.pair) <= known_roles:
            state.pair = DEFAULT_PAIR
        if state.assessment and (state.assessment.role or DEFAULT_TARGET) not in known_roles:
            state.assessment = None
        return state

    def dump(self) -> dict:
        return self.model_dump(mode="json")

    @property
    def profile(self) -> SkillProfile:
        return SkillProfile(levels=self.levels)

    def session(self, max_turns: int) -> Session:
        """The chain's session for one turn."""
        session = Session(max_turns=max_turns, id=self.session_id)
        session.history = deque(self.turns[-max_turns:] if max_turns else [])
        session.profile = self.profile
        session.evidence = list(self.evidence)
        session.roles, session.tasks, session.last_intent = list(self.roles), list(self.tasks), self.last_intent
        for name, value in self.more.items():  # fields Session gained since this was written: by their type
            adapter = _session_field_types().get(name)
            if adapter is not None and name not in KNOWN_SESSION_FIELDS:
                try:
                    setattr(session, name, adapter.validate_python(value))
                except (ValidationError, TypeError, ValueError):
                    log.info("dropped a stored session field that no longer fits: %s", name)
        return session

    def absorb(self, session: Session) -> None:
        """Take back what a turn changed in the session."""
        self.turns = [tuple(t) for t in session.history]
        self.levels = dict(session.profile.levels)
        self.evidence = list(session.evidence)
        self.roles, self.tasks, self.last_intent = list(session.roles), list(session.tasks), session.last_intent
        for name, adapter in _session_field_types().items():
            if name not in KNOWN_SESSION_FIELDS:
                try:
                    self.more[name] = adapter.dump_python(getattr(session, name), mode="json")
                except (PydanticSerializationError, TypeError, ValueError, AttributeError):
                    self.more.pop(name, None)  # not storable: it lives for one turn only

    def say(self, role: Literal["user", "assistant"], content: str) -> None:
        self.chat.append(ChatMessage(role=role, content=content))
        del self.chat[:-MAX_CHAT_MESSAGES]

    def learn(self, evidence: list[Evidence]) -> None:
        """New evidence (from a CV) over the old, skill by skill, as the chat does."""
        by_skill = {e.skill: e for e in self.evidence} | {e.skill: e for e in evidence}
        self.evidence = list(by_skill.values())
        self.levels = self.levels | {e.skill: e.level for e in evidence}
        self.levels = {s: v for s, v in self.levels.items() if v}


@cache
def _session_field_types() -> dict[str, TypeAdapter]:
    """Session's fields by name, each with a pydantic adapter for its declared type (tolerant of new ones)."""
    try:
        hints = typing.get_type_hints(Session)
    except (NameError, TypeError):
        return {}
    out = {}
    for f in dataclasses.fields(Session):
        try:
            out[f.name] = TypeAdapter(hints.get(f.name, Any))
        except (PydanticSchemaGenerationError, TypeError):
            continue
    return out


class ProfileFile(BaseModel):
    """The profile as a file a user can download and upload again on another machine."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["career-mentor-profile"] = "career-mentor-profile"
    version: Literal[1] = 1
    levels: dict[str, int] = {}
    evidence: list[Evidence] = []
    target_role: str = DEFAULT_TARGET

    @field_validator("levels")
    @classmethod
    def _levels_in_range(cls, v: dict[str, int]) -> dict[str, int]:
        bad = {k: x for k, x in v.items() if not 0 <= x <= 4}
        if bad:
            raise ValueError(f"levels run from 0 to 4, not {bad}")
        return v

    def check(self, tax: Taxonomy) -> ProfileFile:
        """Names every skill or role this app does not know (ValueError), else returns itself."""
        unknown = sorted({*self.levels, *(e.skill for e in self.evidence)} - set(tax.skill_ids))
        if unknown:
            raise ValueError(
                f"unknown skill {', '.join(map(repr, unknown))}; the skills are: {', '.join(tax.skill_ids)}"
            )
        if self.target_role not in {r.id for r in tax.roles}:
            raise ValueError(f"unknown role {self.target_role!r}; the roles are: {', '.join(r.id for r in tax.roles)}")
        return self

    @classmethod
    def of(cls, state: UserState) -> ProfileFile:
        return cls(levels=state.levels, evidence=state.evidence, target_role=state.target)


def browser_secret(settings: Settings) -> str:
    """The key the browser state is encrypted with. It must outlive a restart (a new key would make every
    stored state unreadable), so it comes from the settings or is made once and kept in the data dir."""
    if settings.browser_secret is not None:
        return settings.browser_secret.get_secret_value()
    path = settings.data_dir / "browser-secret"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_urlsafe(24)
        path.touch(mode=0o600)
        path.write_text(secret, encoding="utf-8")
        return secret
