"""The values the deadline layer returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ROLES = ("deadline", "period", "date")


@dataclass(frozen=True)
class Window:
    """An inclusive range of days; ``None`` at either side means open."""

    start: date | None
    end: date | None
    text: str


@dataclass(frozen=True)
class TimeExpression:
    """A time phrase found in a text: ``text[start:end] == expr.text`` (code-point offsets)."""

    start: int
    end: int
    text: str
    role: str  # one of ROLES
    window: Window | None  # None when the phrase is relative and no reference date was given
