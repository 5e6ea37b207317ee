"""Rendering for `refresh` (silent when nothing changed) and `evidence diff`."""

from __future__ import annotations

import sys
from typing import Any

from rich.text import Text

from ..text import shorten, strip_controls
from . import console, print_json, safe


def changes(result: Any, *, as_json: bool, quiet: bool, verbose: bool) -> None:
    if as_json:
        if result.changes or verbose:
            print_json(result.to_dict())
        return
    if quiet:
        return
    for ch in result.changes:
        quote = shorten(strip_controls(ch["quote"]), 50)
        sys.stdout.write(f"#{ch['claim_id']} «{quote}» {strip_controls(ch['change'])}\n")
    if verbose and result.fetched:
        counts = ", ".join(f"{k} {v}" for k, v in result.fetched.items())
        sys.stderr.write(f"fetch: {counts}\n")


def diff(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    con = console()
    for line in result["diff"]:
        style = ""
        if line.startswith("+") and not line.startswith("+++"):
            style = "green"
        elif line.startswith("-") and not line.startswith("---"):
            style = "red"
        elif line.startswith("@@"):
            style = "cyan"
        con.print(safe(line, style=style) if style else Text(strip_controls(line)), soft_wrap=True)
