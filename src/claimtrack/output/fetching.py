"""Rendering of fetch results, evidence details and snapshots.

Titles and texts come from fetched pages: hostile, always through `safe()`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import console, message, plural, print_json, safe

if TYPE_CHECKING:
    from rich.table import Table

    from ..fetch.backlog import BacklogSummary
    from ..fetch.fetcher import FetchSummary


def summary_line(s: FetchSummary) -> str:
    line = f"Fetched {s.fetched}, unchanged {s.unchanged}, failed {s.failed_total}"
    if s.failed:
        line += " (" + ", ".join(f"{k} {n}" for k, n in sorted(s.failed.items())) + ")"
    if s.texts_pending:
        line += f"; {plural(s.texts_pending, 'main text')} left for: claimtrack evidence extract"
    return line


def _n(count: int, noun: str) -> str:
    return plural(count, noun)


def counts_line(counts: dict[str, Any]) -> str:
    """`fetched 3, unchanged 0, …` for --verbose (nested counts flattened)."""
    return ", ".join(
        f"{k.replace('_', ' ')} {counts_line(v) if isinstance(v, dict) else v}"
        for k, v in counts.items()
        if not isinstance(v, dict) or v
    )


def backlog(s: BacklogSummary, as_json: bool, quiet: bool = False, verbose: bool = False) -> None:
    if as_json:  # --json is data asked for: printed even with --quiet
        print_json(s.counts())
        return
    if quiet:
        return
    if verbose:
        message("extract: " + counts_line(s.counts()))
    if not s.pages:
        sys.stdout.write("No main texts pending\n")
        return
    line = f"Extracted {_n(s.bodies, 'main text')} ({_n(s.pages, 'page')})"
    if s.without_text:
        line += f", {s.without_text} without text"
    if s.missing:
        line += f", {s.missing} without a stored snapshot"
    sys.stdout.write(line + "\n")


def summary(s: FetchSummary, as_json: bool, quiet: bool = False, verbose: bool = False) -> None:
    if as_json:
        print_json({**s.counts(), "results": [r.as_dict() for r in s.results]})
        return
    if quiet:
        return
    if verbose:
        for r in s.results:
            message(f"page {r.page_id} {r.outcome}: {r.url}")
        message("fetch: " + counts_line(s.counts()))
    failures = [r for r in s.results if r.outcome == "failed"]
    if failures:
        from rich.table import Table

        table = Table(box=None, pad_edge=False, title="Failed", title_justify="left")
        table.add_column("page id", justify="right", no_wrap=True)
        table.add_column("reason", no_wrap=True)
        table.add_column("url / error", overflow="fold")
        for r in failures:
            label = safe(r.url)
            label.append("\n")
            label.append_text(safe(r.error, style="dim"))
            table.add_row(str(r.page_id), safe(r.error_kind), label)
        console(stderr=True).print(table)
    sys.stdout.write(summary_line(s) + "\n")


def _field(table: Table, name: str, value: Any) -> None:
    if value not in (None, ""):
        table.add_row(safe(name, style="bold"), safe(value))


def detail(row: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(row)
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    status = row["status"] + (f" (HTTP {row['http_status']})" if row.get("http_status") else "")
    if row.get("archived"):
        status += ", archived: saved by hand; refresh leaves it"
        status += f" (evidence edit {row['id']} --recheck)"
    for name, value in [
        ("evidence", row["id"]),
        ("claim", row["claim_id"]),
        ("title", row.get("title")),
        ("url", row["url"]),
        ("final url", row.get("final_url") if row.get("final_url") != row["url"] else None),
        ("status", status),
        ("error", row.get("error")),
        ("type", row.get("content_type")),
        ("language", row.get("lang")),
        ("published", row.get("published")),
        ("fetched", row.get("fetched_at")),
        ("checked", row.get("checked_at")),
        ("snapshot", row.get("raw_hash")),
    ]:
        _field(table, name, value)
    con = console()
    con.print(table)
    if row.get("excerpt"):
        con.print()
        con.print(safe(row["excerpt"] + ("…" if row["text_chars"] > len(row["excerpt"]) else "")))


def snapshot(body: bytes, path: Path | None) -> None:
    """The body to stdout (no path, or `-`), or to the file, atomically."""
    from .. import files

    files.write_bytes(path or files.STDIO, body)
    if not files.is_stdio(path or files.STDIO):
        message(f"Wrote {len(body):,} byte{'' if len(body) == 1 else 's'} to {path}")


def exported(count: int, path: Path) -> None:
    from .. import files

    if not files.is_stdio(path):
        message(f"Exported {_n(count, 'snapshot')} to {path}")
