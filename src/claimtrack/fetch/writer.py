"""The run's one writer: group commit of fetch results, in the event loop's thread.

A result is handed over when its page is done (network, then extraction). The writer wakes
and commits, in one short transaction, every result handed over since its last commit. When
other pages are in progress it first waits up to `WINDOW` (25 ms; the run's end cuts the
wait short) so that the results completing meanwhile share the commit: at 32 in flight that
is ~15 results a commit instead of ~2, and a commit (WAL frames for every touched page)
costs more than its rows. When a single page is in progress (a small run, `--concurrency 1`)
each result is committed at once.
No transaction is ever open across network I/O (the writer does not await inside one). Only
after its commit is a result counted and passed to `on_result`, so what a caller sees is on
disk; a run killed with `kill -9` loses the results not yet committed — at most the last
25 ms of them — and the next run fetches those pages again. Ctrl-C commits them first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import store

if TYPE_CHECKING:
    from sqlite_utils import Database

    from .fetcher import FetchSummary, PageResult

Done = tuple[dict[str, Any], store.Outcome]
WINDOW = 0.025  # seconds a result may wait for others to share its commit


class Writer:
    def __init__(
        self,
        db: Database,
        stamp: Callable[[], str],
        summary: FetchSummary,
        on_result: Callable[[PageResult], None] | None,
        active: Callable[[], int] = lambda: 0,
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
                self.commit(report=True)
                if self.closing and not self.pending:
                    return
        except Exception:
            self.failed = True
            raise

    def commit(self, report: bool) -> None:
        """Write every pending result in one transaction; then count and report them."""
        from .fetcher import PageResult

        batch, self.pending = self.pending, []
        if not batch:
            return
        updates = store.save_many(self.db, batch, self.stamp())
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
