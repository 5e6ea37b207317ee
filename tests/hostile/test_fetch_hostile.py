"""Hostile servers and the SSRF guard, through the real command line, on 127.0.0.1 only.

Without --allow-private no request may reach the loopback server, whatever the spelling
of its address (asserted on the server's access log). With --allow-private, hostile
responses (endless body, gzip bomb, drip feed, redirect loop, TLS error, wrong charset, no
<title>, a PDF that is not a PDF) each end as a recorded outcome, never a traceback.
Library-level cases (DNS names resolving to private addresses, redirects to private
addresses) are in tests/fetch/test_ssrf.py.
"""

from __future__ import annotations

import gzip
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from servers import RawServer, Web, serve
from support import Cli

from .conftest import dump


@pytest.fixture
def web() -> Iterator[Web]:
    with serve() as w:
        yield w


def spellings(port: int) -> list[str]:
    """Loopback in many spellings; none needs a DNS server (numeric forms, /etc/hosts)."""
    return [
        f"http://127.0.0.1:{port}/page/1",
        f"http://localhost:{port}/page/1",
        f"http://127.1:{port}/page/1",
        f"http://2130706433:{port}/page/1",
        f"http://0x7f.0.0.1:{port}/page/1",
        f"http://0177.0.0.1:{port}/page/1",
        f"http://[::ffff:127.0.0.1]:{port}/page/1",
        f"http://[::1]:{port}/page/1",
        f"http://0.0.0.0:{port}/page/1",
        f"https://127.0.0.1:{port}/page/1",
    ]


def test_no_request_reaches_loopback_without_allow_private(
    cli: Cli, loaded: Path, web: Web
) -> None:
    urls = spellings(web.port)
    assert cli("evidence", "add", "2", *urls).exit_code == 0
    r = cli("evidence", "fetch", "--json")
    assert r.exit_code == 0, r.stderr
    assert web.log == []
    pages = json.loads(cli("evidence", "list", "2", "--json").stdout)
    assert {p["error_kind"] for p in pages} == {"blocked-private"}, pages
    r = cli("refresh", "--now", "2026-01-01", "-q")
    assert r.exit_code == 0 and web.log == []


def respond(head: str, body: bytes = b"", repeat: int = 1, pause: float = 0.0):  # type: ignore[no-untyped-def]
    def handler(conn: socket.socket) -> None:
        import time

        conn.sendall(head.encode() + b"\r\n\r\n")
        for _ in range(repeat):
            conn.sendall(body)
            if pause:
                time.sleep(pause)

    return handler


BOMB = gzip.compress(b"\0" * 50_000_000, 9)
CP1251 = "<html><head><title>Министр пообещал</title></head><body>" + "<p>дороги</p>" * 20
CASES = {
    "endless-body": (
        respond("HTTP/1.1 200 OK\r\nContent-Type: text/html", b"x" * 65536, 400),
        "too-large",
    ),
    "gzip-bomb": (
        respond(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip"
            f"\r\nContent-Length: {len(BOMB)}",
            BOMB,
        ),
        "too-large",
    ),
    "drip": (
        respond("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100", b"x", 8, 0.5),
        "timeout",
    ),
    "redirect-loop": (
        respond("HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0"),
        "redirect-loop",
    ),
    "wrong-charset": (
        respond(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8", CP1251.encode("cp1251")
        ),
        None,
    ),
    "bogus-charset": (
        respond("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=x-no-such", CP1251.encode()),
        None,
    ),
    "no-title": (
        respond("HTTP/1.1 200 OK\r\nContent-Type: text/html", b"<p>" + b"text " * 50),
        None,
    ),
    "fake-pdf": (
        respond("HTTP/1.1 200 OK\r\nContent-Type: application/pdf", b"%PDF-1.7 not really"),
        None,
    ),
}


@pytest.mark.parametrize("name", list(CASES) + ["tls-error"])
def test_hostile_server_is_a_recorded_outcome(cli: Cli, loaded: Path, name: str) -> None:
    if name == "tls-error":
        server, kind = RawServer(respond("HTTP/1.1 200 OK\r\nContent-Length: 2", b"hi")), "tls"
        url = f"https://127.0.0.1:{server.port}/"
    else:
        handler, kind = CASES[name]
        server = RawServer(handler)
        url = f"http://127.0.0.1:{server.port}/loop"
    assert cli("config", "set", "fetch.timeout", "2").exit_code == 0
    assert cli("config", "set", "fetch.max_bytes", "1000000").exit_code == 0
    assert cli("evidence", "add", "2", url).exit_code == 0
    r = cli("evidence", "fetch", "--allow-private", "--json")
    assert r.exit_code == 0, r.stderr
    (page,) = json.loads(cli("evidence", "list", "2", "--json").stdout)
    if kind is None:
        assert page["status"] == "ok", page
        shown = cli("evidence", "show", str(page["id"]))
        assert shown.exit_code == 0 and "\x1b" not in shown.stdout
    else:
        assert (page["status"], page["error_kind"]) == ("failed", kind), page
    if name == "wrong-charset":  # the header lies: the title is garbled but inert text
        assert page["title"] and "\x1b" not in page["title"] and "\x00" not in page["title"]
    server.stop()
    dump(loaded)


def test_truncated_gzip_import_is_a_one_line_error(cli: Cli, loaded: Path, tmp_path: Path) -> None:
    """A damaged .gz file is refused in one line (it was an EOFError traceback)."""
    saved = tmp_path / "page.warc.gz"
    saved.write_bytes(b"\x1f\x8b\x08")
    before = dump(loaded)
    r = cli("evidence", "import", "1", str(saved))
    assert r.exit_code == 1 and r.stderr.startswith("Error: ") and r.stderr.count("\n") == 1
    assert dump(loaded) == before
