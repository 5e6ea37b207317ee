"""Time expressions in Kazakh, Russian and English: deadlines, periods and dates as windows.

``resolve_deadline`` reads one phrase; ``find_time_expressions`` finds them in a text.
Nothing is compiled or imported (dateparser) until first use.
"""

from __future__ import annotations

from .find import find_time_expressions
from .model import TimeExpression, Window
from .resolve import guess_lang, resolve_deadline

__all__ = ["TimeExpression", "Window", "find_time_expressions", "guess_lang", "resolve_deadline"]
