"""Rendering for `refresh` (silent when nothing changed) and `evidence diff`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..text import shorten, strip_controls
from . import console, print_json, safe


def changes(result: Any, *, as_json: bool, quiet: bool, verbose: bool) -> None:
    if as_json:  # always an object, with zero counts when nothing changed
        print_json(result.to_dict())
        return
    if quiet:
        return
    for ch in result.changes:
        quote = shorten(strip_controls(ch["quote"]), 50)
        sys.stdout.write(f"#{ch['claim_id']} «{quote}» {strip_controls(ch['change'])}\n")
    if verbose:
        from .fetching import counts_line

        data = result.to_dict()
        sys.stderr.write(f"fetch: {counts_line(data['fetch'])}\n")
        sys.stderr.write(f"flags set: {counts_line(data['flags'])}\n")


def failed_on(failing: dict[str, int]) -> None:
    """Why `refresh --fail-on` exits 3: one line per flag on stderr (cron mails it)."""
    for flag, n in failing.items():
        claims = f"{n} claim{'' if n == 1 else 's'}"
        sys.stderr.write(
            f"refresh --fail-on: {claims} flagged {flag} (see: claimtrack list --flag {flag})\n"
        )


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
        con.print(safe(line, style=style), soft_wrap=True)


class _Bar:
    """A rich progress bar on stderr for the fetch phase of refresh."""

    def __init__(self, progress: Any) -> None:
        self.progress = progress
        self.task: Any = None

    def start(self, total: int) -> None:
        self.task = self.progress.add_task("fetching evidence", total=total)

    def advance(self, result: Any) -> None:
        if self.task is not None:
            self.progress.advance(self.task)


@contextmanager
def progress(enabled: bool) -> Iterator[_Bar | None]:
    """A progress bar only when stderr is a terminal (never under cron or in a pipe)."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    ) as bar:
        yield _Bar(bar)
