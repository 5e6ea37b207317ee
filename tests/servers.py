"""A small real HTTP server on 127.0.0.1 for refresh and hostile-input tests.

Pages are `/page/<n>`; each test can change a page's text, its status, or add latency.
Every request is logged so tests can assert what reached the server.
"""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Web:
    latency: float = 0.0
    texts: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    footers: dict[str, str] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def html(self, path: str) -> bytes:
        body = self.texts.get(path, f"The main text of {path}. " * 30)
        footer = self.footers.get(path, "")
        page = (
            f"<html><head><title>Page {path}</title>"
            f"<script>var built = '{footer}';</script></head><body>"
            f"<article><h1>Report {path}</h1><p>{body}</p><p>{body[::-1]}</p></article>"
            f"<footer>Generated {footer}</footer></body></html>"
        )
        return page.encode()


def _handler(web: Web) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            web.log.append(self.path)
            if web.latency:
                time.sleep(web.latency)
            status = web.statuses.get(self.path, 200)
            if status != 200:
                self._send(status, b"gone", {})
                return
            body = web.html(self.path)
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", {"ETag": etag})
                return
            self._send(200, body, {"ETag": etag, "Content-Type": "text/html; charset=utf-8"})

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

    return Handler


@contextmanager
def serve(
    web: Web | None = None,
    handler: type[BaseHTTPRequestHandler] | None = None,
    listener: type[ThreadingHTTPServer] = ThreadingHTTPServer,
) -> Iterator[Web]:
    """`web` served on 127.0.0.1 by `handler` (the default: `web`'s pages, with ETags) in a
    thread of its own until the block ends."""
    web = web or Web()
    server = listener(("127.0.0.1", 0), handler or _handler(web))
    server.daemon_threads = True
    web.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield web
    finally:
        server.shutdown()
        server.server_close()


def synthetic_db(path: Path, web: Web, *, claims: int, pages: int, every: int) -> None:
    """A database of `claims` synthetic claims (half commitments with 2026 deadlines), every
    `every`-th citing one of `pages` pages of `web`; claim 3 is rated kept, with its event."""
    from claimtrack.db import open_db
    from claimtrack.evidence import add_evidence
    from claimtrack.speeches import add_speech

    then = "2025-01-15T00:00:00Z"
    db = open_db(path)
    speech, _ = add_speech(db, "Synthetic speech. " * 10, date="2025-01-15", lang="en", now=then)
    rows = [
        {
            "speech_id": speech["id"],
            "kind": "commitment" if i % 2 else "quantitative",
            "quote": f"Claim number {i} about roads.",
            "norm": f"claim number {i}",
            "deadline_end": f"2026-0{1 + i % 9}-28" if i % 2 else None,
            "rating": "not-yet-rated" if i % 2 else "unrated",
            "created_at": then,
            "updated_at": then,
        }
        for i in range(claims)
    ]
    with db.atomic():
        db.table("claims").insert_all(rows)
        for i in range(1, claims + 1, every):
            add_evidence(db, i, [web.url(f"/page/{i % pages}")], now=then)
        db.execute(
            "INSERT INTO events (at, claim_id, type, field, old, new) VALUES"
            " ('2025-02-01T00:00:00Z', 3, 'rating', 'rating', 'not-yet-rated', 'kept')"
        )
        db.execute("UPDATE claims SET rating = 'kept' WHERE id = 3")
    db.close()


class RawServer:
    """A threaded TCP server on 127.0.0.1 whose connections run `handler(sock)`."""

    def __init__(self, handler: Callable[[socket.socket], None]) -> None:
        self.handler = handler
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                self.handler(conn)
            except OSError:
                pass

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(2)
        self.sock.close()
