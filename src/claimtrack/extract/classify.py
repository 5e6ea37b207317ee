"""Turning sentences into candidate claims: kind, figures, deadline, confidence, reason."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from .. import languages
from ..errors import ClaimtrackError
from . import patterns
from .cues import Cues, cues, shown
from .figures import Figure, attach_periods, mask_spans, scan
from .sentences import Sentence, sentences

if TYPE_CHECKING:
    from ..deadlines import TimeExpression

LANGS = languages.codes()  # the built-in languages, as extract.session reads them
_HAS_NUMBER = re.compile(r"\d|[$€₸%]")
_ENDED = re.compile(r"[.!…»\"”]\s*$")  # a headline (no full stop) is no statement


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
    deadline_inherited: bool = False  # the window of an event named in a sentence before

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
            "deadline_inherited": self.deadline_inherited,
            "confidence": self.confidence,
            "reason": self.reason,
        }


def extract(text: str, lang: str | None = None, ref: date | None = None) -> list[Candidate]:
    """Candidate claims of `text`, in text order; `ref` is the speech date for deadlines.

    A sentence said twice gives one candidate; a commitment that points back to an event
    dated in one of the two sentences before it ("this summit") inherits that window.
    """
    lang = languages.check(lang) or languages.detect(text)
    out: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    before: list[Sentence] = []
    masks = mask_spans(text, lang)
    starts = [s for s, _ in masks]
    for sent in sentences(text):
        lo, hi = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
        mine = [(s - sent.start, e - sent.start) for s, e in masks[lo:hi]]
        for cand in _sentence(text, sent, lang, ref, mine):
            key = (cand.kind, " ".join(cand.quote.casefold().split()))
            if key in seen:
                continue
            seen.add(key)
            if cand.kind == "commitment" and cand.deadline_text is None:
                inherit(text, cand, before, lang, ref)
            out.append(cand)
        before = [*before[-1:], sent]
    return out


def inherit(
    text: str, cand: Candidate, before: list[Sentence], lang: str, ref: date | None
) -> None:
    """Give a commitment that refers back ("this summit", "осы форумға", "на нём") the
    future window of the nearest of the sentences before it that has one."""
    found = cues(lang).back_reference.search(languages.lower(cand.quote))
    if found is None:
        return
    for sent in reversed(before):
        times = _times(text[sent.start : sent.end], lang, ref, sent.start)
        deadline = _deadline(times, ref)
        if deadline is not None and deadline.window is not None and deadline.window.end:
            _set_deadline(cand, deadline)
            cand.deadline_inherited = True
            cand.confidence = round(max(cand.confidence - 0.15, 0.05), 2)
            cand.reason += f"; deadline '{deadline.text}' inherited ('{shown(cand.quote, found)}')"
            return


@dataclass(frozen=True)
class _Context:
    """What is read once per sentence and shared by its clauses."""

    lang: str
    ref: date | None
    times: list[TimeExpression]
    figures: list[Figure]  # with text offsets, years left out, no periods yet
    has_cue: bool


def _sentence(
    text: str, sent: Sentence, lang: str, ref: date | None, masks: list[tuple[int, int]]
) -> list[Candidate]:
    """The candidates of one sentence; `masks` are its masked phrases (sentence offsets)."""
    seg = text[sent.start : sent.end]
    if seg.rstrip().endswith("?"):
        return []  # a question asks, it neither claims nor promises
    cue = cues(lang)
    low = languages.lower(seg)
    has_cue = cue.any_cue.search(low) is not None or cue.headline.search(seg) is not None
    reading = has_cue or _worth_reading(seg, low, cue, lang)
    if reading is None:
        return []
    times = _times(seg, lang, ref, sent.start) if reading else []
    figs = _figures(seg, lang, sent.start, times, masks) if reading else []
    ctx = _Context(lang, ref, times, figs, has_cue)
    if len(sent.clauses) > 1:
        parts = [_classify(text, s, e, sent, ctx) for s, e in sent.clauses]
        found = [c for c in parts if c is not None]
        if len({c.kind for c in found}) > 1:
            return found
    whole = _classify(text, sent.start, sent.end, sent, ctx)
    return [whole] if whole else []


def _worth_reading(seg: str, low: str, cue: Cues, lang: str) -> bool | None:
    """None: nothing to propose; False: at most a statement; True: read time expressions too."""
    pat = patterns.get(lang)
    if (
        _HAS_NUMBER.search(seg)
        or pat.number.search(low)
        or pat.special_any.search(low)
        or (cue.future_verb and cue.future_verb.search(low))
        or (cue.future_verb is None and cue.time_words.search(low))
    ):
        return True
    return False if cue.events.search(low) else None


def _times(seg: str, lang: str, ref: date | None, offset: int) -> list[TimeExpression]:
    from ..deadlines import TimeExpression, find_time_expressions

    try:
        found = find_time_expressions(seg, lang, ref)
    except (ClaimtrackError, ValueError, OverflowError):
        return []
    return [
        TimeExpression(t.start + offset, t.end + offset, t.text, t.role, t.window) for t in found
    ]


def _classify(text: str, start: int, end: int, sent: Sentence, ctx: _Context) -> Candidate | None:
    seg = text[start:end]
    mine = [t for t in ctx.times if start <= t.start and t.end <= end]
    figs = [f for f in ctx.figures if start <= f.start and f.end <= end]
    periods = [_period(t) for t in mine if t.role in ("period", "date")]
    figs = attach_periods(figs, periods)
    cue = cues(ctx.lang)
    deadline = _deadline(mine, ctx.ref)
    kind, confidence, why = _decide(seg, figs, deadline, cue, ctx.has_cue)
    if kind is None:
        return None
    if kind == "quantitative" and deadline is not None and not any(f.period for f in figs):
        figs = attach_periods(figs, [_period(deadline)])
    if kind != "commitment":
        deadline = None
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
    _explain(cand, why, deadline)
    return cand


def _explain(cand: Candidate, why: str, deadline: TimeExpression | None) -> None:
    reasons = [why]
    if deadline is not None:
        _set_deadline(cand, deadline)
        reasons.append(
            f"deadline '{deadline.text}'" + ("" if deadline.window else " (needs the speech date)")
        )
    if cand.figures:
        reasons.append("figures: " + "; ".join(describe(f) for f in cand.figures))
    cand.reason = "; ".join(reasons)


def _figures(
    seg: str, lang: str, offset: int, times: list[TimeExpression], masks: list[tuple[int, int]]
) -> list[Figure]:
    skip = [(t.start - offset, t.end - offset) for t in times]
    skip += [m.span() for m in patterns.get(lang).periods.finditer(seg)]
    return [_shift(f, offset) for f in scan(seg, lang, skip, masks) if f.kind != "year"]


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
    seg: str, figs: list[Figure], deadline: TimeExpression | None, cue: Cues, has_cue: bool
) -> tuple[str | None, float, str]:
    low = languages.lower(seg)
    if not figs and cue.anniversary.search(low):
        return None, 0.0, ""  # "30 years since independence": nothing to check
    forecast = cue.forecast.search(low) if figs else None
    if forecast:
        return "quantitative", 0.75, f"forecast '{shown(seg, forecast)}'"
    strong = _cue(cue.strong, low, cue.discourse) if has_cue else None
    ended = _ENDED.search(seg) is not None
    strong = strong or (cue.headline.search(seg) if not ended else None)
    if strong:
        bonus = 0.1 if deadline else 0.0
        return "commitment", 0.8 + bonus, f"commitment cue '{shown(seg, strong)}'"
    reported = cue.reported.search(low) if has_cue else None
    if reported:
        return "commitment", 0.75, f"reported proposal '{shown(seg, reported)}'"
    weak = cue.weak.search(low) if has_cue and not figs else None
    if weak:
        return "commitment", 0.55, f"commitment cue '{shown(seg, weak)}'"
    telic = cue.telic.search(low) if cue.telic else None
    if telic and not cue.now.search(low) and not cue.not_future.search(low):
        bonus = 0.1 if deadline else 0.0
        return "commitment", 0.6 + bonus, f"future passive '{shown(seg, telic)}'"
    verb = _future_verb(seg, low, cue) if deadline is not None else None
    if verb and deadline is not None:
        return "commitment", 0.65, f"future verb '{verb}' with time '{deadline.text}'"
    if figs:
        strong_fig = any(f.unit or f.comparator != "=" or f.period for f in figs)
        confidence = 0.8 if strong_fig else 0.65
        return "quantitative", confidence, "figure " + repr(figs[0].text)
    event = cue.events.search(low) if ended else None
    if event:
        return "statement", 0.3, f"past event '{shown(seg, event)}'"
    return None, 0.0, ""


def _cue(rx: re.Pattern[str], seg: str, discourse: re.Pattern[str]) -> re.Match[str] | None:
    """The first match of `rx` that is not part of a turn of phrase ("нужно прямо сказать")."""
    found = rx.search(seg)
    if found is None:
        return None
    phrases = [(m.start(), m.end()) for m in discourse.finditer(seg)]
    while found is not None and any(s < found.end() and found.start() < e for s, e in phrases):
        found = rx.search(seg, found.end())
    return found


def _future_verb(seg: str, low: str, cue: Cues) -> str | None:
    if cue.future_verb is None:
        return None if cue.past.search(low) else "future"
    if cue.not_future.search(low):
        return None
    found = cue.future_verb.search(low)
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
