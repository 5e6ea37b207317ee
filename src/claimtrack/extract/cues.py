"""Cue words and verb forms that mark commitments, forecasts and events, compiled per language.

Strong cues make a sentence a commitment even when it holds figures ("ұсынамыз",
"планируем", "will"); weak cues ("қолдайды", "үміттенеміз", "-уға болады") only when it
holds none. A future verb form counts when the sentence also names a future time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .. import languages
from ..languages.model import Language

SUF = r"(?<=\w)"  # a suffix pattern: matched where it starts, the word is added back later


@dataclass(frozen=True)
class Cues:
    strong: re.Pattern[str]
    headline: re.Pattern[str]
    any_cue: re.Pattern[str]
    reported: re.Pattern[str]
    weak: re.Pattern[str]
    events: re.Pattern[str]
    past: re.Pattern[str]
    future_verb: re.Pattern[str] | None
    not_future: re.Pattern[str]
    telic: re.Pattern[str] | None
    now: re.Pattern[str]
    discourse: re.Pattern[str]
    forecast: re.Pattern[str]
    anniversary: re.Pattern[str]
    time_words: re.Pattern[str]  # words that may start a time phrase ("апреле", "quarter")
    back_reference: re.Pattern[str]


def _join(parts: tuple[str, ...]) -> re.Pattern[str]:
    if not parts:
        return re.compile(r"(?!)")
    words = "|".join(p for p in parts if not p.startswith(SUF))
    suffixes = "|".join(p for p in parts if p.startswith(SUF))
    body = rf"(?<!\w)(?:{words})" + (f"|{suffixes}" if suffixes else "")
    return re.compile(lower_source(rf"(?:{body})(?!\w)"))


def lower_source(source: str) -> str:
    """A regex source in lower case, escapes kept (``\\W`` stays ``\\W``): cues are matched
    on lower-cased text, case-sensitively, which is several times faster than IGNORECASE."""
    out = []
    escaped = False
    for ch in source:
        out.append(ch if escaped else ch.lower())
        escaped = not escaped and ch == "\\"
    return "".join(out).replace("(?p<", "(?P<").replace("(?p=", "(?P=")


def _words(triggers: str) -> re.Pattern[str]:
    words = sorted({w.replace("_", " ") for w in triggers.split()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + ("|".join(map(re.escape, words)) or "(?!)") + ")")


def shown(text: str, m: re.Match[str]) -> str:
    """The matched cue with the rest of its first word (suffix patterns match mid-word)."""
    start = m.start()
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
        start -= 1
    return text[start : m.end()].strip()


def cues(lang: str) -> Cues:
    """The compiled cues of a registered language."""
    return _compile(languages.get(lang))


@cache
def _compile(lang: Language) -> Cues:
    c = lang.cues

    def rx(source: str) -> re.Pattern[str]:
        return re.compile(lower_source(source))

    return Cues(
        strong=_join(c.strong),
        headline=re.compile("|".join(c.headline) or "(?!)"),
        any_cue=_join(c.strong + c.reported + c.weak),
        reported=_join(c.reported),
        weak=_join(c.weak),
        events=rx(c.events),
        past=rx(c.past),
        future_verb=rx(c.future_verb) if c.future_verb else None,
        not_future=rx(c.not_future),
        telic=rx(c.telic) if c.telic else None,
        now=rx(c.now),
        discourse=rx(c.discourse),
        forecast=rx(c.forecast),
        anniversary=rx(c.anniversary),
        time_words=_words(lang.time.triggers),
        back_reference=rx(c.back_reference),
    )
