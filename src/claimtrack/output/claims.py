"""Rendering of claims: lists, detail and history."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any

from rich.table import Table
from rich.text import Text

from ..text import shorten, strip_controls
from . import console, message, print_json, safe

RATING_STYLE = {
    "true": "green",
    "mostly-true": "green",
    "kept": "green",
    "half-true": "yellow",
    "compromise": "yellow",
    "in-the-works": "cyan",
    "mostly-false": "red",
    "false": "red",
    "broken": "red",
    "misleading": "magenta",
    "stalled": "red",
    "unverifiable": "dim",
    "unrated": "dim",
    "not-yet-rated": "dim",
}


def rating_text(rating: str) -> Text:
    return Text(rating, style=RATING_STYLE.get(rating, ""))


def figures_text(figures: list[dict[str, Any]]) -> str:
    parts = []
    for f in figures:
        comp = "" if f.get("comparator") in (None, "=") else f["comparator"]
        unit = f.get("unit") or ""
        value = f.get("value")
        number = f"{value:,}".replace(",", " ") if isinstance(value, int) else str(value)
        parts.append(f"{comp}{number}{' ' + unit if unit else ''}")
    return strip_controls("; ".join(parts))


def deadline_text(row: dict[str, Any]) -> str:
    start, end = row.get("deadline_start"), row.get("deadline_end")
    if not (start or end):
        return ""
    if start and end and start != end:
        return f"{start}..{end}"
    return f"..{end}" if end else f"{start}.."


def added(row: dict[str, Any], as_json: bool, verb: str = "Registered") -> None:
    if as_json:
        print_json(row)
        return
    message(
        f"{verb} claim {row['id']} ({row['kind']}, {row['rating']}): "
        f"{shorten(strip_controls(row['quote']), 60)}"
    )


CHUNK = 500  # rows of a table rendered at once: a long list streams, chunk after chunk


def listing(rows: Iterable[dict[str, Any]], as_json: bool) -> None:
    """The claims, as they come: JSON one row a line, or a table. A list longer than `CHUNK`
    is printed `CHUNK` rows at a time with fixed column widths, so memory stays flat and
    the first rows show at once; a shorter one is one table sized to its rows."""
    import sys

    from ..formats.jsontext import array

    rows = iter(rows)
    if as_json:
        array(rows, sys.stdout, "")
        sys.stdout.write("\n")
        return
    first = list(islice(rows, CHUNK))
    if not first:
        message("No claims match (see: claimtrack list --help)")
        return
    more = next(rows, None)
    if more is None:
        console().print(_table(first))
        return
    out = console()
    out.print(_table(first, fixed=True))
    chunk = [more, *islice(rows, CHUNK - 1)]
    while chunk:
        out.print(_table(chunk, fixed=True, header=False))
        chunk = list(islice(rows, CHUNK))


def _table(rows: list[dict[str, Any]], *, fixed: bool = False, header: bool = True) -> Table:
    def width(n: int) -> int | None:  # the widest value of a column, for chunks that align
        return n if fixed else None

    table = Table(box=None, pad_edge=False, show_header=header)
    table.add_column("id", justify="right", no_wrap=True, width=width(7))
    table.add_column("kind", no_wrap=True, width=width(5))
    table.add_column("quote", ratio=1)
    table.add_column("deadline", no_wrap=True, width=width(22))
    table.add_column("rating", no_wrap=True, width=width(13))
    table.add_column("ev", justify="right", no_wrap=True, width=width(3))
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["kind"][:5],
            _listed_quote(r),
            deadline_text(r),
            rating_text(r["rating"]),
            str(r["evidence_count"]),
        )
    return table


def _listed_quote(r: dict[str, Any]) -> Text:
    quote = safe(shorten(r["quote"], 90))
    if len(r.get("group", [])) > 1:
        others = ", ".join(str(i) for i in r["group"][1:])
        quote.append(f" (same promise: claims {others})", style="dim")
        for more in r["quotes"][1:]:
            quote.append("\n").append_text(safe("= " + shorten(more, 88), style="dim"))
    if r.get("removed_at"):
        quote.append(f" [retracted {r['removed_at'][:10]}]", style="dim")
    if r.get("flags"):
        quote.append(" [" + ", ".join(r["flags"]) + "]", style="bold red")
    return quote


def detail(c: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(c)
        return
    con = console()
    head = Table.grid(padding=(0, 2))
    head.add_row("claim", f"{c['id']} ({c['kind']})")
    head.add_row("rating", rating_text(c["rating"]))
    if c.get("rated_at"):
        head.add_row("rated as of", c["rated_at"][:10])
    if c.get("removed_at"):
        reason = f": {c['removed_reason']}" if c.get("removed_reason") else ""
        head.add_row("retracted", safe(f"{c['removed_at']}{reason} (claimtrack restore {c['id']})"))
    if len(c.get("group") or []) > 1:
        others = [str(i) for i in c["group"] if i != c["id"]]
        head.add_row("same as", ("claim " if len(others) == 1 else "claims ") + ", ".join(others))
    if c.get("summary"):
        head.add_row("summary", safe(c["summary"]))
    if c.get("rating_note"):
        head.add_row("note", safe(c["rating_note"]))
    head.add_row(
        "speech",
        safe(f"{c['speech']['id']}: {c['speech']['title']} ({c['speech']['date'] or 'no date'})"),
    )
    if c.get("topic"):
        head.add_row("topic", safe(c["topic"]))
    if c["figures"]:
        head.add_row("figures", figures_text(c["figures"]))
    if c.get("figure_marks"):
        from .verify import marks_line

        head.add_row("in evidence", marks_line(c["figure_marks"]))
    if c.get("deadline_text"):
        head.add_row("deadline", safe(f"{deadline_text(c)}  ({c['deadline_text']})"))
    if c["flags"]:
        head.add_row("flags", Text(", ".join(c["flags"]), style="bold red"))
    head.add_row("quote", _quote_in_sentence(c))
    con.print(head)
    if c["evidence"]:
        con.print()
        ev = Table(title="Evidence", box=None, pad_edge=False, title_justify="left")
        for col in ("id", "stance", "status", "url / title"):
            ev.add_column(col, overflow="fold", no_wrap=col == "id")
        for e in c["evidence"]:
            label = safe(e["url"])
            if e.get("title"):
                label.append("\n").append_text(safe(e["title"], style="dim"))
            ev.add_row(str(e["id"]), safe(e["stance"] or ""), e["status"], label)
        con.print(ev)
    con.print()
    history(c["history"], as_json=False)


QUOTE_MARKS = ("⟦", "⟧")  # where the quote starts and ends in its sentence, also in plain text


def _quote_in_sentence(c: dict[str, Any]) -> Text:
    s = c.get("sentence")
    if not s:
        return safe(c["quote"]).append(
            "\n(paraphrase: not verbatim in the speech text)", style="italic"
        )
    text = s["text"]
    out = safe(text[: s["quote_start"]])
    out.append(QUOTE_MARKS[0], style="dim")
    out.append_text(safe(text[s["quote_start"] : s["quote_end"]], style="bold"))
    out.append(QUOTE_MARKS[1], style="dim")
    out.append_text(safe(text[s["quote_end"] :]))
    return out


def history(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print_json(rows)
        return
    table = Table(title="History", box=None, pad_edge=False, title_justify="left")
    table.add_column("when", no_wrap=True)
    several = len({r.get("claim_id") for r in rows}) > 1  # a group's history: whose event
    if several:
        table.add_column("claim", justify="right", no_wrap=True)
    table.add_column("what", no_wrap=True)
    table.add_column("change", ratio=1)
    table.add_column("by", no_wrap=True)
    for r in rows:
        change = safe(_change(r))
        if r.get("note"):
            change.append("\n").append_text(safe(r["note"], style="italic"))
        whose = [str(r.get("claim_id") or "")] if several else []
        table.add_row(r["at"], *whose, r["type"], change, safe(r.get("by") or "unknown"))
    console().print(table)


def _change(r: dict[str, Any]) -> str:
    from .curation import value_of

    field = f"{r['field']}: " if r.get("field") else ""
    if r.get("old") is not None:
        text = f"{field}{value_of(r, 'old')} → {value_of(r, 'new')}"
    else:
        text = f"{field}{value_of(r, 'new') if r.get('new') is not None else ''}"
    if r.get("evidence_ids"):
        text += f"  (evidence {', '.join(map(str, r['evidence_ids']))})"
    return text
