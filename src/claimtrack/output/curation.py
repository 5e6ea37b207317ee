"""Rendering of retractions, restorations, groups and undo."""

from __future__ import annotations

import json
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
    n = len(result["events"])
    message(f"{verb} change {result['change']} ({n} event{'' if n == 1 else 's'}):")
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
        change = f": {value_of(e, 'old')} → {value_of(e, 'new')}"
    return strip_controls(f"{e['type']} {about}{field}{change} ({e['at']}, {e['by']})")


def value_of(e: dict[str, Any], key: str) -> str:
    """An event's old or new value for people: a removed evidence link or speech (kept whole
    in the event, as JSON, for undo) by its id and URL or title."""
    value = e.get(key)
    kind = e.get("field") if e.get("type") == "undo" else e.get("type")  # an undo names it
    if kind in ("evidence-removed", "speech-removed") and isinstance(value, str):
        try:
            row = json.loads(value)
        except ValueError:
            row = None
        if isinstance(row, dict):
            if kind == "speech-removed":  # the line names the speech already
                return shorten(str(row.get("title") or f"speech {row.get('id')}"), 60)
            return shorten(f"evidence {row.get('id')}: {row.get('url') or ''}".rstrip(": "), 60)
    return shown(value)


def shown(value: Any) -> str:
    """A value of an event for people: 'none' for no value, long ones shortened."""
    if value is None:
        return "none"
    return shorten(str(value), 60)


ONE = {"speeches": "speech", "evidence": "evidence"}


def _counted(counts: dict[str, int]) -> str:
    """`1 speech, 37 claims, 0 snapshots`: a table's rows counted in words."""
    return ", ".join(
        f"{n} {table if n != 1 else ONE.get(table, table.removesuffix('s'))}"
        for table, n in counts.items()
    )


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
