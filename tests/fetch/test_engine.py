"""The engine's newer parts: capped decoding (bombs), extraction workers, group commit."""

from __future__ import annotations

import gzip
import json
import socket
import sqlite3
import subprocess
import sys
import threading
import tracemalloc
import zlib
from datetime import UTC, datetime

import brotli
import pytest
import zstandard
from pytest_httpserver import HTTPServer

from claimtrack.fetch import backlog, fetch_pages, fetcher
from claimtrack.fetch.decode import Body
from claimtrack.fetch.ssrf import FetchFailed
from claimtrack.fetch.store import unpack

from .conftest import page_row

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
FAST = {"allow_private": True, "now": NOW, "backoff": 0.01, "timeout": 10}
ZEROS = 10_000_000
BOMBS = {
    "gzip": gzip.compress(b"\0" * ZEROS),
    "deflate": zlib.compress(b"\0" * ZEROS),
    "br": brotli.compress(b"\0" * ZEROS),
    "zstd": zstandard.ZstdCompressor().compress(b"\0" * ZEROS),
}


def article(n: int) -> str:
    return (
        f"<html lang=en><head><title>Report {n}</title></head><body><article>"
        + f"<p>The ministry opened {n} new schools this year, the report says.</p>" * 6
        + "</article></body></html>"
    )


@pytest.mark.parametrize("encoding", sorted(BOMBS))
def test_a_compression_bomb_stops_at_the_cap_in_bounded_memory(raw_server, db, link, encoding):  # type: ignore[no-untyped-def]
    bomb = BOMBS[encoding]
    assert len(bomb) < 20_000  # 10 MB of zeros, compressed

    def serve(conn: socket.socket) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: "
            + encoding.encode()
            + b"\r\nContent-Length: "
            + str(len(bomb)).encode()
            + b"\r\n\r\n"
            + bomb
        )

    server = raw_server(serve)
    (pid,) = link(server.url("/bomb"))
    cap = 1_000_000
    tracemalloc.start()
    summary = fetch_pages(db, max_bytes=cap, **FAST)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert summary.failed == {"too-large": 1}
    assert page_row(db, pid)["error_kind"] == "too-large"
    assert peak < cap + 3_000_000  # never the 10 MB the bomb expands to


@pytest.mark.parametrize("encoding", sorted(BOMBS))
def test_decoding_is_capped_chunk_by_chunk(encoding):  # type: ignore[no-untyped-def]
    body = Body(encoding, 2_000_000)
    with pytest.raises(FetchFailed) as failed:
        body.feed(BOMBS[encoding])
        body.finish()
    assert failed.value.kind == "too-large"
    assert len(body.buf) <= 2_000_000 + 512 * 1024


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("gzip", gzip.compress(b"hello " * 1000)),
        ("deflate", zlib.compress(b"hello " * 1000)),
        ("deflate", zlib.compress(b"hello " * 1000)[2:-4]),  # raw deflate, as some servers send
        ("br", brotli.compress(b"hello " * 1000)),
        ("zstd", zstandard.ZstdCompressor().compress(b"hello " * 1000)),
        ("gzip, br", brotli.compress(gzip.compress(b"hello " * 1000))),
        ("identity", b"hello " * 1000),
        ("x-unknown", b"hello " * 1000),  # passed through, as httpx does
    ],
    # named, not by their bytes: gzip's header holds the time, and pytest-xdist's workers
    # must collect the same names
    ids=["gzip", "deflate", "raw-deflate", "br", "zstd", "gzip-br", "identity", "x-unknown"],
)
def test_each_coding_decodes_in_small_chunks(encoding, data):  # type: ignore[no-untyped-def]
    body = Body(encoding, 10_000)
    for start in range(0, len(data), 7):
        body.feed(data[start : start + 7])
    assert body.finish() == b"hello " * 1000


BIG = b"".join(b"line %d of a long page\n" % n for n in range(200_000))  # ~4.7 MB
COMPRESS = {
    "gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": brotli.compress,
    "zstd": zstandard.ZstdCompressor().compress,
}


@pytest.mark.parametrize("encoding", sorted(COMPRESS))
def test_a_big_body_decodes_whole(encoding):  # type: ignore[no-untyped-def]
    data = COMPRESS[encoding](BIG)
    body = Body(encoding, 10_000_000)
    for start in range(0, len(data), 65536):
        body.feed(data[start : start + 65536])
    assert body.finish() == BIG


