"""Text normalisation: search keys, sort keys and safe display of hostile text."""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls except tab and newline, plus bidi overrides/isolates and the
# other zero-width format characters an attacker can use to disguise text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# ANSI CSI / OSC / other escape sequences (removed whole, not just the ESC byte).
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_SPACE = re.compile(r"\s+")

# Order of the Kazakh Cyrillic alphabet (2021 standard order of letters within
# Cyrillic); letters not listed sort after, by code point.
_KK_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_KK_RANK = {ch: i for i, ch in enumerate(_KK_ALPHABET)}


def strip_controls(value: str) -> str:
    """Remove terminal escape sequences and control/format characters."""
    return _CONTROL.sub("", _ANSI.sub("", value))


def is_utf8(value: str) -> bool:
    """Whether `value` came from valid UTF-8: bytes that are not UTF-8 reach Python as lone
    surrogates (the `surrogateescape` of command-line arguments and of stdin under a C
    locale), which SQLite cannot store and no terminal can show."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def fold(value: str) -> str:
    """NFC-normalise and case-fold: the key for search and duplicate checks.

    Python's casefold handles the Kazakh letters (Ә→ә, Ғ→ғ, Қ→қ, Ң→ң, Ө→ө,
    Ұ→ұ, Ү→ү, Һ→һ, І→і); whitespace runs collapse to one space.
    """
    folded = unicodedata.normalize("NFC", value).casefold()
    return _SPACE.sub(" ", strip_controls(folded)).strip()


def sort_key(value: str) -> tuple[tuple[int, int], ...]:
    """Sort key that orders Kazakh Cyrillic letters in alphabet order."""
    base = len(_KK_ALPHABET)
    return tuple((0, _KK_RANK[ch]) if ch in _KK_RANK else (1, ord(ch) + base) for ch in fold(value))


def shorten(value: str, width: int) -> str:
    """Shorten at a word boundary, ending with an ellipsis when cut."""
    value = _SPACE.sub(" ", value).strip()
    if len(value) <= width:
        return value
    cut = value[: width - 1]
    space = cut.rfind(" ")
    if space > width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:–—-") + "…"


KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def detect_lang(text: str) -> str:
    """kk if Kazakh-specific letters occur, ru for other Cyrillic, else en."""
    sample = text[:20000]
    if any(ch in KAZAKH_LETTERS for ch in sample):
        return "kk"
    cyr = sum(1 for ch in sample if "\u0400" <= ch <= "\u04ff")
    lat = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    return "ru" if cyr > lat else "en"
