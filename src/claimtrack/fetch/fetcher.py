"""The fetch engine: many pages at once, politely, safely, each result stored as it arrives.

`fetch_pages` runs an asyncio loop. Each page takes a slot of its host (`per_host`), then a
slot of the run (`concurrency`), makes an attempt (redirects followed by hand, each hop
checked by the SSRF guard), and retries 408/429/5xx and connection errors with backoff. The
result is extracted (only for a body not seen before) and written in the loop's thread: one
writer, one short transaction per result, never open across network I/O.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from . import store
from .client import Timeouts
from .content import Extracted
from .http import Attempt, retry_delay
from .ssrf import Resolver, system_resolver

MAX_BYTES = 10_000_000


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

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class FetchSummary:
    fetched: int = 0
    unchanged: int = 0
    failed: dict[str, int] = field(default_factory=dict)
    results: list[PageResult] = field(default_factory=list)

    @property
    def failed_total(self) -> int:
        return sum(self.failed.values())

    def add(self, result: PageResult) -> None:
        self.results.append(result)
        if result.outcome == "fetched":
            self.fetched += 1
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
) -> FetchSummary:
    """Fetch pending pages (every page with `all`; only `page_ids` if given) and store them.

    `allow_private` lifts the SSRF guard (True), or allows the addresses listed.
    `timeout` is the total for one attempt (or a Timeouts for connect/read/total). Each
    result is committed as it arrives and passed to `on_result`.
    """
    timeouts = (
        timeout
        if isinstance(timeout, Timeouts)
        else Timeouts(connect=min(10.0, timeout), read=min(20.0, timeout), total=timeout)
    )
    options = Options(
        max(1, concurrency),
        max(1, per_host),
        allow_private,
        max_bytes,
        timeouts,
        max(0, retries),
        backoff,
        max_retry_after,
        resolver or system_resolver,
    )
    pages = store.select_pages(db, page_ids, all)
    engine = Engine(db, options, now, on_result)
    if pages:
        asyncio.run(engine.run(pages))
    return engine.summary


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
        self.memo: dict[str, tuple[Extracted, str | None]] = {}

    async def run(self, pages: list[dict[str, Any]]) -> None:
        from .http import Session

        async with Session(self.options) as session:
            self.session = session
            slots = asyncio.Semaphore(self.options.concurrency)
            hosts: dict[str, asyncio.Semaphore] = {}
            await asyncio.gather(*(self._page(page, slots, hosts) for page in pages))

    async def _page(
        self, page: dict[str, Any], slots: asyncio.Semaphore, hosts: dict[str, asyncio.Semaphore]
    ) -> None:
        host = self.session.host_key(page["url"])
        sem = hosts.setdefault(host, asyncio.Semaphore(self.options.per_host))
        started, clock = _stamp(self.now), time.monotonic()
        async with sem:
            for attempt in range(self.options.retries + 1):
                async with slots:
                    result = await self.session.attempt(page)
                delay = retry_delay(result, attempt, self.options)
                if delay is None or attempt == self.options.retries:
                    break
                await asyncio.sleep(delay * (1 + random.random() / 4))
        self._finish(page, result, started, int((time.monotonic() - clock) * 1000))

    def _finish(
        self, page: dict[str, Any], attempt: Attempt, started: str, elapsed_ms: int
    ) -> None:
        out = attempt.outcome(started, elapsed_ms)
        if out.body is not None:
            store.extract_once(self.db, out, page["url"], self.memo)
        update = store.save(self.db, page, out, _stamp(self.now))
        result = PageResult(
            page_id=page["id"],
            url=page["url"],
            outcome=out.outcome,
            old_status=page["status"],
            new_status=update["status"],
            old_text_hash=page["text_hash"],
            new_text_hash=update.get("text_hash", page["text_hash"]),
            http_status=out.http_status,
            final_url=out.final_url,
            title=out.extracted.title if out.extracted else None,
            error_kind=out.error_kind,
            error=out.error,
            elapsed_ms=elapsed_ms,
        )
        self.summary.add(result)
        if self.on_result is not None:
            self.on_result(result)
