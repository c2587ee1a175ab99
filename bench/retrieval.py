"""Index build, query embedding and retrieval latency, side by side with LangChain's stock recipe. Prints figures.

The stock recipe is what the LangChain docs build: `RecursiveCharacterTextSplitter(1000, 200)` over both reports,
`HuggingFaceEmbeddings` with the same all-MiniLM-L6-v2 (sentence-transformers on torch), Chroma, k=5, timed with 1
and with 2 torch threads and compared at the better of the two. Both are built in temp dirs (your own index is
untouched) and queried in one process, interleaved query by query, so the ratios hold even when the machine is
busy; the absolute figures move with the load. Recall is hit@5 on the eval
set's fact questions (a passage among the top 5 contains one of the question's source phrases, as in the evals).

Run: .venv/bin/python bench/retrieval.py [--queries 200]
"""

from __future__ import annotations

import argparse
import functools
import statistics
import tempfile
import time
from pathlib import Path

import frontmatter

from bot.settings import Settings

QUERIES = [
    "which roles deploy models",
    "labeling data",
    "what does a data analyst do",
    "skills for modeling",
    "what tools do machine learning engineers use",
    "difference between data science and machine learning org",
    "how to become a machine learning researcher",
    "AI infrastructure subtasks",
    "SQL",
    "A/B testing",
    "deep learning engineer",
    "business acumen",
    "what is algorithmic coding",
    "building APIs for a model",
    "data augmentation with skimage",
    "who builds dashboards",
    "cloud AWS GCP Azure",
    "hyperparameter search",
    "communication skills",
    "alternative titles of software engineer",
]


def quantiles(times: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(times, n=100)
    return q[49], q[94]


def stock_recipe(settings: Settings, client):
    """LangChain's stock recipe over the two reports: split, embed with HuggingFaceEmbeddings, Chroma, k=5."""
    from langchain_chroma import Chroma
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from bot.index.passages import Passage

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    docs = []
    for path in sorted(settings.sources_dir.glob("*.md")):
        post = frontmatter.load(path)
        docs += splitter.create_documents([post.content], metadatas=[{k: str(v) for k, v in post.metadata.items()}])
    embeddings = HuggingFaceEmbeddings(model_name=settings.embedding_model, model_kwargs={"local_files_only": True})
    store = Chroma.from_documents(docs, embeddings, client=client, collection_name="stock_recipe")
    retriever = store.as_retriever(search_kwargs={"k": 5})

    def search(query: str) -> list[Passage]:
        return [
            Passage(id=str(i), text=d.page_content, source="", title="", edition="", section=[], kind="prose")
            for i, d in enumerate(retriever.invoke(query))
        ]

    return search, embeddings, len(docs)


def with_torch_threads(n: int, fn, query: str):
    import torch

    torch.set_num_threads(n)
    return fn(query)


def hit_at_5(search, questions) -> float:
    from evals.harness import _satisfies

    return sum(any(_satisfies(p, q) for p in search(q.question)[:5]) for q in questions) / len(questions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=200)
    opts = parser.parse_args()
    from bot.index.embeddings import OnnxEmbeddings, export_dir, get_embeddings, prepare_embeddings
    from bot.index.ingest import build_index, chroma_client
    from bot.index.retrieval import Retriever
    from evals.harness import Question, load_dataset

    questions = load_dataset(Path(__file__).resolve().parent.parent / "evals/datasets/questions.yaml", Question)
    facts = [q for q in questions if q.kind == "fact" and (q.sources or q.expect)]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=tmp)
        t0 = time.perf_counter()
        prepare_embeddings(settings)
        export_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        embedder = get_embeddings(settings)
        embedder.embed_query("warm up")
        load_s = time.perf_counter() - t0
        stats = build_index(settings)
        t0 = time.perf_counter()
        ours = Retriever(settings)
        open_s = time.perf_counter() - t0
        stock, torch_embeddings, chunks = stock_recipe(settings, chroma_client(settings))

        # query embedding alone: the exported model on onnxruntime against sentence-transformers on torch, each
        # with 1 and 2 threads
        onnx2 = OnnxEmbeddings(export_dir(settings), threads=2)
        embedders = {
            "onnxruntime, 1 thread": embedder.model.embed_query,
            "onnxruntime, 2 threads": onnx2.embed_query,
            "torch, 1 thread": functools.partial(with_torch_threads, 1, torch_embeddings.embed_query),
            "torch, 2 threads": functools.partial(with_torch_threads, 2, torch_embeddings.embed_query),
        }
        embed_ms: dict[str, list[float]] = {name: [] for name in embedders}
        for i in range(opts.queries):
            for name, fn in embedders.items():
                t0 = time.perf_counter()
                fn(QUERIES[i % len(QUERIES)])
                embed_ms[name].append((time.perf_counter() - t0) * 1000)

        runs = {
            "hybrid": lambda q: ours.search(q, 5),
            "dense": lambda q: ours.search(q, 5, mode="dense"),
            "bm25": lambda q: ours.search(q, 5, mode="bm25"),
            "stock_t1": functools.partial(with_torch_threads, 1, stock),
            "stock_t2": functools.partial(with_torch_threads, 2, stock),
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        for fn in runs.values():
            fn("warm up")
        for i in range(opts.queries):  # interleaved: every variant sees the same moment's load
            for name, fn in runs.items():
                embedder.cache_clear()  # a new question every time
                t0 = time.perf_counter()
                fn(QUERIES[i % len(QUERIES)])
                times[name].append((time.perf_counter() - t0) * 1000)

        print(f"{opts.queries} queries each, interleaved; k=5")
        for name, ms in embed_ms.items():
            p50, p95 = quantiles(ms)
            print(f"query embedding, {name:22s}: p50 {p50:6.2f} ms  p95 {p95:6.2f} ms")
        for name in runs:
            p50, p95 = quantiles(times[name])
            print(f"retrieval {name:8s}: p50 {p50:6.2f} ms  p95 {p95:6.2f} ms")
        threads = min((1, 2), key=lambda n: quantiles(times[f"stock_t{n}"])[1])
        ratio = quantiles(times["hybrid"])[1] / quantiles(times[f"stock_t{threads}"])[1]
        print(f"hybrid p95 / stock recipe p95 (at its better torch thread count, {threads}): {ratio:.2f}")
        print(
            f"hit@5 on {len(facts)} fact questions: hybrid {hit_at_5(lambda q: ours.search(q, 5), facts):.3f}, "
            f"stock recipe ({chunks} chunks) {hit_at_5(stock, facts):.3f}"
        )
        print(f"embedding model: ONNX export {export_s:.1f} s (once per data dir), load {load_s:.2f} s")
        print(f"index build: {stats.seconds:.2f} s for {stats.passages} passages (with BM25 and sentence vectors)")
        print(f"retriever open (saved BM25 + passages): {open_s:.2f} s")


if __name__ == "__main__":
    main()
