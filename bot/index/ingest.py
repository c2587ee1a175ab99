"""Knowledge -> index: chunk the report sources and taxonomy cards, embed them, store them in Chroma.

Chunks are section-aware: every chunk carries its heading path, and every row of a subtask table is a
chunk of its own with task / subtask / skills metadata. The taxonomy adds one generated card per role,
task, skill and organization type (`bot/index/cards.py`).

An index is a Chroma collection named after a content hash of the sources, the taxonomy, the chunking
settings and the embedding model. It is built under a temporary name and renamed when complete, so an
interrupted build never leaves a half index in use, and a change to any input makes the index stale.
Beside it, in the data dir, go its BM25 index and its passages (`build_lexical`), so a start loads them
instead of reading every passage back from Chroma and indexing it again.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import chromadb
import numpy as np
import Stemmer
from langchain_core.documents import Document
from pydantic import BaseModel

from bot.index.cards import taxonomy_cards
from bot.index.embeddings import EXPORT_VERSION, Embedder, get_embeddings, prepare_embeddings
from bot.index.passages import ChunkKind, Passage
from bot.index.sentences import units
from bot.knowledge.taxonomy import Taxonomy, load_taxonomy, normalize
from bot.settings import Settings

log = logging.getLogger(__name__)

INGEST_VERSION = "6"  # bump when chunking or the index's settings change, so old indexes go stale (6: exact HNSW)
LEXICAL_VERSION = "4"  # bump when the saved BM25 format, its tokenization or the start texts change (remade)
# bm25s' tokenizer: words of two or more word characters, lowercased (scikit-learn's CountVectorizer pattern)
TOKEN = re.compile(r"(?u)\b\w\w+\b")
PAGE = 5000
# Up to this many passages dense search visits every one (exact); larger corpora keep Chroma's HNSW default
EXACT_SEARCH_UP_TO = 1000
CHROMA_EF_SEARCH = 100  # Chroma's default ef_search
# -- report sources ---------------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")


def _split_cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _match_subtask(name: str, subtasks: list) -> str | None:
    """The id of the subtask called `name` in either edition (names and aliases; close spellings)."""
    names = {normalize(n): s.id for s in subtasks for n in (s.name, *s.aliases)}
    key = normalize(name).rstrip(".")
    if key in names:
        return names[key]
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.8)
    return names[close[0]] if close else None


def _section_context(path: list[str], tax: Taxonomy) -> tuple[str | None, str | None]:
    """Which task and role a heading path belongs to, if any."""
    names = {normalize(p) for p in path}
    task = next((t.id for t in tax.tasks if normalize(t.name) in names), None)
    role = next((r.id for r in tax.roles if normalize(r.name) in names), None)
    return task, role


def _packed(lines: list[str], chunk_size: int) -> list[str]:
    """The paragraphs of `lines` packed into chunks of up to `chunk_size` characters (a longer one stays whole)."""
    blocks = [b.strip() for b in "\n".join(lines).split("\n\n") if b.strip()]
    chunks, packed = [], ""
    for block in blocks:
        if packed and len(packed) + len(block) + 2 > chunk_size:
            chunks.append(packed)
            packed = ""
        packed = f"{packed}\n\n{block}" if packed else block
    if packed:
        chunks.append(packed)
    return chunks


def _is_subtask_row(cells: list[str]) -> bool:
    """A row of a subtask table (subtask, examples, skills), not its header or its rule."""
    return len(cells) == 3 and cells[0] not in ("Subtask", "---") and not set(cells[0]) <= {"-", ":"}


def _table_row(cells: list[str], task_id: str | None, tax: Taxonomy) -> tuple[str, str | None, list[str]]:
    """A subtask table row as a passage's text, with the subtask it is (if known) and that subtask's skills."""
    sub_id = _match_subtask(cells[0], tax.task(task_id).subtasks) if task_id else None
    skills = list(tax.task(task_id).subtask(sub_id).skills) if task_id and sub_id else []
    return f"Subtask: {cells[0]}. Examples: {cells[1]}. Skills involved: {cells[2]}.", sub_id, skills


def chunk_source(path: Path, tax: Taxonomy, chunk_size: int) -> list[Passage]:
    """Split one Markdown report into prose chunks (per heading, packed to `chunk_size`) and table rows."""
    import frontmatter  # index time only

    post = frontmatter.load(path)
    meta = post.metadata
    source, title, edition = str(meta["id"]), str(meta["title"]), str(meta["edition"])
    passages: list[Passage] = []
    path_stack: list[tuple[int, str]] = []
    buffer: list[str] = []

    def section() -> list[str]:
        return [h for _, h in path_stack]

    def add(text: str, kind: ChunkKind, row: str | None = None, **extra) -> None:
        task, role = _section_context(section(), tax)
        extra.setdefault("task", task)
        path = (section() or [title]) + ([row] if row else [])  # a row is cited by its subtask name
        passages.append(
            Passage(
                id=f"{source}:{len(passages):03d}",
                text=text,
                source=source,
                title=title,
                edition=edition,
                section=path,
                kind=kind,
                role=role,
                **extra,
            )
        )

    def flush() -> None:
        chunks = _packed(buffer, chunk_size)
        buffer.clear()
        for chunk in chunks:
            add(chunk, "prose")

    for line in post.content.splitlines():
        heading = _HEADING.match(line)
        if heading:
            flush()
            level = len(heading.group(1))
            path_stack = [(lv, h) for lv, h in path_stack if lv < level] + [(level, heading.group(2))]
        elif line.lstrip().startswith("|"):
            cells = _split_cells(line)
            if not _is_subtask_row(cells):
                continue
            flush()  # the intro line ("Data engineering work includes:") stays a prose chunk
            task_id, _ = _section_context(section(), tax)
            text, sub_id, skills = _table_row(cells, task_id, tax)
            add(text, "table_row", subtask=sub_id, skills=skills, row=cells[0])
        else:
            buffer.append(line)
    flush()
    return passages


def build_passages(settings: Settings, tax: Taxonomy | None = None) -> list[Passage]:
    """Every passage of the knowledge base: report chunks of both sources plus taxonomy cards."""
    tax = tax or load_taxonomy(settings.taxonomy_path)
    passages: list[Passage] = []
    for path in sorted(settings.sources_dir.glob("*.md")):
        passages += chunk_source(path, tax, settings.chunk_size)
    return passages + taxonomy_cards(tax)


# -- the Chroma index -----------------------------------------------------------------------------


def content_hash(settings: Settings) -> str:
    """Hash of everything an index is built from; a different hash means a stale index."""
    digest = hashlib.sha256(INGEST_VERSION.encode())
    for path in [*sorted(settings.sources_dir.glob("*.md")), settings.taxonomy_path]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    # the export's version too: passages and questions must go through the same export of the model
    digest.update(json.dumps([settings.chunk_size, Path(settings.embedding_model).name, EXPORT_VERSION]).encode())
    return digest.hexdigest()[:16]


def chroma_client(settings: Settings) -> chromadb.ClientAPI:
    """A Chroma client for the configured mode, with telemetry off."""
    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    if settings.chroma_mode == "http":
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings)


def collection_name(settings: Settings, digest: str | None = None) -> str:
    return f"{settings.collection}_{digest or content_hash(settings)}"


def existing_collections(client: chromadb.ClientAPI) -> list[str]:
    """Names of the collections in this Chroma."""
    return [c if isinstance(c, str) else c.name for c in client.list_collections()]


def index_is_current(settings: Settings, client: chromadb.ClientAPI | None = None) -> bool:
    client = client or chroma_client(settings)
    return collection_name(settings) in existing_collections(client)


def hnsw_configuration(passages: int) -> dict:
    """Chroma's vector index settings for a collection of this many passages.

    HNSW search is approximate: it keeps the `ef_search` nearest candidates met so far and stops when no
    unvisited neighbour of them is nearer. With Chroma's default (100), a passage unlike every other (the
    reports plus a one-line addendum on a new topic) was missed for the question that quotes it (cosine 0.72,
    the next passage 0.34) in about one build of three, because the graph depends on the order in which
    Chroma inserts the vectors, which changes from build to build. With `ef_search` at least the number of
    passages the search never stops early and visits every passage it can reach: exact, and the same for
    every build (at 1,000 passages about a millisecond). Larger corpora keep Chroma's default."""
    hnsw: dict = {"space": "cosine"}
    if CHROMA_EF_SEARCH < passages <= EXACT_SEARCH_UP_TO:
        hnsw["ef_search"] = passages
    return {"hnsw": hnsw}


