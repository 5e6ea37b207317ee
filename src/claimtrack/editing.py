"""Editing, rating and reviewing a claim: every changed field an event, one change a command."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from . import events, scales
from .claimrow import get_claim, resolve_deadline
from .db import transaction, utcnow
from .errors import Duplicate, InvalidInput, NotFound
from .quotes import as_spoken, check_quote, duplicate_message, duplicate_of, require_verbatim
from .speeches import get_speech
from .text import fold

if TYPE_CHECKING:
    from sqlite_utils import Database

EDITABLE = ("quote", "kind", "topic", "deadline", "summary")
MAX_SUMMARY = 75


def edit_claim(
    db: Database,
    claim_id: int,
    changes: dict[str, str | None],
    *,
    rating: str | None = None,
    note: str | None = None,
    by: str | None = None,
    now: str | None = None,
    verbatim: bool = True,
) -> dict[str, Any]:
    """Change a claim's quote, kind, topic, deadline or summary; each changed field is an
    event. A new quote must be in the speech's text unless not `verbatim` (as for
    `add_claim`). A new kind on the other scale moves the rating to `rating`, or to that
    scale's default (the old rating stays in the history)."""
    if not changes and rating is None:
        raise InvalidInput(
            "Nothing to change: give --text, --kind, --topic, --deadline, --summary or --rating"
        )
    claim = get_claim(db, claim_id, removed=False)
    speech = get_speech(db, claim["speech_id"])
    update: dict[str, Any] = {}
    logged: list[tuple[str, Any, Any]] = []
    for field, value in changes.items():
        if field not in EDITABLE:
            raise InvalidInput(f"Cannot edit '{field}' (editable: {', '.join(EDITABLE)})")
        update.update(_edit_field(db, claim, speech, field, value, verbatim))
        value = update.get("quote", value) if field == "quote" else update.get(field, value)
        old = claim["deadline_text"] if field == "deadline" else claim[field]
        if old != value:
            logged.append((field, old, value))
    new_rating = _rating_after(claim, update.get("kind", claim["kind"]), rating)
    if not logged and new_rating is None:
        return claim
    now = now or utcnow()
    update["updated_at"] = now
    with transaction(db):
        db.table("claims").update(claim_id, update)
        change = events.Change(db, now, by)
        for field, old, new in logged:
            change.record("edit", claim_id=claim_id, field=field, old=old, new=new, note=note)
        if new_rating is not None:
            _set_rating(db, change, claim, new_rating, note=note)
    return get_claim(db, claim_id)


def _rating_after(claim: dict[str, Any], kind: str, rating: str | None) -> str | None:
    """The rating an edit leaves the claim with, when it changes: `rating` on the (new)
    kind's scale, else that scale's default when the old rating is not on it."""
    if rating is not None:
        new = scales.check_rating(kind, rating)
        return new if new != claim["rating"] else None
    if claim["rating"] not in scales.scale_for(kind):
        return scales.default_rating(kind)
    return None


def _edit_field(
    db: Database,
    claim: dict[str, Any],
    speech: dict[str, Any],
    field: str,
    value: str | None,
    verbatim: bool,
) -> dict[str, Any]:
    if field == "quote":
        quote, span = as_spoken(check_quote(value or ""), speech)
        require_verbatim(span, speech, verbatim)
        other = duplicate_of(db, claim["speech_id"], (quote,), but=claim["id"])
        if other is not None:
            raise Duplicate(duplicate_message(other), int(other["id"]))
        return {
            "quote": quote,
            "norm": fold(quote),
            "start": span[0] if span else None,
            "end": span[1] if span else None,
        }
    if field == "kind":
        return {"kind": scales.check_kind(value or "")}
    if field == "topic":
        return {"topic": value.strip().lower() if value else None}
    if field == "summary":
        return {"summary": check_summary(value)}
    return resolve_deadline(value, speech)


