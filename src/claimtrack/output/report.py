"""The terminal dashboard of `claimtrack report`."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .. import report as lib
from ..text import shorten
from . import console, print_json, safe
from .claims import RATING_STYLE, deadline_text, figures_text, rating_text

BAR_WIDTH = 24


def render(data: dict[str, Any], *, wide: bool = False, con: Console | None = None) -> None:
    con = con or console()
    con.print(_header(data))
    con.print(_bars(data))
    con.print(_timeline(data))
    con.print(_claims(data, wide=wide, width=con.width))


def as_json(data: dict[str, Any]) -> None:
    print_json(data)


def _header(data: dict[str, Any]) -> Panel:
    lines = Text()
    for s in data["speeches"]:
        if lines:
            lines.append("\n")
        lines.append_text(safe(f"#{s['id']} {s['date'] or ''} {s['speaker'] or ''}", "bold"))
        lines.append("\n")
        lines.append_text(safe(shorten(s["title"] or "", 200)))
        if s.get("venue"):
            lines.append_text(safe(f" — {s['venue']}", "dim"))
    if not data["speeches"]:
        lines.append("No speeches yet (claimtrack speech add FILE)")
    totals = data["totals"]
    title = f"claimtrack report · {totals['claims']} claims · {totals['commitments']} commitments"
    return Panel(lines, title=title, title_align="left", subtitle=f"as of {data['generated']}")


def _bar_rows(counts: dict[str, int], table: Table) -> None:
    top = max(counts.values()) or 1
    for rating, n in counts.items():
        bar = Text(
            "█" * round(BAR_WIDTH * n / top) if n else "·", style=RATING_STYLE.get(rating, "")
        )
        table.add_row(rating_text(rating), str(n), bar)


def _bars(data: dict[str, Any]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    rate = data["kept_rate"]
    kept = "no commitment settled yet" if rate is None else f"{rate:.0%} kept"
    grid.add_row(Text("Commitments", style="bold"), "", Text(f"promise meter: {kept}"))
    _bar_rows(data["counts"]["commitments"], grid)
    grid.add_row("", "", "")
    grid.add_row(Text("Claims", style="bold"), "", "")
    _bar_rows(data["counts"]["claims"], grid)
    return grid


def _timeline(data: dict[str, Any]) -> Group | Text:
    t = data["timeline"]
    parts: list[Any] = []
    for key, label, style in (
        ("overdue", "Overdue", "bold red"),
        ("upcoming", f"Due in the next {lib.UPCOMING_DAYS} days", "bold"),
        ("later", "Later", "bold"),
    ):
        rows = t[key]
        if not rows:
            continue
        table = Table(
            title=f"{label} ({len(rows)})",
            title_justify="left",
            title_style=style,
            box=None,
            pad_edge=False,
            show_header=False,
        )
        table.add_column(no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_column(ratio=1)
        table.add_column(no_wrap=True)
        for r in rows:
            extra = f" ({r['days_overdue']} d)" if key == "overdue" else ""
            table.add_row(
                r["deadline_end"] + extra,
                f"#{r['id']}",
                safe(shorten(r["quote"], 70)),
                rating_text(r["rating"]),
            )
        parts.append(table)
    if not parts:
        return Text("No open deadlines.", style="dim")
    return Group(Text("\nDeadlines", style="bold underline"), *parts)


def _claims(data: dict[str, Any], *, wide: bool, width: int) -> Group:
    quote_width = 200 if wide else max(24, width - 46)
    parts: list[Any] = []
    for kind, topic, rows in lib.grouped(data["claims"]):
        table = Table(
            title=f"{kind} · {topic or 'no topic'}",
            title_justify="left",
            title_style="bold",
            box=None,
            pad_edge=False,
            expand=True,
        )
        table.add_column("id", justify="right", no_wrap=True)
        table.add_column("quote", ratio=1)
        table.add_column("deadline" if kind == "commitment" else "figures", max_width=22)
        table.add_column("rating", no_wrap=True)
        table.add_column("ev", justify="right", no_wrap=True)
        for r in rows:
            quote = safe(r["quote"] if wide else shorten(r["quote"], quote_width))
            if r["flags"]:
                quote.append(" [" + ", ".join(r["flags"]) + "]", style="bold red")
            third = deadline_text(r) if kind == "commitment" else figures_text(r["figures"])
            table.add_row(
                str(r["id"]), quote, third, rating_text(r["rating"]), str(r["evidence_count"])
            )
        parts.append(Text(""))
        parts.append(table)
    if data["claims_left_out"]:
        parts.append(
            Text(
                f"\n… {data['claims_left_out']} more claims not shown (use --all or --limit N)",
                style="dim",
            )
        )
    if not data["claims_total"]:
        parts.append(Text("\nNo claims yet (claimtrack add TEXT --speech ID --kind K)"))
    return Group(*parts)
