"""A page whose stored body is gone (a restored or pruned database) is fetched whole again.

The server answers 304 to every conditional request, as a real one does while its page is
unchanged. Were the page's ETag and Last-Modified still sent, the 304 would leave it
without a body for good; no validators are sent for a page whose snapshot is missing.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from support import Cli

from .test_page_failures import ORDINARY, register

BODY = ORDINARY.format(n="restored").encode()


@pytest.fixture
def claim(cli: Cli, isolated_db: Path) -> Path:
    register(cli)
    return isolated_db


@pytest.fixture
def server() -> Iterator[tuple[str, list[dict[str, str]]]]:
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            seen.append(dict(self.headers))
            conditional = "If-None-Match" in self.headers or "If-Modified-Since" in self.headers
            self.send_response(304 if conditional else 200)
            self.send_header("ETag", '"v1"')
            self.send_header("Last-Modified", "Tue, 07 Oct 2025 10:00:00 GMT")
            if conditional:
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/article", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize(
    "command", [("evidence", "fetch", "--all"), ("refresh", "--now", "2027-01-01")]
)
def test_a_page_without_its_body_is_fetched_whole(
    cli: Cli, claim: Path, server: tuple[str, list[dict[str, str]]], command: tuple[str, ...]
) -> None:
    url, seen = server
    assert cli("evidence", "add", "1", url).exit_code == 0
    assert cli("evidence", "fetch", "--allow-private").exit_code == 0
    assert cli("evidence", "fetch", "--all", "--allow-private").exit_code == 0
    assert "If-None-Match" in seen[-1], "with its body stored, the page is revalidated"
    conn = sqlite3.connect(claim)  # the database restored without its snapshots
    conn.execute("DELETE FROM snapshots")
    conn.commit()
    conn.close()
    assert cli("evidence", "snapshot", "1").exit_code == 1

    r = cli(*command, "--allow-private", "--json")
    assert r.exit_code == 0, r.stderr
    assert "If-None-Match" not in seen[-1] and "If-Modified-Since" not in seen[-1], seen[-1]
    shown = cli("evidence", "snapshot", "1")
    assert shown.exit_code == 0 and shown.stdout == BODY.decode()
    (page,) = json.loads(cli("evidence", "list", "1", "--json").stdout)
    assert page["status"] == "ok"
