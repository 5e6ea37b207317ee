"""`evidence import` of a hostile WARC file: a one-line error or a skipped record, never a
traceback (issue #20).

Malformed status lines, records without an HTTP block, huge, negative or non-numeric
lengths, truncated records and decompression bombs in the HTTP payload. Bodies are capped
like fetched ones (`fetch.max_bytes`, 10 MB).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from support import Cli

from .conftest import dump

PAGE = b"<html><head><title>Saved by hand</title></head><body><p>" + b"roads " * 200 + b"</p>"


def record(
    block: bytes,
    *,
    kind: str = "response",
    ctype: str = "application/http; msgtype=response",
    length: str | None = None,
    uri: str = "https://example.org/a",
) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        "WARC-Date: 2025-10-07T00:00:00Z\r\n"
        "WARC-Record-ID: <urn:uuid:12345678-1234-5678-1234-567812345678>\r\n"
        f"Content-Type: {ctype}\r\nContent-Length: {length or len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def http(status: str, body: bytes, *headers: str) -> bytes:
    lines = [status, "Content-Type: text/html", f"Content-Length: {len(body)}", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


BOMB = gzip.compress(b"\0" * 30_000_000, 9)
GOOD = record(http("HTTP/1.1 200 OK", PAGE))

# name -> a record that cannot be used (alone in its file: a one-line error)
BAD = {
    "status-not-a-number": record(http("HTTP/1.1 abc OK", PAGE)),
    "status-garbage": record(http("garbage", PAGE)),
    "status-empty": record(http("", PAGE)),
    "status-huge-number": record(http("HTTP/1.1 99999999999999999999 OK", PAGE)),
    "no-http-block": record(PAGE, ctype="text/html"),
    "empty-block": record(b"", length="0"),
    "negative-length": record(http("HTTP/1.1 200 OK", PAGE), length="-5"),
    "huge-length": record(http("HTTP/1.1 200 OK", PAGE), length="9" * 30),
    "length-not-a-number": record(http("HTTP/1.1 200 OK", PAGE), length="lots"),
    "truncated": record(http("HTTP/1.1 200 OK", PAGE))[:-300],
    "gzip-bomb": record(
        http("HTTP/1.1 200 OK", BOMB, "Content-Encoding: gzip"),
    ),
    "not-a-warc-after-all": b"WARC/1.0\r\n\r\n\x00\x01\x02",
}
# these can be skipped: the good record after them is imported
SKIPPABLE = [
    "status-not-a-number",
    "status-garbage",
    "status-huge-number",
    "no-http-block",
    "empty-block",
    "gzip-bomb",
]


def _one_line_error(r: object) -> None:
    assert r.exit_code == 1, (r.exit_code, r.stdout, r.stderr)  # type: ignore[attr-defined]
    err = r.stderr  # type: ignore[attr-defined]
    assert err.startswith("Error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err


@pytest.mark.parametrize("name", list(BAD))
@pytest.mark.parametrize("packed", [False, True], ids=["plain", "gzipped"])
def test_a_bad_record_alone_is_a_one_line_error(
    cli: Cli, loaded: Path, tmp_path: Path, name: str, packed: bool
) -> None:
    saved = tmp_path / ("page.warc.gz" if packed else "page.warc")
    saved.write_bytes(gzip.compress(BAD[name]) if packed else BAD[name])
    before = dump(loaded)
    _one_line_error(cli("evidence", "import", "1", str(saved)))
    assert dump(loaded) == before


@pytest.mark.parametrize("name", SKIPPABLE)
def test_a_bad_record_is_skipped_for_a_good_one(
    cli: Cli, loaded: Path, tmp_path: Path, name: str
) -> None:
    saved = tmp_path / "page.warc"
    saved.write_bytes(BAD[name] + GOOD)
    r = cli("evidence", "import", "1", str(saved), "--json")
    assert r.exit_code == 0, r.stderr
    shown = json.loads(r.stdout)
    assert shown["title"] == "Saved by hand", shown


def test_the_body_cap_follows_the_fetch_setting(cli: Cli, loaded: Path, tmp_path: Path) -> None:
    """A body over `fetch.max_bytes` (decoded size) is refused, naming the limit."""
    assert cli("config", "set", "fetch.max_bytes", "1000").exit_code == 0
    saved = tmp_path / "page.warc"
    saved.write_bytes(GOOD)
    r = cli("evidence", "import", "1", str(saved))
    _one_line_error(r)
    assert "1,000" in r.stderr
