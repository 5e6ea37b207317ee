"""What surrounds a figure: the concepts near it, its sentence, the year it is stated for.

One regex pass per text finds every concept word (lexicon.py); a figure's relevance to a
claim figure is the weight of the concepts both have nearby, nearer counting more.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from .lexicon import CONCEPTS, FALL, RISE

YEAR = re.compile(r"(?<![\d.,])(?:1[89]\d\d|20\d\d)(?![\d]|[.,]\d)")
# a year something is compared with is not the period it is stated for
BASE_BEFORE = re.compile(
    r"(?:по\s+сравнению\s+с|чем(?:\s+в)?|compared\s+(?:with|to)|than|против|относительно|from"
    r"|с\s+уровнем)"
    r"\s+(?:the\s+|in\s+)?$",
    re.IGNORECASE,
)
BASE_AFTER = re.compile(
    r"\s*(?:жыл\w*\s+)?(?:салыстырғанда|деңгей\w*|годом|года\s+уровн\w*|level)", re.IGNORECASE
)
# the year of a date ("19 March 2025", "14 февраля 2025", "2025 жылғы 20 наурыз") is no period
DATE_BEFORE = re.compile(r"(?<!\d)\d{1,2}[ \u00a0]+[^\W\d]{3,},?[ \u00a0]+$")
DATE_AFTER = re.compile(r"[ \u00a0]*жылғы[ \u00a0]+\d{1,2}[ \u00a0]+[^\W\d]")
ABBREVIATIONS = "тыс млн млрд трлн г гг ж жж тел ул им т с no mr dr st vs kz ст обл тг долл руб"
# a sentence ends at a line break, or at . ! ? ; before a capital — not after "тыс." or "млн."
SENTENCE_END = re.compile(
    r"\n+|(?<=[.!?;])"
    + "".join(rf"(?<!\b{a}\.)(?<!\b{a.title()}\.)" for a in ABBREVIATIONS.split())
    + r"\s+(?=[«\"(\[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])"
)
REACH = 60.0  # characters over which a concept's weight falls by 1/e
BETWEEN = 0.85  # a word with another figure between it and this one weighs this much less
HEAD = 30  # characters between a count and the word for what it counts
FLOOR = 0.35  # the weight of a concept anywhere in the figure's sentence


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for many lower-case stems, as a trie (one branch per first letter), so
    that a position fails fast; "=" at a stem's end means a whole word."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word.lower():
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(r"(?<!\w)" + _trie(trie))


def _trie(node: dict[str, Any]) -> str:
    alts = []
    for ch, child in sorted(node.items(), key=lambda kv: kv[0] == ""):
        if ch == "":
            alts.append("")
        elif ch == "=":
            alts.append(r"(?!\w)")
        else:
            alts.append(re.escape(ch) + (_trie(child) if child else ""))
    if alts == [""]:
        return ""
    body = "|".join(a for a in alts if a)
    return f"(?:{body})" + ("?" if "" in alts else "")


def lowered(text: str) -> str:
    """The text in lower case when that keeps every offset, else as it is (then stems written
    in lower case miss its capitals, which is rare: "İ" is the case)."""
    low = text.lower()
    return low if len(low) == len(text) else text


@cache
def _index() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for concept, words in CONCEPTS.items():
        for word in words:
            key = word.rstrip("=").lower()
            out[key] = (*out.get(key, ()), concept)
    return out


def concept_pattern() -> re.Pattern[str]:
    return _pattern(tuple({w for words in CONCEPTS.values() for w in words}))


@dataclass
class Context:
    """A text's concept positions, sentence bounds and years, computed once per text."""

    text: str
    spots: list[tuple[int, str]]  # (position, concept), in order
    bounds: list[int]  # sentence starts
    years: list[tuple[int, int]]  # (position, year)
    idf: dict[str, float]
    figures: list[int] = field(default_factory=list)  # figure starts, set by match.Text

    @classmethod
    def of(cls, text: str, parts: dict[str, Any] | None = None) -> Context:
        """The context of a text, from `parts` (what `scan` found, as the cache keeps it)
        when given."""
        found = parts or scan(text)
        spots = [(p, c) for p, c in found["spots"]]
        bounds, years = found["bounds"], [(p, y) for p, y in found["years"]]
        counts = Counter(c for _, c in spots)
        total = max(len(bounds), 1)
        idf = {c: math.log(1 + total / (1 + n)) for c, n in counts.items()}
        return cls(text, spots, bounds, years, idf)

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.bounds, pos) - 1
        end = self.bounds[i + 1] if i + 1 < len(self.bounds) else len(self.text)
        return self.bounds[i], end

    def near(self, start: int, end: int) -> dict[str, float]:
        """Concepts in the figure's sentence (and, at half weight, the one before), each with
        the weight of its nearest occurrence."""
        s, e = self.sentence(start)
        ps, _ = self.sentence(max(s - 1, 0)) if s > 0 else (s, s)
        out: dict[str, float] = {}
        lo, hi = bisect_left(self.spots, (ps, "")), bisect_left(self.spots, (e, ""))
        for pos, concept in self.spots[lo:hi]:
            dist = 0 if start <= pos < end else start - pos if pos < start else pos - end
            weight = (FLOOR + (1 - FLOOR) * math.exp(-dist / REACH)) * (0.5 if pos < s else 1.0)
            weight *= BETWEEN ** self.between(pos, start, end)
            if weight > out.get(concept, 0.0):
                out[concept] = weight
        return out

    def head(self, start: int, end: int) -> str | None:
        """The concept a count counts: the first concept word right after the figure ("500
        joint ventures"), else the last one right before it ("number of vessels: 20")."""
        i = bisect_left(self.spots, (end, ""))
        if i < len(self.spots) and self.spots[i][0] - end <= HEAD:
            return self.spots[i][1]
        j = bisect_left(self.spots, (start, "")) - 1
        if j >= 0 and start - self.spots[j][0] <= HEAD:
            return self.spots[j][1]
        return None

    def between(self, pos: int, start: int, end: int) -> int:
        """How many other figures stand between a word at `pos` and the figure."""
        if pos < start:
            return bisect_left(self.figures, start) - bisect_right(self.figures, pos)
        return bisect_left(self.figures, pos) - bisect_right(self.figures, start)

    def direction(self, start: int, end: int) -> int:
        """+1 when a rise word is nearest the figure, -1 for a fall word, 0 for neither."""
        s, e = self.sentence(start)
        window = self.text[max(s, start - 40) : min(e, end + 30)]
        best, sign = 10**9, 0
        for words, value in ((RISE, 1), (FALL, -1)):
            for m in _pattern(words).finditer(window.lower()):
                dist = abs(m.start() + max(s, start - 40) - (start + end) // 2)
                if dist < best:
                    best, sign = dist, value
        return sign


def scan(text: str) -> dict[str, Any]:
    """The concept words and names, sentence starts and years of a text (JSON-ready)."""
    index = _index()
    low = lowered(text)
    spots = [(m.start(), c) for m in concept_pattern().finditer(low) for c in index[m.group()]]
    bounds = [0] + [m.end() for m in SENTENCE_END.finditer(text)]
    years = [
        (m.start(), int(m.group()))
        for m in YEAR.finditer(text)
        if not BASE_BEFORE.search(text, max(0, m.start() - 25), m.start())
        and not BASE_AFTER.match(text, m.end())
        and not DATE_BEFORE.search(text, max(0, m.start() - 20), m.start())
        and not DATE_AFTER.match(text, m.end())
    ]
    return {"spots": sorted(spots + names(text)), "bounds": bounds, "years": years}


NAME = re.compile(r"(?<![\w.])[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][^\W\d_]{3,}")
TO_LATIN = str.maketrans(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
    "abvgdeejziiklmnoprstufhccss_y_eyaagknouuhi",
)
LATIN_DIGRAPHS = (("kh", "h"), ("sh", "s"), ("ch", "c"), ("zh", "j"), ("ts", "c"))
VOWELS = str.maketrans("", "", "aeiouy_")


def names(text: str) -> list[tuple[int, str]]:
    """Capitalised words as "name:" concepts by their consonants, so that "Достық" meets
    "Dostyk" and "Ақтау" meets "Aktau" (first three consonants, Cyrillic read as Latin)."""
    out = []
    for m in NAME.finditer(text):
        skeleton = _skeleton(m.group())
        if skeleton:
            out.append((m.start(), skeleton))
    return out


@lru_cache(maxsize=1 << 16)
def _skeleton(word: str) -> str:
    word = word.lower()
    for digraph, one in LATIN_DIGRAPHS:
        word = word.replace(digraph, one)
    skeleton = word.translate(TO_LATIN).translate(VOWELS)[:3]
    return "name:" + skeleton.replace("q", "k").replace("c", "k") if len(skeleton) == 3 else ""


CLAUSE = re.compile(r"[,;.()\n]")


def years_of(ctx: Context, spans: list[tuple[int, int]]) -> list[set[int]]:
    """For each figure span (in text order), the years stated for it. A year goes to the
    nearer of the figures before and after it in its clause ("в 2023 году — 2,76 млн",
    "$1.1 billion in 2024, up 22 %"), else to the nearest one in its sentence."""
    out: list[set[int]] = [set() for _ in spans]
    starts = [s for s, _ in spans]
    for pos, year in ctx.years:
        end = pos + 4
        s, e = ctx.sentence(pos)
        i = bisect_left(starts, pos)
        options: list[tuple[bool, float, int]] = []
        if i > 0 and spans[i - 1][0] >= s and spans[i - 1][1] <= pos:
            gap = ctx.text[spans[i - 1][1] : pos]
            options.append((not CLAUSE.search(gap) and len(gap) < 40, -float(len(gap)), i - 1))
        if i < len(spans) and spans[i][0] < e:
            gap = ctx.text[end : spans[i][0]]
            options.append((not CLAUSE.search(gap) and len(gap) < 60, -len(gap) + 0.5, i))
        if options:
            out[max(options)[2]].add(year)
    return out
