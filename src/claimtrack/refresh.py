"""`refresh`: re-fetch due evidence, mark dead links, recompute flags. Safe to kill at any point.

Every fetch result is committed as it arrives and the flags are rewritten in one transaction, so
a run killed at any moment loses at most the fetches in flight; the next run finishes the work.
Running twice with nothing new writes no events the second time. A dry run (`Options.dry_run`)
works on an in-memory copy of the database and fetches nothing: it says what a refresh would
change (at `now`, which may be a date to come) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from . import events, flags, settings
from .db import transaction

if TYPE_CHECKING:
    from sqlite_utils import Database

    from .fetch.fetcher import FetchSummary

STAMP = "%Y-%m-%dT%H:%M:%SZ"
# FetchSummary.counts() of a run that fetched nothing (tests/test_pipes.py checks the keys)
NO_FETCH: dict[str, Any] = {
    "fetched": 0,
    "unchanged": 0,
    "failed": 0,
    "failed_by_reason": {},
    "texts_pending": 0,
}


class Progress(Protocol):
    """Told how many pages are due, then called once per fetch result."""

    def start(self, total: int) -> None: ...

    def advance(self, result: Any) -> None: ...


@dataclass
class Options:
    fetch: bool = True
    concurrency: int | None = None
    per_host: int | None = None
    allow_private: bool | None = None
    progress: Progress | None = None
    dry_run: bool = False  # on a copy, without fetching: what would change
    fail_on: tuple[str, ...] = ()  # flags counted in Result.present
    warn: Callable[[str], None] | None = None  # told of a lowered concurrency


@dataclass
class Result:
    changes: list[dict[str, Any]] = field(default_factory=list)
    fetched: dict[str, Any] = field(default_factory=dict)
    flagged: dict[str, int] = field(default_factory=dict)
    present: int = 0  # claims carrying any of Options.fail_on after the run
    failing: dict[str, int] = field(default_factory=dict)  # claims per Options.fail_on flag

    def to_dict(self) -> dict[str, Any]:
        """Every count, zero included, so `refresh --json` is the same object whatever ran."""
        return {
            "changes": self.changes,
            "fetch": NO_FETCH | self.fetched,
            "flags": dict.fromkeys(flags.FLAGS, 0) | self.flagged,
        }


def due_pages(db: Database, now: datetime) -> list[int]:
    """Cited pages whose next fetch time has come (never-fetched pages first); not the
    pages archived by hand (`evidence import`), whose copy is kept as it is."""
    rows = db.query(
        "SELECT p.id FROM pages p WHERE EXISTS (SELECT 1 FROM evidence e WHERE e.page_id = p.id)"
        " AND p.archived = 0 AND (p.next_fetch_at IS NULL OR p.next_fetch_at <= ?)"
        " ORDER BY p.next_fetch_at IS NOT NULL, p.next_fetch_at, p.id",
        [now.strftime(STAMP)],
    )
    return [r["id"] for r in rows]


def schedule(db: Database, now: datetime) -> None:
    """Set the next fetch time of pages fetched in this run: interval, or backoff when failing.

    The pages and their times are worked out before the write transaction, which holds the
    lock only for one UPDATE statement (other writers wait for it: ~0.1 s for 10,000 pages
    instead of ~0.5 s). Only a refresh or an `evidence fetch` sets these times, and only one
    of them runs at a time (the lock file), so nothing changes them in between."""
    interval = float(settings.get(db, "refresh.interval_days"))
    cap = float(settings.get(db, "refresh.max_backoff_days"))
    stamp = now.strftime(STAMP)
    rows = db.conn.execute(
        "SELECT id, fail_streak FROM pages WHERE checked_at >= ?"
        " AND (next_fetch_at IS NULL OR next_fetch_at <= ?)",
        [stamp, stamp],
    ).fetchall()
    times: dict[int, str] = {}  # fail streak -> next fetch time
    updates = []
    for page_id, fail_streak in rows:
        streak = fail_streak or 0
        if streak not in times:
            days = interval if streak == 0 else min(cap, interval * 2 ** (streak - 1))
            times[streak] = (now + timedelta(days=days)).strftime(STAMP)
        updates.append((times[streak], page_id))
    with transaction(db):
        db.conn.executemany("UPDATE pages SET next_fetch_at = ? WHERE id = ?", updates)


def fetch_evidence(
    db: Database, page_ids: list[int] | None, *, all: bool, **options: Any
) -> FetchSummary:
    """`evidence fetch`: fetch the pages (`fetch.fetch_pages`, with `options`), then set the
    next check of each page fetched, as `refresh` does: a refresh right after a fetch does
    not fetch the same pages again."""
    from datetime import UTC

    from .fetch import fetch_pages

    now = datetime.now(UTC).replace(microsecond=0)
    summary = fetch_pages(db, page_ids, all=all, now=now, **options)
    schedule(db, now)
    return summary


def mark_dead(db: Database, now: datetime, t: flags.Thresholds) -> list[dict[str, Any]]:
    """Pages that crossed the dead-link threshold become `dead` (an event each)."""
    cond, params = flags.dead_page_sql(t)
    at = now.strftime(STAMP)
    changed = []
    with transaction(db):
        for r in list(
            db.query(
                f"SELECT p.id, p.url, p.status, p.error_kind FROM pages p"
                f" WHERE p.status != 'dead' AND {cond}",
                params,
            )
        ):
            db.execute("UPDATE pages SET status = 'dead' WHERE id = ?", [r["id"]])
            events.record(
                db,
                at=at,
                type="evidence-status",
                page_id=r["id"],
                field="status",
                old=r["status"],
                new="dead",
                note=r["error_kind"],
            )
            changed.append(r)
    return changed


def run(db: Database, now: datetime, opts: Options) -> Result:
    """One refresh: fetch what is due, mark dead pages, recompute every flag."""
    if opts.dry_run:
        db = scratch_copy(db)
    t = flags.Thresholds.from_settings(db)
    result = Result()
    if opts.fetch and not opts.dry_run:
        result.fetched, moved = _fetch_due(db, now, opts)
        result.changes.extend(
            _status_lines(
                db,
                [
                    {
                        "id": r.page_id,
                        "url": r.url,
                        "change": f"evidence {r.new_status}"
                        + (f" ({r.error_kind})" if r.error_kind else ""),
                    }
                    for r in moved
                ],
            )
        )
    result.changes.extend(
        _status_lines(
            db,
            [
                {"id": p["id"], "url": p["url"], "change": f"evidence dead ({p['error_kind']})"}
                for p in mark_dead(db, now, t)
            ],
        )
    )
    changes = flags.apply(db, now, t, by="refresh")
    result.changes.extend(c.to_dict() for c in changes)
    for c in changes:
        if c.set:
            result.flagged[c.flag] = result.flagged.get(c.flag, 0) + 1
    result.present = present_flags(db, opts.fail_on)
    result.failing = failing_flags(db, opts.fail_on)
    return result


def scratch_copy(db: Database) -> Database:
    """An in-memory copy of the database, for a dry run: its writes go nowhere."""
    import sqlite3

    from sqlite_utils import Database

    copy = sqlite3.connect(":memory:")
    db.conn.backup(copy)
    return Database(copy)


def _fetch_due(db: Database, now: datetime, opts: Options) -> tuple[dict[str, Any], list[Any]]:
    due = due_pages(db, now)
    if not due:
        return {}, []  # nothing due: do not even import the HTTP stack
    from .fetch import fetch_pages

    on_result: Callable[[Any], None] | None = None
    if opts.progress is not None:
        opts.progress.start(len(due))
        on_result = opts.progress.advance
    summary = fetch_pages(
        db,
        due,
        all=True,
        now=now,
        concurrency=opts.concurrency or settings.get(db, "fetch.concurrency"),
        per_host=opts.per_host or settings.get(db, "fetch.per_host"),
        allow_private=bool(opts.allow_private or settings.get(db, "fetch.allow_private")),
        timeout=float(settings.get(db, "fetch.timeout")),
        max_bytes=int(settings.get(db, "fetch.max_bytes")),
        on_result=on_result,
        on_warning=opts.warn,
    )
    schedule(db, now)
    record_figure_changes(db, now, summary.results)
    moved = [
        r
        for r in summary.results
        if r.old_status != r.new_status and r.old_status != "pending" and r.new_status != "dead"
    ]
    return summary.counts(), moved


def record_figure_changes(db: Database, now: datetime, results: list[Any]) -> int:
    """An event `figure-changed` per claim figure whose match changed in a page re-fetched
    with another main text (`verify.changed_figures`): another value, or another verdict.
    `flags` turns an event newer than the claim's last rating or review into the flag
    `evidence-figure-changed`. A body whose main text is left for `evidence extract` is
    compared once it has one, at the next change. Returns how many events."""
    changed = [
        r
        for r in results
        if r.old_text_hash and r.new_text_hash and r.old_text_hash != r.new_text_hash
    ]
    if not changed:
        return 0
    import json

    from .verify import changed_figures

    rows = []
    for r in changed:
        for item in changed_figures(db, r.page_id, r.old_text_hash, r.new_text_hash):
            rows.append(
                {
                    "claim_id": item["claim"],
                    "page_id": r.page_id,
                    "field": item["figure"].get("text"),
                    "old": json.dumps(item["old"], ensure_ascii=False),
                    "new": json.dumps(item["new"], ensure_ascii=False),
                    "note": f"evidence {item['evidence']}",
                    "by": "refresh",
                }
            )
    if rows:
        with transaction(db):
            events.record_many(db, at=now.strftime(STAMP), type="figure-changed", rows=rows)
    return len(rows)


def _status_lines(db: Database, pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    lines = []
    for page in pages:
        for r in db.query(
            "SELECT e.claim_id, c.quote FROM evidence e JOIN claims c"
            " ON c.id = e.claim_id WHERE e.page_id = ? ORDER BY e.claim_id",
            [page["id"]],
        ):
            lines.append(
                {
                    "claim_id": r["claim_id"],
                    "quote": r["quote"],
                    "change": f"{page['change']}: {page['url']}",
                    "flag": None,
                    "set": True,
                    "detail": page["url"],
                }
            )
    return lines


def failing_flags(db: Database, names: tuple[str, ...]) -> dict[str, int]:
    """How many claims carry each of the named flags now (those none carries left out)."""
    if not names:
        return {}
    marks = ",".join("?" * len(names))
    rows = db.execute(
        f"SELECT flag, count(*) FROM flags WHERE flag IN ({marks}) GROUP BY flag", list(names)
    ).fetchall()
    found = dict(rows)
    return {name: int(found[name]) for name in names if found.get(name)}


def present_flags(db: Database, names: tuple[str, ...]) -> int:
    """How many claims carry any of the named flags now."""
    if not names:
        return 0
    marks = ",".join("?" * len(names))
    row = db.execute(
        f"SELECT count(DISTINCT claim_id) FROM flags WHERE flag IN ({marks})", list(names)
    ).fetchone()
    return int(row[0])
