"""The run's one writer: group commit of fetch results, in the event loop's thread.

A result is handed over when its page is done (network, then extraction). The writer wakes
and commits, in one short transaction, every result handed over since its last commit
(`MAX_BATCH` at most a transaction: results that piled up while it waited for the database,
held by another writer, are split). When
other pages are in progress it first waits up to `WINDOW` (25 ms; the run's end cuts the
wait short) so that the results completing meanwhile share the commit: at 32 in flight that
is ~15 results a commit instead of ~2, and a commit (WAL frames for every touched page)
costs more than its rows. When a single page is in progress (a small run, `--concurrency 1`)
each result is committed at once.
No transaction is ever open across network I/O (the writer does not await inside one). Only
after its commit is a result counted and passed to `on_result`, so what a caller sees is on
disk; a run killed with `kill -9` loses the results not yet committed — at most the last
25 ms of them — and the next run fetches those pages again. Ctrl-C commits them first.

In a run that stores many new bodies (`threaded`: 200 pages or more never fetched before)
each transaction runs in the writer's own thread, on the run's connection, while the event
loop goes on: SQLite works without the GIL, so its share of a commit (about half) leaves
the loop's CPU. Measured on 2 CPUs, 2,000 new pages at 128 in flight on loopback: the
network part of the run 0.965 → 0.925 s (medians of 6, interleaved). A run of 304s writes
little a commit, and the thread hop cost it ~5 % more CPU: it commits in the loop. The
writer task awaits each transaction before it reports the batch and starts the next, so
`on_result` never runs during one; the loop's own statements meanwhile are reads (the engine
writes nothing else), which SQLite serializes on the connection. A connection that may not
leave its thread (not made by `open_db`) keeps every commit in the loop's thread.
While the thread writes, the connection checkpoints the WAL every `CHECKPOINT_PAGES` pages
instead of SQLite's 1,000 (a connection set to checkpoint less often; one set to 0, no
automatic checkpoints, or to a smaller interval keeps its own): a checkpoint runs in the
thread that commits, here off the loop, and the one that closing the database runs at the
end of the command (on the process's critical path) then has at most that much left to copy.
Measured as above: closing 9 → 2–5 ms, the whole command 1.115 → 1.095 s (medians of 8,
interleaved). The loop's reads wait for a checkpoint as for a commit (one lock per
connection): the waits are 5 times as many and each about a fifth as long; each checkpoint
costs two fsyncs, which a slow disk would feel more than this one.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from . import store

if TYPE_CHECKING:
    from sqlite_utils import Database

    from .fetcher import FetchSummary, PageResult

Done = tuple[dict[str, Any], store.Outcome]
WINDOW = 0.025  # seconds a result may wait for others to share its commit
CHECKPOINT_PAGES = 200  # WAL pages between checkpoints while commits run in the thread
MAX_BATCH = 256  # results a transaction, at most


class Writer:
    def __init__(
        self,
        db: Database,
        stamp: Callable[[], str],
        summary: FetchSummary,
        on_result: Callable[[PageResult], None] | None,
        active: Callable[[], int] = lambda: 0,
        threaded: bool = False,
    ) -> None:
        self.db = db
        self.active = active
        self.stamp = stamp
        self.summary = summary
        self.on_result = on_result
        self.pending: list[Done] = []
        self.wake = asyncio.Event()
        self.closed = asyncio.Event()  # set by close: a window being waited out ends at once
        self.closing = False
        self.failed = False
        # transactions in a thread of their own (see above), where SQLite locks connections
        self.threaded = threaded and sqlite3.threadsafety == 3
        self.thread: ThreadPoolExecutor | None = None
        self.writing: tuple[list[Done], Future[list[dict[str, Any]]]] | None = None
        self.checkpoint_pages: int | None = None  # the connection's own, restored by settle

    def put(self, page: dict[str, Any], out: store.Outcome) -> None:
        self.pending.append((page, out))
        self.wake.set()

    def close(self) -> None:
        self.closing = True
        self.wake.set()
        self.closed.set()

    async def run(self) -> None:
        """Commit batches until closed; an error (in the database, in `on_result`) ends it."""
        try:
            while True:
                await self.wake.wait()
                if self.active() > 1 and not self.closing:
                    try:  # let the results of the next ms join, unless the run is over
                        await asyncio.wait_for(self.closed.wait(), WINDOW)
                    except TimeoutError:
                        pass
                self.wake.clear()
                if self.threaded:
                    await self._commit_in_thread()
                else:
                    self.commit(report=True)
                if self.closing and not self.pending:
                    return
        except Exception:
            self.failed = True
            raise

    def commit(self, report: bool) -> None:
        """Write every pending result, `MAX_BATCH` a transaction; then count and report them."""
        while self.pending:
            batch = self._take()
            self._report(batch, store.save_many(self.db, batch, self.stamp()), report)

    def _take(self) -> list[Done]:
        """The next batch of pending results (at most `MAX_BATCH`: the transaction stays
        short even when results piled up while the writer waited for the database)."""
        batch, self.pending = self.pending[:MAX_BATCH], self.pending[MAX_BATCH:]
        if self.pending:
            self.wake.set()
        return batch

    async def _commit_in_thread(self) -> None:
        """`commit`, its transaction run in the writer's thread while the loop goes on."""
        if not self.pending:
            return
        if self.thread is None:
            self.thread = ThreadPoolExecutor(1, thread_name_prefix="claimtrack-writer")
            try:  # a connection made with check_same_thread (not by open_db) stays here
                self.thread.submit(self.db.conn.execute, "SELECT 1").result()
            except sqlite3.ProgrammingError:
                self.threaded = False
                self.commit(report=True)
                return
            conn = self.db.conn
            own = int(conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
            if own > CHECKPOINT_PAGES:  # 0 (checkpoints off) or a smaller interval stays
                self.checkpoint_pages = own
                conn.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
        batch = self._take()  # from here on, `settle` answers for it
        future = self.thread.submit(store.save_many, self.db, batch, self.stamp())
        self.writing = (batch, future)
        updates = await asyncio.wrap_future(future)
        self.writing = None
        self._report(batch, updates, report=True)

    def settle(self) -> None:
        """Stop the writer's thread, first waiting for the batch it may still be writing (the
        run ended by an error or Ctrl-C while it was): that batch is then counted, not
        reported. A batch the thread did not write (cancelled before it started, or its
        transaction failed and was rolled back) goes back to the pending results, for the
        run's last commit. The connection gets its own checkpoint interval back. Call before
        that commit, in the loop's thread."""
        if self.writing is not None:
            batch, future = self.writing
            self.writing = None
            try:
                updates = future.result()
            except BaseException:  # noqa: BLE001 - nothing of it was written: keep it
                self.pending = batch + self.pending
            else:
                self._report(batch, updates, report=False)
        if self.thread is not None:
            self.thread.shutdown(wait=True)
            self.thread = None
        if self.checkpoint_pages is not None:
            pages, self.checkpoint_pages = self.checkpoint_pages, None
            with contextlib.suppress(sqlite3.Error):  # a broken connection: nothing to restore
                self.db.conn.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")

    def _report(self, batch: list[Done], updates: list[dict[str, Any]], report: bool) -> None:
        """Count the results of a committed batch and pass them to `on_result` if `report`."""
        from .fetcher import PageResult

        for (page, out), update in zip(batch, updates, strict=True):
            result = PageResult(
                page["id"],
                page["url"],
                out.outcome,
                page["status"],
                update["status"],
                page["text_hash"],
                update.get("text_hash", page["text_hash"]),
                out.http_status,
                out.final_url,
                out.extracted.title if out.extracted else None,
                out.error_kind,
                out.error,
                out.elapsed_ms,
                out.text_pending,
            )
            self.summary.add(result)
            if report and self.on_result is not None:
                self.on_result(result)
