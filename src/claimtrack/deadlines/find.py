"""Find every time phrase in a sentence or a whole text, with its role and window."""

from __future__ import annotations

import re
from datetime import date

from .. import languages
from ..errors import DeadlineError
from .grammar import group_span, groups, langs, lower, rules, trigger
from .interpret import Reading, RelativeDeadline, interpret, plausible
from .model import TimeExpression, Window

# No phrase starts further than BEFORE characters ahead of its first trigger word or ends
# further than AFTER characters past it ("not later than the end of the " + "first half …").
BEFORE, AFTER = 48, 40
_SNAP = 40

# (start, end, rule priority, language, match)
_Candidate = tuple[int, int, int, str, re.Match[str]]
# What a phrase read as; None = not a time expression. Keyed by (language, rule, phrase).
_Cache = dict[tuple[str, int, str, date | None], Reading | str | None]
# Readings are pure (language, rule, phrase as written, reference date): a speech repeats its
# phrases ("2030 жылға дейін"), so they are kept across calls, up to CACHE_SIZE of them.
CACHE_SIZE = 4096
_READINGS: _Cache = {}


def _snap(text: str, end: int) -> int:
    """Move a window end past the word it cuts, so a rule's `(?!\\w)` sees the next character."""
    limit = min(len(text), end + _SNAP)
    while end < limit and (text[end].isalnum() or text[end] == "_"):
        end += 1
    return end


def _wanted(text: str, start: int, end: int, lang: str) -> bool:
    """Whether a digit near [start, end) belongs to ``lang``: the language its neighbourhood
    is written in (`languages.detect`)."""
    return languages.detect(text[start:end]) == lang


def _windows(text: str, lowered: str, lang: str, only: bool) -> list[tuple[int, int]]:
    """Stretches of text around the trigger words of a language, merged where they overlap.

    With every language in play (``only`` False) a digit starts a window only for the
    language its neighbourhood is written in; trigger words are specific to a language.
    """
    windows: list[tuple[int, int]] = []
    for hit in trigger(lang).finditer(lowered):
        start, end = max(0, hit.start() - BEFORE), _snap(text, hit.end() + AFTER)
        inside = bool(windows) and hit.start() < windows[-1][1]
        if not (only or inside or not hit.group().isdigit() or _wanted(text, start, end, lang)):
            continue
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _candidates(text: str, lowered: str, codes: tuple[str, ...]) -> list[_Candidate]:
    found: list[_Candidate] = []
    for lang in codes:
        windows = _windows(text, lowered, lang, len(codes) == 1)
        for priority, rule in enumerate(rules(lang)):
            for start, end in windows:
                found.extend(
                    (m.start(), m.end(), priority, lang, m)
                    for m in rule.finditer(lowered, start, end)
                )
    return found


def _reading(text: str, candidate: _Candidate, ref: date | None) -> Reading | str | None:
    """A Reading, the role of a relative phrase read without ``ref``, or None."""
    start, end, _, lang, match = candidate
    found = groups(match)
    month = group_span(match, "mon")
    if month is not None:
        found["mon"] = text[month[0] : month[1]]  # as written: "May" or "may"
    if text[start:end].isdigit() or not plausible(found, lang):
        return None
    try:
        return interpret(found, text[start:end], ref, lang)
    except RelativeDeadline:
        return _relative_role(found)
    except DeadlineError:  # impossible date or year out of range: not a time expression
        return None


def _relative_role(found: dict[str, str]) -> str:
    if {"past", "recent", "ytd", "since"} & found.keys():
        return "period"
    return "date" if {"prev", "prevp"} & found.keys() else "deadline"


def _expression(
    text: str, candidate: _Candidate, ref: date | None, cache: _Cache
) -> TimeExpression | None:
    start, end, priority, lang, _ = candidate
    phrase = text[start:end]
    key = (lang, priority, phrase, ref)
    if key not in cache:
        if len(cache) >= CACHE_SIZE:
            cache.clear()
        cache[key] = _reading(text, candidate, ref)
    reading = cache[key]
    if reading is None:
        return None
    if isinstance(reading, str):
        return TimeExpression(start, end, phrase, reading, None)
    window = Window(reading.start, reading.end, phrase)
    return TimeExpression(start, end, phrase, reading.role, window)


def find_time_expressions(text: str, lang: str | None, ref: date | None) -> list[TimeExpression]:
    """Every time phrase in ``text``, left to right, longest first where two overlap.

    ``lang`` limits the grammar to one language; None uses every registered one. Never raises; a
    relative phrase read without ``ref`` comes back with ``window=None``.
    """
    if not text:
        return []
    codes = langs()
    candidates = _candidates(text, lower(text), (lang,) if lang in codes else codes)
    candidates.sort(key=lambda c: (c[0], c[0] - c[1], c[2]))
    cache = _READINGS
    found: list[TimeExpression] = []
    taken_until = 0
    for candidate in candidates:
        if candidate[0] < taken_until:
            continue
        expression = _expression(text, candidate, ref, cache)
        if expression is not None:
            found.append(expression)
            taken_until = expression.end
    return found
