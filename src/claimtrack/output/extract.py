"""Rendering of extracted candidate claims."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from ..text import shorten
from . import console, message, plural, print_json, safe

QUOTE_WIDTH = 90


def _stored(c: Any, window: dict[str, Any] | None) -> dict[str, Any]:
    """A candidate as JSON, its deadline the window registering it stores."""
    row: dict[str, Any] = c.to_dict()
    if window is not None:
        row["deadline_start"] = window["deadline_start"]
        row["deadline"] = window["deadline_end"]
    return row


def candidates(result: Any, as_json: bool) -> None:
    """A table (or JSON array) of candidates; registration news goes to stderr."""
    found = result.candidates
    windows = result.windows or [None] * len(found)
    if as_json:
        print_json([_stored(c, w) for c, w in zip(found, windows, strict=True)])
    elif not found:
        message("No candidate claims found")
    else:
        console().print(_table([_stored(c, w) for c, w in zip(found, windows, strict=True)]))
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
        figures = "\n".join(_figure(f) for f in c["figures"]).replace("..", "\n..")
        deadline = _window(c)
        if c["deadline_text"]:
            deadline = f"{deadline}\n{c['deadline_text']}".strip()
        quote = safe(shorten(c["quote"], QUOTE_WIDTH))
        quote.append("\n")
        quote.append_text(safe(c["reason"].split("; figures:")[0], style="dim"))
        table.add_row(c["kind"], quote, safe(figures), safe(deadline), f"{c['confidence']:.2f}")
    return table


def _window(c: dict[str, Any]) -> str:
    start, end = c.get("deadline_start"), c.get("deadline")
    if not (start or end):
        return "(when dated)" if c.get("deadline_text") else ""
    return f"{start or ''}\n..{end or ''}" if start != end else str(end)


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
    left = []
    if result.below:
        left.append(
            f"{result.below} below confidence {result.min_confidence:g} left out (--min-confidence)"
        )
    if reg.statements:
        left.append(f"{reg.statements} statement(s) left out (--statements)")
    if left:
        message("Candidates " + "; ".join(left))
    for note in reg.notes:
        message(note)


def say(text: str) -> None:
    message(text)


def review_card(c: Any, n: int, total: int, text: str) -> None:
    """One candidate for --review: its sentence with the quote marked, kind, confidence,
    deadline and figures, then the keys."""
    from rich.text import Text

    sentence = text[c.sentence_start : c.sentence_end] if c.sentence_end else c.quote
    at = sentence.find(c.quote)
    line = Text()
    if at >= 0:
        line.append_text(safe(sentence[:at]))
        line.append_text(safe("⟦" + c.quote + "⟧", style="bold"))
        line.append_text(safe(sentence[at + len(c.quote) :]))
    else:
        line.append_text(safe("⟦" + c.quote + "⟧", style="bold"))
    con = console()
    con.print(Text(f"\n[{n}/{total}] {c.kind}  confidence {c.confidence:.2f}", style="bold"))
    con.print(line)
    figures = "; ".join(_figure(f.to_dict()) for f in c.figures)
    if figures or c.deadline_text:
        con.print(safe(f"figures: {figures or '-'}   deadline: {c.deadline_text or '-'}"))
    con.print("a accept  r reject  k change kind  e edit text  s skip  q quit")


def reviewed(result: Any) -> None:
    message(
        f"Registered {len(result.accepted)}, rejected {result.rejected}, skipped"
        f" {result.skipped}, not reached {result.left}"
    )
    for note in result.notes:
        message(note)
