"""The fetch engine: many pages at once, politely, safely, each result stored as it arrives.

`fetch_pages` runs an asyncio loop. Each page takes a slot of its host (`per_host`), then a
slot of the run (`concurrency`), makes an attempt (redirects followed by hand, each hop
checked by the SSRF guard), and retries 408/429/5xx and connection errors with backoff. A
body not seen before is extracted (in worker processes for big runs, `extracting.py`), and
the result goes to the run's one writer (`writer.py`), which commits everything that
completed since its last commit in one short transaction, never open across network I/O.
"""

from __future__ import annotations

import asyncio
import gc
import random
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from socket import socket
from typing import Any

from sqlite_utils import Database

from . import store
from .client import IDLE_CONNECTIONS, Timeouts
from .http import Attempt, retry_delay
from .slots import Host, Slots
from .ssrf import Resolver, system_resolver

MAX_BYTES = 10_000_000
DEFAULT_SECONDS = 1.0  # a request's time, guessed for a host none of whose requests ended
CHUNK = 128  # page tasks made between two turns of the event loop
BACKLOG = 128  # pages fetched or in flight but not yet extracted, at least (bounds memory)


@dataclass
class PageResult:
    page_id: int
    url: str
    outcome: str  # fetched | unchanged | failed
    old_status: str
    new_status: str
    old_text_hash: str | None
    new_text_hash: str | None
    http_status: int | None = None
    final_url: str | None = None
    title: str | None = None
    error_kind: str | None = None
    error: str | None = None
    elapsed_ms: int = 0
    text_pending: bool = False  # the body is stored, its main text still to be extracted

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class FetchSummary:
    fetched: int = 0
    unchanged: int = 0
    failed: dict[str, int] = field(default_factory=dict)
    texts_pending: int = 0
    results: list[PageResult] = field(default_factory=list)

    @property
    def failed_total(self) -> int:
        return sum(self.failed.values())

    def add(self, result: PageResult) -> None:
        self.results.append(result)
        if result.outcome == "fetched":
            self.fetched += 1
            self.texts_pending += result.text_pending
        elif result.outcome == "unchanged":
            self.unchanged += 1
        else:
            kind = result.error_kind or "other"
            self.failed[kind] = self.failed.get(kind, 0) + 1

    def counts(self) -> dict[str, Any]:
        return {
            "fetched": self.fetched,
            "unchanged": self.unchanged,
            "failed": self.failed_total,
            "failed_by_reason": dict(sorted(self.failed.items())),
            "texts_pending": self.texts_pending,
        }


