"""Sentences and clauses of a speech, as offsets into the original text.

Lines that are page furniture (headlines in capitals, speaker lines such as
"Қасым-Жомарт Тоқаев:", photo credits, "Read also") are skipped; datelines
("АСТАНА. KAZINFORM –") and leading dashes are cut from the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .. import languages

UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_END = re.compile(rf"[.!?…]+[»\"”’)]*(?=[ \t\u00a0]+[«\"“(–—\-]?[ \t\u00a0]*[{UPPER}0-9$€₸])")
_SPEAKER = re.compile(r"^[^.!?:\n]{2,60}:\s*$")
_DATELINE = re.compile(
    rf"^[{UPPER}][{UPPER}\-]{{2,}}(?:[ \-][{UPPER}]{{2,}})?"
    r"(?:,[^.–—\n]{1,40}?)?(?:\s*\([^)\n]{1,30}\))?\s*[.–—\-]\s+"
    rf"(?:[{UPPER}][\w.]*(?:\s+[\w.]+)?\s*[–—\-]\s+)?"
)
_LEAD = re.compile(r"[\s–—\-•*·]+")
_DIGIT = re.compile(r"\d")
_LOWER_WORD = re.compile(r"(?<!\w)[^\W\d_A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]{3,}")


@dataclass(frozen=True)
class _Rules:
    """The splitting rules of every registered language together: a speech quotes others."""

    abbreviations: frozenset[str]
    furniture: re.Pattern[str]
    tail: re.Pattern[str]
    clause: re.Pattern[str]
    stamp_words: re.Pattern[str]


def _rules() -> _Rules:
    return _compile(tuple(languages.get(code) for code in languages.codes()))


@cache
def _compile(langs: tuple[languages.Language, ...]) -> _Rules:
    def any_of(field: str) -> str:
        return "|".join(getattr(lang.sentences, field) for lang in langs)

    return _Rules(
        abbreviations=frozenset(a for lang in langs for a in lang.sentences.abbreviations),
        furniture=re.compile(
            rf"^\s*(?:{any_of('furniture')}|©|\d+\s*/\s*\d+\s*$|https?://|www\.)",
            re.IGNORECASE,
        ),
        tail=re.compile(rf"[,\s]*[–—\-]+\s*(?:{any_of('said')})[^.!?]*[.!?]?\s*$", re.IGNORECASE),
        clause=re.compile(
            rf"(?:[,;]\s+(?=(?:{any_of('conjunctions')})\s)|;\s+"
            # "… were built last year and a further 100 will open …": a new subject, a future
            rf"|\s+(?=(?:and|и)\s+(?:[\w'-]+\s+){{1,4}}(?:{any_of('future_aux')})\s))",
            re.IGNORECASE,
        ),
        stamp_words=re.compile(rf"(?<!\w)(?:{any_of('stamp_words')})(?!\w)", re.IGNORECASE),
    )


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    clauses: tuple[tuple[int, int], ...]


def sentences(text: str) -> Iterator[Sentence]:
    """Sentences of `text` (skipping furniture), each with its clauses."""
    rules = _rules()
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if _is_furniture(line, rules):
            continue
        for s, e in _split_line(line, rules):
            s, e = _trim(line, s, e, rules)
            if (
                e - s >= 3
                and any(ch.isalnum() for ch in line[s:e])
                and not _is_stamp(line[s:e], rules)
            ):
                yield Sentence(start + s, start + e, _clauses(line, s, e, start, rules))


def _is_furniture(line: str, rules: _Rules) -> bool:
    stripped = line.strip()
    if not stripped or _SPEAKER.match(stripped) or rules.furniture.match(stripped):
        return True
    if len(stripped) < 100 and _DIGIT.search(stripped):
        return not _LOWER_WORD.search(rules.stamp_words.sub("", stripped))
    if any(ch.islower() for ch in stripped):
        return False
    return sum(1 for ch in stripped if ch.isalpha()) >= 8


def _is_stamp(sentence: str, rules: _Rules) -> bool:
    """A dateline sentence: "Павлодар, 14 августа." (a place and a date, no other word)."""
    return (
        len(sentence) < 60
        and _DIGIT.search(sentence) is not None
        and not _LOWER_WORD.search(rules.stamp_words.sub("", sentence))
    )


def _split_line(line: str, rules: _Rules) -> Iterator[tuple[int, int]]:
    head = _DATELINE.match(line)
    start = head.end() if head and head.end() < len(line) else 0
    for m in _END.finditer(line, start):
        if _is_abbreviation(line, m.start(), rules):
            continue
        yield start, m.end()
        start = m.end()
    if start < len(line):
        yield start, len(line)


def _is_abbreviation(line: str, dot: int, rules: _Rules) -> bool:
    if line[dot] != ".":
        return False
    word = re.search(r"[\w.\-]*$", line[max(0, dot - 12) : dot])
    token = word.group().lower() if word else ""
    if token in rules.abbreviations:
        return True
    return len(token) == 1 and token.isalpha() and line[dot - 1].isupper()


def _trim(line: str, s: int, e: int, rules: _Rules) -> tuple[int, int]:
    lead = _LEAD.match(line, s)
    if lead:
        s = lead.end()
    tail = rules.tail.search(line, s, e)
    if tail and tail.start() > s:
        e = tail.start()
    while e > s and line[e - 1].isspace():
        e -= 1
    return s, e


def _clauses(line: str, s: int, e: int, offset: int, rules: _Rules) -> tuple[tuple[int, int], ...]:
    out = []
    start = s
    for m in rules.clause.finditer(line, s, e):
        out.append((offset + start, offset + m.start()))
        start = m.end()
    out.append((offset + start, offset + e))
    return tuple((a, b) for a, b in out if b > a)
