"""Figures in a text: numbers with their scale, unit, kind, comparator and period.

`find_figures("400 мыңнан астам студент", "kk")` → one Figure(value=400000, comparator=">",
unit=None, kind="count"). Cheap to import: no date parser, regexes compiled on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from .. import languages
from ..languages.common import CURRENCY_BEFORE
from . import patterns
from .patterns import SEP
from .ranges import link_ranges

Span = tuple[int, int]
LOOKBEHIND = 48


@dataclass(frozen=True)
class Figure:
    value: float | int
    comparator: str
    unit: str | None
    kind: str
    text: str
    start: int
    end: int
    period: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    scale: int = field(default=1, compare=False, repr=False)  # the scale word's factor

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": number(self.value),
            "comparator": self.comparator,
            "unit": self.unit,
            "kind": self.kind,
            "text": self.text,
        }
        if self.period is not None:
            out["period"] = self.period
            if self.period_start or self.period_end:
                out["period_start"] = self.period_start
                out["period_end"] = self.period_end
        return out


def number(value: float | int | Decimal) -> float | int:
    """An int when integral, else a float rounded to 6 significant decimals."""
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e18:
            return int(value)
        return round(value, 6)
    return value


def find_figures(text: str, lang: str) -> list[Figure]:
    """Figures in `text`; years count only when nothing else does."""
    pat = patterns.get(lang)
    periods = [(m.start(), m.end(), m.group()) for m in pat.periods.finditer(text)]
    found = scan(text, lang, [(s, e) for s, e, _ in periods])
    found = attach_periods(found, [(s, e, t, None, None) for s, e, t in periods])
    if any(f.kind != "year" for f in found):
        return [f for f in found if f.kind != "year"]
    return found


def attach_periods(
    figures: list[Figure], periods: Sequence[tuple[int, int, str, str | None, str | None]]
) -> list[Figure]:
    """Give each figure the period phrase nearest to it (its window when known)."""
    if not periods:
        return figures
    out = []
    for f in figures:
        if f.kind == "year":
            out.append(f)
            continue
        s, e, t, ws, we = min(periods, key=lambda p: abs(p[0] - f.start))
        out.append(Figure(f.value, f.comparator, f.unit, f.kind, f.text, f.start, f.end, t, ws, we))
    return out


def scan(
    text: str, lang: str, skip: Iterable[Span] = (), masked: Sequence[Span] | None = None
) -> list[Figure]:
    """All figures outside the `skip` spans (time expressions) and masked phrases (`masked`
    when the caller found them in a longer text, see `mask_spans`)."""
    pat = patterns.get(lang)
    low = languages.lower(text)
    numbers = list(pat.number.finditer(low))
    specials = _specials(text, low, lang)
    if not numbers and not specials:
        return []
    seeds = [m.span() for m in numbers] + [(f.start, f.end) for f in specials]
    masks = _masked(text, low, pat, seeds) if masked is None else masked
    blocked = sorted([*skip, *masks])
    out: list[Figure] = []
    taken: list[Span] = []
    for found in specials:
        if not _inside(found.start, found.end, blocked):
            out.append(found)
            taken.append((found.start, found.end))
    last = 0
    for m in numbers:
        if m.start() < last or _inside(m.start(), m.end(), blocked):
            continue
        if _inside(m.start(), m.end(), taken):
            continue
        fig = _figure(text, m, lang)
        if fig is not None:
            out.append(fig)
            last = fig.end
    out.sort(key=lambda f: f.start)
    return link_ranges(text, out, pat.language)


MASK_BEFORE, MASK_AFTER = 48, 64  # how far a masked phrase reaches around its number


def mask_spans(text: str, lang: str) -> list[Span]:
    """Every masked phrase of a whole text, in order (cheaper once than per sentence)."""
    pat = patterns.get(lang)
    found = [m.span() for m in pat.masks.finditer(languages.lower(text))]
    found += [m.span() for m in pat.masks_cased.finditer(text)]
    return sorted(found)


def _masked(text: str, low: str, pat: patterns.Patterns, seeds: list[Span]) -> list[Span]:
    """The masked phrases near the numbers (a mask only matters where it covers one)."""
    windows: list[list[int]] = []
    for start, end in sorted(seeds):
        lo, hi = max(0, start - MASK_BEFORE), min(len(text), end + MASK_AFTER)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    found: list[Span] = []
    for lo, hi in windows:
        found += [m.span() for m in pat.masks.finditer(low, lo, hi)]
        found += [m.span() for m in pat.masks_cased.finditer(text, lo, hi)]
    return found


def _inside(start: int, end: int, spans: Sequence[Span]) -> bool:
    return any(s <= start < e or s < end <= e or (start <= s and e <= end) for s, e in spans)


def _specials(text: str, low: str, lang: str) -> list[Figure]:
    """Shares ("үштен бірі") and multipliers written as words ("вдвое", "tripled")."""
    pat = patterns.get(lang)
    if not pat.special_any.search(low):
        return []
    out = []
    for rx, value, comp in pat.shares:
        for m in rx.finditer(text):
            if not pat.ordinal_before.search(text, max(0, m.start() - 12), m.start()):
                post, end = _post_comparator(text, m.end(), pat)
                found = post or _pre_comparator(text, m.start(), pat) or comp
                out.append(
                    Figure(
                        number(value), found, "%", "percent", text[m.start() : end], m.start(), end
                    )
                )
    if pat.every_second is not None:
        for m in pat.every_second.finditer(text):
            out.append(Figure(50, "=", "%", "percent", m.group(), m.start(), m.end()))
    for rx, mult in pat.word_multipliers:
        for m in rx.finditer(text):
            comp = _pre_comparator(text, m.start(), pat) or "="
            out.append(
                Figure(number(mult), comp, "times", "multiplier", m.group(), m.start(), m.end())
            )
    return out


def _figure(text: str, m: re.Match[str], lang: str) -> Figure | None:
    pat = patterns.get(lang)
    start, end = m.start(), m.end()
    value: Decimal | int
    factor = 1
    if m.group("digits"):
        parsed, end, factor = _digits_value(text, m, lang)
        if parsed is None:
            return None
        value = parsed
    else:
        words = _word_value(m.group("words"), lang)
        if words is None:
            return None
        value, length = words
        end = start + length
    scaled = factor > 1 or (not m.group("digits") and value >= 1000)
    unit, kind, end = _unit(text, end, pat)
    if unit is None and m.group("suf") and end == m.end():  # "836-km"
        unit, kind, end = _unit(text, m.start("suf") + 1, pat)
        end = max(end, m.end())
    currency = pat.currency_before.search(text, max(0, start - 6), start)
    if currency and unit is None:
        sign = currency.group("c") or currency.group("code") or "r"
        unit, kind = CURRENCY_BEFORE[sign.lower()], "money"
        start = currency.start()
    comp_post, end = _post_comparator(text, end, pat)
    if comp_post and unit is None:
        unit, kind, end = _unit(text, end, pat)
    comp = comp_post or _pre_comparator(text, start, pat) or "="
    if comp == "<=" and _reached(text, start, end, pat):
        comp = "="  # "снизилась до 8,7%": the value reached, not a ceiling
    if kind == "count" and _is_year(text, m, scaled, pat):
        kind = "year"
    if kind == "duration" and _is_year(text, m, scaled, pat):
        kind, unit = "year", None
    fig = Figure(number(value), comp, unit, kind, text[start:end], start, end)
    return replace(fig, scale=factor) if factor > 1 else fig


def _digits_value(text: str, m: re.Match[str], lang: str) -> tuple[Decimal | None, int, int]:
    """The value, where the figure ends, and the scale factor ("45-billion", "5 млрд")."""
    pat = patterns.get(lang)
    end = m.end()
    scale = pat.scale.match(text, m.end("digits"))
    factor = 1
    if scale and scale.lastgroup:
        factor = pat.factors[int(scale.lastgroup[1:])]
        end = max(scale.end(), end)
    value = _parse_digits(m.group("digits"), lang, scaled=factor > 1)
    if value is None:
        return None, end, 1
    return value * factor, end, factor


def _parse_digits(raw: str, lang: str, scaled: bool) -> Decimal | None:
    body = re.sub(f"[{SEP}]", "", raw)
    if "," in body and "." in body:
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        body = body.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif "," in body or "." in body:
        mark = "," if "," in body else "."
        groups = body.split(mark)
        thousands = all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3
        by_lang = mark == patterns.get(lang).language.numbers.group_mark
        if thousands and (
            len(groups) > 2 or (by_lang and not scaled) or (mark == "," and not scaled)
        ):
            body = "".join(groups)
        elif len(groups) == 2:
            body = ".".join(groups)
        else:
            return None
    try:
        return Decimal(body)
    except InvalidOperation:
        return None


def _word_value(phrase: str, lang: str) -> tuple[int, int] | None:
    """Value of a run of number words and the length of the part that was used."""
    pat = patterns.get(lang)
    words, joiners = pat.words, pat.language.numbers.joiners
    total = current = 0
    used = 0
    last = 0
    for tok in re.finditer(r"[^\s\-]+", phrase):
        word = tok.group().lower()
        if word in joiners:
            if last >= 100:
                continue
            break
        value = words.get(word)
        if value is None:
            break
        if value == 100:
            current = max(current, 1) * 100
        elif value >= 1000:
            total += max(current, 1) * value
            current = 0
        elif last and last < 10 and value < 100:
            break
        else:
            current += value
        last = value
        used = tok.end()
    total += current
    if used == 0 or total == 0:
        return None
    first = phrase.split()[0].lower()
    if total == 1 and first in pat.language.numbers.lone_one:
        return None
    return total, used


def _unit(text: str, end: int, pat: patterns.Patterns) -> tuple[str | None, str, int]:
    m = pat.units.match(text, end)
    if m and m.lastgroup:
        _, unit, kind = pat.unit_table[int(m.lastgroup[1:])]
        return unit, kind, m.end()
    return None, "count", end


def _reached(text: str, start: int, end: int, pat: patterns.Patterns) -> bool:
    before = text[max(0, start - LOOKBEHIND) : start]
    return bool(pat.reached_before.search(before) or pat.reached_after.match(text, end))


def _pre_comparator(text: str, start: int, pat: patterns.Patterns) -> str | None:
    found = pat.pre.search(text, max(0, start - LOOKBEHIND), start)
    if found is None or found.lastgroup is None:
        return None
    return pat.pre_comparators[int(found.lastgroup[1:])]


def _post_comparator(text: str, end: int, pat: patterns.Patterns) -> tuple[str | None, int]:
    for rx, comp in pat.post:
        m = rx.match(text, end)
        if m:
            return comp, m.end()
    return None, end


def _is_year(text: str, m: re.Match[str], scaled: bool, pat: patterns.Patterns) -> bool:
    raw = m.group("digits")
    if scaled or not raw or not re.fullmatch(r"\d{4}", raw) or not 1800 <= int(raw) <= 2149:
        return False
    return bool(
        pat.year_after.match(text, m.end())
        or pat.year_before.search(text[max(0, m.start() - 10) : m.start()])
    )
