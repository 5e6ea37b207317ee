"""Rendering for the command line: rich tables for people, plain JSON for programs.

Text from users and fetched pages is hostile: it is always wrapped in `rich.text.Text`
(never parsed as markup) after terminal control characters are stripped.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.text import Text

from ..text import strip_controls


def console(stderr: bool = False, width: int | None = None) -> Console:
    return Console(stderr=stderr, width=width, highlight=False, emoji=False, markup=False)


def safe(value: Any, style: str = "") -> Text:
    """Hostile text as a rich Text: control characters stripped, markup not parsed."""
    return Text("" if value is None else strip_controls(str(value)), style=style)


def print_json(data: Any) -> None:
    """Plain json.dumps to stdout: never through rich, never wrapped."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def message(text: str) -> None:
    """A one-line message for people, on stderr."""
    sys.stderr.write(strip_controls(text) + "\n")