def test_broken_zstd_is_a_decode_failure():  # type: ignore[no-untyped-def]
    with pytest.raises(FetchFailed) as failed:
        Body("zstd", 10_000).feed(b"\x28\xb5\x2f\xfd" + b"garbage" * 10)
    assert failed.value.kind == "decode"


@pytest.fixture
def static_site(tmp_path):  # type: ignore[no-untyped-def]
    """`python -m http.server` in a subprocess, serving the files of a directory."""
    site = tmp_path / "site"
    site.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    port = int(proc.stdout.readline().split(" port ")[1].split()[0])
    yield site, f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(5)


WORKER_RUN = """
import json, os, sys, time
from claimtrack.db import open_db
from claimtrack.fetch import extracting, fetch_pages, fetcher, workers
extracting.POOL_MIN_PAGES = 1
extracting.AHEAD = int(sys.argv[2])
forked, jobs = [], []
fork, run = workers.fork_workers, workers.Workers.run
workers.fork_workers = lambda *a: forked.extend(fork(*a)) or forked
policies = set()  # the workers' nice values, seen while they work
async def counted(self, *args):
    jobs.append(args[2])
    result = await run(self, *args)  # answered: the worker has set its policy by now
    policies.update(os.getpriority(os.PRIO_PROCESS, pid) for pid, _ in forked)
    return result
workers.Workers.run = counted
summary = fetch_pages(open_db(sys.argv[1]), allow_private=True, timeout=10)
def state(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"
stopped = []  # killed when the run returned: gone, or a zombie not yet collected
for pid, _ in forked:
    deadline = time.monotonic() + 2  # a killed worker's memory takes a few ms to free
    while state(pid) not in ("gone", "Z", "X") and time.monotonic() < deadline:
        time.sleep(0.01)
    if state(pid) in ("gone", "Z", "X"):
        stopped.append(pid)
print(json.dumps({"fetched": summary.fetched, "jobs": len(jobs), "workers": len(forked),
                  "stopped": len(stopped), "pending": summary.texts_pending,
                  "nice": sorted(policies),
                  "titles": sorted({r.title for r in summary.results})}))
"""


