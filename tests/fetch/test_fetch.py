"""Fetching against real loopback servers: what is stored for each kind of response."""

from __future__ import annotations

import gzip
import socket
import sqlite3
import time
import tracemalloc
from datetime import UTC, datetime

import brotli
import pytest
from pytest_httpserver import HTTPServer
from web import make_pdf
from werkzeug import Request, Response

from claimtrack.fetch import fetch_pages
from claimtrack.fetch import fetcher as fetcher_mod
from claimtrack.fetch.client import USER_AGENT
from claimtrack.fetch.store import unpack

from .conftest import page_row

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
ARTICLE = (
    "<html lang='en'><head><title>Budget 2025 passed</title>"
    "<meta name='date' content='2025-03-14'></head><body><nav>Home | News</nav><article>"
    "<h1>Budget</h1>" + "<p>The parliament passed the budget for 2025 with new spending on roads"
    " and schools, the minister said on Friday.</p>" * 5 + "</article></body></html>"
)
FAST = {"allow_private": True, "now": NOW, "backoff": 0.01, "timeout": 5}


def count(db, table: str) -> int:  # type: ignore[no-untyped-def]
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_page_is_stored_then_revalidated_with_etag(httpserver: HTTPServer, db, link, monkeypatch):  # type: ignore[no-untyped-def]
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(
            ARTICLE,
            content_type="text/html; charset=utf-8",
            headers={"ETag": '"v1"', "Last-Modified": "Fri, 14 Mar 2025 10:00:00 GMT"},
        )

    httpserver.expect_request("/a").respond_with_handler(handler)
    (pid,) = link(httpserver.url_for("/a"))
    first = fetch_pages(db, **FAST)
    assert (first.fetched, first.unchanged, first.failed) == (1, 0, {})
    row = page_row(db, pid)
    assert (
        row["status"] == "ok" and row["http_status"] == 200 and row["title"] == "Budget 2025 passed"
    )
    assert row["lang"] == "en" and row["published"] == "2025-03-14" and row["etag"] == '"v1"'
    text = db.execute("SELECT text FROM texts WHERE hash = ?", [row["text_hash"]]).fetchone()[0]
    assert "passed the budget" in text and "Home | News" not in text
    encoding, body = db.execute(
        "SELECT encoding, body FROM snapshots WHERE hash = ?", [row["raw_hash"]]
    ).fetchone()
    assert encoding == "zstd" and unpack(encoding, body).decode() == ARTICLE
    assert seen[0].headers["User-Agent"] == USER_AGENT and "claimtrack/" in USER_AGENT
    assert {"gzip", "br", "zstd"} <= set(
        seen[0].headers["Accept-Encoding"].replace(" ", "").split(",")
    )
    events = list(db.query("SELECT type, old, new FROM events WHERE page_id = ?", [pid]))
    assert events == [{"type": "evidence-status", "old": "pending", "new": "ok"}]

    def no_parsing(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a 304 must not be parsed")

    monkeypatch.setattr("claimtrack.fetch.content.extract", no_parsing)
    later = datetime(2026, 1, 3, tzinfo=UTC)
    second = fetch_pages(db, all=True, **{**FAST, "now": later})
    assert (second.fetched, second.unchanged) == (0, 1)
    assert seen[1].headers["If-None-Match"] == '"v1"'
    assert seen[1].headers["If-Modified-Since"] == "Fri, 14 Mar 2025 10:00:00 GMT"
    row2 = page_row(db, pid)
    assert row2["checked_at"] == "2026-01-03T00:00:00Z" and row2["fetched_at"] == row["fetched_at"]
    assert count(db, "snapshots") == 1
    outcomes = [r["outcome"] for r in db.query("SELECT outcome FROM fetches ORDER BY id")]
    assert outcomes == ["fetched", "unchanged"]
    r = second.results[0]
    assert (r.old_status, r.new_status, r.old_text_hash, r.new_text_hash) == (
        "ok",
        "ok",
        row["text_hash"],
        row["text_hash"],
    )


def test_same_body_at_two_urls_is_stored_and_extracted_once(
    httpserver: HTTPServer, db, link, monkeypatch
):  # type: ignore[no-untyped-def]
    for path in ("/one", "/two"):
        httpserver.expect_request(path).respond_with_data(ARTICLE, content_type="text/html")
    calls = []
    from claimtrack.fetch import content

    real = content.extract
    monkeypatch.setattr(content, "extract", lambda *a, **k: calls.append(1) or real(*a, **k))
    a, b = link(httpserver.url_for("/one"), httpserver.url_for("/two"))
    assert fetch_pages(db, **FAST).fetched == 2
    assert len(calls) == 1 and count(db, "snapshots") == 1 and count(db, "texts") == 1
    assert page_row(db, a)["title"] == page_row(db, b)["title"] == "Budget 2025 passed"


def test_redirect_chain_is_recorded(httpserver: HTTPServer, db, link):  # type: ignore[no-untyped-def]
    httpserver.expect_request("/old").respond_with_data("", 301, headers={"Location": "/mid"})
    httpserver.expect_request("/mid").respond_with_data(
        "", 302, headers={"Location": httpserver.url_for("/new")}
    )
    httpserver.expect_request("/new").respond_with_data(ARTICLE, content_type="text/html")
    (pid,) = link(httpserver.url_for("/old"))
    fetch_pages(db, **FAST)
    row = page_row(db, pid)
    assert row["status"] == "ok" and row["final_url"] == httpserver.url_for("/new")
    redirects = db.execute("SELECT redirects FROM fetches").fetchone()[0]
    assert redirects == f'["{httpserver.url_for("/mid")}", "{httpserver.url_for("/new")}"]'


def test_redirect_loop_and_too_many(httpserver: HTTPServer, db, link):  # type: ignore[no-untyped-def]
    httpserver.expect_request("/x").respond_with_data("", 302, headers={"Location": "/y"})
    httpserver.expect_request("/y").respond_with_data("", 302, headers={"Location": "/x"})
    for n in range(12):
        httpserver.expect_request(f"/r/{n}").respond_with_data(
            "", 307, headers={"Location": f"/r/{n + 1}"}
        )
    loop, many = link(httpserver.url_for("/x"), httpserver.url_for("/r/0"))
    summary = fetch_pages(db, **FAST)
    assert summary.failed == {"redirect-loop": 1, "too-many-redirects": 1}
    assert page_row(db, loop)["error_kind"] == "redirect-loop"
    assert page_row(db, many)["error_kind"] == "too-many-redirects"
    assert sum(1 for e, _ in httpserver.log if e.path.startswith("/r/")) == 11


@pytest.mark.parametrize(
    ("status", "kind", "requests"),
    [
        (404, "http-404", 1),
        (410, "http-410", 1),
        (403, "http-4xx", 1),
        (500, "http-5xx", 3),
        (503, "http-5xx", 3),
    ],
)
def test_http_errors_are_recorded(httpserver: HTTPServer, db, link, status, kind, requests):  # type: ignore[no-untyped-def]
    httpserver.expect_request("/e").respond_with_data("no", status=status)
    (pid,) = link(httpserver.url_for("/e"))
    summary = fetch_pages(db, **FAST)
    assert summary.failed == {kind: 1}
    row = page_row(db, pid)
    assert (row["status"], row["error_kind"], row["http_status"], row["fail_streak"]) == (
        "failed",
        kind,
        status,
        1,
    )
    assert len(httpserver.log) == requests
    fetch_pages(db, all=True, **FAST)
    assert page_row(db, pid)["fail_streak"] == 2


def test_retry_after_is_honoured_and_bounded(httpserver: HTTPServer, db, link):  # type: ignore[no-untyped-def]
    httpserver.expect_oneshot_request("/busy").respond_with_data(
        "", 503, headers={"Retry-After": "1"}
    )
    httpserver.expect_request("/busy").respond_with_data(ARTICLE, content_type="text/html")
    httpserver.expect_request("/limited").respond_with_data(
        "", 429, headers={"Retry-After": "3600"}
    )
    busy, limited = link(httpserver.url_for("/busy"), httpserver.url_for("/limited"))
    clock = time.monotonic()
    summary = fetch_pages(db, **FAST)
    assert 1.0 <= time.monotonic() - clock < 4
    assert summary.fetched == 1 and summary.failed == {"http-429": 1}
    assert page_row(db, busy)["status"] == "ok"
    assert sum(1 for e, _ in httpserver.log if e.path == "/limited") == 1  # 1 h is not waited


def test_success_resets_fail_streak(httpserver: HTTPServer, db, link):  # type: ignore[no-untyped-def]
    httpserver.expect_oneshot_request("/f").respond_with_data("", 404)
    httpserver.expect_request("/f").respond_with_data(ARTICLE, content_type="text/html")
    (pid,) = link(httpserver.url_for("/f"))
    fetch_pages(db, **FAST)
    assert page_row(db, pid)["fail_streak"] == 1
    fetch_pages(db, all=True, **FAST)
    row = page_row(db, pid)
    assert (row["status"], row["fail_streak"], row["error_kind"]) == ("ok", 0, None)
    events = [
        (r["old"], r["new"])
        for r in db.query("SELECT old, new FROM events WHERE page_id = ?", [pid])
    ]
    assert events == [("pending", "failed"), ("failed", "ok")]


def test_connection_refused(db, link):  # type: ignore[no-untyped-def]
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    (pid,) = link(f"http://127.0.0.1:{port}/")
    assert fetch_pages(db, **FAST).failed == {"connect": 1}
    assert page_row(db, pid)["error_kind"] == "connect"


def test_endless_body_is_capped_in_bounded_memory(raw_server, db, link):  # type: ignore[no-untyped-def]
    def endless(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
        chunk = b"x" * 65536
        for _ in range(2000):  # bounded: 128 MB at most
            conn.sendall(chunk)

    server = raw_server(endless)
    (pid,) = link(server.url())
    cap = 2_000_000
    tracemalloc.start()
    summary = fetch_pages(db, max_bytes=cap, **FAST)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert summary.failed == {"too-large": 1}
    assert peak < cap + 8_000_000
    assert page_row(db, pid)["error_kind"] == "too-large" and count(db, "snapshots") == 0


def test_declared_length_over_the_cap_is_refused_unread(httpserver: HTTPServer, db, link):  # type: ignore[no-untyped-def]
    httpserver.expect_request("/big").respond_with_data("y" * 5000, content_type="text/html")
    link(httpserver.url_for("/big"))
    assert fetch_pages(db, max_bytes=1000, **FAST).failed == {"too-large": 1}


def test_drip_feed_ends_at_the_total_timeout(raw_server, db, link):  # type: ignore[no-untyped-def]
    def drip(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\n")
        for _ in range(8):
            conn.sendall(b"x")
            time.sleep(1)

    server = raw_server(drip)
    (pid,) = link(server.url())
    clock = time.monotonic()
    summary = fetch_pages(db, **{**FAST, "timeout": 2})
    assert 1.9 <= time.monotonic() - clock < 3.5
    assert summary.failed == {"timeout": 1} and page_row(db, pid)["error_kind"] == "timeout"


def test_windows_1251_without_charset_header(httpserver: HTTPServer, db, link):  # type: ignore[no-untyped-def]
    html = (
        "<html><head><title>Министр пообещал построить дороги</title></head><body><article>"
        + "<p>Министр заявил, что новые дороги будут построены к концу года.</p>" * 8
        + "</article></body></html>"
    )
    httpserver.expect_request("/ru").respond_with_data(
        html.encode("windows-1251"), content_type="text/html"
    )
    (pid,) = link(httpserver.url_for("/ru"))
    fetch_pages(db, **FAST)
    row = page_row(db, pid)
    assert row["title"] == "Министр пообещал построить дороги"
    text = db.execute("SELECT text FROM texts WHERE hash = ?", [row["text_hash"]]).fetchone()[0]
    assert "новые дороги" in text


def test_pdf_text_and_title(httpserver: HTTPServer, db, link):  # type: ignore[no-untyped-def]
    httpserver.expect_request("/r.pdf").respond_with_data(
        make_pdf("Roads built: 1200 km", title="Annual Report"), content_type="application/pdf"
    )
    (pid,) = link(httpserver.url_for("/r.pdf"))
    fetch_pages(db, **FAST)
    row = page_row(db, pid)
    assert row["title"] == "Annual Report" and row["content_type"] == "application/pdf"
    text = db.execute("SELECT text FROM texts WHERE hash = ?", [row["text_hash"]]).fetchone()[0]
    assert "1200 km" in text


@pytest.mark.parametrize(
    ("encoding", "compress"), [("gzip", gzip.compress), ("br", brotli.compress)]
)
def test_compressed_bodies_are_decoded(httpserver: HTTPServer, db, link, encoding, compress):  # type: ignore[no-untyped-def]
    httpserver.expect_request("/z").respond_with_data(
        compress(ARTICLE.encode()), content_type="text/html", headers={"Content-Encoding": encoding}
    )
    (pid,) = link(httpserver.url_for("/z"))
    fetch_pages(db, **FAST)
    row = page_row(db, pid)
    assert row["title"] == "Budget 2025 passed"
    body = db.execute("SELECT body, size, encoding FROM snapshots").fetchone()
    assert unpack(body[2], body[0]).decode() == ARTICLE and body[1] == len(ARTICLE)


def test_broken_gzip_is_a_decode_failure(httpserver: HTTPServer, db, link):  # type: ignore[no-untyped-def]
    httpserver.expect_request("/bad").respond_with_data(
        b"not gzip at all", content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    link(httpserver.url_for("/bad"))
    assert fetch_pages(db, **FAST).failed == {"decode": 1}


def test_other_types_are_kept_as_hash_only(httpserver: HTTPServer, db, link):  # type: ignore[no-untyped-def]
    httpserver.expect_request("/img").respond_with_data(b"\x89PNG....", content_type="image/png")
    (pid,) = link(httpserver.url_for("/img"))
    fetch_pages(db, **FAST)
    row = page_row(db, pid)
    assert row["status"] == "ok" and row["raw_hash"] and row["text_hash"] is None


class Killed(Exception):
    pass


def test_results_are_committed_as_they_arrive(httpserver: HTTPServer, db_path, db, link):  # type: ignore[no-untyped-def]
    for n in range(6):
        httpserver.expect_request(f"/p{n}").respond_with_data(
            ARTICLE + str(n), content_type="text/html"
        )
    link(*(httpserver.url_for(f"/p{n}") for n in range(6)))
    seen: list[int] = []

    def check(result: fetcher_mod.PageResult) -> None:
        other = sqlite3.connect(db_path)  # another connection sees the committed row
        status = other.execute("SELECT status FROM pages WHERE id = ?", [result.page_id]).fetchone()
        other.close()
        seen.append(result.page_id)
        assert status == ("ok",)
        if len(seen) == 3:
            raise Killed  # the run dies mid-way

    with pytest.raises(Killed):
        fetch_pages(db, on_result=check, **{**FAST, "concurrency": 1})
    assert count(db, "fetches") == 3 and len(seen) == 3
    statuses = [r["status"] for r in db.query("SELECT status FROM pages ORDER BY id")]
    assert statuses.count("ok") == 3 and statuses.count("pending") == 3
