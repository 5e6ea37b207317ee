"""The run's writer: group commits, never held open by its waiting window."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from claimtrack.fetch import store, writer
from claimtrack.fetch.fetcher import FetchSummary, PageResult

from .conftest import NOW, page_row


def _failed() -> store.Outcome:
    return store.Outcome("failed", NOW, error="HTTP 500", error_kind="http-5xx", http_status=500)


def _writer(db: Database, active: int, seen: list[PageResult]) -> writer.Writer:
    return writer.Writer(db, lambda: NOW, FetchSummary(), seen.append, lambda: active)


def _threaded_run(
    db: Database, pages: list[dict[str, Any]], report: Callable[[PageResult], None]
) -> writer.Writer:
    """A threaded writer given one failed result a page, closed and settled."""

    async def run() -> writer.Writer:
        w = writer.Writer(db, lambda: NOW, FetchSummary(), report, lambda: 0, threaded=True)
        task = asyncio.create_task(w.run())
        for page in pages:
            w.put(page, _failed())
        w.close()
        await task
        return w

    w = asyncio.run(run())
    w.settle()
    return w


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


def test_a_threaded_writer_commits_in_its_thread_and_reports_in_the_loop(
    db: Database, link: Callable[..., list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Big runs commit in the writer's thread; counting and `on_result` stay in the loop's
    thread, and the thread is gone once the writer settles, which also gives the connection
    its own checkpoint interval back."""
    writing_threads: list[str] = []
    save_many = store.save_many

    def recorded(*args: Any) -> Any:
        writing_threads.append(threading.current_thread().name)
        return save_many(*args)

    monkeypatch.setattr(store, "save_many", recorded)
    pages = store.select_pages(db, link("http://a.example/1", "http://a.example/2"), False)
    reported_in: list[str] = []
    checkpoint_pages: list[int] = []

    def report(result: PageResult) -> None:
        reported_in.append(threading.current_thread().name)
        checkpoint_pages.append(db.execute("PRAGMA wal_autocheckpoint").fetchone()[0])

    db.execute("PRAGMA wal_autocheckpoint = 777")
    w = _threaded_run(db, pages, report)
    assert writing_threads and all(n.startswith("claimtrack-writer") for n in writing_threads)
    assert reported_in == [threading.main_thread().name] * 2
    # checkpoints every 200 WAL pages while the thread commits; the connection's own after
    assert checkpoint_pages == [writer.CHECKPOINT_PAGES] * 2
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 777
    assert w.summary.failed_total == 2
    assert all(page_row(db, p["id"])["status"] == "failed" for p in pages)
    assert not [t for t in threading.enumerate() if t.name.startswith("claimtrack-writer")]


@pytest.mark.parametrize("own", [0, 50])
def test_a_connection_that_checkpoints_more_often_or_never_keeps_its_setting(
    db: Database, link: Callable[..., list[int]], own: int
) -> None:
    """The writer's thread only ever shortens the checkpoint interval: 0 (no automatic
    checkpoints) and an interval below CHECKPOINT_PAGES are left alone."""
    pages = store.select_pages(db, link("http://a.example/1"), False)
    db.execute(f"PRAGMA wal_autocheckpoint = {own}")
    during: list[int] = []

    def report(result: PageResult) -> None:
        during.append(db.execute("PRAGMA wal_autocheckpoint").fetchone()[0])

    w = _threaded_run(db, pages, report)
    assert w.threaded and during == [own]
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == own


def test_a_connection_bound_to_its_thread_keeps_the_commits_in_the_loop(
    db_path: Path, db: Database, link: Callable[..., list[int]]
) -> None:
    """A Database made without open_db (check_same_thread on): commits stay inline."""
    pages = store.select_pages(db, link("http://a.example/1"), False)
    own = Database(sqlite3.connect(str(db_path)))  # sqlite3's default: bound to this thread
    seen: list[PageResult] = []
    w = _threaded_run(own, pages, seen.append)
    assert not w.threaded and len(seen) == 1
    assert page_row(db, pages[0]["id"])["status"] == "failed"


def test_a_batch_being_written_when_the_run_stops_is_kept_and_counted(
    db: Database, link: Callable[..., list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C or an error cancels the writer while its thread is in a transaction: `settle`
    waits for it, so the batch is committed and counted (not reported) before the run's
    last commit of what was still pending."""
    started = threading.Event()
    save_many = store.save_many

    def slow(*args: Any) -> Any:
        started.set()
        time.sleep(0.3)
        return save_many(*args)

    monkeypatch.setattr(store, "save_many", slow)
    pages = store.select_pages(db, link("http://a.example/1", "http://a.example/2"), False)
    seen: list[PageResult] = []

    async def run() -> writer.Writer:
        w = writer.Writer(db, lambda: NOW, FetchSummary(), seen.append, lambda: 0, threaded=True)
        task = asyncio.create_task(w.run())
        w.put(pages[0], _failed())
        while not started.is_set():
            await asyncio.sleep(0.01)
        w.put(pages[1], _failed())  # arrives while the first is being written
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return w

    w = asyncio.run(run())
    w.settle()  # what Engine.run does in its finally, then:
    w.commit(report=False)
    assert seen == [] and w.summary.failed_total == 2
    assert all(page_row(db, p["id"])["status"] == "failed" for p in pages)


def test_a_batch_the_thread_did_not_write_goes_back_to_the_pending_results(
    db: Database, link: Callable[..., list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A transaction that failed in the thread was rolled back: `settle` puts its results
    back, so that nothing is counted that is not stored (and a last commit may store it)."""
    calls: list[int] = []
    save_many = store.save_many

    def failing_once(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise sqlite3.OperationalError("disk I/O error")
        return save_many(*args)

    monkeypatch.setattr(store, "save_many", failing_once)
    pages = store.select_pages(db, link("http://a.example/1"), False)

    async def run() -> writer.Writer:
        w = writer.Writer(db, lambda: NOW, FetchSummary(), None, lambda: 0, threaded=True)
        task = asyncio.create_task(w.run())
        w.put(pages[0], _failed())
        with pytest.raises(sqlite3.OperationalError):
            await task
        return w

    w = asyncio.run(run())
    assert w.failed and w.summary.failed_total == 0
    w.settle()
    assert [page["id"] for page, _ in w.pending] == [pages[0]["id"]]
    w.commit(report=False)  # what a caller may still do with them
    assert w.summary.failed_total == 1 and page_row(db, pages[0]["id"])["status"] == "failed"
