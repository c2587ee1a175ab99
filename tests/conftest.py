"""Shared fixtures: one real index (real embedding model, real Chroma) in a temp dir per test session."""

from __future__ import annotations

import os
import socket
import tempfile
import time
import urllib.request

import pytest

# Before bot.settings is imported: every test and CLI call uses a throwaway data dir, never the user's.
_DATA_DIR = tempfile.mkdtemp(prefix="career-mentor-test-")
os.environ["CAREER_MENTOR_DATA_DIR"] = _DATA_DIR

from bot.settings import Settings, get_settings  # noqa: E402


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def index(settings):
    import bot.chat  # noqa: F401  (its warm-up texts are recorded with the index, as `career-mentor index` does)
    from bot.index.ingest import ensure_index

    return ensure_index(settings)


@pytest.fixture(scope="session")
def retriever(settings, index):
    from bot.index.retrieval import Retriever

    return Retriever(settings)


@pytest.fixture(scope="session")
def tax():
    from bot.knowledge.taxonomy import default_taxonomy

    return default_taxonomy()


@pytest.fixture(scope="session")
def mentor(settings, retriever):
    from bot.answering.llm import make_backend
    from bot.chat.chain import Mentor

    grounded = settings.model_copy(update={"llm": "grounded"})
    return Mentor(grounded, retriever, make_backend(grounded))


def assert_citations_resolve(answer, retriever):
    """Every citation points at a real chunk of the index and quotes it."""
    for citation in answer.citations:
        passage = retriever.get(citation.passage_id)
        assert passage is not None, citation.passage_id
        assert citation.quote == passage.text
        assert f"[{citation.n}]" in answer.text


def free_port() -> int:
    """A free TCP port on loopback, for servers the tests start."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float) -> bool:
    """Poll `url` until it answers or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return True
        except OSError:
            time.sleep(0.2)
    return False
