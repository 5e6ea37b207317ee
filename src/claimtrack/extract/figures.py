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

from . import patterns
from .lexicon import MONTHS, UNITS
from .patterns import SEP
from .ranges import link_ranges

Span = tuple[int, int]
SCALE_VALUES = {
    "мың": 1000,
    "тыс": 1000,
    "thousand": 1000,
    "k": 1000,
    "мил": 10**6,
    "млн": 10**6,
    "mln": 10**6,
    "m": 10**6,
    "миллиард": 10**9,
    "млрд": 10**9,
    "bil": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "трил": 10**12,
    "трлн": 10**12,
    "tri": 10**12,
    "tn": 10**12,
    "trl": 10**12,
}
CURRENCY_SIGNS = {
    "$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "₸": "KZT",
    "kzt": "KZT",
    "£": "GBP",
}
SCALE_KEYS = sorted(SCALE_VALUES, key=len, reverse=True)  # "миллиард" before "мил"
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


def scan(text: str, lang: str, skip: Iterable[Span] = ()) -> list[Figure]:
    """All figures outside the `skip` spans (time expressions) and masked phrases."""
    pat = patterns.get(lang)
    numbers = list(pat.number.finditer(text))
    specials = _specials(text, lang)
    if not numbers and not specials:
        return []
    blocked = sorted([*skip, *((m.start(), m.end()) for m in pat.masks.finditer(text))])
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
    return link_ranges(text, out)


def _inside(start: int, end: int, spans: Sequence[Span]) -> bool:
    return any(s <= start < e or s < end <= e or (start <= s and e <= end) for s, e in spans)


def _specials(text: str, lang: str) -> list[Figure]:
    """Shares ("үштен бірі") and multipliers written as words ("вдвое", "tripled")."""
    pat = patterns.get(lang)
    if not pat.special_any.search(text):
        return []
    out = []
    for rx, value, comp in pat.shares:
        for m in rx.finditer(text):
            if not re.search(
                r"(?:first|second|бірінші|екінші|перв\w+|втор\w+)\s+$",
                text[max(0, m.start() - 12) : m.start()],
                re.IGNORECASE,
            ):
                post, end = _post_comparator(text, m.end())
                found = post or _pre_comparator(text, m.start()) or comp
                out.append(
                    Figure(
                        number(value), found, "%", "percent", text[m.start() : end], m.start(), end
                    )
                )
    for rx, mult in pat.word_multipliers:
        for m in rx.finditer(text):
            comp = _pre_comparator(text, m.start()) or "="
            out.append(
                Figure(number(mult), comp, "times", "multiplier", m.group(), m.start(), m.end())
            )
    return out


def _figure(text: str, m: re.Match[str], lang: str) -> Figure | None:
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
    unit, kind, end = _unit(text, end)
    if unit is None and m.group("suf") and end == m.end():  # "836-km"
        unit, kind, end = _unit(text, m.start("suf") + 1)
        end = max(end, m.end())
    currency = patterns.get(lang).currency_before.search(text, max(0, start - 6), start)
    if currency and unit is None:
        unit, kind = CURRENCY_SIGNS[currency.group("c").lower()], "money"
        start = currency.start()
    comp_post, end = _post_comparator(text, end)
    if comp_post and unit is None:
        unit, kind, end = _unit(text, end)
    comp = comp_post or _pre_comparator(text, start) or "="
    if kind == "count" and _is_year(text, m, value, scaled):
        kind = "year"
    if kind == "duration" and _is_year(text, m, value, scaled):
        kind, unit = "year", None
    fig = Figure(number(value), comp, unit, kind, text[start:end], start, end)
    return replace(fig, scale=factor) if factor > 1 else fig


def _digits_value(text: str, m: re.Match[str], lang: str) -> tuple[Decimal | None, int, int]:
    end = m.end()
    scale = patterns.get(lang).scale.match(text, end)
    factor = 1
    if scale:
        word = (scale.group("s") or scale.group("a")).lower()
        factor = next((SCALE_VALUES[k] for k in SCALE_KEYS if word.startswith(k)), 1)
        end = scale.end()
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
        by_lang = (mark == "," and lang == "en") or (mark == "." and lang != "en")
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
    words = patterns.get(lang).words
    total = current = 0
    used = 0
    last = 0
    for tok in re.finditer(r"[^\s\-]+", phrase):
        word = tok.group().lower()
        if word in ("and", "и", "және"):
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
    if total == 1 and first in ("бір", "one", "один", "одна", "одно"):
        return None
    return total, used


def _unit(text: str, end: int) -> tuple[str | None, str, int]:
    m = patterns.get().units.match(text, end)
    if m and m.lastgroup:
        _, unit, kind = UNITS[int(m.lastgroup[1:])]
        return unit, kind, m.end()
    return None, "count", end


def _pre_comparator(text: str, start: int) -> str | None:
    before = text[max(0, start - LOOKBEHIND) : start]
    for rx, comp in patterns.get().pre:
        if rx.search(before):
            return comp
    return None


def _post_comparator(text: str, end: int) -> tuple[str | None, int]:
    for rx, comp in patterns.get().post:
        m = rx.match(text, end)
        if m:
            return comp, m.end()
    return None, end


YEAR_BEFORE = re.compile(
    r"(?:\bin|\bby|\bsince|\buntil|\bfrom|\bto|\bof|\bbefore|\bafter|\bthrough|\bbetween|"
    r"\band|\bв|\bк|\bдо|\bс|\bпо|\bна|\bи|\b(?:" + MONTHS + r")\w*\.?,?)[\s\u00a0]+$",
    re.IGNORECASE,
)
YEAR_AFTER = re.compile(r"[\s\u00a0]*(?:ж\.|жыл|г\.|гг\.|год|[-–]\d|[.,;:)!?]|$)", re.IGNORECASE)


def _is_year(text: str, m: re.Match[str], value: Decimal | int, scaled: bool) -> bool:
    raw = m.group("digits")
    if scaled or not raw or not re.fullmatch(r"\d{4}", raw) or not 1800 <= int(raw) <= 2149:
        return False
    return bool(
        YEAR_AFTER.match(text, m.end())
        or YEAR_BEFORE.search(text[max(0, m.start() - 10) : m.start()])
    )
