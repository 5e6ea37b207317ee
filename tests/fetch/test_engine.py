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

from claimtrack.fetch import fetch_pages, fetcher
from claimtrack.fetch.decode import Body
from claimtrack.fetch.ssrf import FetchFailed

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
import json, os, sys
from claimtrack.db import open_db
from claimtrack.fetch import extracting, fetch_pages, fetcher, workers
extracting.POOL_MIN_PAGES = 1
forked, jobs = [], []
fork, run = workers.fork_workers, workers.Workers.run
workers.fork_workers = lambda *a: forked.extend(fork(*a)) or forked
async def counted(self, *args):
    jobs.append(args[2])
    return await run(self, *args)
workers.Workers.run = counted
summary = fetch_pages(open_db(sys.argv[1]), allow_private=True, timeout=10)
reaped = []
for pid, _ in forked:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        reaped.append(pid)
print(json.dumps({"fetched": summary.fetched, "jobs": len(jobs), "workers": len(forked),
                  "reaped": len(reaped), "titles": sorted({r.title for r in summary.results})}))
"""


def test_big_runs_extract_in_worker_processes(static_site, db_path, db, link):  # type: ignore[no-untyped-def]
    # in a fresh interpreter: pytest's own server threads would (rightly) keep the engine
    # from forking workers here
    site, base = static_site
    for n in range(12):  # 12 pages, 6 distinct bodies
        (site / f"w{n}.html").write_text(article(n % 6))
    ids = link(*(f"{base}/w{n}.html" for n in range(12)))
    out = subprocess.run(
        [sys.executable, "-c", WORKER_RUN, str(db_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    got = json.loads(out.stdout)
    assert got["fetched"] == 12 and got["workers"] >= 1 and got["reaped"] == got["workers"]
    assert got["jobs"] == 6  # one job per distinct body, each done in a worker
    assert got["titles"] == [f"Report {n}" for n in range(6)]
    for n, pid in enumerate(ids):
        row = page_row(db, pid)
        assert row["title"] == f"Report {n % 6}" and row["lang"] == "en"
        text = db.execute("SELECT text FROM texts WHERE hash = ?", [row["text_hash"]]).fetchone()
        assert f"opened {n % 6} new schools" in text[0]
        body = db.execute("SELECT body FROM snapshots WHERE hash = ?", [row["raw_hash"]])
        assert zlib.decompress(body.fetchone()[0]).decode() == article(n % 6)
    assert db.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 6


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
