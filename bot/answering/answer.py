"""What the chat returns: an answer with its citations, tool calls, backend and grounding."""

from __future__ import annotations

from pydantic import BaseModel, Field

from bot.index.passages import Passage


class Citation(BaseModel):
    """A numbered reference: [n] in the answer text points at this passage."""

    n: int
    passage_id: str
    source: str
    title: str
    edition: str
    section: list[str]
    quote: str

    @classmethod
    def of(cls, n: int, passage: Passage) -> Citation:
        return cls(
            n=n,
            passage_id=passage.id,
            source=passage.source,
            title=passage.title,
            edition=passage.edition,
            section=passage.section,
            quote=passage.text,
        )

    def label(self) -> str:
        return f"[{self.n}] {self.title} ({self.edition}), {' > '.join(self.section)}"


class ToolCall(BaseModel):
    name: str
    args: dict
    result: str


class Answer(BaseModel):
    text: str
    citations: list[Citation] = []
    tool_calls: list[ToolCall] = []
    intent: str
    kind: str = Field("", description="The kind of question (bot.reading.question.Kind); empty for invalid input.")
    backend: str
    fallback: bool = Field(False, description="An LLM failed and the grounded composer answered instead.")
    grounding: float = Field(1.0, description="Share of answer sentences supported by the evidence.")
    unsupported: list[str] = []
    facts: list[str] = Field([], description="Sentences composed from taxonomy facts (the evidence they rest on).")
    standalone_question: str
    timings: dict[str, float] = {}

    def render(self) -> str:
        """The answer with its numbered sources, as plain text."""
        lines = [self.text]
        if self.citations:
            lines += ["", "Sources:"] + [c.label() for c in self.citations]
        return "\n".join(lines)
