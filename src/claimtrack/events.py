"""The append-only events table: every rating change, edit, flag and status change.

A change is what one command did: its events share `change_id`, the id of its first event,
and `undo` reverts a change as a whole (see `Change`)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

COLUMNS = (
    "id",
    "at",
    "claim_id",
    "page_id",
    "speech_id",
    "type",
    "field",
    "old",
    "new",
    "note",
    "by",
    "evidence_ids",
    "as_of",
    "change_id",
    "reverts",
)
# One statement: the new id (and, for the first event of a change, its change_id) is read in
# the INSERT itself, so the write lock is taken at once (a SELECT first would take a read
# snapshot that another writer can make stale before the INSERT).
NEXT_ID = "(SELECT coalesce(max(id), 0) + 1 FROM events)"
INSERT = (
    f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({NEXT_ID}, "
    + ", ".join("?" * (len(COLUMNS) - 3))
    + f", coalesce(?, {NEXT_ID}), ?)"
)
UNKNOWN_AUTHOR = "unknown"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _values(
    at: str,
    type: str,
    claim_id: int | None = None,
    page_id: int | None = None,
    speech_id: int | None = None,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    note: str | None = None,
    by: str | None = None,
    evidence_ids: Iterable[int] | None = None,
    as_of: str | None = None,
    change_id: int | None = None,
    reverts: int | None = None,
) -> tuple[Any, ...]:
    """One event's values, in `INSERT`'s order (its id is the next one): when, what, about
    which claim, page or speech, the field and its old and new values (text; a dict or list as
    JSON), a note, who, the evidence it cites, the date it holds as of, its change (None: a
    change of its own) and the event it reverts."""
    return (
        at,
        claim_id,
        page_id,
        speech_id,
        type,
        field,
        _text(old),
        _text(new),
        note,
        by,
        json.dumps(sorted(evidence_ids)) if evidence_ids else None,
        as_of,
        change_id,
        reverts,
    )


def record(db: Database, *, at: str, type: str, **fields: Any) -> int:
    """Append one event; `fields` are `_values`'s (claim_id, page_id, field, old, new, note,
    by, evidence_ids, …: another name is a TypeError). Without a change_id the event is a
    change of its own. Call inside the caller's transaction."""
    return int(db.execute(INSERT, _values(at, type, **fields)).lastrowid or 0)


def record_many(db: Database, *, at: str, type: str, rows: Iterable[dict[str, Any]]) -> None:
    """Append events of one type, each row giving `record`'s other keywords (page_id, old,
    new, note, …), in one statement, as one change; call inside the caller's transaction."""
    rows = iter(rows)
    head = next(rows, None)
    if head is None:
        return
    first = record(db, at=at, type=type, **head)
    db.conn.executemany(INSERT, [_values(at, type, **{"change_id": first, **r}) for r in rows])


def author(db: Database, by: str | None) -> str:
    """Who makes a change: `by`, else the `user.name` setting, else $USER (never blank)."""
    if by and by.strip():
        return by.strip()
    from . import settings

    name = str(settings.get(db, "user.name") or "").strip()
    return name or os.environ.get("USER", "").strip() or UNKNOWN_AUTHOR


class Change:
    """The events of one command: one author, one time, one change id (its first event's)."""

    def __init__(self, db: Database, at: str, by: str | None) -> None:
        self.db, self.at, self.by = db, at, author(db, by)
        self.id: int | None = None

    def record(self, type: str, **fields: Any) -> int:
        event_id = record(self.db, at=self.at, type=type, by=self.by, change_id=self.id, **fields)
        if self.id is None:
            self.id = event_id
        return event_id


def decode(row: dict[str, Any]) -> dict[str, Any]:
    row["evidence_ids"] = json.loads(row["evidence_ids"]) if row["evidence_ids"] else []
    row["by"] = row["by"] or "claimtrack"  # the program's own events (refresh) name no one
    return row


def for_claim(db: Database, claim_id: int) -> list[dict[str, Any]]:
    return for_claims(db, [claim_id])


def for_claims(db: Database, claim_ids: list[int]) -> list[dict[str, Any]]:
    marks = ", ".join("?" * len(claim_ids))
    rows = db.query(f"SELECT * FROM events WHERE claim_id IN ({marks}) ORDER BY id", claim_ids)
    return [decode(row) for row in rows]
