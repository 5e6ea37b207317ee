"""A page whose text holds C0 control characters still gets its main text (issue #20).

lxml refuses a whole document with a NUL, an ESC or any other C0 control in it: the page
was stored with no main text. The controls are removed when the body is decoded.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimtrack.fetch import content
from support import Cli

from .test_page_failures import register

SENTENCE = "The ministry said {c}4,200 km of roads were repaired in 2025 across the regions."
CONTROLS = [chr(c) for c in range(32) if chr(c) not in "\t\n\r"]


def page(control: str) -> bytes:
    paragraphs = "".join(f"<p>{SENTENCE.format(c=control)}</p>" for _ in range(10))
    return (
        f"<html><head><title>Roads{control}</title></head><body><article>{paragraphs}"
        "</article></body></html>"
    ).encode()


@pytest.mark.parametrize("control", CONTROLS, ids=[f"0x{ord(c):02x}" for c in CONTROLS])
def test_each_control_character_leaves_the_main_text(control: str) -> None:
    found = content.extract(page(control), "text/html; charset=utf-8", "http://example.org/")
    assert found.text is not None and SENTENCE.format(c="") in found.text
    assert control not in found.text
    assert found.title == "Roads"


@pytest.fixture
def server() -> Iterator[str]:
    body = page("".join(CONTROLS))

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/controls"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_fetched_page_with_controls_has_its_main_text(
    cli: Cli, isolated_db: Path, server: str
) -> None:
    register(cli)
    assert cli("evidence", "add", "1", server).exit_code == 0
    r = cli("evidence", "fetch", "--allow-private")
    assert r.exit_code == 0, r.stderr
    shown = json.loads(cli("evidence", "show", "1", "--json").stdout)
    assert shown["status"] == "ok" and shown["text_chars"] > 0, shown
    assert SENTENCE.format(c="") in shown["excerpt"]
