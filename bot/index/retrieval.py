"""Index -> passages: hybrid retrieval, dense (Chroma) + BM25 (bm25s), fused by reciprocal rank.

Dense search finds paraphrases ("which roles deploy models"); BM25 finds exact terms the embedding
model blurs ("SQL", "JIRA", "t-SNE"). Each ranks `fetch_k` candidates; a passage's fused score is
sum(1 / (rrf_k + rank)) over the rankings it appears in. The same subtask row from both editions is
returned once (the better ranked one) unless the two differ.

The BM25 index and the passages are loaded from beside the index (`bot.index.ingest.build_lexical`), memory-mapped,
so opening costs the same at any corpus size; passages are parsed only when a search returns them. An index
without them (built by an older version, or by another replica on a Chroma server) gets them made once.
"""

from __future__ import annotations

import json
import logging
import mmap
import threading
import time
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import Literal, overload

import chromadb
import httpx
import numpy as np
import Stemmer

from bot.index.embeddings import get_embeddings
from bot.index.ingest import (
    Passage,
    build_lexical,
    chroma_client,
    collection_name,
    existing_collections,
    iter_index,
    lexical_dir,
    lexical_is_current,
    query_stems,
)
from bot.settings import Settings

log = logging.getLogger(__name__)
UNREACHABLE = (httpx.HTTPError, chromadb.errors.ChromaError)  # server down, timed out, collection gone
Mode = Literal["hybrid", "dense", "bm25", "none"]  # "none": the no-retrieval baseline of the evals


class PassageStore(Sequence[Passage]):
    """The passages saved with a BM25 index, in its order, read from a memory-mapped JSON-lines file when
    first asked for (a large index opens without parsing every passage)."""

    def __init__(self, path: Path):
        self._offsets = np.load(path / "offsets.npy")
        with open(path / "passages.jsonl", "rb") as f:
            self._data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if self._offsets[-1] else b""
        self._parsed: dict[int, Passage] = {}
        self._all: list[Passage] | None = None

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, i: int) -> Passage: ...
    @overload
    def __getitem__(self, i: slice) -> list[Passage]: ...
    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = int(i)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        passage = self._parsed.get(i)
        if passage is None:
            passage = self._parsed[i] = Passage.model_validate_json(self._data[self._offsets[i] : self._offsets[i + 1]])
        return passage

    def __iter__(self) -> Iterator[Passage]:
        # every passage, parsed once: answerers read all of them (a table's rows) on many answers
        if self._all is None:
            self._all = [self[i] for i in range(len(self))]
        return iter(self._all)


class Lexical:
    """A saved BM25 index (bm25s' format, memory-mapped) with its passages and their role / task columns."""

    def __init__(self, path: Path):
        # bm25s' saved index read as bm25s' own `BM25.load(mmap=True)` reads it, without importing bm25s (and
        # scipy with it) at every start: its vocabulary and the three arrays of its sparse score matrix
        self.vocab: dict[str, int] = json.loads((path / "vocab.index.json").read_text(encoding="utf-8"))
        self._data, self._indices, self._indptr = (
            np.load(path / f"{key}.csc.index.npy", mmap_mode="r") for key in ("data", "indices", "indptr")
        )
        self.stopwords = frozenset(json.loads((path / "stopwords.json").read_text()))
        self.passages = PassageStore(path)
        self.ids = np.load(path / "id.npy")
        self.roles = np.load(path / "role.npy")
        self.tasks = np.load(path / "task.npy")
        self.position = {pid: i for i, pid in enumerate(self.ids.tolist())}

    def scores(self, token_ids: list[int]) -> np.ndarray:
        """BM25 score of every passage: the sum of each query token's precomputed per-passage scores."""
        scores = np.zeros(len(self.passages), dtype=np.float32)
        for t in token_ids:  # per token, in query order: the same float32 sums as bm25s' get_scores
            start, end = self._indptr[t], self._indptr[t + 1]
            np.add.at(scores, self._indices[start:end], self._data[start:end])
        return scores

    def top(self, token_ids: list[int], k: int, role: str | None, task: str | None) -> list[tuple[int, float]]:
        """The k best (position, score) with a positive score, best first, ties in index order, like a
        stable sort of all scores, without sorting them all (a large corpus has 10^5 of them)."""
        scores = self.scores(token_ids)
        candidates = np.flatnonzero(scores > 0)
        if role is not None:
            candidates = candidates[self.roles[candidates] == role]
        if task is not None:
            candidates = candidates[self.tasks[candidates] == task]
        if len(candidates) > k:
            kth = np.partition(scores[candidates], len(candidates) - k)[len(candidates) - k]
            candidates = candidates[scores[candidates] >= kth]  # every tie of the k-th stays in the running
        order = candidates[np.lexsort((candidates, -scores[candidates]))][:k]
        return [(int(i), float(scores[i])) for i in order]


