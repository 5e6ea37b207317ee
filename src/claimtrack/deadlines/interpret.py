"""Turn the groups of a grammar match into a role and an inclusive window of days."""

from __future__ import annotations

import calendar as _cal
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .. import languages
from ..errors import DeadlineError
from ..languages.model import TimeGrammar
from ..text import shorten, strip_controls
from . import lexicon
from .spans import (
    Span,
    by_edge,
    edge_span,
    half_span,
    month_span,
    quarter_span,
    season_span,
    shift,
    year_span,
)

MIN_YEAR, MAX_YEAR = 1900, 2200
RECENT_MONTHS = 60  # "in recent years" is read as the last five years (approximate)
_CONTEXT = {"by", "from", "since", "in", "y", "day", "next", "this", "prev", "nxt", "thisp"}
_CONTEXT |= {"prevp", "edge", "cur"}


class RelativeDeadline(DeadlineError):
    """A relative phrase ("next year") read without a reference date."""


def show(phrase: str) -> str:
    """The phrase as it may appear inside a one-line message."""
    return shorten(strip_controls(phrase), 60)


@dataclass(frozen=True)
class Reading:
    role: str
    start: date | None
    end: date | None


@dataclass
class Parts:
    """What a match says, in words the calendar understands."""

    groups: dict[str, str]
    phrase: str
    time: TimeGrammar

    def has(self, *names: str) -> bool:
        return any(name in self.groups for name in names)

    def word(self, name: str) -> str:
        return self.groups.get(name, "")

    @property
    def relation(self) -> str:
        for name in ("since", "by", "from"):
            if name in self.groups:
                return name
        return "in"

    @property
    def has_context(self) -> bool:
        return bool(_CONTEXT & self.groups.keys())

    def needs_ref(self) -> DeadlineError:
        return RelativeDeadline(
            f"'{show(self.phrase)}' is relative and needs the speech date "
            "(register the speech with --date)"
        )


def check_year(year: int, phrase: str) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DeadlineError(
            f"Year {year} in '{show(phrase)}' is out of range "
            f"(use a year from {MIN_YEAR} to {MAX_YEAR})"
        )
    return year


def _impossible(parts: Parts, month: int, day: int, year: int | None = None) -> DeadlineError:
    where = _cal.month_name[month] + (f" {year}" if year is not None else "")
    return DeadlineError(
        f"'{show(parts.phrase)}' is not a calendar date ({where} has no day {day}; "
        "check the day and month)"
    )


def _month(parts: Parts) -> int | None:
    if parts.has("mnum"):
        month = int(parts.word("mnum"))
        if not 1 <= month <= 12:
            raise DeadlineError(
                f"'{show(parts.phrase)}' has no month {month} (write dates as 2026-04-30)"
            )
        return month
    return lexicon.month_of(parts.word("mon"), parts.time) if parts.has("mon") else None


def _day_fn(parts: Parts, month: int) -> Callable[[int], Span | None]:
    day = int(parts.word("day"))
    if not 1 <= day <= _cal.monthrange(2000, month)[1]:  # 2000 is a leap year
        raise _impossible(parts, month, day)

    def span(year: int) -> Span | None:
        if day > _cal.monthrange(year, month)[1]:
            return None
        return date(year, month, day), date(year, month, day)

    return span


def unit_fn(parts: Parts) -> tuple[Callable[[int], Span | None], bool]:
    """The span a phrase names inside a given year, and whether it is smaller than a year."""
    month = _month(parts)
    if month is not None:
        if parts.has("day"):
            return _day_fn(parts, month), True
        return (lambda year: month_span(year, month)), True
    if parts.has("half"):
        half = lexicon.ordinal_of(parts.word("half"), parts.time) or 1
        return (lambda year: half_span(year, half)), True
    if parts.has("qtr"):
        quarter = lexicon.ordinal_of(parts.word("qtr"), parts.time) or 1
        return (lambda year: quarter_span(year, quarter)), True
    if parts.has("season"):
        season = lexicon.season_of(parts.word("season"), parts.time) or "summer"
        return (lambda year: season_span(year, season)), True
    return year_span, False


def _occurrence(fn: Callable[[int], Span | None], ref: date, pick: str) -> int:
    """The year of the next, current, or most recent occurrence of a month, season, …"""
    years = range(ref.year - 5, ref.year + 6)
    spans = [(year, fn(year)) for year in years]
    valid = [(year, span) for year, span in spans if span is not None]
    if pick == "next":  # strictly after the reference day
        return next(year for year, span in valid if span[0] > ref)
    if pick == "prev":  # over before the reference day
        return [year for year, span in valid if span[1] < ref][-1]
    if pick == "since":  # most recent one that has started
        return [year for year, span in valid if span[0] <= ref][-1]
    return next(year for year, span in valid if span[1] >= ref)  # not over yet


