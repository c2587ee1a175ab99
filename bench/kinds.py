"""Which reader of a question's kind: classifiers over the frozen all-MiniLM-L6-v2 embeddings (scikit-learn)
compared on the training set under 5-fold cross-validation and on the dev eval questions' categories, plus
SetFit when it is installed (`pip install setfit`). Prints a table; `docs/reading.md` keeps the figures.

    python bench/kinds.py [--setfit]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
import yaml  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedKFold, cross_val_predict  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402
from tqdm import tqdm  # noqa: E402

from bot.index.embeddings import get_embeddings  # noqa: E402
from bot.reading.kinds import embed, load_examples  # noqa: E402
from bot.settings import ROOT, get_settings  # noqa: E402

# the dev questions' categories that are kinds the reader learns (the rest are not kinds of question)
DEV = [ROOT / "evals" / "datasets" / "questions.yaml", ROOT / "evals" / "datasets" / "dev_wild.yaml"]


def dev_items() -> tuple[list[str], list[str]]:
    items = [
        i
        for path in DEV
        for i in yaml.safe_load(path.read_text())
        if i.get("category") and i.get("kind", "fact") != "followup"
    ]
    return [i["question"] for i in items], [i["category"] for i in items]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--setfit", action="store_true", help="also fine-tune SetFit (minutes on 2 cores)")
    parser.add_argument("--pairs", type=int, default=5, help="SetFit's contrastive pairs per example (num_iterations)")
    args = parser.parse_args()
    embedder = get_embeddings(get_settings())
    examples = load_examples()
    texts, labels = [e.text for e in examples], [e.kind for e in examples]
    with tqdm(total=len(texts), desc="embedding training questions") as bar:
        x = embed(texts, embedder, bar.update)
    dev_texts, dev_labels = dev_items()
    dx = embed(dev_texts, embedder)
    models = {
        "logistic regression C=8": lambda: LogisticRegression(C=8, max_iter=2000, class_weight="balanced"),
        "logistic regression C=2": lambda: LogisticRegression(C=2, max_iter=2000, class_weight="balanced"),
        "linear SVM": lambda: LinearSVC(C=0.5, class_weight="balanced"),
        "kNN (k=7, cosine)": lambda: KNeighborsClassifier(7, metric="cosine", weights="distance"),
    }
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    print(f"\n{len(texts)} training questions, {len(set(labels))} kinds; dev: {len(dev_texts)} eval questions\n")
    print("| reader | training, 5-fold CV | dev questions | fit time |")
    print("| --- | --- | --- | --- |")
    for name, make in models.items():
        cv = cross_val_predict(make(), x, labels, cv=folds)
        t0 = time.perf_counter()
        model = make().fit(x, labels)
        took = time.perf_counter() - t0
        dev = model.predict(dx)
        print(
            f"| {name} | {np.mean(np.asarray(cv) == labels):.3f} | {np.mean(dev == np.asarray(dev_labels)):.3f} "
            f"| {took:.1f} s |"
        )
    if args.setfit:
        setfit_row(texts, labels, dev_texts, dev_labels, args.pairs)
    timing(embedder, dev_texts)


def timing(embedder, questions: list[str]) -> None:
    """The shipped reader: time to load its weights, and to read a question (its embedding made, as the router
    has made it by then, and from cold)."""
    from bot.reading.kinds import MODEL_PATH, KindModel, KindReader

    t0 = time.perf_counter()
    model = KindModel.load(MODEL_PATH)
    load = time.perf_counter() - t0
    reader = KindReader(model, embedder)
    warm, cold = [], []
    for q in questions[:50]:
        t0 = time.perf_counter()
        reader.read(q)  # cold: embeds the question
        cold.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        reader.read(q)  # the query embedding cached, as after the router's nearest-example look-up
        warm.append(time.perf_counter() - t0)
    p50 = lambda xs: sorted(xs)[len(xs) // 2] * 1000  # noqa: E731
    print(
        f"\nshipped reader: loads in {load * 1000:.1f} ms; reads a question in {p50(warm):.2f} ms p50 "
        f"with its embedding made, {p50(cold):.2f} ms p50 from cold (embedding included)"
    )


def setfit_row(texts, labels, dev_texts, dev_labels, pairs: int = 5) -> None:
    from datasets import Dataset
    from setfit import SetFitModel, Trainer, TrainingArguments

    t0 = time.perf_counter()
    model = SetFitModel.from_pretrained(get_settings().embedding_model)
    trainer = Trainer(
        model=model,
        args=TrainingArguments(
            num_epochs=1, batch_size=32, num_iterations=pairs, output_dir=tempfile.mkdtemp(prefix="setfit-")
        ),  # its checkpoints (270 MB) go to a temporary folder, never into the tree
        train_dataset=Dataset.from_dict({"text": texts, "label": labels}),
    )
    trainer.train()
    took = time.perf_counter() - t0
    dev = np.asarray(model.predict(dev_texts))
    acc = np.mean(dev == np.asarray(dev_labels))
    print(f"| SetFit (1 epoch, {pairs} pairs per example) | n/a | {acc:.3f} | {took:.0f} s |")


if __name__ == "__main__":
    main()