class Retriever:
    """Search the current index; build once per process (loads the embedding model and BM25)."""

    def __init__(self, settings: Settings, client: chromadb.ClientAPI | None = None, mode: Mode = "hybrid"):
        self.settings = settings
        self.mode = mode
        self._lock = threading.Lock()
        self._stemmer = Stemmer.Stemmer("english")
        self._stem_lock = threading.Lock()  # a PyStemmer stemmer is not thread-safe
        self._open(client or chroma_client(settings))

    def refresh(self) -> bool:
        """Switch to the current index if a rebuild swapped a new one in; True if it switched."""
        client = chroma_client(self.settings)
        name = collection_name(self.settings)
        if (
            name == self.collection
            and name in existing_collections(client)
            and client.get_collection(name).id == self._id
        ):
            return False
        self._open(client)
        return True

    def _reopen(self, seen_id) -> None:
        """The collection we served from is gone (a rebuild replaced it): open the current one, once for
        all the requests that noticed, waiting out the moment between the old one's removal and the swap."""
        with self._lock:
            if self._id != seen_id:
                return  # another request already reopened it
            log.warning("index %s was replaced while serving; reopening the current one", self.collection)
            client = chroma_client(self.settings)
            deadline = time.monotonic() + 10
            while collection_name(self.settings) not in existing_collections(client) and time.monotonic() < deadline:
                time.sleep(0.1)
            self._open(client)

    def _open(self, client: chromadb.ClientAPI) -> None:
        settings = self.settings
        name = collection_name(settings)
        collection = client.get_collection(name)
        path = lexical_dir(settings, name)
        if not lexical_is_current(path, str(collection.id)):
            log.info("no saved BM25 index for %s; making it from the index (once)", name)
            build_lexical(iter_index(settings, client), path, str(collection.id), get_embeddings(settings))
        lexical = Lexical(path)
        embedder = get_embeddings(settings)  # loaded now, not by the first question
        for made in ("sentences", "start"):  # embedded at index time: the passages' sentences, the warm-ups' texts
            if (path / f"{made}.npy").exists():
                embedder.remember(json.loads((path / f"{made}.json").read_text()), np.load(path / f"{made}.npy"))
        self._vectors: dict[str, list[float]] = {}  # passage embeddings, only needed when Chroma is down
        # one attribute for both: a request running during a reopen sees the old pair or the new, never a mix
        self._current = (collection, lexical)
        self.collection, self._id, self.passages = name, collection.id, lexical.passages

    def _tokens(self, query: str, lexical: Lexical) -> list[int]:
        """The BM25 vocabulary ids of the query's words (unknown words dropped, repeats kept)."""
        with self._stem_lock:
            stems = query_stems(query, self._stemmer, lexical.stopwords)
        return [lexical.vocab[stem] for stem in stems if stem in lexical.vocab]

    def dense(self, query: str, k: int, role: str | None = None, task: str | None = None) -> list[Passage]:
        """Top-k by embedding similarity (score = cosine similarity)."""
        where = {key: val for key, val in (("role", role), ("task", task)) if val}
        flt = {"$and": [{k_: v} for k_, v in where.items()]} if len(where) > 1 else where or None
        vector = get_embeddings(self.settings).embed_query(query)
        seen_id, (collection, lexical) = self._id, self._current
        try:
            hits = collection.query(query_embeddings=[vector], n_results=k, where=flt, include=["distances"])
        except chromadb.errors.NotFoundError:
            self._reopen(seen_id)
            collection, lexical = self._current
            hits = collection.query(query_embeddings=[vector], n_results=k, where=flt, include=["distances"])
        # the ids and distances alone cross from Chroma; the passages come from our own copy
        return [
            lexical.passages[lexical.position[pid]].model_copy(update={"score": 1.0 - dist})
            for pid, dist in zip(hits["ids"][0], hits["distances"][0], strict=True)
        ]

    def _dense_if_reachable(self, query: str, k: int, role: str | None, task: str | None) -> list[Passage] | None:
        try:
            return self.dense(query, k, role, task)
        except UNREACHABLE as exc:  # a Chroma server that is down or gone: answer from BM25 alone
            log.warning("vector index unreachable (%s: %s); searching with BM25 alone", type(exc).__name__, exc)
            return None

    def top_similarity(self, query: str) -> float:
        """Cosine similarity of the passage nearest to `query`: how close the reports come to it at all.
        Without the vector index, the best of BM25's top passages, embedded here."""
        hits = self._dense_if_reachable(query, 1, None, None)
        if hits is not None:
            return hits[0].score if hits else 0.0
        candidates = self.bm25(query, self.settings.top_k)
        if not candidates:
            return 0.0
        embedder = get_embeddings(self.settings)
        missing = [p for p in candidates if p.id not in self._vectors]
        if missing:
            texts = [p.to_document().page_content for p in missing]
            self._vectors.update(zip([p.id for p in missing], embedder.embed_documents(texts), strict=True))
        q = np.asarray(embedder.embed_query(query))
        return float(max(q @ np.asarray(self._vectors[p.id]) for p in candidates))

    def bm25(self, query: str, k: int, role: str | None = None, task: str | None = None) -> list[Passage]:
        """Top-k by BM25 over stemmed words of heading path + text (score = BM25 score)."""
        _, lexical = self._current
        tokens = self._tokens(query, lexical)
        if not tokens:
            return []
        return [lexical.passages[i].model_copy(update={"score": s}) for i, s in lexical.top(tokens, k, role, task)]

    def search(
        self,
        query: str,
        k: int | None = None,
        *,
        role: str | None = None,
        task: str | None = None,
        mode: Mode | None = None,
    ) -> list[Passage]:
        """The k best passages for `query`, optionally only those of one role or task."""
        k = k or self.settings.top_k
        mode = mode or self.mode
        fetch = max(self.settings.fetch_k, k)
        rankings = []
        if mode == "dense":
            rankings.append(self.dense(query, fetch, role, task))
        elif mode == "hybrid" and (dense := self._dense_if_reachable(query, fetch, role, task)) is not None:
            rankings.append(dense)
        if mode in ("hybrid", "bm25"):
            rankings.append(self.bm25(query, fetch, role, task))
        fused: dict[str, float] = {}
        found: dict[str, Passage] = {}
        for ranking in rankings:
            for rank, passage in enumerate(ranking, start=1):
                fused[passage.id] = fused.get(passage.id, 0.0) + 1.0 / (self.settings.rrf_k + rank)
                found.setdefault(passage.id, passage)
        seen_rows: dict[tuple[str | None, str | None], Passage] = {}
        out: list[Passage] = []
        for pid in sorted(fused, key=lambda i: -fused[i]):
            passage = found[pid]
            if passage.kind == "table_row" and passage.subtask:
                twin = seen_rows.get((passage.task, passage.subtask))
                if twin is not None and SequenceMatcher(None, twin.text, passage.text).ratio() > 0.8:
                    continue  # the other edition's row says the same; keep rows that add an example
                seen_rows[(passage.task, passage.subtask)] = passage
            out.append(passage.model_copy(update={"score": round(fused[pid], 6)}))
            if len(out) == k:
                break
        return out

    def with_mode(self, mode: Mode) -> Retriever:
        """A view of this retriever with another default mode (for baselines); shares the indexes."""
        other = object.__new__(Retriever)
        other.__dict__ = self.__dict__ | {"mode": mode}
        return other

    def get(self, passage_id: str) -> Passage | None:
        """The passage with this id, if the index has it (used to check citations)."""
        _, lexical = self._current
        position = lexical.position.get(passage_id)
        return None if position is None else lexical.passages[position]
