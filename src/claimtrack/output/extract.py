"""Rendering of extracted candidate claims."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from ..text import shorten
from . import console, message, plural, print_json, safe

QUOTE_WIDTH = 90


def candidates(result: Any, as_json: bool) -> None:
    """A table (or JSON array) of candidates; registration news goes to stderr."""
    found = result.candidates
    if as_json:
        print_json([c.to_dict() for c in found])
    elif not found:
        message("No candidate claims found")
    else:
        console().print(_table(found))
    if result.registered is not None:
        _registered(result)


def _table(found: list[Any]) -> Table:
    # the quote gets most of the width, the reason (dim) under it; the other columns wrap
    # at spaces (a date window on two lines): at 80 columns the quote reads in words
    table = Table(box=None, pad_edge=False)
    table.add_column("kind", no_wrap=True)
    table.add_column("quote · why", ratio=1, min_width=24)
    table.add_column("figures", max_width=18)
    table.add_column("deadline", max_width=12)
    table.add_column("conf", justify="right", no_wrap=True)
    for c in found:
        figures = "\n".join(_figure(f.to_dict()) for f in c.figures).replace("..", "\n..")
        deadline = (c.deadline or "").replace("..", "\n..")
        if c.deadline_text:
            deadline = f"{deadline}\n{c.deadline_text}".strip()
        quote = safe(shorten(c.quote, QUOTE_WIDTH))
        quote.append("\n")
        quote.append_text(safe(c.reason.split("; figures:")[0], style="dim"))
        table.add_row(c.kind, quote, safe(figures), safe(deadline), f"{c.confidence:.2f}")
    return table


def _figure(f: dict[str, Any]) -> str:
    comp = "" if f["comparator"] == "=" else f["comparator"]
    value = f"{f['value']:,}".replace(",", " ")
    unit = f" {f['unit']}" if f["unit"] else ""
    period = f" ({f['period']})" if f.get("period") else ""
    return f"{comp}{value}{unit} [{f['kind']}]{period}"


def _registered(result: Any) -> None:
    reg = result.registered
    speech = f"speech {result.speech_id}" + (" (new)" if result.speech_created else "")
    message(
        f"Registered {plural(len(reg.added), 'claim')} of {speech}; "
        f"{len(reg.skipped)} already registered (see: claimtrack list --speech {result.speech_id})"
    )
    for note in reg.notes:
        message(note)
