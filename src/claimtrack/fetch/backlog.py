"""Main texts left for later: extracting the stored bodies whose text is pending.

A big fetch run stores bodies faster than trafilatura can read them on a few CPUs, so it
leaves their main text pending (`pages.text_pending = 1`, see `extracting.py`).
`extract_pending` extracts each pending body once, from its snapshot — in worker processes
when there are many — and writes its text, publication date and language (and the title,
where the page had none) to every page with that body, and the text hash to the fetches of
that body, a few bodies per short transaction: a run that is killed keeps what it wrote,
and the next run goes on from there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..db import transaction
from . import store
from .content import Extracted

if TYPE_CHECKING:
    from sqlite_utils import Database

    from .workers import Workers

BATCH = 32  # bodies per transaction
POOL_MIN = 50  # fewer pending bodies are extracted in this process

PENDING_SQL = """
SELECT raw_hash, min(content_type) AS content_type, min(coalesce(final_url, url)) AS url,
       count(*) AS pages
FROM pages WHERE text_pending = 1 AND raw_hash IS NOT NULL
GROUP BY raw_hash ORDER BY min(id)
"""

Done = tuple[str, Extracted | None]  # (raw hash, extraction; None: no snapshot stored)


@dataclass
class BacklogSummary:
    bodies: int = 0  # bodies extracted
    pages: int = 0  # pages whose text is no longer pending
    without_text: int = 0  # bodies extracted that have no main text (empty page, scan PDF)
    missing: int = 0  # pending bodies without a stored snapshot (cannot be extracted)

    def counts(self) -> dict[str, int]:
        return dict(self.__dict__)


def pending(db: Database) -> int:
    """Pages whose main text is still to be extracted."""
    row = db.conn.execute(
        "SELECT count(*) FROM pages WHERE text_pending = 1 AND raw_hash IS NOT NULL"
    ).fetchone()
    return int(row[0])


def extract_pending(
    db: Database,
    now: datetime | None = None,
    on_batch: Callable[[BacklogSummary], None] | None = None,
) -> BacklogSummary:
    """Extract every pending main text; `on_batch` is called after each commit."""
    rows = list(db.query(PENDING_SQL))
    summary = BacklogSummary()
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def save(batch: list[Done]) -> None:
        summary.pages += _save(db, batch, stamp, summary)
        if on_batch is not None:
            on_batch(summary)

    count = _workers(len(rows))
    if count == 0:
        batch: list[Done] = []
        for row in rows:
            batch.append(_extract_here(db, row))
            if len(batch) >= BATCH:
                save(batch)
                batch = []
        if batch:
            save(batch)
        return summary
    from .extracting import digest, warm
    from .workers import Workers, fork_workers, reap

    forked = fork_workers(count, digest, warm, background=False)  # the parent waits on them
    try:
        asyncio.run(_extract_pooled(db, rows, Workers(forked), save))
    finally:
        reap(forked)
    return summary


def _workers(bodies: int) -> int:
    """One worker per CPU (the parent only reads snapshots and writes), none for a few."""
    import os

    from .workers import can_fork

    if bodies < POOL_MIN or not can_fork():
        return 0
    return max(1, min(4, os.cpu_count() or 1))


def _body(db: Database, row: dict[str, Any]) -> bytes | None:
    from ..errors import NotFound

    try:
        return store.snapshot_body(db, row["raw_hash"])[0]
    except NotFound:
        return None


def _extract_here(db: Database, row: dict[str, Any]) -> Done:
    from .content import extract

    data = _body(db, row)
    if data is None:
        return row["raw_hash"], None
    try:
        return row["raw_hash"], extract(data, row["content_type"], row["url"])
    except Exception as exc:
        return row["raw_hash"], _unreadable(exc)


def _unreadable(exc: Exception) -> Extracted:
    """A body whose extraction raised (a charset that is no text encoding, a library's
    error): it has no main text, and the run goes on (`failures.py`: a bug is raised)."""
    from .failures import page_failure

    page_failure(exc, "extract")
    return Extracted()


async def _extract_pooled(
    db: Database, rows: list[dict[str, Any]], pool: Workers, save: Callable[[list[Done]], None]
) -> None:
    """Keep every worker busy (two jobs queued each); commit results a batch at a time."""
    await pool.start()
    slots = asyncio.Semaphore(2 * pool.size)
    batch: list[Done] = []

    async def one(row: dict[str, Any]) -> None:
        nonlocal batch
        async with slots:
            data = _body(db, row)
            ex = None
            if data is not None:
                try:
                    ex = (await pool.run(data, row["content_type"], row["url"], None, False))[0]
                except Exception as exc:  # noqa: BLE001 - the body's, see _unreadable
                    ex = _unreadable(exc)
        batch.append((row["raw_hash"], ex))
        if len(batch) >= BATCH:
            done, batch = batch, []
            save(done)

    try:
        await asyncio.gather(*(one(row) for row in rows))
    finally:
        if batch:
            save(batch)
        await pool.close()


def _save(db: Database, batch: list[Done], now: str, summary: BacklogSummary) -> int:
    """Write a batch of extractions in one transaction; returns the pages updated."""
    pages = 0
    with transaction(db):
        for raw_hash, ex in batch:
            if ex is None:
                summary.missing += 1
                cursor = db.conn.execute(
                    "UPDATE pages SET text_pending = 0 WHERE raw_hash = ? AND text_pending = 1",
                    [raw_hash],
                )
                pages += cursor.rowcount
                continue
            summary.bodies += 1
            text_hash = store.write_text(db, ex.text, now)
            if text_hash is None:
                summary.without_text += 1
            else:
                store.fill_fetch_texts(db, None, raw_hash, text_hash)
            cursor = db.conn.execute(
                "UPDATE pages SET text_hash = ?, published = ?, lang = coalesce(lang, ?),"
                " title = coalesce(title, ?), text_pending = 0"
                " WHERE raw_hash = ? AND text_pending = 1",
                [text_hash, ex.published, ex.lang, ex.title, raw_hash],
            )
            pages += cursor.rowcount
    return pages
