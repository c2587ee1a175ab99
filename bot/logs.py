"""Logging set-up: plain or JSON lines on stderr; users' words stay out of the logs unless enabled."""

from __future__ import annotations

import logging
import sys

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
