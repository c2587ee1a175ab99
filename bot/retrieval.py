"""Index -> passages: hybrid retrieval, dense (Chroma) + BM25 (bm25s), fused by reciprocal rank.

Dense search finds paraphrases ("which roles deploy models"); BM25 finds exact terms the embedding
model blurs ("SQL", "JIRA", "t-SNE"). Each ranks `fetch_k` candidates; a passage's fused score is
sum(1 / (rrf_k + rank)) over the rankings it appears in. The same subtask row from both editions is
returned once (the better ranked one) unless the two differ.
"""

from __future__ import annotations

import logging
import threading
import time
from difflib import SequenceMatcher
from typing import Literal

import bm25s
import chromadb
import httpx
import numpy as np
import Stemmer
from langchain_chroma import Chroma

from bot.embeddings import get_embeddings
from bot.ingest import Passage, chroma_client, collection_name, existing_collections, iter_index
from bot.settings import Settings

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG on import
UNREACHABLE = (httpx.HTTPError, chromadb.errors.ChromaError)  # server down, timed out, collection gone
Mode = Literal["hybrid", "dense", "bm25", "none"]  # "none": the no-retrieval baseline of the evals


class Retriever:
    """Search the current index; build once per process (loads the embedding model and BM25)."""

    def __init__(self, settings: Settings, client: chromadb.ClientAPI | None = None, mode: Mode = "hybrid"):
        self.settings = settings
        self.mode = mode
        self._lock = threading.Lock()
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
        self.collection = collection_name(settings)
        self._id = client.get_collection(self.collection).id
        self._vectors: dict[str, list[float]] = {}  # passage embeddings, only needed when Chroma is down
        self.store = Chroma(
            client=client,
            collection_name=self.collection,
            embedding_function=get_embeddings(settings),
            create_collection_if_not_exists=False,
        )
        self.passages = list(iter_index(settings, client))
        self._by_id = {p.id: p for p in self.passages}
        self._stemmer = Stemmer.Stemmer("english")
        corpus = [f"{p.section_path}\n{p.text}" for p in self.passages]
        self._bm25 = bm25s.BM25()
        self._bm25.index(self._tokenize(corpus), show_progress=False)

    def _tokenize(self, texts: list[str]):
        return bm25s.tokenize(texts, stopwords="en", stemmer=self._stemmer, show_progress=False)

    @staticmethod
    def _matches(p: Passage, role: str | None, task: str | None) -> bool:
        return (role is None or p.role == role) and (task is None or p.task == task)

    def dense(self, query: str, k: int, role: str | None = None, task: str | None = None) -> list[Passage]:
        """Top-k by embedding similarity (score = cosine similarity)."""
        where = {key: val for key, val in (("role", role), ("task", task)) if val}
        flt = {"$and": [{k_: v} for k_, v in where.items()]} if len(where) > 1 else where or None
        seen_id = self._id
        try:
            hits = self.store.similarity_search_with_score(query, k=k, filter=flt)
        except chromadb.errors.NotFoundError:
            self._reopen(seen_id)
            hits = self.store.similarity_search_with_score(query, k=k, filter=flt)
        return [self._by_id[doc.id].model_copy(update={"score": 1.0 - dist}) for doc, dist in hits]

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
        tokens = self._tokenize([query])
        vocab = {idx: word for word, idx in tokens.vocab.items()}
        words = [vocab[i] for i in tokens.ids[0]]
        if not words:
            return []
        scores = self._bm25.get_scores(words)
        out: list[Passage] = []
        for i in np.argsort(-scores, kind="stable"):
            if scores[i] <= 0 or len(out) == k:
                break
            if self._matches(self.passages[i], role, task):
                out.append(self.passages[i].model_copy(update={"score": float(scores[i])}))
        return out

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
        for ranking in rankings:
            for rank, passage in enumerate(ranking, start=1):
                fused[passage.id] = fused.get(passage.id, 0.0) + 1.0 / (self.settings.rrf_k + rank)
        seen_rows: dict[tuple[str | None, str | None], Passage] = {}
        out: list[Passage] = []
        for pid in sorted(fused, key=lambda i: -fused[i]):
            passage = self._by_id[pid]
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
        return self._by_id.get(passage_id)
