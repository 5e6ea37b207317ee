"""Rendering of retractions, restorations, groups and undo."""

from __future__ import annotations

from typing import Any

from ..text import shorten, strip_controls
from . import message, print_json


def claims_done(rows: list[dict[str, Any]], verb: str, as_json: bool) -> None:
    if as_json:
        print_json(rows)
        return
    for row in rows:
        group = f" (group {row['group_id']})" if row.get("group_id") is not None else ""
        message(f"{verb} claim {row['id']}{group}: {shorten(strip_controls(row['quote']), 60)}")


def undone(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    verb = "Would revert" if result["dry_run"] else "Reverted"
    message(f"{verb} change {result['change']} ({len(result['events'])} event(s)):")
    for e in result["events"]:
        message(f"  {describe(e)}")


def describe(e: dict[str, Any]) -> str:
    """One event as a line: what, about what, old → new, when and by whom."""
    about = (
        f"claim {e['claim_id']}"
        if e.get("claim_id") is not None
        else f"speech {e['speech_id']}"
        if e.get("speech_id") is not None
        else f"page {e['page_id']}"
        if e.get("page_id") is not None
        else "database"
    )
    field = f" {e['field']}" if e.get("field") else ""
    change = ""
    if e.get("old") is not None or e.get("new") is not None:
        change = f": {shown(e.get('old'))} → {shown(e.get('new'))}"
    return strip_controls(f"{e['type']} {about}{field}{change} ({e['at']}, {e['by']})")


def shown(value: Any) -> str:
    """A value of an event for people: 'none' for no value, long ones shortened."""
    if value is None:
        return "none"
    return shorten(str(value), 60)


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {table}" for table, n in counts.items())


def backed_up(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    message(
        f"Backed up to {result['file']} ({result['bytes']:,} bytes): {_counted(result['counts'])}"
    )


def restored(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    message(f"Restored from {result['file']}: {_counted(result['counts'])}")
