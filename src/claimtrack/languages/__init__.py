"""The languages claimtrack reads, each in one module, registered in one table.

    from claimtrack import languages
    languages.codes()                  # ("kk", "ru", "en")
    languages.detect("Биыл 5 мектеп")  # "kk"
    languages.get("ru").numbers.words["двести"]  # 200

A language is a `Language` value (see `model`); `register` adds one (a fourth language is one
module defining a `Language` and one `register` call). The extractor and the deadline layer
read every word list and grammar rule of a language from here. Importing is cheap: data only.
"""

from __future__ import annotations

import re
from functools import cache

from ..errors import InvalidInput
from . import en, kk, ru
from .model import Cues, Figures, Language, Numbers, Sentences, TimeGrammar

__all__ = [
    "Cues",
    "Figures",
    "Language",
    "Numbers",
    "Sentences",
    "TimeGrammar",
    "codes",
    "detect",
    "get",
    "lower",
    "register",
    "unregister",
]

_BUILT_IN = (kk.LANGUAGE, ru.LANGUAGE, en.LANGUAGE)
_REGISTRY: dict[str, Language] = {lang.code: lang for lang in _BUILT_IN}
DEFAULT = "en"  # for a text without letters of any registered script
SAMPLE = 20_000  # characters read by `detect`
MARK_SHARE = 0.02  # share of a script's letters that must be a language's marks


def register(language: Language) -> None:
    """Add a language (or replace one with the same code)."""
    if not re.fullmatch(r"[a-z]{2,3}", language.code):
        raise InvalidInput(f"Language code '{language.code}' must be 2-3 lower-case letters")
    _REGISTRY[language.code] = language
    _scripts.cache_clear()


def unregister(code: str) -> None:
    """Remove a language added with `register` (the built-in ones stay)."""
    if code in {lang.code for lang in _BUILT_IN}:
        raise InvalidInput(f"'{code}' is a built-in language")
    _REGISTRY.pop(code, None)
    _scripts.cache_clear()


def codes() -> tuple[str, ...]:
    """The registered language codes, built-in ones first."""
    return tuple(_REGISTRY)


def get(code: str) -> Language:
    """The language registered as `code`; InvalidInput for an unknown code."""
    try:
        return _REGISTRY[code]
    except KeyError:
        raise InvalidInput(
            f"Unknown language '{code}' (use one of: {', '.join(_REGISTRY)})"
        ) from None


def check(code: str | None) -> str | None:
    """`code` when registered (or None); InvalidInput otherwise."""
    if code is not None:
        get(code)
    return code


@cache
def _scripts() -> tuple[tuple[re.Pattern[str], tuple[Language, ...]], ...]:
    by_script: dict[str, list[Language]] = {}
    for lang in _REGISTRY.values():
        by_script.setdefault(lang.script, []).append(lang)
    return tuple((re.compile(f"[{script}]"), tuple(langs)) for script, langs in by_script.items())


def detect(text: str) -> str:
    """The language `text` is written in: the script with most letters decides, then the
    letters only one language of that script uses ("ә", "ң", … for Kazakh), when they make
    at least 2 % of them; a text without letters is English."""
    sample = text[:SAMPLE]
    best: tuple[int, tuple[Language, ...]] = (0, ())
    for pattern, langs in _scripts():
        count = len(pattern.findall(sample))
        if count > best[0]:
            best = (count, langs)
    letters, langs = best
    if not langs:
        return DEFAULT
    marked = [(_marks(sample, lang), lang.code) for lang in langs if lang.marks]
    hits, code = max(marked, default=(0, ""))
    if hits and hits >= MARK_SHARE * letters:
        return code
    plain = [lang.code for lang in langs if not lang.marks]
    return plain[0] if plain else langs[0].code


def lower(text: str) -> str:
    """``text.lower()`` with one character for one: offsets stay valid ("İ" stays "İ").

    Cues and the deadline grammar are matched on this copy, case-sensitively."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def _marks(sample: str, lang: Language) -> int:
    return sum(sample.count(ch) for ch in set(lang.marks))
