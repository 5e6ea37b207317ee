"""The run's writer: group commits, never held open by its waiting window."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from sqlite_utils import Database

from claimtrack.fetch import store, writer
from claimtrack.fetch.fetcher import FetchSummary, PageResult

from .conftest import NOW, page_row


def _failed() -> store.Outcome:
    return store.Outcome("failed", NOW, error="HTTP 500", error_kind="http-5xx", http_status=500)


def _writer(db: Database, active: int, seen: list[PageResult]) -> writer.Writer:
    return writer.Writer(db, lambda: NOW, FetchSummary(), seen.append, lambda: active)


def test_closing_ends_the_waiting_window_at_once(
    db: Database, link: Callable[..., list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With other pages in progress the writer waits for results to share a commit; the
    run's end (close) cuts that wait short and the last results are committed."""
    monkeypatch.setattr(writer, "WINDOW", 60.0)
    pages = store.select_pages(db, link("http://a.example/1", "http://a.example/2"), False)
    seen: list[PageResult] = []

    async def run() -> None:
        w = _writer(db, active=5, seen=seen)
        task = asyncio.create_task(w.run())
        w.put(pages[0], _failed())
        await asyncio.sleep(0.05)  # the writer is now inside its 60 s window
        assert not task.done() and seen == []
        w.put(pages[1], _failed())
        w.close()
        async with asyncio.timeout(5):
            await task

    asyncio.run(run())
    assert [r.page_id for r in seen] == [p["id"] for p in pages]  # one commit, both
    assert all(page_row(db, p["id"])["status"] == "failed" for p in pages)


def test_a_lone_result_is_committed_at_once(
    db: Database, link: Callable[..., list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no other page in progress there is nothing to wait for: no window."""
    monkeypatch.setattr(writer, "WINDOW", 60.0)
    page = store.select_pages(db, link("http://a.example/1"), False)[0]
    seen: list[PageResult] = []

    async def run() -> None:
        w = _writer(db, active=0, seen=seen)
        task = asyncio.create_task(w.run())
        w.put(page, _failed())
        async with asyncio.timeout(5):
            while not seen:
                await asyncio.sleep(0.01)
        assert page_row(db, page["id"])["error_kind"] == "http-5xx"
        w.close()
        await task

    asyncio.run(run())
    assert len(seen) == 1
