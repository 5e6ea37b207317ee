"""Writers share the database: `rate`, `add` and `review` beside a 10,000-page refresh.

Every connection waits up to the busy timeout (30 s) for the write lock, and every write
transaction takes it as it begins (`db.transaction`: BEGIN IMMEDIATE), so neither side fails
with "database is busy". Before that, a deferred transaction that read first was refused at
once when the other side held the lock: `rate` failed after ~0.3 s and the refresh died.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimtrack import settings
from claimtrack.db import open_db
from claimtrack.evidence import add_evidence
from servers import Web, serve, synthetic_db

NOW = "2026-06-01T03:00:00Z"
CLAIMS = 200
PER_CLAIM = 50  # 10,000 pages
MAX_CALLS = 100  # each loop of writers stops here, or when the refresh ends
BODY = (
    "<html><head><title>Roads</title></head><body><article>"
    + "<p>The ministry said 4,200 km of roads were repaired in 2025.</p>" * 12
    + "</article></body></html>"
).encode()


class SameWeb(Web):
    """Every page the same body: one extraction for the run, the rest is the database."""

    def html(self, path: str) -> bytes:
        return BODY


class Listener(ThreadingHTTPServer):
    request_queue_size = 256  # every connection of the run at once (the default is 5)


@contextmanager
def fast_web() -> Iterator[Web]:
    """`servers.serve`, each response sent in one write (headers then body in two writes
    meet Nagle and delayed ACKs: 40 ms a request on a kept-alive connection)."""
    web = SameWeb()
    response = (
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        f'ETag: "same"\r\nContent-Length: {len(BODY)}\r\n\r\n'
    ).encode() + BODY

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            web.log.append(self.path)
            self.wfile.write(response)

    with serve(web, Handler, Listener) as served:
        yield served


def build(path: Path, web: Web) -> None:
    synthetic_db(path, web, claims=CLAIMS, pages=1, every=CLAIMS + 1)
    db = open_db(path)
    try:
        # a loaded machine may stall the server's threads: no page may time out meanwhile
        settings.set(db, "fetch.timeout", "300")
        for claim in range(1, CLAIMS + 1):
            urls = [web.url(f"/p/{claim}/{k}") for k in range(PER_CLAIM)]
            add_evidence(db, claim, urls, now="2025-01-15T00:00:00Z")
    finally:
        db.close()


def claimtrack(path: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "claimtrack", *args, "--db", str(path)]


@pytest.mark.slow
def test_writers_and_a_big_refresh_share_the_database(tmp_path: Path) -> None:
    with fast_web() as web:
        path = tmp_path / "shared.db"
        build(path, web)
        refresh = subprocess.Popen(
            claimtrack(
                path,
                "refresh",
                "--allow-private",
                "--now",
                NOW,
                "--concurrency",
                "64",
                "--per-host",
                "64",
                "--json",
            ),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        calls: list[tuple[tuple[str, ...], int, float, str]] = []

        def writer(command: Callable[[int], tuple[str, ...]]) -> None:
            """Run the command again and again while the refresh runs (bounded)."""
            for n in range(MAX_CALLS):
                if refresh.poll() is not None:
                    return
                args, started = command(n), time.monotonic()
                done = subprocess.run(
                    claimtrack(path, *args), capture_output=True, text=True, timeout=120
                )
                calls.append((args, done.returncode, time.monotonic() - started, done.stderr))

        ratings = ("in-the-works", "stalled")
        commands: list[Callable[[int], tuple[str, ...]]] = [
            lambda n: ("rate", "2", ratings[n % 2], "--note", f"call {n}"),
            lambda n: (
                "add",
                f"New promise number {n} about bridges.",
                "--speech",
                "1",
                "--kind",
                "commitment",
                "--not-verbatim",
            ),
            lambda n: ("review", "4", "--note", f"looked again, call {n}"),
        ]
        threads = [threading.Thread(target=writer, args=(c,)) for c in commands]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        out, err = refresh.communicate(timeout=600)
        assert refresh.returncode == 0, err.decode()
        failed = [c for c in calls if c[1] != 0]
        assert not failed, failed
        assert len(calls) >= 3, "the writers must have run beside the refresh"
        fetched = json.loads(out)["fetch"]
        assert fetched["fetched"] == CLAIMS * PER_CLAIM + 1 and fetched["failed"] == 0, fetched
        for name in ("rate", "add", "review"):  # for docs/reliability.md (pytest -s)
            times = [c[2] for c in calls if c[0][0] == name]
            print(f"{name}: {len(times)} calls beside the refresh, longest {max(times):.2f} s")

    db = open_db(path)
    try:
        rates = sum(1 for c in calls if c[0][0] == "rate")
        adds = sum(1 for c in calls if c[0][0] == "add")
        count = db.execute(
            "SELECT count(*) FROM events WHERE type = 'rating' AND claim_id = 2"
        ).fetchone()[0]
        assert count == rates
        assert db.execute("SELECT count(*) FROM claims").fetchone()[0] == CLAIMS + adds
        statuses = dict(db.execute("SELECT status, count(*) FROM pages GROUP BY 1").fetchall())
        assert statuses == {"ok": CLAIMS * PER_CLAIM + 1}, statuses
    finally:
        db.close()


def test_two_fetches_at_once_write_each_event_once(tmp_path: Path) -> None:
    """The second `evidence fetch` waits for the first (the lock beside the database), then
    finds nothing left to fetch: every page has one pending -> ok event, not two."""
    from servers import serve

    with serve(Web(latency=0.01)) as web:
        path = tmp_path / "two.db"
        synthetic_db(path, web, claims=200, pages=200, every=1)
        runs = [
            subprocess.Popen(
                claimtrack(path, "evidence", "fetch", "--allow-private", "--json"),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err.decode() for _, err in outputs]
    fetched = sorted(json.loads(out)["fetched"] for out, _ in outputs)
    assert fetched == [0, 200], fetched
    waited = [err.decode() for out, err in outputs if json.loads(out)["fetched"] == 0]
    assert waited[0].startswith("Waiting for the evidence fetch running on"), waited
    db = open_db(path)
    try:
        per_page = db.execute(
            "SELECT page_id, count(*) FROM events WHERE type = 'evidence-status'"
            " GROUP BY page_id HAVING count(*) > 1"
        ).fetchall()
        assert per_page == []
        assert db.execute("SELECT count(*) FROM fetches").fetchone()[0] == 200
    finally:
        db.close()


def test_a_result_stored_meanwhile_gets_no_second_event(tmp_path: Path) -> None:
    """Without the lock (two library callers), the writer reads each page's status again in
    its transaction: storing the same change twice records one event."""
    from claimtrack.fetch import store

    with fast_web() as web:
        path = tmp_path / "stale.db"
        synthetic_db(path, web, claims=4, pages=1, every=4)
    db = open_db(path)
    try:
        (page,) = store.select_pages(db, None, False)
        for _ in range(2):  # the same stale page dict (status pending) each time
            out = store.Outcome("fetched", "2026-01-01T00:00:00Z", body=store.Body(BODY, None))
            store.save(db, dict(page), out, "2026-01-01T00:00:00Z")
        events = db.execute("SELECT old, new FROM events WHERE type = 'evidence-status'").fetchall()
        assert events == [("pending", "ok")]
    finally:
        db.close()
