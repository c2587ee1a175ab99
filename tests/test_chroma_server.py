"""The scale-out path: ingestion and retrieval against a real Chroma server (`chroma run`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.index.ingest import ensure_index
from bot.index.retrieval import Retriever
from bot.settings import Settings

from conftest import free_port, wait_for

CHROMA = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")


@pytest.fixture
def chroma_server(tmp_path):
    """A running `chroma run` server: yields its port and its process."""
    port = free_port()
    proc = subprocess.Popen(
        [CHROMA, "run", "--path", str(tmp_path / "chroma"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if not wait_for(f"http://127.0.0.1:{port}/api/v2/heartbeat", 30):
        proc.kill()
        pytest.fail("chroma server did not start within 30 s")
    yield port, proc
    proc.kill()
    proc.wait()


def _remote(settings, tmp_path, port) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        knowledge_dir=settings.knowledge_dir,
        chroma_mode="http",
        chroma_host="127.0.0.1",
        chroma_port=port,
        llm="grounded",
    )


def test_ingest_and_retrieve_over_http(chroma_server, settings, tmp_path):
    remote = _remote(settings, tmp_path, chroma_server[0])
    first = ensure_index(remote)
    assert first.rebuilt and first.passages > 100
    assert not ensure_index(remote).rebuilt  # the server keeps it: a second app replica reuses it
    top = Retriever(remote).search("labeling data")
    assert top[0].subtask == "labeling_data"
    assert not (tmp_path / "data" / "index").exists()  # nothing was written locally


def test_the_mentor_keeps_answering_when_the_chroma_server_goes_down(chroma_server, settings, tmp_path):
    from bot.chat.chain import Mentor

    port, proc = chroma_server
    remote = _remote(settings, tmp_path, port)
    ensure_index(remote)
    mentor = Mentor(remote, Retriever(remote))
    proc.kill()
    proc.wait()
    answer = mentor.ask("what does labeling data involve?")  # BM25 alone, and the local embedding model
    assert any("label" in c.section[-1].lower() for c in answer.citations)  # either edition's labeling row
    assert "don't cover" in mentor.ask("what is the salary of an MLE in Paris?").text
