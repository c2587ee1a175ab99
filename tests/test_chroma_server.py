"""The scale-out path: ingestion and retrieval against a real Chroma server (`chroma run`)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bot.ingest import ensure_index
from bot.retrieval import Retriever
from bot.settings import Settings

CHROMA = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    port = _free_port()
    proc = subprocess.Popen(
        [CHROMA, "run", "--path", str(tmp_path / "chroma"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma server did not start within 30 s")
    yield port
    proc.kill()
    proc.wait()


def test_ingest_and_retrieve_over_http(chroma_server, settings, tmp_path):
    remote = Settings(
        data_dir=tmp_path / "data",
        knowledge_dir=settings.knowledge_dir,
        chroma_mode="http",
        chroma_host="127.0.0.1",
        chroma_port=chroma_server,
    )
    first = ensure_index(remote)
    assert first.rebuilt and first.passages > 100
    assert not ensure_index(remote).rebuilt  # the server keeps it: a second app replica reuses it
    top = Retriever(remote).search("labeling data")
    assert top[0].subtask == "labeling_data"
    assert not (tmp_path / "data" / "index").exists()  # nothing was written locally
