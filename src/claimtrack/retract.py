"""Retracting claims (hidden, kept with their history), restoring them, and purging them.

A retracted claim keeps its row and events; `list`, the report, its exports and `stats` leave
it out, `list --removed` shows it. Purging deletes a retracted claim, its evidence links and
flags; its events stay, with claim_id set to NULL (the one exception the events triggers
allow, see docs/data-model.md), and a `purged` event records which claim it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import events
from .claimrow import get_claim
from .db import transaction, utcnow
from .errors import InvalidInput

if TYPE_CHECKING:
    from sqlite_utils import Database


def _claims(
    db: Database, ids: list[int], *, retracted: bool, refusal: Callable[[int], str]
) -> list[dict[str, Any]]:
    """The claims `ids`, each of which must be `retracted` (or not): else the `refusal`
    of the first that is not, as a one-line error."""
    if not ids:
        raise InvalidInput("Give one or more claim ids (see: claimtrack list)")
    claims = [get_claim(db, i) for i in dict.fromkeys(ids)]
    wrong = [c["id"] for c in claims if (c["removed_at"] is not None) != retracted]
    if wrong:
        raise InvalidInput(refusal(wrong[0]))
    return claims


def retract(
    db: Database,
    ids: list[int],
    *,
    reason: str | None = None,
    by: str | None = None,
    now: str | None = None,
) -> list[dict[str, Any]]:
    """Retract the claims `ids` (each leaves its same-promise group), as one change."""
    from .groups import leave_group

    claims = _claims(
        db,
        ids,
        retracted=False,
        refusal=lambda i: (
            f"Claim {i} is already retracted (see: claimtrack restore {i},"
            f" claimtrack rm --purge {i})"
        ),
    )
    now = now or utcnow()
    with transaction(db):
        change = events.Change(db, now, by)
        for c in claims:
            leave_group(db, change, get_claim(db, c["id"]))
            db.table("claims").update(
                c["id"], {"removed_at": now, "removed_reason": reason, "updated_at": now}
            )
            change.record("removed", claim_id=c["id"], field="removed_at", new=now, note=reason)
    return [get_claim(db, c["id"]) for c in claims]


def restore(
    db: Database,
    ids: list[int],
    *,
    note: str | None = None,
    by: str | None = None,
    now: str | None = None,
) -> list[dict[str, Any]]:
    """Bring retracted claims back, as one change."""
    claims = _claims(
        db,
        ids,
        retracted=True,
        refusal=lambda i: f"Claim {i} is not retracted (see: claimtrack list --removed)",
    )
    now = now or utcnow()
    with transaction(db):
        change = events.Change(db, now, by)
        for c in claims:
            db.table("claims").update(
                c["id"], {"removed_at": None, "removed_reason": None, "updated_at": now}
            )
            change.record(
                "restored", claim_id=c["id"], field="removed_at", old=c["removed_at"], note=note
            )
    return [get_claim(db, c["id"]) for c in claims]


def purge(
    db: Database,
    ids: list[int],
    *,
    reason: str | None = None,
    by: str | None = None,
    now: str | None = None,
) -> list[dict[str, Any]]:
    """Delete retracted claims for good (not undoable); returns the rows as they were."""
    claims = _claims(
        db,
        ids,
        retracted=True,
        refusal=lambda i: (
            f"Claim {i} is not retracted: --purge deletes only claims retracted"
            f" earlier (first: claimtrack rm {i})"
        ),
    )
    now = now or utcnow()
    with transaction(db):
        change = events.Change(db, now, by)
        for c in claims:
            purge_rows(db, change, c, reason)
    return claims


def purge_rows(
    db: Database, change: events.Change, claim: dict[str, Any], reason: str | None
) -> None:
    """Delete one claim (retracted, or of a speech being removed) inside the caller's
    transaction; its events lose their claim_id, a `purged` event names it."""
    from .groups import leave_group

    cid = claim["id"]
    leave_group(db, change, get_claim(db, cid))  # the rest of its group regroups
    if claim["removed_at"] is None:  # the events trigger lets only a retracted claim go
        db.execute("UPDATE claims SET removed_at = ? WHERE id = ?", [change.at, cid])
    db.execute("UPDATE events SET claim_id = NULL WHERE claim_id = ?", [cid])
    db.execute("DELETE FROM flags WHERE claim_id = ?", [cid])
    db.execute("DELETE FROM evidence WHERE claim_id = ?", [cid])
    db.execute("DELETE FROM claims WHERE id = ?", [cid])
    change.record(
        "purged", speech_id=claim["speech_id"], field="claim", old=cid, note=reason
    )  # fmt: skip
