"""Rendering of fetch results, evidence details and snapshots.

Titles and texts come from fetched pages: hostile, always through `safe()`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput
from . import console, message, print_json, safe

if TYPE_CHECKING:
    from rich.table import Table

    from ..fetch.backlog import BacklogSummary
    from ..fetch.fetcher import FetchSummary


def summary_line(s: FetchSummary) -> str:
    line = f"Fetched {s.fetched}, unchanged {s.unchanged}, failed {s.failed_total}"
    if s.failed:
        line += " (" + ", ".join(f"{k} {n}" for k, n in sorted(s.failed.items())) + ")"
    if s.texts_pending:
        line += f"; {s.texts_pending} main texts left for: claimtrack evidence extract"
    return line


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def backlog(s: BacklogSummary, as_json: bool) -> None:
    if as_json:
        print_json(s.counts())
        return
    if not s.pages:
        sys.stdout.write("No main texts pending\n")
        return
    line = f"Extracted {_n(s.bodies, 'main text')} ({_n(s.pages, 'page')})"
    if s.without_text:
        line += f", {s.without_text} without text"
    if s.missing:
        line += f", {s.missing} without a stored snapshot"
    sys.stdout.write(line + "\n")


def summary(s: FetchSummary, as_json: bool) -> None:
    if as_json:
        print_json({**s.counts(), "results": [r.as_dict() for r in s.results]})
        return
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
    if path is None:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return
    try:
        path.write_bytes(body)
    except OSError as exc:
        raise InvalidInput(f"Cannot write {path}: {exc.strerror or exc}") from None
    message(f"Wrote {len(body):,} bytes to {path}")


def exported(count: int, path: Path) -> None:
    message(f"Exported {count} snapshot{'s' if count != 1 else ''} to {path}")