def build_index(settings: Settings, client: chromadb.ClientAPI | None = None) -> IndexStats:
    """Build the index aside under a temporary name, then swap it in. The index it replaces is kept
    (a running app keeps serving from it until it refreshes); older ones are dropped."""
    from langchain_chroma import Chroma  # index time only (0.2-0.9 s to import)

    started = time.perf_counter()
    client = client or chroma_client(settings)
    name = collection_name(settings)
    building = f"{name}__building"
    if building in existing_collections(client):
        client.delete_collection(building)  # left by an interrupted build
    passages = build_passages(settings)
    prepare_embeddings(settings)  # the ONNX export, once: passages and later questions go through it
    store = Chroma(
        client=client,
        collection_name=building,
        embedding_function=get_embeddings(settings),
        collection_configuration=hnsw_configuration(len(passages)),
        collection_metadata={"built_at": time.time()},
    )
    docs = [p.to_document() for p in passages]
    store.add_documents(docs, ids=[d.id for d in docs])
    collection = client.get_collection(building)
    lexical = lexical_dir(settings, name)
    build_lexical(passages, lexical, str(collection.id), get_embeddings(settings))  # the id stays through the rename
    if name in existing_collections(client):
        client.delete_collection(name)
    collection.modify(name=name)
    others = [c for c in existing_collections(client) if c.startswith(f"{settings.collection}_") and c != name]
    others.sort(key=lambda c: (client.get_collection(c).metadata or {}).get("built_at", 0), reverse=True)
    for old in others[1:]:
        client.delete_collection(old)
    prune_lexical(settings, existing_collections(client))
    stats = IndexStats(collection=name, passages=len(passages), seconds=time.perf_counter() - started)
    log.info("built index %s: %d passages in %.1fs", name, stats.passages, stats.seconds)
    return stats


