"""Regexes for figures, compiled once per language on first use from its `languages` entry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from .. import languages
from ..languages import common
from ..languages.model import Language, Unit
from .cues import lower_source

FLAGS = re.IGNORECASE
SEP = " \u00a0\u202f\u2009"
YEAR = r"(?:1[89]\d\d|20\d\d|21[0-4]\d)"
LETTER = r"[^\W\d_]"


@dataclass(frozen=True)
class Patterns:
    number: re.Pattern[str]  # on lower-cased text
    scale: re.Pattern[str]  # group s<i> matched: scale i of `factors`
    factors: tuple[int, ...]
    units: re.Pattern[str]  # group u<i> matched: `unit_table[i]`
    unit_table: tuple[Unit, ...]
    pre: re.Pattern[str]  # group p<i> matched: `pre_comparators[i]`
    pre_comparators: tuple[str, ...]
    post: tuple[tuple[re.Pattern[str], str], ...]
    shares: tuple[tuple[re.Pattern[str], float, str], ...]
    word_multipliers: tuple[tuple[re.Pattern[str], float], ...]
    masks: re.Pattern[str]  # on lower-cased text
    masks_cased: re.Pattern[str]  # on the text as written
    special_any: re.Pattern[str]  # on lower-cased text
    periods: re.Pattern[str]
    currency_before: re.Pattern[str]
    ordinal_before: re.Pattern[str]
    every_second: re.Pattern[str] | None
    year_before: re.Pattern[str]
    year_after: re.Pattern[str]
    reached_before: re.Pattern[str]
    reached_after: re.Pattern[str]
    words: dict[str, int]
    language: Language


def _alternation(words: list[str]) -> str:
    """A trie-shaped regex for the words: much faster than a flat alternation."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word.lower():
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body


def _any(*parts: str) -> str:
    """An alternation of the non-empty parts; a regex that never matches when all are empty."""
    kept = [p for p in parts if p]
    return "|".join(kept) if kept else r"(?!)"


def _number_regex(lang: Language) -> re.Pattern[str]:
    words = lang.numbers.words
    word = rf"(?:{_alternation(list(words))})" if words else r"(?!)"
    joiners = _any(*(re.escape(j) for j in lang.numbers.joiners))
    joiner = rf"(?:[{SEP}]+|-)(?:(?:{joiners})[{SEP}]+)?"
    digits = rf"(?:\d{{1,3}}(?:[{SEP}]\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*)"
    suffix = rf"(?P<suf>-{LETTER}+)?"
    return re.compile(
        lower_source(
            rf"(?:(?<![\w.,:/№#+\-])|(?<=\d-)|(?<=(?<!\w)r)|(?<=(?<!\w)us\$))"
            rf"(?P<digits>{digits}){suffix}(?![\w:/]|[.,]\d)"
            rf"|(?<![\w\-])(?P<words>{word}(?:{joiner}{word})*)(?![\w\-])"
        )
    )


def _scale_regex(lang: Language) -> tuple[re.Pattern[str], tuple[int, ...]]:
    spaced = [(rx, f) for rx, f in lang.numbers.scales]
    letters = [(rx, f) for rx, f in lang.numbers.scale_letters]
    groups = [f"(?P<s{i}>{rx})" for i, (rx, _) in enumerate(spaced + letters)]
    words = "|".join(groups[: len(spaced)]) or r"(?!)"
    tight = "|".join(groups[len(spaced) :]) or r"(?!)"
    rx = rf"(?:(?:[{SEP}]*|-)(?:{words})|(?:{tight}))(?!\w)"
    return re.compile(rx, FLAGS), tuple(f for _, f in spaced + letters)


def _with_num(rx: str, lang: Language) -> str:
    """Fill in NUMWORD (a number: digits or one of the language's number words), NUM (digits
    or any word) and YEAR."""
    words = _alternation(list(lang.numbers.words)) if lang.numbers.words else r"(?!)"
    numword = rf"(?:\d{{1,3}}|(?:{words})(?![\w]))"
    num = rf"(?:\d+|{LETTER}+)"
    return rx.replace("NUMWORD", numword).replace("NUM", num).replace("YEAR", YEAR)


def _periods(lang: Language) -> re.Pattern[str]:
    parts = [_with_num(p, lang) for p in lang.figures.periods]
    return re.compile(r"(?<!\w)(?:" + _any(*parts) + r")(?!\w)", FLAGS)


def _masks_cased() -> re.Pattern[str]:
    """Masks that need the letters' case, matched on the original text."""
    parts = (
        r"\b[IVXLCІХ]{1,6}\b(?=\s+\w)",  # Roman numerals: "XIII саммит"
        # codes ("A320", "Т-34"), not a currency letter before an amount ("R45 billion")
        r"\b(?!R\d[\d.,]*(?:[\s-]*(?:bn|billion|million|m|k|trillion|thousand)\b))"
        r"[A-ZА-Я]{1,6}[-+]?\d+(?:\+\d+)?\b",
        # an age set off after a name: "Tokayev, 72, has led"
        r"[A-ZА-ЯЁ][\w'-]+,[ \u00a0]\d{2,3}(?=,\s)",
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")")


