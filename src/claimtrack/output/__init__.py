"""Rendering for the command line: rich tables for people, plain JSON for programs.

Text from users and fetched pages is hostile: it is always wrapped in `rich.text.Text`
(never parsed as markup) after terminal control characters are stripped. rich is imported
when something is rendered with it: a `--json` or one-line output never pays for it.
"""

from __future__ import annotations

import errno
import sys
from functools import cache
from typing import TYPE_CHECKING, Any

from ..text import strip_controls

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def console(stderr: bool = False, width: int | None = None) -> Console:
    return _console_class()(stderr=stderr, width=width, highlight=False, emoji=False, markup=False)


@cache
def _console_class() -> type[Console]:
    from rich.console import Console

    class PipedConsole(Console):
        def on_broken_pipe(self) -> None:
            """A closed stdout (`claimtrack report | head -1`) is the command line's to
            handle, quietly with exit 0 (cli.main): raised as a plain write raises it, not
            rich's own exit 1."""
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    return PipedConsole


def safe(value: Any, style: str = "") -> Text:
    """Hostile text as a rich Text: control characters stripped, markup not parsed."""
    from rich.text import Text

    return Text("" if value is None else strip_controls(str(value)), style=style)


def print_json(data: Any) -> None:
    """JSON to stdout, never through rich, never wrapped: indented, rows one a line, text
    as it is (`formats.jsontext.document`, the layout of `report --format json`)."""
    from ..formats.jsontext import document

    sys.stdout.write(document(data) + "\n")


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 claim`, `2 claims`, `0 claims` (`nouns`: the plural when it is not noun + s)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def message(text: str) -> None:
    """A one-line message for people, on stderr."""
    sys.stderr.write(strip_controls(text) + "\n")