def pick_year(parts: Parts, fn: Callable[[int], Span | None], sub: bool, ref: date | None) -> int:
    if parts.has("y"):
        return check_year(int(parts.word("y")), parts.phrase)
    if ref is None:
        raise parts.needs_ref()
    if parts.has("this", "cur", "thisp"):
        return ref.year
    if parts.has("next"):
        return ref.year + 1
    if parts.has("prev"):
        return ref.year - 1
    if not sub:
        raise unreadable(parts.phrase)
    if parts.has("nxt"):
        return _occurrence(fn, ref, "next")
    if parts.has("prevp"):
        return _occurrence(fn, ref, "prev")
    return _occurrence(fn, ref, "since" if parts.relation == "since" else "upcoming")


def unreadable(phrase: str) -> DeadlineError:
    return DeadlineError(
        f"Could not read a date in '{show(phrase)}' (try 2026-04-30 or 'келесі жылы сәуірде')"
    )


def _duration(parts: Parts, ref: date | None) -> Reading:
    if ref is None:
        raise parts.needs_ref()
    if parts.has("ytd"):
        return Reading("period", date(ref.year, 1, 1), ref)
    plural = parts.word("unit").casefold() in parts.time.plural_units
    if parts.has("recent") or (plural and not parts.has("num") and parts.has("past")):
        return Reading("period", shift(ref, RECENT_MONTHS, 0, -1), ref)
    months, days = lexicon.unit_of(parts.word("unit"), parts.time) or (12, 0)
    count = lexicon.number_of(parts.word("num"), parts.time) if parts.has("num") else 1
    if count is None:
        raise unreadable(parts.phrase)
    if parts.has("past"):
        return Reading("period", shift(ref, months * count, days * count, -1), ref)
    return Reading("deadline", ref, shift(ref, months * count, days * count, 1))


def _dated(parts: Parts, ref: date | None) -> Reading:
    fn, sub = unit_fn(parts)
    year = pick_year(parts, fn, sub, ref)
    span = fn(year)
    if span is None:
        raise _impossible(parts, _month(parts) or 2, int(parts.word("day")), year)
    if parts.has("yend"):
        last = check_year(int(parts.word("yend")), parts.phrase)
        if last < year:
            raise DeadlineError(f"'{show(parts.phrase)}' ends before it starts (write 2026-2030)")
        span = span[0], year_span(last)[1]
    return _apply(parts, span, sub, ref)


def _apply(parts: Parts, span: Span, sub: bool, ref: date | None) -> Reading:
    edge = lexicon.edge_of(parts.word("edge"), parts.time) if parts.has("edge") else None
    relation = parts.relation
    if relation == "by":
        end = by_edge(span, edge) if edge else span[1]
        start = ref if ref is not None and ref <= end else None
        return Reading("date" if ref is not None and ref > end else "deadline", start, end)
    start, end = edge_span(span, edge) if edge else span
    if relation in ("from", "since"):
        if ref is not None and start <= ref:
            return Reading("period", start, ref)
        return Reading("period" if relation == "since" else "deadline", start, None)
    if ref is not None and parts.has("this") and not sub and not edge:
        start = max(start, ref)  # "this year" as a deadline runs from the speech day
    past = parts.has("prev", "prevp") or (ref is not None and end < ref)
    return Reading("date" if past else "deadline", start, end)


def interpret(found: dict[str, str], phrase: str, ref: date | None, lang: str) -> Reading:
    """Read the groups of one match of a ``lang`` rule; raises DeadlineError
    (RelativeDeadline without ``ref``)."""
    parts = Parts(found, phrase, languages.get(lang).time)
    try:
        if parts.has("unit", "recent", "ytd"):
            return _duration(parts, ref)
        return _dated(parts, ref)
    except (ValueError, OverflowError) as error:  # e.g. a reference date near year 9999
        raise DeadlineError(
            f"'{show(phrase)}' falls outside the calendar "
            f"(use a year from {MIN_YEAR} to {MAX_YEAR})"
        ) from error


def plausible(found: dict[str, str], lang: str) -> bool:
    """False for matches more likely not a time at all ("may", "in years", the city "Қазан").

    ``found["mon"]`` must be the month as written (its case matters).
    """
    time = languages.get(lang).time
    parts = Parts(found, "", time)
    if parts.has("cur") and not parts.has("edge", "half", "qtr", "season"):
        return False
    if parts.has("fut") and parts.word("fut").casefold() == "in" and not parts.has("num"):
        return False
    month = parts.word("mon")
    if month in time.verb_months:  # "we may", "they march" (lower case)
        return False
    if parts.has_context or not parts.has("mon", "season"):
        return True
    if not time.bare_months:
        return False
    return not (month[:1].isupper() and _month(parts) in time.name_months)