@dataclass
class Options:
    concurrency: int = 64
    per_host: int = 4
    allow_private: bool | Collection[str] = False
    max_bytes: int = MAX_BYTES
    timeouts: Timeouts = field(default_factory=Timeouts)
    retries: int = 2
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    max_retry_after: float = 30.0  # a longer Retry-After is not waited for
    resolver: Resolver = system_resolver
    workers: int = 0  # extraction processes (0: extract in the loop's thread)
    idle: int = IDLE_CONNECTIONS  # connections kept open between requests, at most


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fetch_pages(
    db: Database,
    page_ids: list[int] | None = None,
    *,
    all: bool = False,
    concurrency: int = 64,
    per_host: int = 4,
    allow_private: bool | Collection[str] = False,
    now: datetime | None = None,
    max_bytes: int = MAX_BYTES,
    timeout: float | Timeouts = 30.0,
    on_result: Callable[[PageResult], None] | None = None,
    retries: int = 2,
    backoff: float = 0.5,
    max_retry_after: float = 30.0,
    resolver: Resolver | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> FetchSummary:
    """Fetch pending pages (every page with `all`; only `page_ids` if given) and store them.

    `allow_private` lifts the SSRF guard (True), or allows the addresses listed.
    `timeout` is the total for one attempt (or a Timeouts for connect/read/total). Results
    are committed as they arrive (a few at a time when many arrive together) and each is
    passed to `on_result` once it is committed. `on_warning` is told when the run makes
    fewer requests at once than asked (too few file descriptors: `limits.py`).
    """
    from .limits import fit

    timeouts = (
        timeout
        if isinstance(timeout, Timeouts)
        else Timeouts(connect=min(10.0, timeout), read=min(20.0, timeout), total=timeout)
    )
    pages = store.select_pages(db, page_ids, all)
    fitted = fit(max(1, concurrency)) if pages else None
    if fitted is not None and fitted.warning and on_warning is not None:
        on_warning(fitted.warning)
    options = Options(
        fitted.concurrency if fitted else max(1, concurrency),
        max(1, per_host),
        allow_private,
        max_bytes,
        timeouts,
        max(0, retries),
        backoff,
        max_retry_after,
        resolver or system_resolver,
        extraction_workers(len(pages)),
        fitted.idle if fitted else IDLE_CONNECTIONS,
    )
    engine = Engine(db, options, now, on_result)
    if pages:
        engine.fetch(pages)
    return engine.summary


def extraction_workers(pages: int) -> int:
    """Extraction processes: none for small runs or where fork is unsafe; else one per CPU
    beyond the event loop's own, at most 2 (on 2 CPUs a second worker slows the loop)."""
    import os

    from .extracting import POOL_MIN_PAGES
    from .workers import can_fork

    if pages < POOL_MIN_PAGES or not can_fork():
        return 0
    return max(1, min(2, (os.cpu_count() or 1) - 1))


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run with the objects of start-up frozen and a larger young generation: the cyclic GC
    otherwise costs ~15% of the engine's CPU re-scanning modules and the page list."""
    threshold, ours = gc.get_threshold(), gc.get_freeze_count() == 0  # a caller's freeze stays
    if ours:
        gc.freeze()
    gc.set_threshold(max(threshold[0], 20_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if ours:
            gc.unfreeze()


class Engine:
    def __init__(
        self,
        db: Database,
        options: Options,
        now: datetime | None,
        on_result: Callable[[PageResult], None] | None,
    ) -> None:
        self.db = db
        self.options = options
        self.now = now
        self.on_result = on_result
        self.summary = FetchSummary()

    def fetch(self, pages: list[dict[str, Any]]) -> None:
        from .extracting import POOL_MIN_PAGES, digest, warm
        from .workers import fork_workers, reap

        new = sum(1 for page in pages if not page["raw_hash"])  # bodies to extract, surely
        forked = fork_workers(  # before the loop has threads
            self.options.workers, digest, warm if new >= POOL_MIN_PAGES else None
        )
        try:
            with _fewer_collections():
                asyncio.run(self.run(pages, forked))
        finally:
            reap(forked)

    def stamp(self) -> str:
        return _stamp(self.now)

    async def run(
        self, pages: list[dict[str, Any]], forked: list[tuple[int, socket]] | None = None
    ) -> None:
        from .extracting import POOL_MIN_PAGES, Extractor
        from .http import Session
        from .workers import Workers
        from .writer import Writer

        pool = Workers(forked) if forked else None
        if pool is not None:
            await pool.start()
        self.extractor = Extractor(self.db, pool)
        self.active = 0  # pages in a request or in extraction: results that may come soon
        self.writer = writer = Writer(
            self.db,
            self.stamp,
            self.summary,
            self.on_result,
            lambda: self.active,
            # commits in a thread where they are heavy: many bodies never stored before
            threaded=sum(1 for page in pages if not page["raw_hash"]) >= POOL_MIN_PAGES,
        )
        async with Session(self.options) as session:
            self.session = session
            # the run's slots and backlog places go to the host with the most work left
            slots = Slots(self.options.concurrency)
            self.backlog = Slots(max(2 * self.options.concurrency, BACKLOG))
            keys = [session.host_key(page["url"]) for page in pages]
            self.hosts = {key: Host() for key in keys}
            for key in keys:
                self.hosts[key].left += 1
            hosts = {key: asyncio.Semaphore(self.options.per_host) for key in self.hosts}
            writing = asyncio.create_task(writer.run())
            work = ((page, slots, hosts[key], key) for page, key in zip(pages, keys, strict=True))
            fetching = asyncio.create_task(self._pages(work))
            try:
                both: list[asyncio.Future[Any]] = [writing, fetching]
                await asyncio.wait(both, return_when=asyncio.FIRST_COMPLETED)
                if not fetching.done():
                    writing.result()  # the writer failed (or on_result raised): re-raise
                fetching.result()
                writer.close()
                await writing
            finally:
                fetching.cancel()
                writing.cancel()
                writer.settle()
                if not writer.failed:
                    writer.commit(report=False)  # Ctrl-C or an error: keep what completed
                if pool is not None:
                    await pool.close()

    async def _pages(self, work: Iterator[tuple[dict[str, Any], Slots, Any, str]]) -> None:
        """A task per page, made `CHUNK` at a time: the first requests go out while the
        tasks of later pages are still being made (2,000 take ~10 ms). Cancelled or failed,
        it cancels the pages' tasks."""
        tasks: list[asyncio.Task[None]] = []
        try:
            for page, slots, sem, key in work:
                tasks.append(asyncio.create_task(self._page(page, key, slots, sem)))
                if len(tasks) % CHUNK == 0:
                    await asyncio.sleep(0)
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                if not task.done():
                    task.cancel()
                elif not task.cancelled():
                    task.exception()  # seen: no "exception was never retrieved" later

    async def _page(
        self, page: dict[str, Any], key: str, slots: Slots, sem: asyncio.Semaphore
    ) -> None:
        host = self.hosts[key]
        started, clock = self.stamp(), time.monotonic()
        async with sem:
            # bodies waiting for extraction hold a place in the backlog: when extraction
            # falls behind, fetching slows down instead of piling bodies up in memory
            await self.backlog.acquire(host.remaining(DEFAULT_SECONDS))
            held = [True]
            try:
                result = await self._attempts(page, slots, host)
                elapsed = int((time.monotonic() - clock) * 1000)
            except BaseException:
                self._let_go(held)
                raise
            finally:
                host.left -= 1
        try:
            if result.body is not None:
                # the page given this host's slot sends its request before this body is
                # hashed and read: in a burst of responses, requests wait for no other
                # page's CPU work (a 304 or a failure has none: no extra turn of the loop)
                await asyncio.sleep(0)
            out = await self._read(page, result, started, elapsed, held)
        finally:
            self._let_go(held)
        self.writer.put(page, out)

    async def _read(
        self, page: dict[str, Any], result: Attempt, started: str, elapsed: int, held: list[bool]
    ) -> store.Outcome:
        """The attempt's outcome, its body checked and extracted; any exception of this
        page's (its charset, its extraction) is its failure (`failures.py`)."""
        from .content import declared_charset, kind_of
        from .failures import page_failure

        out = result.outcome(started, elapsed)
        if out.body is None:
            return out
        self.active += 1
        try:
            if kind_of(out.body.content_type, out.body.data) == "html":
                declared_charset(out.body.data, out.body.content_type)  # NotText: failed
            await self.extractor.fill(out, page, page["url"], lambda: self._let_go(held))
        except Exception as exc:
            result.body, result.error = None, str(failed := page_failure(exc, "extract"))
            result.error_kind = failed.kind
            return result.outcome(started, elapsed)
        finally:
            self.active -= 1
        return out

    def _let_go(self, held: list[bool]) -> None:
        """Give the page's place in the backlog back (once)."""
        if held[0]:
            held[0] = False
            self.backlog.release()

    async def _attempts(self, page: dict[str, Any], slots: Slots, host: Host) -> Attempt:
        """The page's last attempt: retried with backoff while the failure is retryable."""
        for number in range(self.options.retries + 1):
            await slots.acquire(host.remaining(DEFAULT_SECONDS))
            self.active += 1
            clock = time.monotonic()
            try:
                result = await self.session.attempt(page)
            finally:
                self.active -= 1
                slots.release()
                host.finished(time.monotonic() - clock)
            delay = retry_delay(result, number, self.options)
            if delay is None:
                break
            await asyncio.sleep(delay * (1 + random.random() / 4))
        return result
