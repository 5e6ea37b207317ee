"""The terminal dashboard of `claimtrack report`, `claimtrack stats`, and report files."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .. import report as lib
from ..i18n import N_, Ui, ui
from ..text import shorten
from . import console, message, plural, print_json, safe
from .claims import RATING_STYLE, deadline_text, figures_text, rating_text

BAR_WIDTH = 24
WIDE = 110  # from this width on, figures/deadline and flags get columns of their own
RATING_WIDTH = max(map(len, RATING_STYLE))
LABELS = {
    "overdue": (N_("Overdue"), "bold red"),
    "upcoming": (N_("Due in the next {days} days"), "bold"),
    "later": (N_("Later"), "bold"),
}


def render(
    data: dict[str, Any],
    *,
    wide: bool = False,
    con: Console | None = None,
    labels: Ui | None = None,
) -> None:
    """Print `report.dashboard` data: header, rating bars, deadlines, the claims table."""
    con = con or console()
    t = labels or ui()
    con.print(_header(data, t))
    con.print(_bars(data, t))
    con.print(_timeline(data, con.width, t))
    con.print(_claims(data, wide=wide, width=con.width, t=t))


def _rating(t: Ui, rating: str) -> Text:
    """A rating in the interface language, in the scale's colour (English: as it is typed)."""
    return Text(_word(t, rating, t.rating), style=RATING_STYLE.get(rating, ""))


def _word(t: Ui, value: str, translate: Any) -> str:
    """A rating or kind: in English the word the options take (`--rating mostly-true`)."""
    return value if t.lang == "en" else str(translate(value))


def as_json(data: dict[str, Any]) -> None:
    print_json(data)


def file_console(fh: IO[str], width: int = 120) -> Console:
    """A console writing plain text (no colour) to a report file."""
    return Console(
        file=fh, width=width, color_system=None, highlight=False, emoji=False, markup=False
    )


def written(path: Path | str, n: int, what: str = "claim") -> None:
    message(f"Wrote {plural(n, what)} to {path}")


def _header(data: dict[str, Any], t: Ui) -> Panel:
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
        lines.append(t._("No speeches yet (claimtrack speech add FILE)"))
    totals = data["totals"]
    title = t.f_(
        "claimtrack report · {claims} · {commitments}",
        claims=t.n_("{n} claim", "{n} claims", totals["claims"]),
        commitments=t.n_("{n} commitment", "{n} commitments", totals["commitments"]),
    )
    subtitle = t.f_("as of {date}", date=t.date(data["generated"]))
    return Panel(lines, title=title, title_align="left", subtitle=subtitle)


def _bar_rows(counts: dict[str, int], table: Table, t: Ui) -> None:
    top = max(counts.values()) or 1
    total = sum(counts.values()) or 1
    for rating, n in counts.items():
        bar = Text(
            "█" * max(1, round(BAR_WIDTH * n / top)) if n else "·",
            style=RATING_STYLE.get(rating, ""),
        )
        table.add_row(_rating(t, rating), str(n), t.percent(n / total).rjust(4), bar)


def _bars(data: dict[str, Any], t: Ui) -> Group:
    grid = Table.grid(padding=(0, 1))
    names = [_word(t, r, t.rating) for group in data["counts"].values() for r in group]
    grid.add_column(no_wrap=True, min_width=max(map(len, names)))
    grid.add_column(justify="right", no_wrap=True, min_width=3)
    grid.add_column(justify="right", no_wrap=True, min_width=4)
    grid.add_column(no_wrap=True, overflow="ellipsis")
    rate = data["kept_rate"]
    promises = data["counts"]["commitments"]
    settled = promises["kept"] + promises["compromise"] + promises["broken"]
    kept = (
        t._("no commitment settled yet")
        if rate is None
        else t.f_("{share} kept of {n} settled", share=t.percent(rate), n=t.number(settled))
    )
    meter = t.f_("promise meter: {kept}", kept=kept)
    _bar_rows(data["counts"]["commitments"], grid, t)
    grid.add_row("", "", "", "")
    grid.add_row(Text(t._("Claims"), style="bold"), "", "", "")
    _bar_rows(data["counts"]["claims"], grid, t)
    return Group(Text(f"{t._('Commitments')} · {meter}", style="bold"), grid)


