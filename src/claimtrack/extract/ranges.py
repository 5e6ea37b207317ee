"""Pairs of figures read together: ranges ("15–20%", "от 15 до 20%", "between 5 and 7%")
and changes ("с 85 тыс. до 100 тыс. тенге", "85 мыңнан 100 мыңға дейін").

A range gives its lower bound ">=" and its upper bound "<="; a change gives both values "=".
The first figure takes the unit, kind and scale of the second when it has none of its own
("3–4 млрд долларов" is 3 to 4 billion dollars).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from .patterns import SEP

if TYPE_CHECKING:
    from .figures import Figure

_DASH = re.compile(rf"[{SEP}]*[-–—][{SEP}]*")
_TO = re.compile(rf"[{SEP}]+(?:до|to|and|и)[{SEP}]+", re.IGNORECASE)
_OPENER = re.compile(rf"(?<!\w)(?P<w>от|с|со|from|between)[{SEP}]+$", re.IGNORECASE)
_CHANGE = frozenset({"с", "со", "from"})
_KK_FROM = re.compile(r"[ндт][ае]н$")


def link_ranges(text: str, figures: list[Figure]) -> list[Figure]:
    """The figures with ranges and changes between neighbours resolved."""
    out = list(figures)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if b.kind == "year" or (a.unit is not None and a.unit != b.unit):
            continue
        how = _how(text, a, b)
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


def _how(text: str, a: Figure, b: Figure) -> str | None:
    between = text[a.end : b.start]
    if _DASH.fullmatch(between):
        return "range"
    opener = _OPENER.search(text, max(0, a.start - 12), a.start)
    if _TO.fullmatch(between) and opener:
        return "change" if opener.group("w").lower() in _CHANGE else "range"
    if between.strip() == "" and _KK_FROM.search(a.text) and b.comparator == "<=":
        return "change"  # "85 мыңнан 100 мың теңгеге дейін"
    return None


def _inherit(a: Figure, b: Figure) -> Figure:
    if a.unit is not None or b.unit is None and b.scale == 1:
        return a
    value = a.value * b.scale if a.scale == 1 and b.scale > 1 else a.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return replace(a, value=value, unit=b.unit, kind=b.kind, scale=b.scale)
