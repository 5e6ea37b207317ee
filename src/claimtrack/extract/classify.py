"""Turning sentences into candidate claims: kind, figures, deadline, confidence, reason."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import ClaimtrackError, InvalidInput
from . import patterns
from .cues import Cues, cues, shown
from .figures import Figure, attach_periods, scan
from .sentences import Sentence, sentences

if TYPE_CHECKING:
    from ..deadlines import TimeExpression

LANGS = ("kk", "ru", "en")
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
DEDUP_WINDOW = 40
_WORD4 = re.compile(r"\w{4,}")
_HAS_NUMBER = re.compile(r"\d|[$€₸%]")


@dataclass
class Candidate:
    kind: str
    quote: str
    start: int
    end: int
    figures: list[Figure] = field(default_factory=list)
    deadline: str | None = None
    deadline_start: str | None = None
    deadline_text: str | None = None
    confidence: float = 0.0
    reason: str = ""
    sentence_start: int = 0
    sentence_end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "figures": [f.to_dict() for f in self.figures],
            "deadline": self.deadline,
            "deadline_start": self.deadline_start,
            "deadline_text": self.deadline_text,
            "confidence": self.confidence,
            "reason": self.reason,
        }


def detect_lang(text: str) -> str:
    """kk if Kazakh-specific letters occur, ru for other Cyrillic, else en."""
    sample = text[:20000]
    if any(ch in KAZAKH_LETTERS for ch in sample):
        return "kk"
    cyr = sum(1 for ch in sample if "\u0400" <= ch <= "\u04ff")
    lat = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    return "ru" if cyr > lat else "en"


def extract(text: str, lang: str | None = None, ref: date | None = None) -> list[Candidate]:
    """Candidate claims of `text`, in text order; `ref` is the speech date for deadlines."""
    if lang is not None and lang not in LANGS:
        raise InvalidInput(f"Unknown language '{lang}' (use one of: {', '.join(LANGS)})")
    lang = lang or detect_lang(text)
    out: list[Candidate] = []
    stems: dict[int, frozenset[str]] = {}
    for sent in sentences(text):
        for cand in _sentence(text, sent, lang, ref):
            _add_unique(out, cand, stems)
    return out


def _stems(quote: str) -> frozenset[str]:
    return frozenset(w[:5].casefold() for w in _WORD4.findall(quote))


def _add_unique(out: list[Candidate], cand: Candidate, stems: dict[int, frozenset[str]]) -> None:
    """Append, unless a recent candidate of the same kind says the same (a paraphrase in a
    report of what the quote says); the direct, more confident one is kept."""
    mine = stems[id(cand)] = _stems(cand.quote)
    for i in range(len(out) - 1, max(-1, len(out) - DEDUP_WINDOW), -1):
        other = out[i]
        if other.kind != cand.kind or cand.kind == "statement":
            continue
        theirs = stems[id(other)]
        if mine and theirs and len(mine & theirs) / min(len(mine), len(theirs)) >= 0.7:
            if cand.confidence > other.confidence:
                out[i] = cand
            return
    out.append(cand)


def _sentence(text: str, sent: Sentence, lang: str, ref: date | None) -> list[Candidate]:
    seg = text[sent.start : sent.end]
    cue = cues(lang)
    reading = _worth_reading(seg, cue)
    if reading is None:
        return []
    times = _times(seg, lang, ref, sent.start) if reading else []
    if len(sent.clauses) > 1:
        parts = [_classify(text, s, e, sent, times, lang, ref) for s, e in sent.clauses]
        found = [c for c in parts if c is not None]
        if len({c.kind for c in found}) > 1:
            return found
    whole = _classify(text, sent.start, sent.end, sent, times, lang, ref)
    return [whole] if whole else []


def _worth_reading(seg: str, cue: Cues) -> bool | None:
    """None: nothing to propose; False: at most a statement; True: read time expressions too."""
    pat = patterns.get()
    if (
        _HAS_NUMBER.search(seg)
        or cue.any_cue.search(seg)
        or (cue.future_verb and cue.future_verb.search(seg))
        or pat.special_any.search(seg)
        or pat.number.search(seg)
    ):
        return True
    return False if cue.events.search(seg) else None


def _times(seg: str, lang: str, ref: date | None, offset: int) -> list[TimeExpression]:
    from ..deadlines import TimeExpression, find_time_expressions

    try:
        found = find_time_expressions(seg, lang, ref)
    except (ClaimtrackError, ValueError, OverflowError):
        return []
    return [
        TimeExpression(t.start + offset, t.end + offset, t.text, t.role, t.window) for t in found
    ]


def _classify(
    text: str,
    start: int,
    end: int,
    sent: Sentence,
    times: list[TimeExpression],
    lang: str,
    ref: date | None,
) -> Candidate | None:
    seg = text[start:end]
    mine = [t for t in times if start <= t.start and t.end <= end]
    figs = _figures(seg, lang, start, mine)
    cue = cues(lang)
    deadline = _deadline(mine, ref)
    kind, confidence, why = _decide(seg, figs, deadline, cue)
    if kind is None:
        return None
    if kind == "quantitative" and deadline is not None and not any(f.period for f in figs):
        figs = attach_periods(figs, [_period(deadline)])
    if kind != "commitment":
        deadline = None
    if seg.rstrip().endswith("?"):
        confidence -= 0.3
    cand = Candidate(
        kind,
        seg,
        start,
        end,
        figs,
        confidence=round(max(confidence, 0.05), 2),
        sentence_start=sent.start,
        sentence_end=sent.end,
    )
    reasons = [why]
    if deadline is not None:
        _set_deadline(cand, deadline)
        reasons.append(
            f"deadline '{deadline.text}'" + ("" if deadline.window else " (needs the speech date)")
        )
    if figs:
        reasons.append("figures: " + "; ".join(describe(f) for f in figs))
    cand.reason = "; ".join(reasons)
    return cand


def _figures(seg: str, lang: str, offset: int, times: list[TimeExpression]) -> list[Figure]:
    skip = [(t.start - offset, t.end - offset) for t in times]
    found = [f for f in scan(seg, lang, skip) if f.kind != "year"]
    periods = [
        (p[0] - offset, p[1] - offset, *p[2:])
        for p in (_period(t) for t in times if t.role in ("period", "date"))
    ]
    found = attach_periods(found, periods)
    return [_shift(f, offset) for f in found]


def _period(t: TimeExpression) -> tuple[int, int, str, str | None, str | None]:
    w = t.window
    return (
        t.start,
        t.end,
        t.text,
        w.start.isoformat() if w and w.start else None,
        w.end.isoformat() if w and w.end else None,
    )


def _shift(f: Figure, offset: int) -> Figure:
    return Figure(
        f.value,
        f.comparator,
        f.unit,
        f.kind,
        f.text,
        f.start + offset,
        f.end + offset,
        f.period,
        f.period_start,
        f.period_end,
    )


def _deadline(times: list[TimeExpression], ref: date | None) -> TimeExpression | None:
    for t in times:
        if t.role == "deadline":
            return t
    for t in times:
        if t.role == "date" and t.window and t.window.end and (ref is None or t.window.end > ref):
            return t
    return None


def _decide(
    seg: str, figs: list[Figure], deadline: TimeExpression | None, cue: Cues
) -> tuple[str | None, float, str]:
    strong = cue.strong.search(seg)
    if strong:
        bonus = 0.1 if deadline else 0.0
        return "commitment", 0.8 + bonus, f"commitment cue '{shown(seg, strong)}'"
    reported = cue.reported.search(seg)
    if reported:
        return "commitment", 0.75, f"reported proposal '{shown(seg, reported)}'"
    weak = cue.weak.search(seg)
    if weak and not figs:
        return "commitment", 0.55, f"commitment cue '{shown(seg, weak)}'"
    verb = _future_verb(seg, cue) if deadline is not None else None
    if verb and deadline is not None:
        return "commitment", 0.65, f"future verb '{verb}' with time '{deadline.text}'"
    if figs:
        strong_fig = any(f.unit or f.comparator != "=" or f.period for f in figs)
        confidence = 0.8 if strong_fig else 0.65
        return "quantitative", confidence, "figure " + repr(figs[0].text)
    event = cue.events.search(seg)
    if event:
        return "statement", 0.3, f"past event '{shown(seg, event)}'"
    return None, 0.0, ""


def _future_verb(seg: str, cue: Cues) -> str | None:
    if cue.future_verb is None:
        return None if cue.past.search(seg) else "future"
    if cue.not_future.search(seg):
        return None
    found = cue.future_verb.search(seg)
    return shown(seg, found) if found else None


def _set_deadline(cand: Candidate, t: TimeExpression) -> None:
    cand.deadline_text = t.text
    if t.window is not None:
        cand.deadline = t.window.end.isoformat() if t.window.end else None
        cand.deadline_start = t.window.start.isoformat() if t.window.start else None


def describe(f: Figure) -> str:
    comp = "" if f.comparator == "=" else f.comparator
    unit = f" {f.unit}" if f.unit else ""
    period = f" ({f.period})" if f.period else ""
    return f"{comp}{f.value:,}{unit} {f.kind}{period}".replace(",", " ")
