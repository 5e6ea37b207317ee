"""Calendar arithmetic on inclusive day ranges: months, quarters, halves, seasons, edges."""

from __future__ import annotations

import calendar as _cal
from datetime import date, timedelta

Span = tuple[date, date]

SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}


def month_end(year: int, month: int) -> date:
    return date(year, month, _cal.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """Same day of the month, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _cal.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def months_span(year: int, first_month: int, count: int) -> Span:
    start = date(year, first_month, 1)
    end = add_months(start, count - 1)
    return start, month_end(end.year, end.month)


def year_span(year: int) -> Span:
    return date(year, 1, 1), date(year, 12, 31)


def month_span(year: int, month: int) -> Span:
    return months_span(year, month, 1)


def half_span(year: int, half: int) -> Span:
    return months_span(year, 1 if half == 1 else 7, 6)


def quarter_span(year: int, quarter: int) -> Span:
    return months_span(year, 3 * quarter - 2, 3)


def season_span(year: int, season: str) -> Span:
    """Meteorological seasons; winter of Y is December Y to February Y+1."""
    return months_span(year, SEASON_MONTHS[season], 3)


def _whole_months(span: Span) -> int:
    start, end = span
    if start.day != 1 or end != month_end(end.year, end.month):
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


def edge_span(span: Span, edge: str) -> Span:
    """The first, middle or last third of a span (by whole months when it has 3 or more)."""
    start, end = span
    months = _whole_months(span)
    if months >= 3:
        third = months // 3
        first = {"start": 0, "mid": third, "end": months - third}[edge]
        begin = add_months(start, first)
        return months_span(begin.year, begin.month, third)
    days = (end - start).days + 1
    third = max(days // 3, 1)
    if edge == "start":
        return start, start + timedelta(days=third - 1)
    if edge == "mid":
        return start + timedelta(days=third), start + timedelta(days=2 * third - 1)
    return start + timedelta(days=2 * third), end


def by_edge(span: Span, edge: str) -> date:
    """The day a "by the start/middle/end of …" deadline falls on."""
    start, end = span
    if edge == "start":
        return start
    if edge == "end":
        return end
    months = _whole_months(span)
    if months >= 2:
        last = add_months(start, months // 2 - 1)
        return month_end(last.year, last.month)
    return start + timedelta(days=(end - start).days // 2)


def shift(day: date, months: int, days: int, sign: int) -> date:
    """``day`` moved forward (sign 1) or back (sign -1) by a duration."""
    moved = add_months(day, sign * months)
    return moved + timedelta(days=sign * days)
