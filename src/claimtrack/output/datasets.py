"""Rendering of `claimtrack dataset list`."""

from __future__ import annotations

from typing import Any

from . import console, print_json, safe


def listing(rows: list[dict[str, Any]], *, as_json: bool) -> None:
    if as_json:
        print_json(rows)
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for name in ("name", "date", "lang"):
        table.add_column(name, no_wrap=True)
    table.add_column("claims", justify="right", no_wrap=True)
    table.add_column("speech", overflow="fold")
    for r in rows:
        speech = " — ".join(str(v) for v in (r["speaker"], r["title"]) if v)
        table.add_row(
            safe(r["name"]), r["date"] or "", r["lang"] or "", str(r["claims"]), safe(speech)
        )
    console().print(table)
