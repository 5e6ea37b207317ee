"""Derived flags of claims: computed from the data, diffed against the stored set.

overdue           deadline window ended, commitment not settled (kept/compromise/broken)
due-soon          window ends within flags.due_soon_days
evidence-dead     a cited page failed with 404/410/DNS on flags.dead_after consecutive fetches
                  (timeouts, 5xx and other failures need flags.dead_after_transient)
evidence-changed  a cited page's main text changed since the claim was last rated or reviewed
stale             not rated or reviewed for flags.stale_days
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from . import events, scales
from .db import transaction

if TYPE_CHECKING:
    from sqlite_utils import Database

FLAGS = ("overdue", "due-soon", "evidence-dead", "evidence-changed", "stale")
PERMANENT_FAILURES = ("http-404", "http-410", "dns")


@dataclass(frozen=True)
class Thresholds:
    due_soon_days: int = 30
    stale_days: int = 90
    dead_after: int = 2
    dead_after_transient: int = 5

    @classmethod
    def from_settings(cls, db: Database) -> Thresholds:
        from . import settings

        return cls(
            due_soon_days=settings.get(db, "flags.due_soon_days"),
            stale_days=settings.get(db, "flags.stale_days"),
            dead_after=settings.get(db, "flags.dead_after"),
            dead_after_transient=settings.get(db, "flags.dead_after_transient"),
        )


@dataclass(frozen=True)
class Change:
    claim_id: int
    quote: str
    flag: str
    set: bool
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim_id": self.claim_id,
            "quote": self.quote,
            "change": self.describe(),
            "flag": self.flag,
            "set": self.set,
            "detail": self.detail,
        }

    def describe(self) -> str:
        if self.set:
            return f"{self.flag}: {self.detail}" if self.detail else self.flag
        return f"{self.flag} cleared"


def dead_page_sql(t: Thresholds) -> tuple[str, list[Any]]:
    """SQL condition on pages `p` for a dead link, with its parameters."""
    marks = ",".join("?" * len(PERMANENT_FAILURES))
    return (
        f"(p.status != 'ok' AND ((p.error_kind IN ({marks}) AND p.fail_streak >= ?)"
        " OR p.fail_streak >= ?))",
        [*PERMANENT_FAILURES, t.dead_after, t.dead_after_transient],
    )


def _deadline_flags(db: Database, now: datetime, t: Thresholds) -> dict[tuple[int, str], str]:
    today = now.date().isoformat()
    soon = (now.date() + timedelta(days=t.due_soon_days)).isoformat()
    marks = ",".join("?" * len(scales.RESOLVED_PROMISES))
    rows = db.query(
        "SELECT id, deadline_end FROM claims WHERE kind = 'commitment' AND deadline_end"
        f" IS NOT NULL AND rating NOT IN ({marks}) AND deadline_end <= ?",
        [*scales.RESOLVED_PROMISES, soon],
    )
    out = {}
    for r in rows:
        if r["deadline_end"] < today:
            out[(r["id"], "overdue")] = f"deadline {r['deadline_end']} passed"
        else:
            out[(r["id"], "due-soon")] = f"deadline {r['deadline_end']}"
    return out


def _evidence_flags(db: Database, t: Thresholds) -> dict[tuple[int, str], str]:
    out: dict[tuple[int, str], str] = {}
    cond, params = dead_page_sql(t)
    for r in db.query(
        "SELECT e.claim_id, e.id, p.error_kind FROM evidence e JOIN pages p ON p.id = e.page_id"
        f" WHERE {cond} ORDER BY e.id",
        params,
    ):
        out.setdefault((r["claim_id"], "evidence-dead"), f"evidence {r['id']} ({r['error_kind']})")
    changed = """
        WITH f AS (SELECT page_id, started_at, text_hash,
                   lag(text_hash) OVER (PARTITION BY page_id ORDER BY id) AS prev
                   FROM fetches WHERE text_hash IS NOT NULL),
        c AS (SELECT page_id, max(started_at) AS changed_at FROM f
              WHERE prev IS NOT NULL AND prev != text_hash GROUP BY page_id)
        SELECT e.claim_id, e.id FROM evidence e JOIN c ON c.page_id = e.page_id
        JOIN claims cl ON cl.id = e.claim_id
        WHERE c.changed_at > coalesce(cl.reviewed_at, cl.rated_at, cl.created_at)
        ORDER BY e.id"""
    for r in db.query(changed):
        out.setdefault((r["claim_id"], "evidence-changed"), f"evidence {r['id']} text changed")
    return out


def _stale_flags(db: Database, now: datetime, t: Thresholds) -> dict[tuple[int, str], str]:
    cutoff = (now - timedelta(days=t.stale_days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = db.query(
        "SELECT id, coalesce(reviewed_at, created_at) AS seen FROM claims"
        " WHERE coalesce(reviewed_at, created_at) < ?",
        [cutoff],
    )
    return {(r["id"], "stale"): f"last reviewed {r['seen'][:10]}" for r in rows}


def compute(db: Database, now: datetime, t: Thresholds) -> dict[tuple[int, str], str]:
    """The flags every claim should have now: (claim id, flag) → detail."""
    return {**_deadline_flags(db, now, t), **_evidence_flags(db, t), **_stale_flags(db, now, t)}


def apply(db: Database, now: datetime, t: Thresholds, by: str | None = None) -> list[Change]:
    """Bring the flags table to the computed state in one transaction; an event per change."""
    at = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    with transaction(db):
        wanted = compute(db, now, t)
        stored = {
            (r["claim_id"], r["flag"]): r["detail"]
            for r in db.query("SELECT claim_id, flag, detail FROM flags")
        }
        changes = [
            Change(c, "", f, True, d) for (c, f), d in wanted.items() if (c, f) not in stored
        ]
        changes += [
            Change(c, "", f, False, d) for (c, f), d in stored.items() if (c, f) not in wanted
        ]
        for ch in changes:
            _write(db, ch, at, by)
    return _with_quotes(db, sorted(changes, key=lambda c: (c.claim_id, FLAGS.index(c.flag))))


def _write(db: Database, ch: Change, at: str, by: str | None) -> None:
    if ch.set:
        db.execute(
            "INSERT INTO flags (claim_id, flag, since, detail) VALUES (?, ?, ?, ?)",
            [ch.claim_id, ch.flag, at, ch.detail],
        )
        events.record(
            db, at=at, type="flag-set", claim_id=ch.claim_id, field=ch.flag, new=ch.detail, by=by
        )
    else:
        db.execute("DELETE FROM flags WHERE claim_id = ? AND flag = ?", [ch.claim_id, ch.flag])
        events.record(
            db,
            at=at,
            type="flag-cleared",
            claim_id=ch.claim_id,
            field=ch.flag,
            old=ch.detail,
            by=by,
        )


def _with_quotes(db: Database, changes: list[Change]) -> list[Change]:
    ids = sorted({c.claim_id for c in changes})
    quotes: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in db.query(f"SELECT id, quote FROM claims WHERE id IN ({marks})", chunk):
            quotes[r["id"]] = r["quote"]
    return [
        Change(c.claim_id, quotes.get(c.claim_id, ""), c.flag, c.set, c.detail) for c in changes
    ]


def clear(
    db: Database, claim_id: int, names: tuple[str, ...], at: str, by: str | None = None
) -> None:
    """Clear the named flags of one claim (inside the caller's transaction)."""
    for r in list(db.query("SELECT flag, detail FROM flags WHERE claim_id = ?", [claim_id])):
        if r["flag"] in names:
            _write(db, Change(claim_id, "", r["flag"], False, r["detail"]), at, by)
