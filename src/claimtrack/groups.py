"""Same-promise groups: restatements of one promise in several speeches share a rating.

A group is the claims with the same `group_id`, the id of its first claim. Rating one member
rates them all (one change); `history` and `show` list the events of every member; `list`
and the report show a group once, its first claim's row with every member's quote."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import events
from .claimrow import get_claim
from .db import transaction, utcnow
from .errors import InvalidInput

if TYPE_CHECKING:
    from sqlite_utils import Database


def members(db: Database, claim: dict[str, Any]) -> list[dict[str, Any]]:
    """The claims in `claim`'s group that are not retracted, by id ([] when not grouped)."""
    if claim.get("group_id") is None:
        return []
    sql = "SELECT * FROM claims WHERE group_id = ? AND removed_at IS NULL ORDER BY id"
    return list(db.query(sql, [claim["group_id"]]))


def fold_groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with a group's members folded into its first row: `quotes` and `group` list
    every member's quote and id (in the order given); an ungrouped row gets its own."""
    out: list[dict[str, Any]] = []
    first: dict[int, dict[str, Any]] = {}
    for row in rows:
        gid = row.get("group_id")
        if gid is not None and gid in first:
            first[gid]["quotes"].append(row["quote"])
            first[gid]["group"].append(row["id"])
            continue
        row["quotes"], row["group"] = [row["quote"]], [row["id"]]
        if gid is not None:
            first[gid] = row
        out.append(row)
    return out


def _plan_link(db: Database, ids: list[int]) -> tuple[int, list[dict[str, Any]]]:
    claims = [get_claim(db, i, removed=False) for i in dict.fromkeys(ids)]
    if len(claims) < 2:
        raise InvalidInput("Give two or more claims to group (claimtrack link 3 17 --same-as)")
    kinds = {c["kind"] for c in claims}
    if len(kinds) > 1:
        raise InvalidInput(
            f"Claims of different kinds ({', '.join(sorted(kinds))}) cannot share a rating:"
            " change one's kind first (claimtrack edit ID --kind …)"
        )
    everyone = {c["id"]: c for c in claims}
    for c in claims:
        everyone.update({m["id"]: m for m in members(db, c)})
    return min(everyone), sorted(everyone.values(), key=lambda c: c["id"])


def link_same_as(
    db: Database, ids: list[int], *, by: str | None = None, now: str | None = None
) -> list[dict[str, Any]]:
    """Group the claims `ids` (and the groups they are in) as one promise; the members take
    the first claim's rating. Returns the group's claims."""
    gid, group = _plan_link(db, ids)
    rating = next(c for c in group if c["id"] == gid)["rating"]
    now = now or utcnow()
    with transaction(db):
        change = events.Change(db, now, by)
        for c in group:
            if c["group_id"] != gid:
                _set_group(db, change, c, gid)
            if c["rating"] != rating:
                db.table("claims").update(c["id"], {"rating": rating, "updated_at": now})
                note = f"grouped with claim {gid}"
                change.record(
                    "rating", claim_id=c["id"], field="rating", old=c["rating"], new=rating,
                    note=note,
                )  # fmt: skip
    return members(db, get_claim(db, gid))


def ungroup(
    db: Database, ids: list[int], *, by: str | None = None, now: str | None = None
) -> list[dict[str, Any]]:
    """Take the claims `ids` out of their groups (a group left with one claim ends)."""
    claims = [get_claim(db, i) for i in dict.fromkeys(ids)]
    lone = [c["id"] for c in claims if c["group_id"] is None]
    if lone:
        raise InvalidInput(f"Claim {lone[0]} is not in a group (see: claimtrack show {lone[0]})")
    now = now or utcnow()
    with transaction(db):
        change = events.Change(db, now, by)
        for c in claims:
            leave_group(db, change, get_claim(db, c["id"]))
    return [get_claim(db, c["id"]) for c in claims]


def leave_group(db: Database, change: events.Change, claim: dict[str, Any]) -> None:
    """Take one claim out of its group inside the caller's transaction; the others regroup
    under their first claim, and a lone one is ungrouped."""
    if claim["group_id"] is None:
        return
    _set_group(db, change, claim, None)
    rest = [m for m in members(db, claim) if m["id"] != claim["id"]]
    new_gid = rest[0]["id"] if len(rest) > 1 else None
    for m in rest:
        if m["group_id"] != new_gid:
            _set_group(db, change, m, new_gid)


def _set_group(db: Database, change: events.Change, claim: dict[str, Any], gid: int | None) -> None:
    db.table("claims").update(claim["id"], {"group_id": gid, "updated_at": change.at})
    change.record("group", claim_id=claim["id"], field="group_id", old=claim["group_id"], new=gid)
