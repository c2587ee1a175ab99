"""Which LLM answers, if any: an OpenAI-compatible server, a local GGUF file, or none (grounded).

`auto` picks `openai` when a base URL is set or an Ollama server answers on localhost, else `llamacpp`
when a model file is set, else `grounded` (the built-in composer, which needs no LLM at all).
"""

from __future__ import annotations

import logging
import socket
from typing import Literal
from urllib.parse import urlparse

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, ConfigDict

from bot.settings import Settings

log = logging.getLogger(__name__)
BackendKind = Literal["openai", "llamacpp", "grounded"]


class Backend(BaseModel):
    """The chosen answer backend: its kind, a label for people, and the chat model (None if grounded)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kind: BackendKind
    label: str
    chat_model: BaseChatModel | None = None


def _answers(url: str, timeout: float = 0.3) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 80), timeout=timeout):
            return True
    except OSError:
        return False


def choose_kind(settings: Settings) -> BackendKind:
    """Resolve `auto` to a concrete backend kind."""
    if settings.llm != "auto":
        return settings.llm
    if settings.llm_base_url or _answers(settings.ollama_url):
        return "openai"
    if settings.llm_model_path:
        return "llamacpp"
    return "grounded"


def openai_model(settings: Settings, base_url: str) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key,
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,
        # OpenAI reads max_completion_tokens; llama.cpp's and other compatible servers read max_tokens only
        extra_body=None if "api.openai.com" in base_url else {"max_tokens": settings.llm_max_tokens},
        streaming=True,
    )


def llamacpp_model(settings: Settings) -> BaseChatModel:
    try:
        from langchain_community.chat_models import ChatLlamaCpp
    except ImportError as exc:
        raise RuntimeError("the llamacpp backend needs the [local] extra: pip install -e '.[local]'") from exc
    path = settings.llm_model_path
    if path is None or not path.is_file():
        raise RuntimeError(f"CAREER_MENTOR_LLM_MODEL_PATH is not a file: {path}")
    return ChatLlamaCpp(
        model_path=str(path),
        n_ctx=4096,
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,
        streaming=True,
        verbose=False,
    )


def make_backend(settings: Settings, chat_model: BaseChatModel | None = None) -> Backend:
    """The backend for these settings; pass `chat_model` to inject one (tests, custom models)."""
    if chat_model is not None:
        return Backend(kind="openai", label=type(chat_model).__name__, chat_model=chat_model)
    kind = choose_kind(settings)
    try:
        if kind == "openai":
            url = settings.llm_base_url or settings.ollama_url.rstrip("/") + "/v1"
            return Backend(kind=kind, label=f"{settings.llm_model} at {url}", chat_model=openai_model(settings, url))
        if kind == "llamacpp":
            model = llamacpp_model(settings)
            return Backend(kind=kind, label=f"llama.cpp {settings.llm_model_path.name}", chat_model=model)
    except Exception as exc:  # a broken LLM set-up must not stop the mentor: it answers grounded
        log.warning("LLM backend %s unavailable (%s); answering grounded", kind, exc)
    return Backend(kind="grounded", label="grounded (no LLM)")