class IndexStats(BaseModel):
    collection: str
    passages: int
    seconds: float
    rebuilt: bool = True


def _open_or_reset(settings: Settings) -> chromadb.ClientAPI:
    """The client; a local index that cannot be read is moved aside (kept for a post-mortem) and
    started afresh, so a corrupt file means one rebuild, never a crash loop."""
    try:
        client = chroma_client(settings)
        client.list_collections()
        return client
    except Exception as exc:
        if settings.chroma_mode != "local":
            raise
        aside = settings.index_dir.with_name(f"{settings.index_dir.name}.corrupt-{int(time.time())}")
        log.warning("index at %s is unreadable (%s); moving it to %s and rebuilding", settings.index_dir, exc, aside)
        chromadb.api.client.SharedSystemClient.clear_system_cache()
        settings.index_dir.rename(aside)
        return chroma_client(settings)


def ensure_index(settings: Settings, rebuild: bool = False) -> IndexStats:
    """Build the index if it is missing, stale, unreadable or `rebuild` is asked; otherwise reuse it."""
    client = _open_or_reset(settings)
    if not rebuild and index_is_current(settings, client):
        # an index built before the ONNX export or the saved BM25 existed: make them now, not at the app's start
        prepare_embeddings(settings)
        name = collection_name(settings)
        collection = client.get_collection(name)
        lexical = lexical_dir(settings, name)
        if not lexical_is_current(lexical, str(collection.id)):
            build_lexical(iter_index(settings, client), lexical, str(collection.id), get_embeddings(settings))
        return IndexStats(collection=name, passages=collection.count(), seconds=0.0, rebuilt=False)
    return build_index(settings, client)


def iter_index(settings: Settings, client: chromadb.ClientAPI | None = None) -> Iterator[Passage]:
    """Every passage stored in the current index (used to build the BM25 side of retrieval)."""
    client = client or chroma_client(settings)
    collection = client.get_collection(collection_name(settings))
    for offset in range(0, collection.count(), PAGE):  # in pages: one get() of a large index overflows SQLite
        got = collection.get(include=["documents", "metadatas"], limit=PAGE, offset=offset)
        for doc_id, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
            yield Passage.from_document(Document(id=doc_id, page_content=text, metadata=meta))


# -- BM25 and the passages, saved beside the index ----------------------------------------------------


def lexical_dir(settings: Settings, name: str) -> Path:
    """Where the BM25 index and the passages of the collection `name` are saved."""
    return settings.data_dir / "lexical" / name


def _bm25s():
    import bm25s  # index time only: it imports scipy (0.2-0.4 s), which a search does not need

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG on import
    return bm25s


def bm25_tokenize(texts: list[str], stemmer: Stemmer.Stemmer):
    """Stemmed words without English stopwords: how the passages are cut for BM25 (bm25s' tokenizer)."""
    return _bm25s().tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False)


def query_stems(text: str, stemmer: Stemmer.Stemmer, stopwords: frozenset[str]) -> list[str]:
    """The stemmed words of a question, in order, repeats kept: what `bm25_tokenize` makes of it (the same
    pattern, lowercasing, stopwords and stemmer; `tests/test_index.py` holds them equal), without bm25s."""
    return stemmer.stemWords([w for w in TOKEN.findall(text.lower()) if w not in stopwords])


