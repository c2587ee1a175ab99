"""The embedding model: the ONNX export made with sentence-transformers gives its embeddings, without torch."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from bot.index import embeddings
from bot.index.embeddings import OnnxEmbeddings, TorchEmbeddings, export_dir, get_embeddings, prepare_embeddings
from bot.index.ingest import build_passages
from bot.settings import Settings

TEXTS = [
    "which roles deploy models",
    "SQL",
    "What should I learn to become an MLE?",
    "Subtask: Labeling data. Examples: Drawing bounding boxes on images. Skills involved: Data science.",
    "a long one " * 300,  # past the model's 256 tokens: cut where sentence-transformers cuts
]


@pytest.fixture(scope="module")
def exported(settings, index) -> OnnxEmbeddings:
    path = prepare_embeddings(settings)
    assert path is not None and (path / "model.onnx").exists()
    return OnnxEmbeddings(path)


def test_the_export_gives_sentence_transformers_embeddings(settings, exported):
    reference = TorchEmbeddings(settings.embedding_model, "cpu")
    texts = TEXTS + [f"{p.section_path}\n{p.text}" for p in build_passages(settings)[:40]]
    got, want = np.asarray(exported.embed_documents(texts)), np.asarray(reference.embed_documents(texts))
    assert np.abs(got - want).max() < 1e-4
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)  # normalized, as the index expects
    for text, vector in zip(TEXTS, got, strict=False):  # one at a time (no padding) equals in a batch
        assert np.abs(np.asarray(exported.embed_query(text)) - vector).max() < 1e-5


def test_the_export_runs_each_layers_attention_as_one_operator(settings, exported):
    """onnxruntime's transformer optimizer fused the export (the test above holds it to sentence-transformers)."""
    fused = json.loads((export_dir(settings) / "embedder.json").read_text())["fused"]
    assert fused.get("Attention") == 6 and fused.get("SkipLayerNormalization")  # MiniLM-L6: six layers


def test_the_app_side_embeds_without_importing_torch(settings, index):
    code = (
        "import sys; from bot.settings import Settings; from bot.index.retrieval import Retriever; "
        f"r = Retriever(Settings(data_dir={str(settings.data_dir)!r})); r.search('which roles deploy models'); "
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"


def test_another_data_dir_reuses_this_process_export(tmp_path, settings, exported, monkeypatch):
    monkeypatch.setattr(embeddings, "_export", lambda *a: pytest.fail("exported again"))
    other = Settings(data_dir=tmp_path / "data")
    path = prepare_embeddings(other)
    assert path == export_dir(other) and json.loads((path / "embedder.json").read_text())["max_seq_length"] == 256


def test_a_failed_export_falls_back_to_torch_and_leaves_nothing_behind(tmp_path, monkeypatch, caplog):
    def broken(model, out):
        (out / "model.onnx").write_bytes(b"half a model")
        raise RuntimeError("exporter crashed")

    monkeypatch.setattr(embeddings, "_export", broken)
    monkeypatch.setattr(embeddings, "_exports", {})
    local = Settings(data_dir=tmp_path / "data")
    assert prepare_embeddings(local) is None
    assert "embedding with torch" in caplog.text
    assert list((tmp_path / "data" / "models").iterdir()) == []


def test_remembered_document_embeddings_are_used_and_the_rest_computed(settings, index):
    embedder = get_embeddings(settings)
    fresh = embeddings.QueryCachedEmbeddings(embedder.model)
    marker = np.full((1, 384), 0.5, dtype=np.float32)
    fresh.remember(["a sentence embedded ahead"], marker)
    out = fresh.embed_documents(["SQL", "a sentence embedded ahead", "SQL"])
    assert out[1] == marker[0].tolist()
    assert out[0] == out[2] and np.abs(np.asarray(out[0]) - np.asarray(embedder.model.embed_query("SQL"))).max() < 1e-5
