"""`undo`: revert the last change (one command's events), or one claim's last change.

An undo appends, for each event it reverts, an `undo` event naming it (`reverts`) with old
and new swapped; a reverted event is never reverted again, so a second undo reverts the
change before. A `config set` is a change too.
What cannot be undone: purges, refresh's own events (fetch status, flags)
and an undo itself (docs/data-model.md)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from . import events
from .claimrow import parse_window, resolve_deadline
from .db import transaction, utcnow
from .errors import ClaimtrackError, InvalidInput, NotFound
from .quotes import locate

if TYPE_CHECKING:
    from sqlite_utils import Database

UNDOABLE = (
    "created",
    "edit",
    "rating",
    "review",
    "removed",
    "restored",
    "group",
    "evidence-added",
    "evidence-removed",
    "evidence-edit",
    "page-edit",
    "speech-edit",
    "speech-removed",
    "setting",
)
OPEN = (
    "e.reverts IS NULL AND e.type IN ({}) AND NOT EXISTS"
    " (SELECT 1 FROM events u WHERE u.reverts = e.id)".format(", ".join("?" * len(UNDOABLE)))
)


def _last_change(db: Database, claim_id: int | None) -> int | None:
    where, params = OPEN, list[Any](UNDOABLE)
    if claim_id is not None:
        where, params = f"{where} AND e.claim_id = ?", [*params, claim_id]
    sql = f"SELECT coalesce(e.change_id, e.id) FROM events e WHERE {where} ORDER BY e.id DESC"
    row = db.execute(sql + " LIMIT 1", params).fetchone()
    return None if row is None else int(row[0])


def plan(db: Database, claim_id: int | None = None) -> tuple[int, list[dict[str, Any]]]:
    """The change `undo` would revert and its events, last first."""
    if claim_id is not None:
        from .claimrow import get_claim

        get_claim(db, claim_id)
    change = _last_change(db, claim_id)
    if claim_id is None:
        _refuse_after_purge(db, change)
    if change is None:
        whose = f" of claim {claim_id}" if claim_id is not None else ""
        raise NotFound(f"Nothing to undo: no change{whose} left that undo can revert")
    where, params = f"{OPEN} AND coalesce(e.change_id, e.id) = ?", list[Any]([*UNDOABLE, change])
    if claim_id is not None:
        where, params = f"{where} AND e.claim_id = ?", [*params, claim_id]
    rows = db.query(f"SELECT e.* FROM events e WHERE {where} ORDER BY e.id DESC", params)
    return change, [events.decode(r) for r in rows]


def _refuse_after_purge(db: Database, change: int | None) -> None:
    """A purge cannot be undone: when it is the last change, `undo` says so rather than
    silently reverting the change before it."""
    row = db.execute(
        "SELECT coalesce(change_id, id), old FROM events WHERE type = 'purged'"
        " AND coalesce(change_id, id) > ? ORDER BY id DESC LIMIT 1",
        [change or 0],
    ).fetchone()
    if row is not None:
        raise InvalidInput(
            f"The last change (change {row[0]}: purged claim {row[1]}) cannot be undone: a purge"
            " deletes for good (a backup made before it has the claim: claimtrack db restore"
            " FILE); to revert an earlier change of one claim: claimtrack undo --claim N"
        )


def undo(
    db: Database,
    *,
    claim_id: int | None = None,
    dry_run: bool = False,
    note: str | None = None,
    by: str | None = None,
    now: str | None = None,
) -> dict[str, Any]:
    """Revert the last change (of `claim_id`), as a change of its own; `dry_run` only says
    what it would revert."""
    change_id, todo = plan(db, claim_id)
    result = {"change": change_id, "events": todo, "dry_run": dry_run}
    if dry_run:
        return result
    now = now or utcnow()
    why = f"undo of change {change_id}" + (f": {note}" if note else "")
    with transaction(db):
        change = events.Change(db, now, by)
        for e in todo:
            _revert(db, e, change.at)
            change.record(
                "undo",
                claim_id=e["claim_id"],
                page_id=e["page_id"],
                speech_id=e["speech_id"],
                field=e["field"] or e["type"],
                old=e["new"],
                new=e["old"],
                note=why,
                evidence_ids=e["evidence_ids"],
                reverts=e["id"],
            )
        for cid in {e["claim_id"] for e in todo if e["type"] == "rating"}:
            _rating_dates(db, cid)
    return result


def _revert(db: Database, e: dict[str, Any], at: str) -> None:
    """Put back what event `e` changed (see UNDOABLE)."""
    kind, cid = e["type"], e["claim_id"]
    if kind in ("edit", "rating", "review", "group"):
        _claim_field(db, cid, e["field"], e["old"], at)
    elif kind == "created":
        db.execute(
            "UPDATE claims SET removed_at = ?, removed_reason = 'undo' WHERE id = ?", [at, cid]
        )
    elif kind == "removed":
        db.execute("UPDATE claims SET removed_at = NULL, removed_reason = NULL WHERE id = ?", [cid])
    elif kind == "restored":
        reason = db.execute(
            "SELECT note FROM events WHERE claim_id = ? AND type = 'removed' ORDER BY id DESC",
            [cid],
        ).fetchone()
        db.execute(
            "UPDATE claims SET removed_at = ?, removed_reason = ? WHERE id = ?",
            [e["old"], reason[0] if reason else None, cid],
        )
    else:
        _revert_other(db, e)


def _claim_field(db: Database, cid: int, field: str, old: str | None, at: str) -> None:
    claim = next(db.query("SELECT * FROM claims WHERE id = ?", [cid]))
    update: dict[str, Any] = {"updated_at": at}
    if field == "quote":
        speech = next(db.query("SELECT * FROM speeches WHERE id = ?", [claim["speech_id"]]))
        span = locate(old or "", speech["text"])
        from .text import fold

        update.update(quote=old, norm=fold(old or ""), start=span and span[0], end=span and span[1])
    elif field == "deadline":
        speech = next(db.query("SELECT * FROM speeches WHERE id = ?", [claim["speech_id"]]))
        try:
            update.update(resolve_deadline(old, speech, until_dated=True))
        except ClaimtrackError:  # the phrase no longer reads: keep it, without a window
            update.update(deadline_text=old, deadline_start=None, deadline_end=None)
    elif field == "deadline_window":
        update.update(parse_window(old))
    elif field == "group_id":
        update["group_id"] = None if old is None else int(old)
    elif field in ("rating", "kind", "topic", "summary", "reviewed_at"):
        update[field] = old
    else:
        raise InvalidInput(f"Cannot undo a change of '{field}'")
    db.table("claims").update(cid, update)


def _revert_other(db: Database, e: dict[str, Any]) -> None:
    kind = e["type"]
    if kind == "evidence-added":
        db.execute("DELETE FROM evidence WHERE id = ?", [e["evidence_ids"][0]])
    elif kind == "evidence-removed":
        db.table("evidence").insert(json.loads(e["old"]))
    elif kind == "evidence-edit":
        db.table("evidence").update(e["evidence_ids"][0], {e["field"]: e["old"]})
    elif kind == "page-edit":
        db.table("pages").update(e["page_id"], {e["field"]: int(e["old"] or 0)})
    elif kind == "speech-edit":
        db.table("speeches").update(e["speech_id"], {e["field"]: e["old"]})
    elif kind == "speech-removed":
        db.table("speeches").insert(json.loads(e["old"]))
    elif kind == "setting":
        db.table("settings").upsert({"key": e["field"], "value": e["old"]}, pk="key")


def _rating_dates(db: Database, cid: int) -> None:
    """After undoing ratings: rated_at and rating_note of the rating now in force."""
    row = db.execute(
        "SELECT coalesce(e.as_of, e.at), e.note FROM events e WHERE e.claim_id = ?"
        " AND e.type = 'rating' AND e.reverts IS NULL AND NOT EXISTS"
        " (SELECT 1 FROM events u WHERE u.reverts = e.id) ORDER BY e.id DESC LIMIT 1",
        [cid],
    ).fetchone()
    rated_at, note = row if row else (None, None)
    db.execute(
        "UPDATE claims SET rated_at = ?, rating_note = ? WHERE id = ?", [rated_at, note, cid]
    )