def _worker_run(db_path, ahead: int, pages: int = 12) -> dict:  # type: ignore[no-untyped-def,type-arg]
    # in a fresh interpreter: pytest's own server threads would (rightly) keep the engine
    # from forking workers here
    out = subprocess.run(
        [sys.executable, "-c", WORKER_RUN, str(db_path), str(ahead)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    got: dict = json.loads(out.stdout)  # type: ignore[type-arg]
    assert got["fetched"] == pages and got["workers"] >= 1 and got["stopped"] == got["workers"]
    if pages == 12:
        assert got["titles"] == [f"Report {n}" for n in range(6)]  # deferred or not: same
    return got


def _assert_extracted(db, ids) -> None:  # type: ignore[no-untyped-def]
    for n, pid in enumerate(ids):
        row = page_row(db, pid)
        assert row["title"] == f"Report {n % 6}" and row["lang"] == "en"
        assert row["text_pending"] == 0
        text = db.execute("SELECT text FROM texts WHERE hash = ?", [row["text_hash"]]).fetchone()
        assert f"opened {n % 6} new schools" in text[0]
        snap = db.execute("SELECT encoding, body FROM snapshots WHERE hash = ?", [row["raw_hash"]])
        assert unpack(*snap.fetchone()).decode() == article(n % 6)
        fetched = db.execute("SELECT text_hash FROM fetches WHERE page_id = ?", [pid]).fetchall()
        assert fetched == [(row["text_hash"],)]
    assert db.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 6


def test_big_runs_extract_in_worker_processes(static_site, db_path, db, link):  # type: ignore[no-untyped-def]
    site, base = static_site
    for n in range(12):  # 12 pages, 6 distinct bodies
        (site / f"w{n}.html").write_text(article(n % 6))
    ids = link(*(f"{base}/w{n}.html" for n in range(12)))
    got = _worker_run(db_path, ahead=100)  # the workers never fall behind
    assert got["jobs"] == 6 and got["pending"] == 0  # one job per distinct body, in a worker
    assert got["nice"] == [10]  # the workers run below the fetching loop
    _assert_extracted(db, ids)


def test_big_runs_reuse_extractions_stored_by_earlier_runs(static_site, db_path, db, link):  # type: ignore[no-untyped-def]
    """A big run looks up only the bodies whose hash prefix is stored: a body stored by an
    earlier run is reused (no job), a new one is extracted."""
    site, base = static_site
    for n in range(7):
        (site / f"w{n}.html").write_text(article(n % 6))  # w6 is w0's body
    earlier = link(*(f"{base}/w{n}.html" for n in range(3)))
    assert _worker_run(db_path, ahead=100, pages=3)["jobs"] == 3
    ids = link(*(f"{base}/w{n}.html" for n in range(3, 7)))
    got = _worker_run(db_path, ahead=100, pages=4)
    assert got["jobs"] == 3 and got["pending"] == 0  # w3, w4, w5; w6 reused w0's
    row, first = page_row(db, ids[-1]), page_row(db, earlier[0])
    assert (row["title"], row["text_hash"]) == (first["title"], first["text_hash"])
    assert row["text_pending"] == 0 and row["text_hash"] is not None


def test_bodies_the_workers_cannot_take_are_stored_and_extracted_later(  # type: ignore[no-untyped-def]
    static_site, db_path, db, link
):
    site, base = static_site
    for n in range(12):
        (site / f"w{n}.html").write_text(article(n % 6))
    ids = link(*(f"{base}/w{n}.html" for n in range(12)))
    got = _worker_run(db_path, ahead=0)  # the workers are always "behind": nothing waits
    assert got["jobs"] == 0 and got["pending"] == 12
    for n, pid in enumerate(ids):
        row = page_row(db, pid)  # stored at once: body, title, language; text pending
        assert row["status"] == "ok" and row["text_pending"] == 1 and row["text_hash"] is None
        assert row["title"] == f"Report {n % 6}" and row["lang"] == "en"
    assert backlog.pending(db) == 12
    summary = backlog.extract_pending(db)
    assert summary.counts() == {"bodies": 6, "pages": 12, "without_text": 0, "missing": 0}
    _assert_extracted(db, ids)
    assert backlog.pending(db) == 0
    assert backlog.extract_pending(db).counts()["pages"] == 0  # nothing left: nothing done


def test_a_changed_page_whose_old_text_was_pending_is_compared(static_site, db, link):  # type: ignore[no-untyped-def]
    site, base = static_site
    (site / "c.html").write_text(article(1))
    (pid,) = link(f"{base}/c.html")
    fetch_pages(db, allow_private=True, timeout=10)
    # as a big run would have left it: body stored, text pending
    # (and no validators: the file changes within the second its Last-Modified names)
    db.execute("UPDATE pages SET text_pending = 1, text_hash = NULL, last_modified = NULL")
    db.execute("UPDATE fetches SET text_hash = NULL")
    db.conn.commit()
    (site / "c.html").write_text(article(2))
    fetch_pages(db, all=True, allow_private=True, timeout=10)
    rows = db.execute(
        "SELECT f.raw_hash, t.text FROM fetches f JOIN texts t ON t.hash = f.text_hash"
        " WHERE f.page_id = ? ORDER BY f.id",
        [pid],
    ).fetchall()
    assert len(rows) == 2 and rows[0][0] != rows[1][0]  # both bodies' texts, old and new
    assert "opened 1 new schools" in rows[0][1] and "opened 2 new schools" in rows[1][1]
    assert page_row(db, pid)["text_pending"] == 0


def test_no_workers_when_the_process_has_threads(httpserver: HTTPServer):  # type: ignore[no-untyped-def]
    assert threading.active_count() > 1  # the test server's thread
    assert fetcher.extraction_workers(10_000) == 0


def test_every_reported_result_is_already_committed(httpserver: HTTPServer, db_path, db, link):  # type: ignore[no-untyped-def]
    for n in range(40):
        httpserver.expect_request(f"/c/{n}").respond_with_data(article(n), content_type="text/html")
    link(*(httpserver.url_for(f"/c/{n}") for n in range(40)))
    other = sqlite3.connect(db_path)
    seen = []

    def check(result) -> None:  # type: ignore[no-untyped-def]
        row = other.execute(
            "SELECT p.status, count(f.id) FROM pages p JOIN fetches f ON f.page_id = p.id"
            " WHERE p.id = ?",
            [result.page_id],
        ).fetchone()
        seen.append(row)

    summary = fetch_pages(db, on_result=check, **{**FAST, "concurrency": 16})
    other.close()
    assert summary.fetched == 40 and seen == [("ok", 1)] * 40
