"""What the readers and answerers embed at every start, recorded at index time (`bot.index.ingest.start_texts`)."""

from __future__ import annotations

from bot.answering import answerers
from bot.answering.replies import Library
from bot.index import ingest
from bot.index.embeddings import Embedder
from bot.index.passages import Passage
from bot.knowledge.taxonomy import default_taxonomy
from bot.reading import skills
from bot.reading.router import Router


def warm_up(embedder: Embedder, passages: list[Passage]) -> None:
    """Embed, through `embedder`, every text the mentor's start would: the skills' definitions and the subtasks'
    names and examples, the router's labelled examples, the answerers' table examples and editions' differences."""
    tax = default_taxonomy()  # the one the app's mentor reads
    skills.warm_up(tax, embedder)
    Router(tax, embedder).warm_up()
    embedder.embed_documents(answerers.warm_up_texts(Library(passages, tax), tax))


ingest.add_start_warm_up(warm_up)
