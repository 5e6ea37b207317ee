"""Sentences and clauses of a speech, as offsets into the original text.

Lines that are page furniture (headlines in capitals, speaker lines such as
"Қасым-Жомарт Тоқаев:", photo credits, "Read also") are skipped; datelines
("АСТАНА. KAZINFORM –") and leading dashes are cut from the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .lexicon import MONTHS

UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
# A dot after these does not end a sentence even before a capital letter (titles, "т.б.").
# Unit and scale abbreviations (млрд., г.) do end one when a capital letter follows.
ABBREVIATIONS = frozenset(
    "т.б т.с.с т.с т.е т.д т.п тт им ст св ул проф акад г-н г-жа mr mrs ms dr st jr sr prof "
    "gen gov sen rep no vs e.g i.e u.s u.k approx".split()
)
_END = re.compile(rf"[.!?…]+[»\"”’)]*(?=[ \t\u00a0]+[«\"“(–—\-]?[ \t\u00a0]*[{UPPER}0-9$€₸])")
_SPEAKER = re.compile(r"^[^.!?:\n]{2,60}:\s*$")
_FURNITURE = re.compile(
    r"^\s*(?:фото|photo|source|дереккөз|источник|читайте\s+также|read\s+(?:also|more)|"
    r"оқи\s+отырыңыз|share|поделиться|бөлісу|©|page\s+\d+|бет\s+\d+|\d+\s*/\s*\d+\s*$|"
    r"https?://|www\.|тақырып\w*:|теги:|tags:)",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    rf"^[{UPPER}][{UPPER}\-]{{2,}}(?:[ \-][{UPPER}]{{2,}})?"
    r"(?:,[^.–—\n]{1,40}?)?(?:\s*\([^)\n]{1,30}\))?\s*[.–—\-]\s+"
    rf"(?:[{UPPER}][\w.]*(?:\s+[\w.]+)?\s*[–—\-]\s+)?"
)
_LEAD = re.compile(r"[\s–—\-•*·]+")
_TAIL = re.compile(
    r"[,\s]*[–—\-]+\s*(?:деді|деп\s+\w+(?:\s+\w+)?|сказал\w*|отметил\w*|подчеркнул\w*|"
    r"заявил\w*|said|added|noted|stressed)[^.!?]*[.!?]?\s*$",
    re.IGNORECASE,
)
_CLAUSE = re.compile(
    r"(?:[,;]\s+(?=(?:and|but|while|whereas|а|но|однако|тогда\s+как|ал|бірақ|алайда|"
    r"сондай-ақ|және)\s)|;\s+"
    # "… were built last year and a further 100 will open …": a new subject with a future
    r"|\s+(?=(?:and|и)\s+(?:[\w'-]+\s+){1,4}(?:will|shall|будет|будут)\s))",
    re.IGNORECASE,
)
# A line that only dates the page: "18 декабря 2025 года, 14:30, Москва, Кремль".
_STAMP_WORDS = re.compile(
    r"(?<!\w)(?:(?:" + MONTHS + r")\w*|года?|гг?|жылғы|жылы|ж|p\.?m|a\.?m)(?!\w)", re.IGNORECASE
)
_DIGIT = re.compile(r"\d")
_LOWER_WORD = re.compile(r"(?<!\w)[a-zа-яёәғқңөұүһі]{3,}")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    clauses: tuple[tuple[int, int], ...]


def sentences(text: str) -> Iterator[Sentence]:
    """Sentences of `text` (skipping furniture), each with its clauses."""
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if _is_furniture(line):
            continue
        for s, e in _split_line(line):
            s, e = _trim(line, s, e)
            if e - s >= 3 and any(ch.isalnum() for ch in line[s:e]):
                yield Sentence(start + s, start + e, _clauses(line, s, e, start))


def _is_furniture(line: str) -> bool:
    stripped = line.strip()
    if not stripped or _SPEAKER.match(stripped) or _FURNITURE.match(stripped):
        return True
    if len(stripped) < 100 and _DIGIT.search(stripped):
        return not _LOWER_WORD.search(_STAMP_WORDS.sub("", stripped))
    if any(ch.islower() for ch in stripped):
        return False
    return sum(1 for ch in stripped if ch.isalpha()) >= 8


def _split_line(line: str) -> Iterator[tuple[int, int]]:
    head = _DATELINE.match(line)
    start = head.end() if head and head.end() < len(line) else 0
    for m in _END.finditer(line, start):
        if _is_abbreviation(line, m.start()):
            continue
        yield start, m.end()
        start = m.end()
    if start < len(line):
        yield start, len(line)


def _is_abbreviation(line: str, dot: int) -> bool:
    if line[dot] != ".":
        return False
    word = re.search(r"[\w.\-]*$", line[max(0, dot - 12) : dot])
    token = word.group().lower() if word else ""
    if token in ABBREVIATIONS:
        return True
    return len(token) == 1 and token.isalpha() and line[dot - 1].isupper()


def _trim(line: str, s: int, e: int) -> tuple[int, int]:
    lead = _LEAD.match(line, s)
    if lead:
        s = lead.end()
    tail = _TAIL.search(line, s, e)
    if tail and tail.start() > s:
        e = tail.start()
    while e > s and line[e - 1].isspace():
        e -= 1
    return s, e


def _clauses(line: str, s: int, e: int, offset: int) -> tuple[tuple[int, int], ...]:
    out = []
    start = s
    for m in _CLAUSE.finditer(line, s, e):
        out.append((offset + start, offset + m.start()))
        start = m.end()
    out.append((offset + start, offset + e))
    return tuple((a, b) for a, b in out if b > a)
