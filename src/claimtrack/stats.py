"""`claimtrack stats`: totals per kind, rating and flag, kept-rate, median days overdue."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from . import scales
from .claims import Filters
from .flags import FLAGS
from .report import kept_rate, rating_counts

if TYPE_CHECKING:
    from sqlite_utils import Database


# The claims stats counts: not retracted, and a same-promise group once (its first claim).
LIVE = (
    "c.removed_at IS NULL AND (c.group_id IS NULL OR c.id = (SELECT min(g.id) FROM claims g"
    " WHERE g.group_id = c.group_id AND g.removed_at IS NULL))"
)


def _kinds(db: Database) -> dict[str, int]:
    sql = f"SELECT c.kind AS k, count(*) AS n FROM claims c WHERE {LIVE} GROUP BY 1"
    return {r["k"]: r["n"] for r in db.query(sql)}


def _flags(db: Database) -> dict[str, int]:
    sql = (
        "SELECT f.flag AS k, count(*) AS n FROM flags f JOIN claims c ON c.id = f.claim_id"
        f" WHERE {LIVE} GROUP BY 1"
    )
    return {r["k"]: r["n"] for r in db.query(sql)}


def overdue_days(db: Database, today: date) -> dict[str, Any]:
    """How many open commitments are past their deadline, and the median days overdue.

    The median is read with two OFFSET queries, so no list of all days is held in memory.
    """
    resolved = ",".join("?" * len(scales.RESOLVED_PROMISES))
    base = (
        f"FROM claims c WHERE {LIVE} AND c.kind = 'commitment' AND c.deadline_end < ?"
        f" AND c.rating NOT IN ({resolved})"
    )
    params = [today.isoformat(), *scales.RESOLVED_PROMISES]
    n = int(next(db.query(f"SELECT count(*) AS n {base}", params))["n"])
    if not n:
        return {"count": 0, "median_days": None}
    days = f"CAST(julianday(?) - julianday(deadline_end) AS INTEGER) AS d {base}"
    sql = f"SELECT {days} ORDER BY d LIMIT 1 OFFSET ?"
    middle = [
        next(db.query(sql, [today.isoformat(), *params, offset]))["d"]
        for offset in sorted({(n - 1) // 2, n // 2})
    ]
    median = sum(middle) / len(middle)
    return {"count": n, "median_days": int(median) if median.is_integer() else median}


def compute(db: Database, today: date) -> dict[str, Any]:
    """Totals over the whole database (a handful of grouped queries). The `overdue` flag
    is counted as of `today`, like the overdue commitments, so the two agree also before the
    first refresh has stored any flag."""
    kinds = _kinds(db)
    overdue = overdue_days(db, today)
    flags = {**_flags(db), "overdue": overdue["count"]}
    ratings = rating_counts(db, Filters(), today)
    return {
        "generated": today.isoformat(),
        "claims": sum(kinds.values()),
        "kinds": {k: kinds.get(k, 0) for k in scales.KINDS},
        "ratings": ratings,
        "flags": {f: flags.get(f, 0) for f in (*FLAGS, *sorted(set(flags) - set(FLAGS)))},
        "kept_rate": kept_rate(ratings["commitments"]),
        "overdue": overdue,
    }
