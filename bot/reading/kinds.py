"""The kind of a question, learned from labelled questions: a logistic regression over the shipped
all-MiniLM-L6-v2 sentence embeddings (`bench/kinds.py` compares it with other readers; `docs/reading.md`).

The training questions live in `knowledge/training/kinds_*.yaml`, written from the reports by several writers
as people type (slang, typos, stories, follow-ups); the trained weights are a small array file in
`knowledge/models/`, made by `career-mentor train-kinds` and checked against the training files' hash, so a
start loads them in milliseconds and never trains. A reading gives the kind, its probability and the
runner-up's, which the router's fallback uses to ask back when it is unsure (`Reading.unsure`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import numpy as np
import yaml
from pydantic import BaseModel, Field

from bot.index.embeddings import Embedder
from bot.settings import ROOT

TRAINING_DIR = ROOT / "knowledge" / "training"
MODEL_PATH = ROOT / "knowledge" / "models" / "kinds.npz"


class Example(BaseModel):
    """A labelled message; `previous` is the turn before it, for a follow-up that leans on one."""

    text: str
    kind: str
    previous: str | None = None


class Reading(BaseModel):
    """What the classifier reads a message as."""

    kind: str
    confidence: float = Field(ge=0, le=1)
    runner_up: str
    runner_up_confidence: float = Field(ge=0, le=1)
    out_of_scope: float = Field(default=0.0, ge=0, le=1)  # the probability of "not_covered", whatever was read

    def unsure(self, threshold: float, ambiguity: float) -> bool:
        """Rasa's fallback rule: too little confidence, or the top two too close to tell apart."""
        return self.confidence < threshold or self.confidence - self.runner_up_confidence < ambiguity


def training_files(root: Path = TRAINING_DIR) -> list[Path]:
    return sorted(root.glob("kinds_*.yaml"))


def load_examples(files: Iterable[Path] | None = None) -> list[Example]:
    """Every labelled message of the training files, validated."""
    out = []
    for path in files if files is not None else training_files():
        out += [Example.model_validate(item) for item in yaml.safe_load(path.read_text()) or []]
    return out


def training_hash(files: Iterable[Path] | None = None) -> str:
    digest = hashlib.sha256()
    for path in files if files is not None else training_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class KindModel(BaseModel):
    """A trained linear reader: one weight row per kind over the embedding, and a bias."""

    model_config = {"arbitrary_types_allowed": True}

    kinds: list[str]
    weights: np.ndarray  # (kinds, dims)
    bias: np.ndarray  # (kinds,)
    trained_on: str  # training_hash() of the files it learned from

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = vectors @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def save(self, path: Path = MODEL_PATH) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = json.dumps({"kinds": self.kinds, "trained_on": self.trained_on})
        with open(path, "wb") as f:  # np.savez adds no suffix to an open file
            np.savez_compressed(f, weights=self.weights.astype(np.float32), bias=self.bias, meta=np.array(meta))

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> KindModel:
        with np.load(path) as data:
            meta = json.loads(str(data["meta"]))
            return cls(weights=data["weights"], bias=data["bias"], **meta)


def embed(texts: list[str], embedder: Embedder, progress: Callable[[int], None] | None = None) -> np.ndarray:
    """Unit vectors of `texts` (as documents), in batches so a progress bar can follow."""
    out = []
    for start in range(0, len(texts), 64):
        out += embedder.embed_documents(texts[start : start + 64])
        if progress:
            progress(len(texts[start : start + 64]))
    vectors = np.asarray(out, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def fit(vectors: np.ndarray, labels: list[str], c: float = 8.0) -> tuple[list[str], np.ndarray, np.ndarray]:
    """A multinomial logistic regression (scikit-learn), balanced over the kinds."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    clf.fit(vectors, labels)
    return [str(k) for k in clf.classes_], clf.coef_, clf.intercept_


def train(
    embedder: Embedder, files: list[Path] | None = None, progress: Callable[[int], None] | None = None
) -> KindModel:
    """Train on the training files' messages (a follow-up as written: the reader sees one message at a time)."""
    files = files if files is not None else training_files()
    examples = load_examples(files)
    vectors = embed([e.text for e in examples], embedder, progress)
    kinds, weights, bias = fit(vectors, [e.kind for e in examples])
    return KindModel(kinds=kinds, weights=weights, bias=bias, trained_on=training_hash(files))


class KindReader:
    """Reads the kind of one message with a trained model and the embedder the index uses."""

    def __init__(self, model: KindModel, embedder: Embedder):
        self.model = model
        self.embedder = embedder

    def read(self, text: str) -> Reading:
        vector = np.asarray(self.embedder.embed_query(text), dtype=np.float32)
        p = self.model.probabilities((vector / np.linalg.norm(vector))[None, :])[0]
        first, second = np.argsort(-p)[:2]
        return Reading(
            kind=self.model.kinds[first],
            confidence=float(p[first]),
            runner_up=self.model.kinds[second],
            runner_up_confidence=float(p[second]),
            out_of_scope=float(p[self.model.kinds.index("not_covered")]) if "not_covered" in self.model.kinds else 0.0,
        )


@cache
def shipped_model() -> KindModel:
    """The model in `knowledge/models/`, loaded once."""
    return KindModel.load()
