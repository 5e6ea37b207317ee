"""Extracting each new body once per run: in the loop for small runs, in worker processes for
big ones, so trafilatura (~1.5 ms a small page, ~20 ms a real one) does not stall the network.

A body whose sha256 was extracted before (earlier in the run, or stored on any page) is not
extracted again. A new body is extracted and zlib-compressed together (both are CPU work on
the same bytes); with workers, the event loop keeps fetching meanwhile.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import store
from .content import Extracted

if TYPE_CHECKING:
    from sqlite_utils import Database

    from .workers import Workers

# Below this many pages a run extracts in its own thread: starting workers costs more.
POOL_MIN_PAGES = 200
Known = tuple[Extracted, str | None]


def digest(
    data: bytes, content_type: str | None, url: str, language: str | None
) -> tuple[Extracted, str | None, bytes]:
    """(extraction, text hash, compressed body) of a new body; runs in a worker process."""
    from . import content

    ex = content.extract(data, content_type, url, language)
    text_hash = store.sha256(ex.text.encode("utf-8")) if ex.text else None
    return ex, text_hash, zlib.compress(data, 6)


def warm() -> None:
    """Import what extraction needs (in a worker, before its first job)."""
    digest(b"<html><body><p>warm</p></body></html>", "text/html", "http://w/", None)


class Extractor:
    """Fills `out.extracted` and `out.text_hash` for fetched bodies, extracting each once."""

    def __init__(self, db: Database, pool: Workers | None) -> None:
        self.db = db
        self.pool = pool
        self.memo: dict[str, Known | asyncio.Future[Known]] = {}
        self.bodies: dict[str, bytes] = {}  # bodies being extracted, by hash

    async def fill(
        self, out: store.Outcome, url: str, waiting: Callable[[], None] = lambda: None
    ) -> None:
        """`waiting` is called when this body is the same as one being extracted: the page
        then holds no memory of its own (its bytes are shared) while it waits."""
        assert out.body is not None
        raw_hash = out.body.raw_hash
        known = self.memo.get(raw_hash)
        if known is None:
            known = store.known_extraction(self.db, raw_hash)
        if known is None:
            future: asyncio.Future[Known] = asyncio.get_running_loop().create_future()
            self.memo[raw_hash], self.bodies[raw_hash] = future, out.body.data
            try:
                out.extracted, out.text_hash = await self._new(out, url)
            except BaseException as exc:
                del self.memo[raw_hash]
                future.set_exception(exc)
                future.exception()  # retrieved: waiters re-raise it, no "never retrieved"
                raise
            finally:
                del self.bodies[raw_hash]
            ex = out.extracted
            self.memo[raw_hash] = (Extracted(ex.title, None, ex.published, ex.lang), out.text_hash)
            future.set_result(self.memo[raw_hash])  # type: ignore[arg-type]
            return
        if isinstance(known, asyncio.Future):
            out.body.data = self.bodies.get(raw_hash, out.body.data)
            waiting()
            known = await asyncio.shield(known)
        self.memo[raw_hash] = known
        out.extracted, out.text_hash = known

    async def _new(self, out: store.Outcome, url: str) -> Known:
        assert out.body is not None
        args: tuple[Any, ...] = (
            out.body.data,
            out.body.content_type,
            out.final_url or url,
            out.headers.get("content-language"),
        )
        if self.pool is not None:
            from .workers import WorkerDied

            try:
                ex, text_hash, packed = await self.pool.run(*args)
            except WorkerDied:  # killed (out of memory?): go on in this process
                self.pool = None
            else:
                out.body.packed = packed
                return ex, text_hash
        from . import content

        ex = content.extract(*args)
        return ex, store.sha256(ex.text.encode("utf-8")) if ex.text else None
