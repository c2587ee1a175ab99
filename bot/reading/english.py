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
_LIST = "large_en.msgpack.gz"


COMMON = 4.5  # from here a word is everyday English ("anywhere", "stuff"), no name of a tool or a topic


@cache
def english_words(zipf: float = ENGLISH) -> frozenset[str]:
    """Every word of wordfreq's English list at Zipf frequency `zipf` (default `ENGLISH`) or more."""
    spec = importlib.util.find_spec("wordfreq")
    path = Path(spec.origin).parent / "data" / _LIST
    with gzip.open(path) as f:
        header, *bins = msgpack.load(f, raw=False)
    if header != {"format": "cB", "version": 1}:
        raise RuntimeError(f"wordfreq's {_LIST} has an unknown format: {header}")
    # bin i holds the words of frequency 10^(-i/100); Zipf = log10(frequency) + 9
    last = round((9 - zipf) * 100)
    return frozenset(w for i, words in enumerate(bins[: last + 1]) for w in words)


def is_english(word: str) -> bool:
    """Whether a (lowercase) word is ordinary English."""
    return word in english_words()


def is_common(word: str) -> bool:
    """Whether a (lowercase) word is everyday English ("anywhere"), too common to name anything."""
    return word in english_words(COMMON)
