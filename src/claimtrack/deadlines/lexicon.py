"""Words of time in Kazakh, Russian and English, and lookups from a matched word to a value.

The regex grammar (`grammar.py`) decides *where* a word stands; these tables decide *what* it
means. Lookups take the word as matched (any case) and return ``None`` for an unknown word.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

T = TypeVar("T")

# Month stems; a matched word starts with exactly one of them (longest stems are tried first).
MONTH_STEMS: dict[str, int] = {
    # Kazakh
    "қаңтар": 1,
    "ақпан": 2,
    "наурыз": 3,
    "сәуір": 4,
    "мамыр": 5,
    "маусым": 6,
    "шілде": 7,
    "тамыз": 8,
    "қыркүйек": 9,
    "қазан": 10,
    "қараша": 11,
    "желтоқсан": 12,
    # Russian
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
    # English (names and abbreviations share the first three letters)
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

KK_MONTHS = "қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан"
RU_MONTHS = (
    r"(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)(?:ь|я|е|ю|ём|ем)"
    r"|(?:март|август)(?:а|е|у|ом)?|ма(?:й|я|е|ю|ем)"
)
EN_MONTHS = (
    "(?-i:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)

NUMBERS: dict[str, int] = {
    # Kazakh
    "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8,
    "тоғыз": 9, "он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50,
    # Russian (nominative and genitive; ё is folded to е before lookup)
    "один": 1, "одного": 1, "одной": 1, "одну": 1, "два": 2, "две": 2, "двух": 2,
    "три": 3, "трех": 3, "четыре": 4, "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6,
    "шести": 6, "семь": 7, "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9,
    "десять": 10, "десяти": 10, "одиннадцать": 11, "одиннадцати": 11, "двенадцать": 12,
    "двенадцати": 12, "пятнадцать": 15, "пятнадцати": 15, "двадцать": 20, "двадцати": 20,
    "тридцать": 30, "тридцати": 30, "сорок": 40, "сорока": 40, "пятьдесят": 50,
    "пятидесяти": 50,
    # English
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "eighteen": 18, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip

# Ordinals of halves and quarters: exact tokens first, then stems.
ORDINAL_WORDS: dict[str, int] = {
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4,
    "h1": 1, "h2": 2, "q1": 1, "q2": 2, "q3": 3, "q4": 4,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}  # fmt: skip
ORDINAL_STEMS: dict[str, int] = {
    "бірінші": 1, "екінші": 2, "үшінші": 3, "төртінші": 4,
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4,
    "first": 1, "second": 2, "third": 3, "fourth": 4,
}  # fmt: skip

SEASON_STEMS: dict[str, str] = {
    "көктем": "spring", "жаз": "summer", "күз": "autumn", "қыс": "winter",
    "весн": "spring", "лет": "summer", "осен": "autumn", "зим": "winter",
    "spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn",
    "winter": "winter",
}  # fmt: skip

EDGE_STEMS: dict[str, str] = {
    "бас": "start", "орта": "mid", "соң": "end", "аяғ": "end",
    "начал": "start", "середин": "mid", "кон": "end",
    "start": "start", "beginning": "start", "early": "start",
    "mid": "mid", "end": "end", "late": "end",
}  # fmt: skip

# Duration units: stem -> (months, days).
UNIT_STEMS: dict[str, tuple[int, int]] = {
    "полгод": (6, 0), "полугод": (6, 0), "десятилет": (120, 0), "decade": (120, 0),
    "жыл": (12, 0), "год": (12, 0), "лет": (12, 0), "year": (12, 0),
    "ай": (1, 0), "месяц": (1, 0), "month": (1, 0),
    "апта": (0, 7), "недел": (0, 7), "week": (0, 7),
    "күн": (0, 1), "дн": (0, 1), "день": (0, 1), "day": (0, 1),
}  # fmt: skip


def _key(word: str) -> str:
    return word.casefold().replace("ё", "е").rstrip(".")


def _by_stem(word: str, table: Mapping[str, T]) -> T | None:
    key = _key(word)
    for stem in sorted(table, key=len, reverse=True):
        if key.startswith(stem):
            return table[stem]
    return None


def month_of(word: str) -> int | None:
    return _by_stem(word, MONTH_STEMS)


def season_of(word: str) -> str | None:
    return _by_stem(word, SEASON_STEMS)


def edge_of(word: str) -> str | None:
    return _by_stem(word, EDGE_STEMS)


def unit_of(word: str) -> tuple[int, int] | None:
    return _by_stem(word, UNIT_STEMS)


def ordinal_of(word: str) -> int | None:
    key = _key(word)
    if key in ORDINAL_WORDS:
        return ORDINAL_WORDS[key]
    return _by_stem(key, ORDINAL_STEMS)


def number_of(text: str) -> int | None:
    """Digits, or one or two number words added up ("жиырма бес", "twenty-five")."""
    key = _key(text)
    if key.isdigit():
        return int(key)
    total = 0
    for word in key.replace("-", " ").split():
        if word not in NUMBERS:
            return None
        total += NUMBERS[word]
    return total or None


def number_words() -> str:
    """Regex alternation of the number words, longest first."""
    return "|".join(sorted(NUMBERS, key=len, reverse=True)).replace("е", "[её]")
