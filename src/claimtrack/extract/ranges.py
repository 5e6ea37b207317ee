"""Pairs of figures read together: ranges ("15–20%", "от 15 до 20%", "between 5 and 7%")
and changes ("с 85 тыс. до 100 тыс. тенге", "85 мыңнан 100 мыңға дейін").

A range gives its lower bound ">=" and its upper bound "<="; a change gives both values "=".
The first figure takes the unit, kind and scale of the second when it has none of its own
("3–4 млрд долларов" is 3 to 4 billion dollars).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from .patterns import SEP

if TYPE_CHECKING:
    from ..languages.model import Language
    from .figures import Figure

_DASH = re.compile(rf"[{SEP}]*[-–—][{SEP}]*")
_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class _Words:
    to: re.Pattern[str]  # the word between the two figures: "до", "to"
    opener: re.Pattern[str]  # the word before the first: "от", "from", "between"
    change: re.Pattern[str]  # an opener that makes it a change: "с", "from"
    change_from: re.Pattern[str]  # a suffix of the first figure making it one: "-нан"


@cache
def _words(lang: Language) -> _Words:
    fig = lang.figures

    def rx(source: str, pattern: str) -> re.Pattern[str]:
        return re.compile(pattern.format(source), re.IGNORECASE) if source else _NEVER

    return _Words(
        to=rx(fig.range_to, rf"[{SEP}]+(?:{{}})[{SEP}]+"),
        opener=rx(
            "|".join(p for p in (fig.range_open, fig.change_open) if p),
            rf"(?<!\w)(?P<w>{{}})[{SEP}]+$",
        ),
        change=rx(fig.change_open, "(?:{})"),
        change_from=rx(fig.change_from, "(?:{})"),
    )


def link_ranges(text: str, figures: list[Figure], lang: Language) -> list[Figure]:
    """The figures with ranges and changes between neighbours resolved."""
    words = _words(lang)
    out = list(figures)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if b.kind == "year" or (a.unit is not None and a.unit != b.unit):
            continue
        how = _how(text, a, b, words)
        if how is None:
            continue
        a = _inherit(a, b)
        if how == "change":
            out[i], out[i + 1] = replace(a, comparator="="), replace(b, comparator="=")
        else:
            low = a.comparator if a.comparator != "=" else ">="
            high = b.comparator if b.comparator not in ("=", ">", ">=") else "<="
            out[i], out[i + 1] = replace(a, comparator=low), replace(b, comparator=high)
    return out


def _how(text: str, a: Figure, b: Figure, words: _Words) -> str | None:
    between = text[a.end : b.start]
    if _DASH.fullmatch(between):
        return "range"
    opener = words.opener.search(text, max(0, a.start - 12), a.start)
    if words.to.fullmatch(between) and opener:
        return "change" if words.change.fullmatch(opener.group("w")) else "range"
    if between.strip() == "" and words.change_from.search(a.text) and b.comparator == "<=":
        return "change"  # "85 мыңнан 100 мың теңгеге дейін"
    return None


def _inherit(a: Figure, b: Figure) -> Figure:
    if a.unit is not None or b.unit is None and b.scale == 1:
        return a
    value = a.value * b.scale if a.scale == 1 and b.scale > 1 else a.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return replace(a, value=value, unit=b.unit, kind=b.kind, scale=b.scale)
