"""Logging set-up: plain or JSON lines on stderr; users' words stay out of the logs unless enabled."""

from __future__ import annotations

import logging
import sys
import uuid

from pythonjsonlogger.json import JsonFormatter

from bot.settings import Settings

PLAIN = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(settings: Settings, level: str | None = None) -> None:
    """Configure the root logger once for the app or the CLI."""
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_json:
        handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    else:
        handler.setFormatter(logging.Formatter(PLAIN))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level or settings.log_level)
    for noisy in ("httpx", "urllib3", "chromadb", "sentence_transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def log_answer(logger: logging.Logger, settings: Settings, session_id: str, question: str, answer) -> None:
    """One line per answer: its intent, backend, grounding, citations and timings; the question itself only when
    `log_user_text` is set (users' words stay out of logs unless asked for)."""
    extra = {
        "request_id": uuid.uuid4().hex[:12],
        "session_id": session_id,
        "intent": answer.intent,
        "backend": answer.backend,
        "fallback": answer.fallback,
        "grounding": answer.grounding,
        "citations": len(answer.citations),
        "timings_ms": {k: round(v * 1000, 1) for k, v in answer.timings.items()},
    }
    if settings.log_user_text:
        extra["question"] = question
    total = answer.timings.get("total", 0) * 1000
    logger.info("answered %s via %s in %.0f ms", answer.intent, answer.backend, total, extra=extra)
