"""Replies to grade by hand (see evals/rubric.md): 40 typed eval items drawn at random, each asked (with its
history) of the grounded mentor, written as JSON lines. `python -m evals.grade OUT.jsonl [--seed 11] [--n 40]`."""

from __future__ import annotations

import argparse
import json
import random

from bot.answering.llm import make_backend
from bot.chat.chain import Mentor
from bot.index.ingest import ensure_index
from bot.index.retrieval import Retriever
from bot.settings import get_settings
from evals.harness import DATASETS, Question, load_dataset


def sample_replies(n: int = 40, seed: int = 11) -> list[dict]:
    """The conversations of `n` random typed items (ids t_*), answered by the grounded mentor."""
    items = [q for q in load_dataset(DATASETS / "questions.yaml", Question) if q.id.startswith("t_")]
    settings = get_settings().model_copy(update={"llm": "grounded"})
    ensure_index(settings)
    mentor = Mentor(settings, Retriever(settings), make_backend(settings))
    out = []
    for item in random.Random(seed).sample(items, n):
        session = mentor.new_session()
        turns = [{"user": turn, "mentor": mentor.ask(turn, session).text} for turn in item.history]
        answer = mentor.ask(item.question, session)
        out.append(
            {
                "id": item.id,
                "history": turns,
                "question": item.question,
                "answer": answer.text,
                "sources": [c.label() for c in answer.citations],
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--n", type=int, default=40)
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as fh:
        for record in sample_replies(args.n, args.seed):
            fh.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
