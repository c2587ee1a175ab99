"""A citable piece of knowledge (a report chunk or a taxonomy card), as the index stores it."""

from __future__ import annotations

import json
from typing import Literal

from langchain_core.documents import Document
from pydantic import BaseModel, Field

ChunkKind = Literal["prose", "table_row", "role_card", "task_card", "skill_card", "org_card"]


class Passage(BaseModel):
    """A citable piece of knowledge: a report chunk or a taxonomy card, with where it comes from."""

    id: str
    text: str
    source: str = Field(description="Source id, e.g. ai_career_pathways_2020, or 'taxonomy'.")
    title: str
    edition: str = Field(description="'2019', '2020' or 'both' for taxonomy cards.")
    section: list[str] = Field(description="Heading path, outermost first.")
    kind: ChunkKind
    task: str | None = None
    subtask: str | None = None
    role: str | None = None
    skills: list[str] = []
    score: float | None = None

    @property
    def section_path(self) -> str:
        return " > ".join(self.section)

    def cite(self) -> str:
        """A human-readable reference, e.g. 'AI Career Pathways (2020), Data Engineering > Labeling data'."""
        return f"{self.title} ({self.edition}), {self.section_path}"

    def to_document(self) -> Document:
        # The heading path is embedded with the text, so a row like "Labeling data" is found by its task.
        meta = {
            "source": self.source,
            "title": self.title,
            "edition": self.edition,
            "section": json.dumps(self.section),
            "kind": self.kind,
            "task": self.task,
            "subtask": self.subtask,
            "role": self.role,
            "skills": ",".join(self.skills),
        }
        content = f"{self.section_path}\n{self.text}"
        return Document(id=self.id, page_content=content, metadata={k: v for k, v in meta.items() if v})

    @classmethod
    def from_document(cls, doc: Document, score: float | None = None) -> Passage:
        meta = doc.metadata
        skills = meta.get("skills", "")
        return cls(
            id=doc.id or meta.get("id", ""),
            text=doc.page_content.split("\n", 1)[-1],
            source=meta["source"],
            title=meta["title"],
            edition=meta["edition"],
            section=json.loads(meta["section"]),
            kind=meta["kind"],
            task=meta.get("task"),
            subtask=meta.get("subtask"),
            role=meta.get("role"),
            skills=skills.split(",") if skills else [],
            score=score,
        )