def _masks(lang: Language) -> re.Pattern[str]:
    """Masks matched on the lower-cased text."""
    fig = lang.figures
    months = fig.months or r"(?!)"
    parts = (
        fig.idioms,
        _with_num(fig.not_counts, lang),
        rf"\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+(?:{months})\w*",
        rf"(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*{YEAR})?(?!\d)",
        r"\d{1,2}[./]\d{1,2}[./]\d{2,4}",
        r"\d{1,2}:\d{2}",
        rf"(?:{fig.labels})\s*\d+\w*" if fig.labels else "",
        rf"\d+(?:-?(?:{fig.ordinal_suffixes}))(?!\w)" if fig.ordinal_suffixes else "",
        # phone numbers: +7 (7172) 74-56-30, (202) 456-2580
        r"(?:\+\d{1,3}[ \u00a0]?)?\(\d{2,5}\)[ \u00a0]?\d{2,4}(?:[-\u00a0 ]\d{2,4}){1,3}"
        r"|\+\d{1,3}(?:[ \u00a0-]\d{2,4}){3,5}",
        _with_num(fig.month_counts, lang),
        # a year closing a title: «Цифрлық Қазақстан 2029», "Vision 2050"
        rf"{YEAR}(?=[»\"”])",
    )
    return re.compile(lower_source(r"(?<!\w)(?:" + _any(*parts) + ")"))


def _units(lang: Language) -> tuple[re.Pattern[str], tuple[Unit, ...]]:
    """The language's units, then the shared symbols, in one pattern (the first match wins)."""
    table = (*lang.figures.units, *common.UNITS)
    body = "|".join(f"(?P<u{i}>{rx})" for i, (rx, _, _) in enumerate(table))
    return re.compile(rf"[{SEP}]*(?:{body})", FLAGS), table


def _currency_before() -> re.Pattern[str]:
    signs = sorted(common.CURRENCY_BEFORE, key=len, reverse=True)
    symbols = "|".join(re.escape(s) for s in signs if not s.isalpha() or s == "us$")
    codes = "|".join(s for s in signs if s.isalpha() and len(s) > 1)
    return re.compile(
        rf"(?:(?P<c>{symbols})[{SEP}]*|(?<!\w)(?P<code>{codes})[{SEP}]+|(?<!\w)(?P<r>(?-i:R)))$",
        FLAGS,
    )


def _pre_comparators(pairs: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One pattern for every comparator that may stand before a number (group p<i> matched:
    comparator i); it must end where the number (or its currency sign) starts."""
    body = "|".join(f"(?P<p{i}>{rx})" for i, (rx, _) in enumerate(pairs)) or r"(?!)"
    rx = rf"(?<!\w)(?:{body})(?:[{SEP}]+(?:на|в|by))?[{SEP}]*(?:us\$|[$€₸£₽¥])?[{SEP}]*$"
    return re.compile(rx, FLAGS), tuple(comp for _, comp in pairs)


def _post_comparators(
    pairs: tuple[tuple[str, str], ...],
) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(rf"[{SEP}]*(?:{rx})(?!\w)", FLAGS), comp) for rx, comp in pairs)


@cache
def _compile(lang: Language) -> Patterns:
    fig = lang.figures
    scale, factors = _scale_regex(lang)
    pre, pre_comparators = _pre_comparators((*fig.pre, *common.PRE))
    units, table = _units(lang)
    specials = [rx for rx, _, _ in fig.shares] + [rx for rx, _ in fig.multipliers]
    if fig.every_second:
        specials.append(fig.every_second)
    words = _any(fig.year_before, fig.months and rf"(?:{fig.months})\w*\.?,?")
    return Patterns(
        number=_number_regex(lang),
        scale=scale,
        factors=factors,
        units=units,
        unit_table=table,
        pre=pre,
        pre_comparators=pre_comparators,
        post=_post_comparators(fig.post),
        shares=tuple(
            (re.compile(rf"(?<!\w)(?:{rx})(?!\w)", FLAGS), v, c) for rx, v, c in fig.shares
        ),
        word_multipliers=tuple(
            (re.compile(rf"(?<!\w)(?:{rx})(?!\w)", FLAGS), v) for rx, v in fig.multipliers
        ),
        masks=_masks(lang),
        masks_cased=_masks_cased(),
        special_any=re.compile(lower_source(r"(?<!\w)(?:" + _any(*specials) + r")")),
        periods=_periods(lang),
        currency_before=_currency_before(),
        ordinal_before=re.compile(rf"(?<!\w)(?:{_any(fig.ordinals)})\s+$", FLAGS),
        every_second=re.compile(rf"(?<!\w)(?:{fig.every_second})(?!\w)", FLAGS)
        if fig.every_second
        else None,
        year_before=re.compile(rf"(?<!\w)(?:{words})[\s\u00a0]+$", FLAGS),
        year_after=re.compile(rf"[\s\u00a0]*(?:{_any(fig.year_after)}|[.,;:)!?]|$)", FLAGS),
        reached_before=re.compile(_any(fig.reached_before), FLAGS),
        reached_after=re.compile(_any(fig.reached_after), FLAGS),
        words=dict(lang.numbers.words),
        language=lang,
    )


def get(code: str) -> Patterns:
    """The compiled patterns of one registered language."""
    return _compile(languages.get(code))


def number_words(code: str) -> dict[str, int]:
    """Number words of one language ("он" is ten in Kazakh and "he" in Russian)."""
    return dict(languages.get(code).numbers.words)
