"""Extracting each new body once per run, without letting extraction hold up the network.

trafilatura costs ~1 ms on a small page and 5–20 ms on a real one: in a big run (worker
processes, `workers.py`) it cannot keep up with the network on 2 CPUs. So:

- a body whose sha256 was extracted before (earlier in the run, or stored on any page) is not
  extracted again;
- small runs (no workers) extract every new body in the loop's thread, at once;
- in big runs a new body goes to a worker while the workers keep up (at most `AHEAD` jobs
  queued per worker); when they are behind, the body is stored at once with its title and
  language (`content.page_meta`, ~0.02 ms, read by the writer) and its main text marked
  pending — extracted later by `claimtrack evidence extract` (`backlog.py`);
- a page whose body changed is always extracted in the run (and its previous body too, if
  that one's text was still pending): the evidence-changed flag compares the two texts.

Bodies are zstd-compressed with their extraction (in the worker) or when stored.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import store
from .content import Extracted

if TYPE_CHECKING:
    from sqlite_utils import Database

    from .workers import Workers

# Below this many pages a run extracts in its own thread: starting workers costs more.
POOL_MIN_PAGES = 200
AHEAD = 2  # jobs queued per worker before new bodies are left for later
Known = tuple[Extracted, str | None]


def digest(
    data: bytes, content_type: str | None, url: str, language: str | None, pack: bool = True
) -> tuple[Extracted, str | None, tuple[str, bytes] | None]:
    """(extraction, text hash, compressed body) of a new body; runs in a worker process."""
    from . import content

    ex = content.extract(data, content_type, url, language)
    key = store.text_hash(ex.text) if ex.text else None
    return ex, key, store.pack(data) if pack else None


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
        self.extracted: set[int] | None = None  # hash prefixes of stored extractions

    async def fill(
        self,
        out: store.Outcome,
        page: dict[str, Any],
        url: str,
        waiting: Callable[[], None] = lambda: None,
    ) -> None:
        """`waiting` is called when this body is the same as one being extracted: the page
        then holds no memory of its own (its bytes are shared) while it waits."""
        assert out.body is not None
        raw_hash = out.body.raw_hash
        known = self.memo.get(raw_hash)
        if known is None:
            known = self._stored(raw_hash)
        if known is None:
            changed = page["raw_hash"] not in (None, raw_hash)
            if changed and page["text_pending"]:
                out.old_text = await self._old_text(page["raw_hash"], url)
            if not changed and self.pool is not None and not self._keeping_up():
                self._defer(out)
                return
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

    def _stored(self, raw_hash: str) -> Known | None:
        """The extraction stored for this body, if any. A big run first reads which bodies
        have one (the first 64 bits of each hash, once) and looks up only those: one query
        a body costs ~20 µs of the loop's time, a run's new bodies are mostly not stored."""
        if self.pool is None:
            return store.known_extraction(self.db, raw_hash)
        if self.extracted is None:
            self.extracted = store.extracted_prefixes(self.db)
        if int(raw_hash[:16], 16) not in self.extracted:
            return None
        return store.known_extraction(self.db, raw_hash)

    def _keeping_up(self) -> bool:
        assert self.pool is not None
        return self.pool.busy() < AHEAD * self.pool.size

    def _defer(self, out: store.Outcome) -> None:
        """Store the body now, with its title and language; its main text comes later. The
        writer reads the title and language (`store.save_many`: in its own thread in a big
        run) and compresses the body, only if no snapshot of it is stored yet."""
        out.meta_pending = True

    async def _old_text(self, raw_hash: str, url: str) -> tuple[str, str | None] | None:
        """The main text of a page's previous body, whose extraction was still pending."""
        from ..errors import NotFound

        try:
            data, content_type = store.snapshot_body(self.db, raw_hash)
        except NotFound:
            return None
        args = (data, content_type, url, None, False)
        if self.pool is not None:
            from .workers import WorkerDied

            try:
                return raw_hash, (await self.pool.run(*args))[0].text
            except WorkerDied:  # killed (out of memory?): go on in this process
                self.pool = None
        from . import content

        return raw_hash, content.extract(*args[:4]).text

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
        return ex, store.text_hash(ex.text) if ex.text else None
