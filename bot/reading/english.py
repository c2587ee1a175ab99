"""Ordinary English words: those wordfreq gives a Zipf frequency of 2 or more ("concretely" is one, "sientist" and
"dagster" are not). The spelling fixer leaves them alone, and the evidence check counts only other words as names
the reports may not know.

The set is read straight from the word list wordfreq ships (`large_en`, frequency bins in centibels): 0.1 s, where
importing wordfreq itself costs 0.3-0.8 s of a first answer. `tests/test_question.py` checks it agrees with
`wordfreq.zipf_frequency`."""

from __future__ import annotations

import gzip
import importlib.util
from functools import cache
from pathlib import Path

import msgpack

ENGLISH = 2.0  # the Zipf frequency from which a word is ordinary English
COMMON = 4.5  # from here a word is everyday English ("anywhere", "stuff"), no name of a tool or a topic
_LIST = "large_en.msgpack.gz"


@cache
def _word_sets() -> tuple[frozenset[str], frozenset[str]]:
    """The words of wordfreq's English list at Zipf frequency `ENGLISH` or more, and at `COMMON` or more, from one
    read of the list (its bins are not kept: bin i holds the words of frequency 10^(-i/100))."""
    spec = importlib.util.find_spec("wordfreq")
    path = Path(spec.origin).parent / "data" / _LIST
    with gzip.open(path) as f:
        header, *bins = msgpack.load(f, raw=False)
    if header != {"format": "cB", "version": 1}:
        raise RuntimeError(f"wordfreq's {_LIST} has an unknown format: {header}")

    def upto(zipf: float) -> frozenset[str]:  # Zipf = log10(frequency) + 9
        return frozenset(w for words in bins[: round((9 - zipf) * 100) + 1] for w in words)

    return upto(ENGLISH), upto(COMMON)


def english_words() -> frozenset[str]:
    """Every word of wordfreq's English list at Zipf frequency `ENGLISH` or more."""
    return _word_sets()[0]


def is_english(word: str) -> bool:
    """Whether a (lowercase) word is ordinary English."""
    return word in english_words()


def is_common(word: str) -> bool:
    """Whether a (lowercase) word is everyday English ("anywhere"), too common to name anything."""
    return word in _word_sets()[1]
