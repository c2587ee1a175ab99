"""How retrieval cost grows with the corpus: 1x, 100x, 1000x the real passages, side by side with
LangChain's stock Chroma retriever (`Chroma.as_retriever()`, default settings). Prints figures.

Copies are synthetic paraphrases: each copy of a passage swaps words for synonyms, drops some filler words
and reorders its sentences (so BM25 sees a varied vocabulary, not one text N times), and its embedding is the
original's plus small Gaussian noise (cosine about 0.93 to it, near what a real paraphrase gets), so the
index holds N distinct vectors without embedding N texts (that alone would take hours here).

Run: .venv/bin/python bench/scale.py [--factors 1 100 1000]
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import tempfile
import time

import numpy as np
from langchain_chroma import Chroma

from bot.embeddings import get_embeddings
from bot.ingest import build_passages, chroma_client, collection_name
from bot.retrieval import Retriever
from bot.settings import Settings

QUERIES = [
    "which roles deploy models",
    "labeling data",
    "what does a data analyst do",
    "skills for modeling",
    "tools of machine learning engineers",
    "A/B testing",
    "deep learning engineer",
    "business acumen",
    "building APIs for a model",
    "hyperparameter search",
]


SYNONYMS = {
    "data": "information",
    "skills": "abilities",
    "software": "code",
    "business": "commercial",
    "involved": "required",
    "examples": "instances",
    "using": "with",
    "model": "system",
    "models": "systems",
    "building": "creating",
    "people": "staff",
    "work": "job",
    "usually": "often",
    "focus": "concentrate",
    "need": "require",
    "writing": "authoring",
    "projects": "initiatives",
    "team": "group",
    "companies": "firms",
    "tools": "instruments",
    "training": "fitting",
    "solid": "strong",
}
FILLER = {"the", "a", "an", "such", "that", "this", "also", "very"}


def paraphrase(text: str, rng: np.random.Generator) -> str:
    """A synthetic paraphrase: some words swapped for synonyms, some filler dropped, sentences reordered."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    rng.shuffle(sentences)
    words = []
    for word in " ".join(sentences).split(" "):
        key = word.lower().strip(".,;:()")
        if key in FILLER and rng.random() < 0.5:
            continue
        if key in SYNONYMS and rng.random() < 0.6:
            word = word.replace(key, SYNONYMS[key])
        words.append(word)
    return " ".join(words)


def _timed(fn, embedder) -> tuple[float, float]:
    times = []
    for i in range(100):
        embedder.cache_clear()
        t0 = time.perf_counter()
        fn(QUERIES[i % len(QUERIES)])
        times.append((time.perf_counter() - t0) * 1000)
    q = statistics.quantiles(times, n=100)
    return q[49], q[94]


def run(factor: int, tmp: str) -> None:
    settings = Settings(data_dir=f"{tmp}/x{factor}")
    embedder = get_embeddings(settings)
    passages = build_passages(settings)
    vectors = np.asarray(embedder.embed_documents([f"{p.section_path}\n{p.text}" for p in passages]))
    client = chroma_client(settings)
    collection = client.create_collection(collection_name(settings), configuration={"hnsw": {"space": "cosine"}})
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    for copy in range(factor):
        docs = [p.model_copy(update={"id": f"{p.id}~{copy}"}).to_document() for p in passages]
        vecs = vectors if copy == 0 else vectors + rng.normal(0, 0.02, vectors.shape)
        vecs = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
        collection.add(
            ids=[d.id for d in docs],
            embeddings=vecs.tolist(),
            metadatas=[d.metadata for d in docs],
            documents=[d.page_content if copy == 0 else paraphrase(d.page_content, rng) for d in docs],
        )
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours = Retriever(settings)
    open_s = time.perf_counter() - t0
    stock = Chroma(client=client, collection_name=collection.name, embedding_function=embedder).as_retriever()
    h50, h95 = _timed(lambda q: ours.search(q), embedder)
    s50, s95 = _timed(lambda q: stock.invoke(q), embedder)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{factor:5d}x {len(passages) * factor:7d} passages | load {load_s:6.1f} s, open (BM25) {open_s:5.1f} s | "
        f"hybrid p50 {h50:6.1f} p95 {h95:6.1f} ms | stock Chroma retriever p50 {s50:6.1f} p95 {s95:6.1f} ms | "
        f"peak RSS {rss:5.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 100, 1000])
    with tempfile.TemporaryDirectory() as tmp:
        for factor in parser.parse_args().factors:
            run(factor, tmp)


if __name__ == "__main__":
    main()
