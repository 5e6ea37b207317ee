"""The append-only events table: every rating change, edit, flag and status change."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database


INSERT = (
    "INSERT INTO events (at, claim_id, page_id, type, field, old, new, note, by, evidence_ids)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _values(
    at: str,
    type: str,
    claim_id: int | None = None,
    page_id: int | None = None,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    note: str | None = None,
    by: str | None = None,
    evidence_ids: Iterable[int] | None = None,
) -> tuple[Any, ...]:
    """One event's row, in `INSERT`'s order: when, what, about which claim or page, the
    field and its old and new values, a note, who, and the evidence the event cites."""
    return (
        at,
        claim_id,
        page_id,
        type,
        field,
        None if old is None else str(old),
        None if new is None else str(new),
        note,
        by,
        json.dumps(sorted(evidence_ids)) if evidence_ids else None,
    )


def record(db: Database, *, at: str, type: str, **fields: Any) -> int:
    """Append one event; `fields` are `_values`'s (claim_id, page_id, field, old, new, note,
    by, evidence_ids: another name is a TypeError). Call inside the caller's transaction."""
    return int(db.execute(INSERT, _values(at, type, **fields)).lastrowid or 0)


def record_many(db: Database, *, at: str, type: str, rows: Iterable[dict[str, Any]]) -> None:
    """Append events of one type, each row giving `record`'s other keywords (page_id, old,
    new, note, …), in one statement; call inside the caller's transaction."""
    db.conn.executemany(INSERT, [_values(at, type, **row) for row in rows])


def for_claim(db: Database, claim_id: int) -> list[dict[str, Any]]:
    rows = db.query("SELECT * FROM events WHERE claim_id = ? ORDER BY id", [claim_id])
    out = []
    for row in rows:
        row["evidence_ids"] = json.loads(row["evidence_ids"]) if row["evidence_ids"] else []
        out.append(row)
    return out
