"""Regexes for figures, compiled once on first use from the word lists in `lexicon`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import lexicon as lx

FLAGS = re.IGNORECASE
SEP = " \u00a0\u202f\u2009"
YEAR = r"(?:1[89]\d\d|20\d\d|21[0-4]\d)"
NUMWORD = r"(?:\d{1,2}|[a-zа-яёәғқңөұүһі]+)"
# An abbreviation's dot, unless it also ends the sentence ("5 млрд. тенге" vs "5 млрд. Ал").
# Case-sensitive inside: the patterns are compiled with IGNORECASE.
NO_END_DOT = r"\.(?![ \u00a0]*(?-i:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ«\"])|\s*$)"


@dataclass(frozen=True)
class Patterns:
    number: re.Pattern[str]
    scale: re.Pattern[str]
    units: re.Pattern[str]  # group u<i> matched: lexicon.UNITS[i]
    pre: tuple[tuple[re.Pattern[str], str], ...]
    post: tuple[tuple[re.Pattern[str], str], ...]
    shares: tuple[tuple[re.Pattern[str], float, str], ...]
    word_multipliers: tuple[tuple[re.Pattern[str], float], ...]
    masks: re.Pattern[str]
    special_any: re.Pattern[str]
    periods: re.Pattern[str]
    currency_before: re.Pattern[str]
    words: dict[str, int]


def _kk_forms() -> dict[str, int]:
    forms: dict[str, int] = {}
    for stem, value in lx.KK_NUMBERS.items():
        forms[stem] = value
        for ending in lx.KK_ENDINGS:
            if stem[-1] in "аеыіуоөұү" and ending[0] in "аеыі":
                continue
            word = stem + ending
            if word not in lx.KK_NOT_NUMBERS:
                forms[word] = value
    return forms


def number_words(lang: str = "") -> dict[str, int]:
    """Number words of one language ("он" is ten in Kazakh and "he" in Russian); all for ""."""
    if lang == "en":
        return dict(lx.EN_NUMBERS)
    if lang == "ru":
        return dict(lx.RU_NUMBERS)
    if lang == "kk":
        return _kk_forms()
    words = dict(lx.EN_NUMBERS)
    words.update(lx.RU_NUMBERS)
    words.update(_kk_forms())
    return words


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


def _number_regex(words: dict[str, int]) -> re.Pattern[str]:
    word = rf"(?:{_alternation(list(words))})"
    joiner = rf"(?:[{SEP}]+|-)(?:(?:and|и|және)[{SEP}]+)?"
    digits = rf"(?:\d{{1,3}}(?:[{SEP}]\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*)"
    suffix = r"(?P<suf>-[a-zа-яёәғқңөұүһі]+)?"
    return re.compile(
        rf"(?:(?<![\w.,:/№#+\-])|(?<=\d-))(?P<digits>{digits}){suffix}(?![\w:/]|[.,]\d)"
        rf"|(?<![\w\-])(?P<words>{word}(?:{joiner}{word})*)(?![\w\-])",
        FLAGS,
    )


def _periods() -> re.Pattern[str]:
    num = r"(?:\d+|[a-zа-яёәғқңөұүһі]+)"
    parts = (
        rf"соңғы\s+(?:{num}\s+)?(?:жыл|ай|апта|онжылдық)\w*",
        r"(?:жыл|\d{4}\s+жыл)\s+басынан\s+(?:бері|бастап)",
        r"өткен\s+жыл\w*|былтыр\w*|тәуелсіздік\s+жылдары\w*",
        rf"{YEAR}\s*(?:-|–)?\s*(?:жылы|жылдың\s+қорытындысы\s+бойынша|жылдары)",
        rf"за\s+последние\s+(?:{num}\s+)?(?:лет|год\w*|месяц\w*|недел\w*|десятилети\w*)",
        r"с\s+начала\s+(?:года|\d{4}\s+года)|в\s+прошлом\s+году|за\s+прошлый\s+год",
        rf"в\s+{YEAR}\s+году|за\s+{YEAR}\s+год|по\s+итогам\s+(?:{YEAR}\s+)?года"
        r"|за\s+годы\s+независимости",
        rf"(?:over|in|during)\s+the\s+(?:past|last|previous)\s+(?:{num}\s+)?"
        r"(?:years?|months?|weeks?|decades?)",
        rf"since\s+the\s+(?:start|beginning)\s+of\s+(?:the\s+year|{YEAR})|last\s+year"
        r"|so\s+far\s+this\s+year",
        rf"(?:in|during)\s+{YEAR}(?!\s*[-–]?\s*\d)",
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", FLAGS)


def _units() -> re.Pattern[str]:
    """All units in one pattern, in lexicon order (the first that matches wins)."""
    body = "|".join(f"(?P<u{i}>{rx})" for i, (rx, _, _) in enumerate(lx.UNITS))
    return re.compile(rf"[{SEP}]*(?:{body})", FLAGS)


def _masks() -> re.Pattern[str]:
    parts = (
        lx.IDIOMS,
        rf"\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+(?:{lx.MONTHS})\w*",
        rf"(?:{lx.MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*{YEAR})?(?!\d)",
        r"\d{1,2}[./]\d{1,2}[./]\d{2,4}",
        r"\d{1,2}:\d{2}",
        r"(?:№|no\.|article|бап|статья|статьи|page|бет|тармақ|пункт)\s*\d+\w*",
        r"\d+(?:-?(?:ші|шы|інші|ыншы|нші|ншы|st|nd|rd|th|й|го|ому|ым|ом|ое|ой|ая|ий|ый|ые"
        r"|ых|их|х|е|я|летие\w*|летн\w*|жылдық\w*))(?!\w)",
        r"(?-i:\b[IVXLCІХ]{1,6}\b)(?=\s+\w)",
        r"(?-i:\b[A-ZА-Я]{1,6}[-+]?\d+(?:\+\d+)?\b)",
        # phone numbers: +7 (7172) 74-56-30, (202) 456-2580
        r"(?:\+\d{1,3}[ \u00a0]?)?\(\d{2,5}\)[ \u00a0]?\d{2,4}(?:[-\u00a0 ]\d{2,4}){1,3}"
        r"|\+\d{1,3}(?:[ \u00a0-]\d{2,4}){3,5}",
        # an age set off after a name: "Tokayev, 72, has led"
        r"(?-i:[A-ZА-ЯЁ][\w'-]+),[ \u00a0]\d{2,3}(?=,\s)",
        # months counted as a reporting period: "за 11 месяцев", "first nine months of"
        rf"(?:за|по\s+итогам|в\s+перв\w+)\s+{NUMWORD}\s+месяц\w*"
        rf"|(?:the\s+first\s+)?{NUMWORD}\s+months\s+of\s+(?:the\s+year|this\s+year|{YEAR})"
        rf"|(?:жылдың\s+)?{NUMWORD}\s+ай(?:ында|ындағы|дағы|да|ы)(?!\w)",
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", FLAGS)


def _scale_words() -> str:
    scale_words = r"мың\w*|тысяч\w*|тыс(?:DOT)?|thousand|миллион\w*|млн(?:-\w+|DOT)?|million|mln"
    scale_words += r"|миллиард\w*|млрд(?:-\w+|DOT)?|billion|bn|триллион\w*|трлн(?:-\w+|DOT)?"
    scale_words += r"|trillion|trln|tn"
    return scale_words.replace("DOT", NO_END_DOT)


@cache
def get(lang: str = "") -> Patterns:
    """The patterns for one language's number words (all languages for "")."""
    words = number_words(lang)
    scale_words = _scale_words()
    return Patterns(
        number=_number_regex(words),
        scale=re.compile(rf"(?:[{SEP}]*(?P<s>{scale_words})(?!\w)|(?P<a>[kmb])(?![\w]))", FLAGS),
        units=_units(),
        pre=tuple(
            (
                re.compile(
                    rf"(?<!\w)(?:{rx})(?:[{SEP}]+(?:на|by))?[{SEP}]*[$€₸£]?[{SEP}]*$", FLAGS
                ),
                comp,
            )
            for rx, comp in lx.PRE_COMPARATORS
        ),
        post=tuple(
            (re.compile(rf"[{SEP}]*(?:{rx})(?!\w)", FLAGS), comp)
            for rx, comp in lx.POST_COMPARATORS
        ),
        shares=tuple(
            (re.compile(rf"(?<!\w)(?:{rx})(?!\w)", FLAGS), v, c) for rx, v, c in lx.SHARES
        ),
        word_multipliers=tuple(
            (re.compile(rf"(?<!\w)(?:{rx})(?!\w)", FLAGS), v) for rx, v in lx.WORD_MULTIPLIERS
        ),
        masks=_masks(),
        special_any=re.compile(
            r"(?<!\w)(?:"
            + "|".join([rx for rx, _, _ in lx.SHARES] + [rx for rx, _ in lx.WORD_MULTIPLIERS])
            + r")",
            FLAGS,
        ),
        periods=_periods(),
        currency_before=re.compile(
            r"(?P<c>[$€₸£]|usd|kzt|eur)[{SEP}]*$".replace("{SEP}", SEP), FLAGS
        ),
        words=words,
    )