def build_lexical(
    passages: Iterable[Passage], path: Path, collection_id: str, embedder: Embedder | None = None
) -> None:
    """Index passages (heading path + text) with BM25 and save that index, the passages (one JSON line each,
    with their byte offsets, so a large index is read lazily) and columns for filters to `path`; with an
    embedder, also the embeddings of the passages' sentences, which answers are composed of. It is written
    aside and swapped in whole; `meta.json` names the Chroma collection it belongs to."""
    passages = list(passages)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        bm25s = _bm25s()
        bm25 = bm25s.BM25()
        corpus = [f"{p.section_path}\n{p.text}" for p in passages]
        bm25.index(bm25_tokenize(corpus, Stemmer.Stemmer("english")), show_progress=False)
        bm25.save(str(tmp), show_progress=False)
        # the stopwords the passages were cut with, so a question is cut the same way without bm25s
        (tmp / "stopwords.json").write_text(json.dumps(sorted(bm25s.stopwords.STOPWORDS_EN)))
        offsets = [0]
        with open(tmp / "passages.jsonl", "wb") as f:
            for p in passages:
                line = p.model_dump_json(exclude={"score"}).encode() + b"\n"
                f.write(line)
                offsets.append(offsets[-1] + len(line))
        np.save(tmp / "offsets.npy", np.asarray(offsets, dtype=np.int64))
        for column in ("id", "role", "task"):
            np.save(tmp / f"{column}.npy", np.asarray([getattr(p, column) or "" for p in passages], dtype=str))
        if embedder is not None:
            sentences = list(dict.fromkeys(u for p in passages for u in units(p)))
            np.save(tmp / "sentences.npy", np.asarray(embedder.embed_documents(sentences), dtype=np.float32))
            (tmp / "sentences.json").write_text(json.dumps(sentences))
            texts, vectors = start_texts(embedder, passages)
            if texts:
                np.save(tmp / "start.npy", np.asarray(vectors, dtype=np.float32))
                (tmp / "start.json").write_text(json.dumps(texts))
        meta = {"version": LEXICAL_VERSION, "collection_id": collection_id, "passages": len(passages)}
        (tmp / "meta.json").write_text(json.dumps(meta))
        old = path.with_name(f".{path.name}.old-{uuid.uuid4().hex[:8]}")
        if path.exists():
            path.rename(old)  # a process that has it open keeps reading the files it mapped
        tmp.rename(path)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class _Recording:
    """An embedder that notes the texts it embeds as documents, and their embeddings."""

    def __init__(self, model: Embedder):
        self.model = model
        self.texts: list[str] = []
        self.vectors: list[list[float]] = []

    def embed_query(self, text: str) -> list[float]:
        return self.model.embed_query(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self.model.embed_documents(texts)
        self.texts += texts
        self.vectors += vectors
        return vectors


# Who warms up at start, with what texts: set by the chat stage (`bot.chat.warmup`), which knows the readers and
# answerers; this layer only records what they embed, so it never imports them.
StartWarmUp = Callable[[Embedder, list[Passage]], None]
_warm_ups: list[StartWarmUp] = []


def add_start_warm_up(warm_up: StartWarmUp) -> None:
    """Have index builds record what `warm_up(embedder, passages)` embeds, so a start finds it made."""
    if warm_up not in _warm_ups:
        _warm_ups.append(warm_up)


def start_texts(embedder: Embedder, passages: list[Passage]) -> tuple[list[str], list[list[float]]]:
    """The texts the app embeds at every start besides the passages' sentences (the router's labelled examples,
    the skills' definitions, the subtasks' names and examples, the tables' examples and the editions' differences
    the answerers compare with questions: 2.5 s on the project's machine), with their embeddings: recorded by
    running the registered warm-ups once, at index time, so a start finds them made. A text the warm-ups come to
    embed later (an edited example) is embedded at start, as before."""
    recording = _Recording(embedder)
    for warm_up in _warm_ups:
        warm_up(recording, passages)
    known = dict(zip(recording.texts, recording.vectors, strict=True))
    return list(known), list(known.values())


def lexical_is_current(path: Path, collection_id: str) -> bool:
    """Whether `path` holds a complete BM25 index of this format for the collection with this id."""
    try:
        meta = json.loads((path / "meta.json").read_text())
    except (OSError, ValueError):
        return False
    return meta.get("version") == LEXICAL_VERSION and meta.get("collection_id") == collection_id


def prune_lexical(settings: Settings, keep: list[str]) -> None:
    """Remove the saved BM25 indexes of collections that are gone."""
    root = settings.data_dir / "lexical"
    for path in root.iterdir() if root.is_dir() else []:
        if path.name not in keep and not path.name.startswith("."):  # dot names: another build's work in progress
            shutil.rmtree(path, ignore_errors=True)
