"""The regex grammar of time phrases: each language's rules (in `claimtrack.languages`) compiled.

Patterns are written with ``<<NAME>>`` placeholders for shared pieces and may repeat a group
name; `_compile` numbers every group (``mon__3``) so a rule can use the same name in several
alternatives, and `groups` reads them back by their base name. Nothing is compiled until a
rule set is first asked for.
"""

from __future__ import annotations

import functools
import itertools
import re

from .. import languages
from ..languages.model import TimeGrammar

_COMMON = {
    "NUMDATE": r"(?:(?P<y>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})"
    r"|(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<y>\d{4}))(?![\d.-]\d)",
}
# Every match of a language's rules contains one of its trigger words (lower case, "_" for a
# space) or four digits in a row (a year: "2030", "2026-04-30", "30.04.2026"); a day or a count
# only ever stands next to a trigger word ("5 March", "in 5 years"). `find` runs the rules only
# near a trigger, which keeps a megabyte of text well under a second.
_YEAR_DIGITS = r"(?<!\d)\d{4}(?!\d)"
_PLACEHOLDER = re.compile(r"<<(\w+)>>")
_GROUP = re.compile(r"\(\?P<(\w+)>")


def _expand(source: str, pieces: dict[str, str]) -> str:
    while "<<" in source:
        source = _PLACEHOLDER.sub(lambda m: pieces[m[1]], source)
    return source


def _compile(source: str, pieces: dict[str, str]) -> re.Pattern[str]:
    """Rules match lower-cased text: case-sensitive matching is much faster than IGNORECASE."""
    counter = itertools.count()
    body = _GROUP.sub(lambda m: f"(?P<{m[1]}__{next(counter)}>", _expand(source, pieces))
    body = body.replace("(?-i:", "(?:").lower().replace("(?p<", "(?P<")
    return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)")


def langs() -> tuple[str, ...]:
    """The codes of the registered languages."""
    return languages.codes()


def grammar(lang: str) -> TimeGrammar:
    return languages.get(lang).time


def rules(lang: str) -> tuple[re.Pattern[str], ...]:
    """The compiled rules of one language, in priority order (first wins a tie).

    They expect text passed through `lower`.
    """
    return compile_rules(grammar(lang))


@functools.cache
def compile_rules(time: TimeGrammar) -> tuple[re.Pattern[str], ...]:
    words = "|".join(sorted(time.numbers, key=len, reverse=True)).replace("е", "[её]")
    words = words or r"(?!)"
    num = rf"(?:\d{{1,3}}|(?:{words})(?:[\s-]+(?:{words}))?)"
    pieces = {**_COMMON, **time.pieces, "NUM": num}
    return tuple(_compile(source, pieces) for source in time.rules)


def lower(text: str) -> str:
    """``text.lower()`` with one character for one (`languages.lower`)."""
    return languages.lower(text)


def group_span(match: re.Match[str], name: str) -> tuple[int, int] | None:
    """Where the first group with base name ``name`` matched."""
    for key, value in match.groupdict().items():
        if value is not None and key.split("__", 1)[0] == name:
            return match.span(key)
    return None


def groups(match: re.Match[str]) -> dict[str, str]:
    """The groups that took part in a match, by base name (the first one wins)."""
    found: dict[str, str] = {}
    for key, value in match.groupdict().items():
        if value is not None:
            found.setdefault(key.split("__", 1)[0], value)
    return found


def trigger(lang: str) -> re.Pattern[str]:
    """The trigger words of a language; expects text passed through `lower`."""
    return _trigger(grammar(lang))


@functools.cache
def _trigger(time: TimeGrammar) -> re.Pattern[str]:
    words = sorted({w.replace("_", " ") for w in time.triggers.split()}, key=len)
    words.reverse()
    return re.compile("|".join([_YEAR_DIGITS, *(re.escape(word) for word in words)]))
