"""How retrieval cost grows with the corpus: 1x, 100x, 1000x the real passages, side by side with LangChain's
stock recipe on the same collection: `HuggingFaceEmbeddings` (the same all-MiniLM-L6-v2 on sentence-transformers
and torch) and `Chroma(...).as_retriever(search_kwargs={"k": 5})`, timed with 1 and with 2 torch threads and
compared at the better of the two (torch's 2 threads stall badly when other processes hold the cores). Also
against that retriever with our query embedder (onnxruntime), which leaves only the rest of the pipeline to
compare. Queries are interleaved (ours and each stock variant, query by query), so the ratios hold on a busy
machine; the absolute figures move with its load. Prints figures.

Copies are synthetic paraphrases: each copy of a passage swaps words for synonyms, drops some filler words
and reorders its sentences (so BM25 sees a varied vocabulary, not one text N times), and its embedding is the
original's plus small Gaussian noise (cosine about 0.93 to it, near what a real paraphrase gets), so the
index holds N distinct vectors without embedding N texts (that alone would take hours here).

The BM25 index is built once, as at index time (`build_lexical`), and the retriever then opens it.

Run: .venv/bin/python bench/scale.py [--factors 1 100 1000]
"""

from __future__ import annotations

import argparse
import functools
import re
import resource
import statistics
import tempfile
import time

import numpy as np
from langchain_chroma import Chroma

from bot.index.embeddings import get_embeddings
from bot.index.ingest import (
    build_lexical,
    build_passages,
    chroma_client,
    collection_name,
    hnsw_configuration,
    iter_index,
    lexical_dir,
)
from bot.index.retrieval import Retriever
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


def _timed(runs: dict, embedder) -> dict[str, tuple[float, float]]:
    times: dict[str, list[float]] = {name: [] for name in runs}
    for fn in runs.values():
        fn("warm up")
    for i in range(100):
        for name, fn in runs.items():
            embedder.cache_clear()
            t0 = time.perf_counter()
            fn(QUERIES[i % len(QUERIES)])
            times[name].append((time.perf_counter() - t0) * 1000)
    out = {}
    for name, ts in times.items():
        q = statistics.quantiles(ts, n=100)
        out[name] = (q[49], q[94])
    return out


def run(factor: int, tmp: str, stock_embeddings) -> None:
    settings = Settings(data_dir=f"{tmp}/x{factor}")
    embedder = get_embeddings(settings)
    passages = build_passages(settings)
    vectors = np.asarray(embedder.embed_documents([f"{p.section_path}\n{p.text}" for p in passages]))
    client = chroma_client(settings)
    # the index's own settings for this many passages (exact search at 1x, Chroma's default beyond 1,000)
    collection = client.create_collection(
        collection_name(settings), configuration=hnsw_configuration(len(passages) * factor)
    )
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
    build_lexical(iter_index(settings, client), lexical_dir(settings, collection.name), str(collection.id))
    bm25_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours = Retriever(settings)
    open_s = time.perf_counter() - t0
    name, k5 = collection.name, {"search_kwargs": {"k": 5}}
    stock = Chroma(client=client, collection_name=name, embedding_function=stock_embeddings).as_retriever(**k5)
    stock_onnx = Chroma(client=client, collection_name=name, embedding_function=embedder).as_retriever(**k5)
    runs = {"hybrid": lambda q: ours.search(q, 5), "stock_onnx": stock_onnx.invoke}
    runs |= {f"stock_t{n}": functools.partial(_with_torch_threads, n, stock.invoke) for n in (1, 2)}
    t = _timed(runs, embedder)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # the stock recipe at its better torch thread count in this run: 2 wins on an idle machine, 1 on a busy one
    threads = min((1, 2), key=lambda n: t[f"stock_t{n}"][1])
    (h50, h95), (s50, s95), (o50, o95) = t["hybrid"], t[f"stock_t{threads}"], t["stock_onnx"]
    print(
        f"{factor:5d}x {len(passages) * factor:7d} passages | load {load_s:6.1f} s, BM25 build {bm25_s:5.1f} s, "
        f"open {open_s:4.2f} s | hybrid p50 {h50:5.1f} p95 {h95:5.1f} ms | stock ({threads} torch thread(s)) "
        f"p50 {s50:5.1f} p95 {s95:5.1f} ms | hybrid/stock p95 {h95 / s95:4.2f} | stock with our embedder "
        f"p50 {o50:5.1f} p95 {o95:5.1f} ms, hybrid/that p95 {h95 / o95:4.2f} | peak RSS {rss:5.0f} MB",
        flush=True,
    )


def _with_torch_threads(n: int, fn, query: str):
    import torch

    torch.set_num_threads(n)
    return fn(query)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 100, 1000])
    from langchain_huggingface import HuggingFaceEmbeddings

    stock_embeddings = HuggingFaceEmbeddings(
        model_name=Settings().embedding_model, model_kwargs={"local_files_only": True}
    )
    with tempfile.TemporaryDirectory() as tmp:
        for factor in parser.parse_args().factors:
            run(factor, tmp, stock_embeddings)


if __name__ == "__main__":
    main()