def check_summary(value: str | None) -> str | None:
    """A claim's short summary (ClaimReview's claimReviewed): one line, at most 75 chars."""
    text = " ".join((value or "").split())
    if len(text) > MAX_SUMMARY:
        raise InvalidInput(
            f"The summary is {len(text)} characters; the limit is {MAX_SUMMARY} (shorten it)"
        )
    return text or None


def check_as_of(value: str | None, today: str | None = None) -> str | None:
    """A rating's effective date: an ISO date (YYYY-MM-DD), not after `today` when given."""
    if value is None:
        return None
    try:
        day = date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InvalidInput(f"--as-of '{value}' is not a date (use YYYY-MM-DD)") from None
    if today is not None and day > today:
        raise InvalidInput(
            f"--as-of {day} is after today ({today}): a rating takes effect when it is made,"
            " or earlier"
        )
    return day


def _set_rating(
    db: Database,
    change: events.Change,
    claim: dict[str, Any],
    rating: str,
    *,
    note: str | None = None,
    evidence_ids: list[int] | None = None,
    as_of: str | None = None,
) -> None:
    """Move one claim to `rating` inside the caller's transaction; `rated_at` is the rating's
    effective date: `as_of`, else the time of rating (docs/data-model.md)."""
    db.table("claims").update(
        claim["id"],
        {
            "rating": rating,
            "rating_note": note,
            "rated_at": as_of or change.at,
            "reviewed_at": change.at,
            "updated_at": change.at,
        },
    )
    change.record(
        "rating",
        claim_id=claim["id"],
        field="rating",
        old=claim["rating"],
        new=rating,
        note=note,
        evidence_ids=evidence_ids,
        as_of=as_of,
    )


def rate_claim(
    db: Database,
    claim_id: int,
    rating: str,
    *,
    note: str | None = None,
    evidence_ids: list[int] | None = None,
    by: str | None = None,
    now: str | None = None,
    as_of: str | None = None,
) -> dict[str, Any]:
    """Set a claim's rating on its scale; every move is an event (also back and forth). The
    claims grouped with it (`link --same-as`) get the same rating in the same change."""
    from .groups import members

    claim = get_claim(db, claim_id, removed=False)
    rating = scales.check_rating(claim["kind"], rating)
    now = now or utcnow()
    as_of = check_as_of(as_of, today=utcnow()[:10])  # the clock, not a given `now`
    group = members(db, claim) or [claim]
    ids = sorted(set(evidence_ids or []))
    if ids:
        _check_evidence(db, claim_id, [m["id"] for m in group], ids)
    with transaction(db):
        change = events.Change(db, now, by)
        for member in group:
            _set_rating(db, change, member, rating, note=note, evidence_ids=ids, as_of=as_of)
    return get_claim(db, claim_id)


def _check_evidence(db: Database, claim_id: int, claim_ids: list[int], ids: list[int]) -> None:
    marks = ", ".join("?" * len(claim_ids))
    known = {
        r["id"] for r in db.query(f"SELECT id FROM evidence WHERE claim_id IN ({marks})", claim_ids)
    }
    missing = [i for i in ids if i not in known]
    if missing:
        raise NotFound(
            f"Evidence {missing[0]} is not linked to claim {claim_id}"
            f" (see: claimtrack evidence list {claim_id})"
        )


def review_claim(
    db: Database,
    claim_id: int,
    *,
    note: str | None = None,
    by: str | None = None,
    now: str | None = None,
) -> dict[str, Any]:
    """A person looked at the claim without changing its rating: clears changed/stale flags."""
    from . import flags

    claim = get_claim(db, claim_id)
    now = now or utcnow()
    with transaction(db):
        db.table("claims").update(claim_id, {"reviewed_at": now, "updated_at": now})
        change = events.Change(db, now, by)
        change.record(
            "review",
            claim_id=claim_id,
            field="reviewed_at",
            old=claim["reviewed_at"],
            new=now,
            note=note,
        )
        flags.clear(
            db, claim_id, ("evidence-changed", "evidence-figure-changed", "stale"), now, change.by
        )
    return get_claim(db, claim_id)
