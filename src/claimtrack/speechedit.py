"""Correcting a speech's metadata and removing a speech, every change an event.

A new date (or language) re-resolves the relative deadlines of the speech's claims, each
moved window an event of the same change; a relative deadline kept without a window while
the speech had no date gets its window then."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import events
from .claimrow import resolve_deadline, window_text
from .db import transaction, utcnow
from .errors import ClaimtrackError, InvalidInput
from .speeches import LANGS, check_date, get_speech

if TYPE_CHECKING:
    from sqlite_utils import Database

FIELDS = ("title", "speaker", "date", "venue", "lang", "url")


def _check(field: str, value: str | None) -> str | None:
    value = value.strip() if value else None
    if field == "date":
        return check_date(value)
    if field == "lang" and value is not None and value not in LANGS:
        raise InvalidInput(f"Unknown language '{value}' (use one of: {', '.join(LANGS)})")
    if field == "title" and not value:
        raise InvalidInput("A speech needs a title (give the new one: --title '…')")
    return value


def edit_speech(
    db: Database,
    speech_id: int,
    changes: dict[str, str | None],
    *,
    note: str | None = None,
    by: str | None = None,
    now: str | None = None,
) -> dict[str, Any]:
    """Change a speech's metadata ('' clears a field); returns the speech and `deadlines`,
    the claims whose deadline window moved."""
    speech = get_speech(db, speech_id)
    if not changes:
        raise InvalidInput(f"Nothing to change: give one of --{', --'.join(FIELDS)}")
    update = {}
    for field, value in changes.items():
        if field not in FIELDS:
            raise InvalidInput(f"Cannot edit '{field}' (editable: {', '.join(FIELDS)})")
        checked = _check(field, value)
        if checked != speech[field]:
            update[field] = checked
    edited = {**speech, **update}
    moved = _moved_deadlines(db, edited) if {"date", "lang"} & set(update) else []
    now = now or utcnow()
    with transaction(db):
        change = events.Change(db, now, by)
        for field, value in update.items():
            db.table("speeches").update(speech_id, {field: value})
            change.record(
                "speech-edit", speech_id=speech_id, field=field, old=speech[field], new=value,
                note=note,
            )  # fmt: skip
        for claim, window in moved:
            db.table("claims").update(claim["id"], {**window, "updated_at": now})
            change.record(
                "edit", claim_id=claim["id"], field="deadline_window", old=window_text(claim),
                new=window_text(window), note=f"speech {speech_id} {', '.join(update)} changed",
            )  # fmt: skip
    return {**get_speech(db, speech_id), "deadlines": [c["id"] for c, _ in moved]}


def _moved_deadlines(
    db: Database, speech: dict[str, Any]
) -> list[tuple[dict[str, Any], dict[str, str | None]]]:
    """The claims of `speech` whose deadline phrase reads to another window now."""
    out = []
    sql = "SELECT * FROM claims WHERE speech_id = ? AND deadline_text IS NOT NULL ORDER BY id"
    for claim in db.query(sql, [speech["id"]]):
        try:
            window = resolve_deadline(claim["deadline_text"], speech, until_dated=True)
        except ClaimtrackError:
            continue  # an absolute phrase the grammar no longer reads: its window stays
        window.pop("deadline_text")
        if window_text(window) != window_text(claim):
            out.append((claim, window))
    return out


def remove_speech(
    db: Database,
    speech_id: int,
    *,
    with_claims: bool = False,
    note: str | None = None,
    by: str | None = None,
    now: str | None = None,
) -> dict[str, Any]:
    """Remove a speech; refused while it has claims (retracted ones too) unless
    `with_claims`, which purges them (docs/data-model.md). Without claims, `undo` brings it
    back (its row is kept in the event)."""
    from .retract import purge_rows

    speech = get_speech(db, speech_id)
    claims = list(db.query("SELECT * FROM claims WHERE speech_id = ? ORDER BY id", [speech_id]))
    if claims and not with_claims:
        raise InvalidInput(
            f"Speech {speech_id} has {len(claims)} claim(s) (retracted ones included): retract"
            f" and purge them, or pass --with-claims to delete them with the speech"
        )
    now = now or utcnow()
    with transaction(db):
        change = events.Change(db, now, by)
        for claim in claims:
            purge_rows(db, change, claim, note or f"speech {speech_id} removed")
        db.execute("DELETE FROM speeches WHERE id = ?", [speech_id])
        kind = "speech-purged" if claims else "speech-removed"  # purged claims: no undo
        kept = speech if not claims else {k: speech[k] for k in ("id", *FIELDS)}
        change.record(kind, speech_id=speech_id, old=kept, note=note)
    return {**speech, "claims_purged": len(claims)}
