"""The terminal dashboard of `claimtrack report`, `claimtrack stats`, and report files."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .. import report as lib
from ..text import shorten
from . import console, message, plural, print_json, safe
from .claims import RATING_STYLE, deadline_text, figures_text, rating_text

BAR_WIDTH = 24
WIDE = 110  # from this width on, figures/deadline and flags get columns of their own
RATING_WIDTH = max(map(len, RATING_STYLE))
LABELS = {
    "overdue": ("Overdue", "bold red"),
    "upcoming": (f"Due in the next {lib.UPCOMING_DAYS} days", "bold"),
    "later": ("Later", "bold"),
}


def render(data: dict[str, Any], *, wide: bool = False, con: Console | None = None) -> None:
    """Print `report.dashboard` data: header, rating bars, deadlines, the claims table."""
    con = con or console()
    con.print(_header(data))
    con.print(_bars(data))
    con.print(_timeline(data, con.width))
    con.print(_claims(data, wide=wide, width=con.width))


def as_json(data: dict[str, Any]) -> None:
    print_json(data)


def file_console(fh: IO[str], width: int = 120) -> Console:
    """A console writing plain text (no colour) to a report file."""
    return Console(
        file=fh, width=width, color_system=None, highlight=False, emoji=False, markup=False
    )


def written(path: Path | str, n: int, what: str = "claim") -> None:
    message(f"Wrote {plural(n, what)} to {path}")


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
    counted = f"{plural(totals['claims'], 'claim')} · {plural(totals['commitments'], 'commitment')}"
    title = f"claimtrack report · {counted}"
    return Panel(lines, title=title, title_align="left", subtitle=f"as of {data['generated']}")


def _bar_rows(counts: dict[str, int], table: Table) -> None:
    top = max(counts.values()) or 1
    total = sum(counts.values()) or 1
    for rating, n in counts.items():
        bar = Text(
            "█" * max(1, round(BAR_WIDTH * n / top)) if n else "·",
            style=RATING_STYLE.get(rating, ""),
        )
        table.add_row(rating_text(rating), str(n), f"{n / total:4.0%}", bar)


def _bars(data: dict[str, Any]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    rate = data["kept_rate"]
    promises = data["counts"]["commitments"]
    settled = promises["kept"] + promises["compromise"] + promises["broken"]
    kept = "no commitment settled yet" if rate is None else f"{rate:.0%} kept of {settled} settled"
    grid.add_row(Text("Commitments", style="bold"), "", "", Text(f"promise meter: {kept}"))
    _bar_rows(data["counts"]["commitments"], grid)
    grid.add_row("", "", "", "")
    grid.add_row(Text("Claims", style="bold"), "", "", "")
    _bar_rows(data["counts"]["claims"], grid)
    return grid


def _timeline(data: dict[str, Any], width: int) -> Group | Text:
    parts: list[Any] = []
    for key, (label, style) in LABELS.items():
        bucket = data["timeline"][key]
        if not bucket["count"]:
            continue
        table = Table(
            title=f"{label} ({bucket['count']})",
            title_justify="left",
            title_style=style,
            box=None,
            pad_edge=False,
            show_header=False,
        )
        table.add_column(no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(no_wrap=True)
        quote_width = max(16, width - 18 - 7 - RATING_WIDTH - 6)
        for r in bucket["rows"]:
            extra = f" ({r['days_overdue']} d)" if key == "overdue" else ""
            table.add_row(
                r["deadline_end"] + extra,
                f"#{r['id']}",
                safe(shorten(r["quote"], quote_width)),
                rating_text(r["rating"]),
            )
        left = bucket["count"] - len(bucket["rows"])
        if left:
            table.add_row("", "", Text(f"… {left} more", style="dim"), "")
        parts.append(table)
    if not parts:
        return Text("No open deadlines.", style="dim")
    return Group(Text("\nDeadlines", style="bold underline"), *parts)


def _claim_columns(table: Table, columns: bool) -> None:
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("quote", ratio=1, overflow="fold")
    if columns:
        table.add_column("figures / deadline", max_width=24)
        table.add_column("flags", max_width=16, style="bold red")
    table.add_column("rating", no_wrap=True, min_width=RATING_WIDTH)
    table.add_column("ev", justify="right", no_wrap=True)
    table.add_column("checked", no_wrap=True, min_width=10)


def _detail(r: dict[str, Any]) -> str:
    if r["kind"] == "commitment":
        return deadline_text(r)
    return figures_text(r["figures"])


def _quote_cell(r: dict[str, Any], quote_width: int | None, columns: bool) -> Text:
    quote = safe(r["quote"] if quote_width is None else shorten(r["quote"], quote_width))
    if columns:
        return quote
    detail = _detail(r)
    if detail:
        label = "due " if r["kind"] == "commitment" else ""
        quote.append("\n").append_text(safe(label + detail, "dim"))
    if r["flags"]:
        quote.append(" [" + ", ".join(r["flags"]) + "]", style="bold red")
    return quote


def _claims(data: dict[str, Any], *, wide: bool, width: int) -> Group:
    columns = width >= WIDE
    fixed = 4 + RATING_WIDTH + 3 + 10 + 8 + (24 + 16 + 4 if columns else 0)
    quote_width = None if wide else max(24, 2 * (width - fixed) - 4)
    table = Table(box=None, pad_edge=False, expand=True)
    _claim_columns(table, columns)
    for kind, topic, rows in lib.grouped(data["claims"]):
        blank = [""] * (len(table.columns) - 2)
        table.add_row("", Text(f"\n{kind} · {topic or 'no topic'}", style="bold"), *blank)
        for r in rows:
            cells: list[Any] = [str(r["id"]), _quote_cell(r, quote_width, columns)]
            if columns:
                cells += [safe(_detail(r)), ", ".join(r["flags"])]
            checked = (r.get("last_check") or "")[:10] or "—"
            cells += [rating_text(r["rating"]), str(r["evidence_count"]), checked]
            table.add_row(*cells)
    parts: list[Any] = [table] if data["claims"] else []
    if data["claims_left_out"]:
        parts.append(
            Text(
                f"\n… {plural(data['claims_left_out'], 'more claim')} not shown"
                " (use --all or --limit N)",
                style="dim",
            )
        )
    if not data["claims_total"]:
        parts.append(Text("\nNo claims match (claimtrack add TEXT --speech ID --kind K)"))
    return Group(*parts)


def stats(data: dict[str, Any], *, as_json: bool) -> None:
    """Print `stats.compute` data."""
    if as_json:
        print_json(data)
        return
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_row(Text(f"Claims as of {data['generated']}", style="bold"), str(data["claims"]))
    for kind, n in data["kinds"].items():
        grid.add_row(f"  {kind}", str(n))
    for group, title in (("commitments", "Commitments by rating"), ("claims", "Others by rating")):
        grid.add_row(Text(title, style="bold"), "")
        for rating, n in data["ratings"][group].items():
            grid.add_row(Text("  ").append_text(rating_text(rating)), str(n))
    grid.add_row(Text("Flags", style="bold"), "")
    for flag, n in data["flags"].items():
        grid.add_row(safe(f"  {flag}"), str(n))
    rate = data["kept_rate"]
    grid.add_row(Text("Kept-rate", style="bold"), "—" if rate is None else f"{rate:.0%}")
    overdue = data["overdue"]
    grid.add_row(Text("Overdue commitments", style="bold"), str(overdue["count"]))
    median = overdue["median_days"]
    grid.add_row("  median days overdue", "—" if median is None else str(median))
    console().print(grid)
