"""Derived flags of claims: computed from the data, diffed against the stored set.

overdue           deadline window ended, commitment not settled (kept/compromise/broken)
due-soon          window ends within flags.due_soon_days
evidence-dead     a cited page failed with 404/410/DNS on flags.dead_after consecutive fetches
                  (timeouts, 5xx and other failures need flags.dead_after_transient);
                  never a page archived by hand (pages.archived, set by `evidence import`)
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

FLAGS = (
    "overdue",
    "due-soon",
    "evidence-dead",
    "evidence-changed",
    "evidence-figure-changed",
    "stale",
)
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
    """SQL condition on pages `p` for a dead link, with its parameters. A page archived by
    hand (`evidence import`) is never dead: its stored copy is the evidence."""
    marks = ",".join("?" * len(PERMANENT_FAILURES))
    return (
        f"(p.archived = 0 AND p.status != 'ok'"
        f" AND ((p.error_kind IN ({marks}) AND p.fail_streak >= ?)"
        " OR p.fail_streak >= ?))",
        [*PERMANENT_FAILURES, t.dead_after, t.dead_after_transient],
    )


WANTED_TABLE = """CREATE TEMP TABLE IF NOT EXISTS wanted_flags (
    claim_id INTEGER NOT NULL, flag TEXT NOT NULL, detail TEXT, PRIMARY KEY (claim_id, flag))"""


def _fill_wanted(db: Database, now: datetime, t: Thresholds) -> None:
    """Compute every flag every claim should have now into the temp table `wanted_flags`.

    Pure SQL, so memory does not grow with the number of claims.
    """
    today = now.date().isoformat()
    soon = (now.date() + timedelta(days=t.due_soon_days)).isoformat()
    cutoff = (now - timedelta(days=t.stale_days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    settled = ",".join("?" * len(scales.RESOLVED_PROMISES))
    cond, dead_params = dead_page_sql(t)
    db.execute(WANTED_TABLE)
    db.execute("DELETE FROM wanted_flags")
    insert = "INSERT OR IGNORE INTO wanted_flags (claim_id, flag, detail) "
    open_promise = (
        "FROM claims WHERE kind = 'commitment' AND deadline_end IS NOT NULL"
        f" AND rating NOT IN ({settled})"
    )
    db.execute(
        insert
        + "SELECT id, 'overdue', 'deadline ' || deadline_end || ' passed' "
        + open_promise
        + " AND deadline_end < ?",
        [*scales.RESOLVED_PROMISES, today],
    )
    db.execute(
        insert
        + "SELECT id, 'due-soon', 'deadline ' || deadline_end "
        + open_promise
        + " AND deadline_end >= ? AND deadline_end <= ?",
        [*scales.RESOLVED_PROMISES, today, soon],
    )
    db.execute(
        insert + "SELECT e.claim_id, 'evidence-dead', 'evidence ' || min(e.id) || ' ('"
        " || p.error_kind || ')' FROM evidence e JOIN pages p ON p.id = e.page_id"
        f" WHERE {cond} GROUP BY e.claim_id",
        dead_params,
    )
    db.execute(
        insert
        + """
        WITH f AS (SELECT page_id, started_at, text_hash,
                   lag(text_hash) OVER (PARTITION BY page_id ORDER BY id) AS prev
                   FROM fetches WHERE text_hash IS NOT NULL),
        c AS (SELECT page_id, max(started_at) AS changed_at FROM f
              WHERE prev IS NOT NULL AND prev != text_hash GROUP BY page_id)
        SELECT e.claim_id, 'evidence-changed', 'evidence ' || min(e.id) || ' text changed'
        FROM evidence e JOIN c ON c.page_id = e.page_id JOIN claims cl ON cl.id = e.claim_id
        WHERE c.changed_at > coalesce(cl.reviewed_at, cl.rated_at, cl.created_at)
        GROUP BY e.claim_id"""
    )
    db.execute(
        insert + "SELECT claim_id, 'evidence-figure-changed', detail FROM (SELECT e.claim_id,"
        " e.note || ': ' || coalesce(e.field, 'a figure') AS detail, max(e.id)"
        " FROM events e JOIN claims cl ON cl.id = e.claim_id WHERE e.type = 'figure-changed'"
        " AND e.at > coalesce(cl.reviewed_at, cl.rated_at, cl.created_at) GROUP BY e.claim_id)"
    )
    db.execute(
        insert + "SELECT id, 'stale', 'last reviewed ' || substr(coalesce(reviewed_at,"
        " created_at), 1, 10) FROM claims WHERE coalesce(reviewed_at, created_at) < ?",
        [cutoff],
    )
    # a retracted claim (`claimtrack rm`) is out of the tracker: no flag, no cron noise;
    # `restore` brings it back and the next refresh flags it again
    db.execute(
        "DELETE FROM wanted_flags WHERE claim_id IN"
        " (SELECT id FROM claims WHERE removed_at IS NOT NULL)"
    )


def compute(db: Database, now: datetime, t: Thresholds) -> dict[tuple[int, str], str]:
    """The flags every claim should have now: (claim id, flag) → detail."""
    _fill_wanted(db, now, t)
    return {
        (r["claim_id"], r["flag"]): r["detail"]
        for r in db.query("SELECT claim_id, flag, detail FROM wanted_flags")
    }


DIFF = """
SELECT w.claim_id, c.quote, w.flag, 1 AS is_set, w.detail FROM wanted_flags w
  JOIN claims c ON c.id = w.claim_id
  WHERE NOT EXISTS (SELECT 1 FROM flags f WHERE f.claim_id = w.claim_id AND f.flag = w.flag)
UNION ALL
SELECT f.claim_id, c.quote, f.flag, 0, f.detail FROM flags f JOIN claims c ON c.id = f.claim_id
  WHERE NOT EXISTS (SELECT 1 FROM wanted_flags w
                    WHERE w.claim_id = f.claim_id AND w.flag = f.flag)
"""


def apply(db: Database, now: datetime, t: Thresholds, by: str | None = None) -> list[Change]:
    """Bring the flags table to the computed state in one transaction; an event per change."""
    at = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    with transaction(db):
        _fill_wanted(db, now, t)
        changes = [
            Change(r[0], r[1], r[2], bool(r[3]), r[4] or "") for r in db.execute(DIFF).fetchall()
        ]
        for ch in changes:
            _write(db, ch, at, by)
        db.execute("DELETE FROM wanted_flags")
    return sorted(changes, key=lambda c: (c.claim_id, FLAGS.index(c.flag)))


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


def clear(
    db: Database, claim_id: int, names: tuple[str, ...], at: str, by: str | None = None
) -> None:
    """Clear the named flags of one claim (inside the caller's transaction)."""
    for r in list(db.query("SELECT flag, detail FROM flags WHERE claim_id = ?", [claim_id])):
        if r["flag"] in names:
            _write(db, Change(claim_id, "", r["flag"], False, r["detail"]), at, by)
