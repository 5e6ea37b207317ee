"""Rendering of evidence links."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from . import console, message, print_json, safe


def added(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        if row["created"]:
            message(f"Linked evidence {row['id']} to claim {row['claim_id']}: {row['url']}")
        else:
            message(
                f"Already linked as evidence {row['id']} to claim {row['claim_id']}: {row['url']}"
                f" (to change its stance or note: claimtrack evidence edit {row['id']}"
                " --stance … --note …)"
            )


def unlinked(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        message(
            f"Unlinked evidence {row['id']} from claim {row['claim_id']}: {row['url']}"
            " (undo: claimtrack undo)"
        )


def edited(row: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(row)
        return
    stance = row["stance"] or "no stance"
    message(f"Evidence {row['id']} of claim {row['claim_id']}: {stance}: {row['url']}")


def listing(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print_json(rows)
        return
    if not rows:
        message("No evidence yet (add some: claimtrack evidence add CLAIM URL)")
        return
    table = Table(box=None, pad_edge=False)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("claim", justify="right", no_wrap=True)
    table.add_column("stance", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("url / title", overflow="fold")
    for r in rows:
        status = r["status"] + (f" {r['http_status']}" if r.get("http_status") else "")
        status += " archived" if r.get("archived") else ""
        label = safe(r["url"])
        if r.get("title"):
            label.append("\n")
            label.append_text(safe(r["title"], style="dim"))
        table.add_row(str(r["id"]), str(r["claim_id"]), safe(r["stance"] or ""), status, label)
    console().print(table)
