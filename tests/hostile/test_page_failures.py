"""One bad page is that page's failure, never the run's (issue #20).

A real loopback server serves each hostile case beside ordinary pages: a redirect to a host
that is not valid IDNA, and pages that declare a charset which is no text encoding, in the
header or in a <meta>. `evidence fetch` and `refresh` both finish, the ordinary pages are
stored, the hostile ones are recorded on their page (failed, a kind and a one-line reason),
and the flags are computed.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from support import SPEECH, Cli

from .conftest import PROMISE

ORDINARY = (
    "<html><head><title>Ordinary {n}</title></head><body><article>"
    + ("<p>The ministry reported that 4,200 kilometres of roads were repaired in 2025.</p>" * 8)
    + "</article></body></html>"
)

REDIRECTS = ["http://xn--a-/", "http://xn--ls8h.la/", "http://xn--/", "http://xn--zz-/x"]
CHARSETS = ["base64", "rot13", "hex", "zlib", "idna", "punycode", "undefined", "bz2", "uu"]


def _cases() -> dict[str, tuple[int, dict[str, str], bytes]]:
    """path -> (status, headers, body)"""
    cases: dict[str, tuple[int, dict[str, str], bytes]] = {}
    for i, target in enumerate(REDIRECTS):
        cases[f"/redirect/{i}"] = (302, {"Location": target}, b"")
    body = ORDINARY.format(n="x").encode()
    for name in CHARSETS:
        cases[f"/header/{name}"] = (200, {"Content-Type": f"text/html; charset={name}"}, body)
        meta = body.replace(b"<head>", f'<head><meta charset="{name}">'.encode())
        cases[f"/meta/{name}"] = (200, {"Content-Type": "text/html"}, meta)
    return cases


CASES = _cases()


@pytest.fixture
def server() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            if self.path.startswith("/ordinary/"):
                found = (200, {"Content-Type": "text/html; charset=utf-8"}, b"")
                body = ORDINARY.format(n=self.path.rsplit("/", 1)[1]).encode()
            else:
                found = CASES.get(self.path, (404, {}, b"gone"))
                body = found[2]
            self.send_response(found[0])
            for name, value in found[1].items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _pages(cli: Cli) -> dict[str, dict[str, object]]:
    r = cli("evidence", "list", "1", "--json")
    assert r.exit_code == 0, r.stderr
    return {str(p["url"]): p for p in json.loads(r.stdout)}


def _check(pages: dict[str, dict[str, object]], base: str) -> None:
    for n in range(4):
        page = pages[f"{base}/ordinary/{n}"]
        assert page["status"] == "ok", page
    for path in CASES:
        page = pages[base + path]
        assert page["status"] == "failed", page
        assert page["error_kind"], page
        assert isinstance(page["error"], str) and page["error"], page
        assert "\n" not in page["error"], page
    for name in CHARSETS:
        assert pages[f"{base}/header/{name}"]["error_kind"] == "charset"
        assert pages[f"{base}/meta/{name}"]["error_kind"] == "charset"


def register(cli: Cli) -> None:
    """Speech 1 (dated) and claim 1, a commitment due in April 2026; no evidence yet."""
    steps = [
        ("speech", "add", str(SPEECH), "--date", "2025-10-07", "--speaker", "Tokayev"),
        ("add", PROMISE, "--speech", "1", "--kind", "commitment", "--deadline", "келесі жылы"),
    ]
    for args in steps:
        r = cli(*args)
        assert r.exit_code == 0, (args, r.stderr)


@pytest.fixture
def claim(cli: Cli, isolated_db: Path) -> Path:
    register(cli)
    return isolated_db


def test_hostile_pages_fail_alone_in_fetch_and_refresh(cli: Cli, claim: Path, server: str) -> None:
    urls = [f"{server}/ordinary/{n}" for n in range(4)] + [server + p for p in CASES]
    assert cli("evidence", "add", "1", *urls).exit_code == 0
    r = cli("evidence", "fetch", "--allow-private", "--json")
    assert r.exit_code == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["fetched"] == 4 and summary["failed"] == len(CASES), summary
    _check(_pages(cli), server)

    # refresh re-fetches them all (a year on) and goes on to compute the flags
    r = cli("refresh", "--allow-private", "--now", "2027-06-01", "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["fetch"]["failed"] == len(CASES)
    _check(_pages(cli), server)
    flagged = json.loads(cli("list", "--json").stdout)
    assert any("overdue" in (c.get("flags") or []) for c in flagged), flagged


def _raise_type_error(*args: object, **kwargs: object) -> object:
    raise TypeError("a dependency choked on this page")


def test_an_exception_of_a_dependency_reading_a_page_is_that_pages_failure(
    cli: Cli, claim: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever a library raises reading one page (here trafilatura, made to raise a
    TypeError) is recorded on the page: kind `extract`, the exception in one line."""
    import trafilatura

    assert cli("evidence", "add", "1", f"{server}/ordinary/1").exit_code == 0
    monkeypatch.setattr(trafilatura, "bare_extraction", _raise_type_error)
    r = cli("evidence", "fetch", "--allow-private", "--json")
    assert r.exit_code == 0, r.stderr
    (page,) = _pages(cli).values()
    assert (page["status"], page["error_kind"]) == ("failed", "extract"), page
    assert page["error"] == "Error reading the page: TypeError: a dependency choked on this page"


def test_a_bug_in_the_engine_is_not_hidden(
    cli: Cli, claim: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception page data does not cause, raised in claimtrack's own code, still ends
    the run: it is a bug to see, not a page to mark failed."""
    from claimtrack.db import open_db
    from claimtrack.fetch import fetch_pages, store

    assert cli("evidence", "add", "1", f"{server}/ordinary/1").exit_code == 0
    # a stored extraction of the wrong shape: unpacking it fails in extracting.py
    monkeypatch.setattr(store, "known_extraction", lambda db, raw_hash: 42)
    db = open_db(claim)
    try:
        with pytest.raises(TypeError, match="cannot unpack"):
            fetch_pages(db, allow_private=True)
    finally:
        db.close()
