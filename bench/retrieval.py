"""Index build time and hybrid retrieval latency (p50/p95 over 200 queries). Prints figures only.

Run: .venv/bin/python bench/retrieval.py   (builds a fresh index in a temp dir; your own index is untouched)
"""

from __future__ import annotations

import statistics
import tempfile
import time

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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=tmp)
        from bot.embeddings import get_embeddings
        from bot.ingest import build_index
        from bot.retrieval import Retriever

        t0 = time.perf_counter()
        get_embeddings(settings).embed_query("warm up")
        load = time.perf_counter() - t0
        stats = build_index(settings)
        t0 = time.perf_counter()
        retriever = Retriever(settings)
        open_s = time.perf_counter() - t0
        for mode in ("hybrid", "dense", "bm25"):
            retriever.search("warm up", mode=mode)
            times = []
            for i in range(200):
                get_embeddings(settings).cache_clear()  # measure a new question every time
                t0 = time.perf_counter()
                retriever.search(QUERIES[i % len(QUERIES)], mode=mode)
                times.append((time.perf_counter() - t0) * 1000)
            q = statistics.quantiles(times, n=100)
            print(f"retrieval {mode:6s}: p50 {q[49]:6.2f} ms  p95 {q[94]:6.2f} ms  (200 queries, k=5)")
        print(f"embedding model load: {load:.2f} s")
        print(f"index build: {stats.seconds:.2f} s for {stats.passages} passages")
        print(f"retriever open (BM25 index): {open_s:.2f} s")


if __name__ == "__main__":
    main()
