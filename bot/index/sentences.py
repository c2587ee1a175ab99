"""The sentences of a passage: what the index embeds one by one and the composer picks from."""

from __future__ import annotations

import re

from bot.index.passages import Passage

_SPLIT = re.compile(r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<=[.!?])\s+(?=[A-Z\"(])|\n+")

META = re.compile(
    r"^(here('s| is)|now let's|let's|in (this|part)|we('ll| will)|for each role|first, we'll|this report|"
    r"you can find)\b",
    re.I,
)

# the figures did not survive the PDF conversion: references to them mean nothing to a reader
FIGURE_REF = re.compile(
    r"Although it's not represented on Figure \d+, |"
    r"\s*\((see )?Figures? \d+\)|,? as (shown|represented) (on|in) Figures? \d+|\s*presented( in)? Figure \d+",
    re.I,
)
# taxonomy card lines that only name the thing ("Role: Data analyst.") carry no fact
NAME_ONLY = re.compile(r"^(Role|Task|Skill|Variant): [^.:]{0,60}\.?$")


def clean_sentence(text: str) -> str:
    """A report sentence without references to figures that are not in the text."""
    # the overview's enumeration markers ("A DS project starts with (i) data on which you can (ii) fit a model")
    text = re.sub(r"\s\((?:i|ii|iii|iv|v|i, ii and iii)\)(?=\s)", "", FIGURE_REF.sub("", text))
    return text.replace(" .", ".").strip()


def units(passage: Passage) -> list[str]:
    """The sentences of a passage; a subtask row stays whole, it is one fact."""
    if passage.kind == "table_row":
        return [passage.text]
    out = []
    for paragraph in passage.text.split("\n\n"):
        if paragraph.lstrip().startswith("*Figure"):  # captions of figures that did not survive
            continue
        for piece in _SPLIT.split(paragraph):
            piece = piece.strip().removeprefix("- ").strip()
            # list intros ("Deployment work includes:") and signposts ("Here's how ...") carry no fact
            fact = len(piece.split()) >= 4 and not piece.endswith(":") and not META.match(piece)
            if fact and not NAME_ONLY.match(piece):
                out.append(clean_sentence(piece))
    return out
