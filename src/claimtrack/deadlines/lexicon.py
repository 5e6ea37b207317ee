"""Lookups from a matched word to what it means, in one language's tables.

The regex grammar decides *where* a word stands; the tables of the language the rule belongs
to (`claimtrack.languages`, its `TimeGrammar`) decide *what* it means, so one language's stems
never change another's readings. Lookups take the word as matched (any case) and return
``None`` for an unknown word.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from ..languages.model import TimeGrammar

T = TypeVar("T")

# Ordinals written the same way in every language: Roman and Arabic numerals.
ORDINAL_WORDS: dict[str, int] = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _key(word: str) -> str:
    return word.casefold().replace("ё", "е").rstrip(".")


def _by_stem(word: str, table: Mapping[str, T]) -> T | None:
    key = _key(word)
    for stem in sorted(table, key=len, reverse=True):
        if key.startswith(stem):
            return table[stem]
    return None


def month_of(word: str, time: TimeGrammar) -> int | None:
    return _by_stem(word, time.months)


def season_of(word: str, time: TimeGrammar) -> str | None:
    return _by_stem(word, time.seasons)


def edge_of(word: str, time: TimeGrammar) -> str | None:
    return _by_stem(word, time.edges)


def unit_of(word: str, time: TimeGrammar) -> tuple[int, int] | None:
    return _by_stem(word, time.units)


def ordinal_of(word: str, time: TimeGrammar) -> int | None:
    key = _key(word)
    if key in ORDINAL_WORDS:
        return ORDINAL_WORDS[key]
    if key in time.ordinals:
        return time.ordinals[key]
    return _by_stem(key, time.ordinals)


def number_of(text: str, time: TimeGrammar) -> int | None:
    """Digits, or one or two number words added up ("жиырма бес", "twenty-five")."""
    key = _key(text)
    if key.isdigit():
        return int(key)
    numbers = {_key(word): value for word, value in time.numbers.items()}
    total = 0
    for word in key.replace("-", " ").split():
        if word not in numbers:
            return None
        total += numbers[word]
    return total or None
