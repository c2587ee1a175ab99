"""Logs say what happened (request id, backend, timings, grounding) without the user's words by default."""

from __future__ import annotations

import json
import logging

from bot.chat.chain import Mentor
from bot.logs import setup_logging


def _answer_record(caplog, mentor: Mentor, question: str) -> logging.LogRecord:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="bot.chat.chain"):
        mentor.ask(question)
    return next(r for r in caplog.records if r.getMessage().startswith("answered"))


def test_answer_log_has_ids_backend_timings_and_no_user_text(caplog, mentor):
    record = _answer_record(caplog, mentor, "What does a data analyst do? my secret 42")
    assert len(record.request_id) == 12 and record.backend == "grounded" and record.grounding > 0.9
    assert "total" in record.timings_ms
    assert not hasattr(record, "question")
    assert "secret" not in record.getMessage()


def test_user_text_only_when_enabled(caplog, mentor, settings):
    opted_in = Mentor(
        settings.model_copy(update={"llm": "grounded", "log_user_text": True}), mentor.retriever, mentor.backend
    )
    assert _answer_record(caplog, opted_in, "What does a data analyst do?").question.startswith("What does")


def test_json_lines(capsys, settings):
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        setup_logging(settings.model_copy(update={"log_json": True}), "INFO")
        logging.getLogger("bot.test").info("hello", extra={"request_id": "abc"})
        line = capsys.readouterr().err.strip().splitlines()[-1]
    finally:
        root.handlers[:], root.level = saved[0], saved[1]
    data = json.loads(line)
    assert data["message"] == "hello" and data["request_id"] == "abc" and data["levelname"] == "INFO"
