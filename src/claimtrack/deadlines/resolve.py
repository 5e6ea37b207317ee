"""Read one deadline phrase ("келесі жылы сәуірде", "до конца года", "by 2030") as a Window."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from .. import languages
from ..errors import DeadlineError
from ..text import strip_controls
from .grammar import groups, langs, lower, rules
from .interpret import check_year, interpret, unreadable
from .model import Window

_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_TRIM = " \t.,;:!?"


def guess_lang(text: str) -> str:
    """The language a phrase is written in (`languages.detect`)."""
    return languages.detect(text)


def _clean(phrase: str) -> str:
    return " ".join(strip_controls(unicodedata.normalize("NFC", phrase)).split()).strip(_TRIM)


def _order(lang: str | None, cleaned: str) -> tuple[str, ...]:
    codes = langs()
    first = lang if lang in codes else guess_lang(cleaned)
    return (first, *(other for other in codes if other != first))


def resolve_deadline(phrase: str, ref: date | None, lang: str | None = None) -> Window:
    """Read a time phrase as an inclusive window of days.

    ``ref`` is the speech date that relative phrases count from; ``lang`` ("kk", "ru", "en")
    is only tried first, the other languages follow. Raises DeadlineError when the phrase
    cannot be read, is relative and ``ref`` is None, or names an impossible date.
    """
    cleaned = _clean(phrase)
    if not cleaned:
        raise DeadlineError("No deadline phrase given (try 2026-04-30 or 'келесі жылы сәуірде')")
    lowered = lower(cleaned)
    problem: DeadlineError | None = None
    for code in _order(lang, cleaned):
        for rule in rules(code):
            match = rule.fullmatch(lowered)
            if match is None:
                continue
            try:
                reading = interpret(groups(match), phrase, ref, code)
            except DeadlineError as error:  # another rule may still read it
                problem = problem or error
                continue
            return Window(reading.start, reading.end, phrase)
    if problem is not None:
        raise problem
    day = _fallback(cleaned)
    if day is None:
        raise unreadable(phrase)
    return Window(day, day, phrase)


def _fallback(cleaned: str) -> date | None:
    """An absolute date the grammar does not cover, read by dateparser ("April 30th, 2026")."""
    years = _YEAR.findall(cleaned)
    if not years:
        return None
    import dateparser  # slow to import: only when a phrase needs it

    settings = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    try:
        found = dateparser.parse(cleaned, languages=["en", "ru", "kk"], settings=settings)
    except (ValueError, OverflowError, TypeError, LookupError):
        return None
    if found is None or str(found.year) not in years:
        return None
    check_year(found.year, cleaned)
    return date(found.year, found.month, found.day)