def _timeline(data: dict[str, Any], width: int, t: Ui) -> Group | Text:
    parts: list[Any] = []
    for key, (label, style) in LABELS.items():
        bucket = data["timeline"][key]
        if not bucket["count"]:
            continue
        table = Table(
            title=f"{t.f_(label, days=lib.UPCOMING_DAYS)} ({t.number(bucket['count'])})",
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
            extra = t.f_(" ({n} d)", n=r["days_overdue"]) if key == "overdue" else ""
            table.add_row(
                r["deadline_end"] + extra,
                f"#{r['id']}",
                safe(shorten(r["quote"], quote_width)),
                _rating(t, r["rating"]),
            )
        left = bucket["count"] - len(bucket["rows"])
        if left:
            table.add_row("", "", Text(t.f_("… {n} more", n=left), style="dim"), "")
        parts.append(table)
    if not parts:
        return Text(t._("No open deadlines."), style="dim")
    return Group(Text("\n" + t._("Deadlines"), style="bold underline"), *parts)


def _claim_columns(table: Table, columns: bool, t: Ui) -> None:
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column(t._("quote"), ratio=1, overflow="fold")
    if columns:
        table.add_column(t._("figures / deadline"), max_width=24)
        table.add_column(t._("flags"), max_width=16, style="bold red")
    table.add_column(t._("rating"), no_wrap=True, min_width=RATING_WIDTH)
    table.add_column(t._("ev"), justify="right", no_wrap=True)
    table.add_column(t._("checked"), no_wrap=True, min_width=10)


def _detail(r: dict[str, Any]) -> str:
    if r["kind"] == "commitment":
        return deadline_text(r)
    return figures_text(r["figures"])


def _quote_cell(r: dict[str, Any], quote_width: int | None, columns: bool, t: Ui) -> Text:
    quote = safe(r["quote"] if quote_width is None else shorten(r["quote"], quote_width))
    if columns:
        return quote
    detail = _detail(r)
    if detail:
        label = t._("due") + " " if r["kind"] == "commitment" else ""
        quote.append("\n").append_text(safe(label + detail, "dim"))
    if r["flags"]:
        quote.append_text(safe(" [" + ", ".join(map(t.flag, r["flags"])) + "]", "bold red"))
    return quote


def _claims(data: dict[str, Any], *, wide: bool, width: int, t: Ui) -> Group:
    columns = width >= WIDE
    fixed = 4 + RATING_WIDTH + 3 + 10 + 8 + (24 + 16 + 4 if columns else 0)
    quote_width = None if wide else max(24, 2 * (width - fixed) - 4)
    table = Table(box=None, pad_edge=False, expand=True)
    _claim_columns(table, columns, t)
    for kind, topic, rows in lib.grouped(data["claims"]):
        blank = [""] * (len(table.columns) - 2)
        # topic and kind go through the control-character filter: an import can store anything
        line = f"\n{_word(t, kind, t.kind)} · {topic or t._('no topic')}"
        table.add_row("", safe(line, "bold"), *blank)
        for r in rows:
            cells: list[Any] = [str(r["id"]), _quote_cell(r, quote_width, columns, t)]
            if columns:
                cells += [safe(_detail(r)), safe(", ".join(map(t.flag, r["flags"])))]
            checked = (r.get("last_check") or "")[:10] or "—"
            cells += [_rating(t, r["rating"]), str(r["evidence_count"]), safe(checked)]
            table.add_row(*cells)
    parts: list[Any] = [table] if data["claims"] else []
    if data["claims_left_out"]:
        left = t.n_(
            "… {n} more claim not shown (use --all or --limit N)",
            "… {n} more claims not shown (use --all or --limit N)",
            data["claims_left_out"],
        )
        parts.append(Text("\n" + left, style="dim"))
    if not data["claims_total"]:
        parts.append(Text("\n" + t._("No claims match (claimtrack add TEXT --speech ID --kind K)")))
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
