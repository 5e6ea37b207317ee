"""Reading the response a WARC file holds, for `evidence import`: hostile files included.

A record that cannot be used is skipped, with its reason kept: a response record without an
HTTP block, a malformed status line, a body that cannot be decoded or that decodes to more
than the fetch limit (`fetch.max_bytes`, 10 MB: the cap a fetch has). A record whose framing
is broken (a Content-Length that is negative, not a number or past the end of the file, a
record cut short, a header warcio cannot parse) ends the reading: what follows cannot be
trusted. With no usable record, the import is a one-line error naming the first reason.
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidInput

_STATUS = re.compile(r"[1-5][0-9][0-9]")


@dataclass(frozen=True)
class Found:
    body: bytes
    content_type: str | None
    uri: str | None
    status: int | None


class Damaged(Exception):
    """The file's framing is broken at this record: nothing after it can be read."""


class Skipped(Exception):
    """This record cannot be used; the next one may."""


def read_response(
    data: bytes, urls: set[str], max_bytes: int, name: str, most: int | None = None
) -> Found:
    """The record for one of `urls`, else the first usable 2xx (or status-less) one.
    `most`: the largest record length believable (the file's size, unless it is gzipped)."""
    from warcio.archiveiterator import ArchiveIterator

    best: Found | None = None
    reasons: list[str] = []
    records = iter(ArchiveIterator(io.BytesIO(data)))
    number = 0
    while True:
        number += 1
        try:
            record = next(records)
            if record.rec_type not in ("response", "resource"):
                continue
            found = _usable(record, max_bytes, len(data) if most is None else most)
        except StopIteration:
            break
        except Skipped as exc:
            reasons.append(f"record {number} {exc}")
            continue
        except _FRAMING as exc:
            reasons.append(f"record {number} is damaged ({_reason(exc)})")
            break
        if found.uri in urls:
            return found
        if best is None and (found.status is None or 200 <= found.status < 300):
            best = found
    if best is not None:
        return best
    why = f": {reasons[0]}" if reasons else ""
    raise InvalidInput(f"{name}: no usable HTTP response record in the WARC file{why}")


def _usable(record: Any, max_bytes: int, most: int) -> Found:
    declared = str(record.rec_headers.get_header("Content-Length") or "").strip()
    if not (declared.isascii() and declared.isdigit()):
        raise Damaged(f"its Content-Length {declared[:40]!r} is not a length")
    if int(declared) > most:
        raise Damaged(f"its Content-Length {int(declared):,} is past the end of the file")
    uri = record.rec_headers.get_header("WARC-Target-URI")
    http = record.http_headers
    status: int | None = None
    if record.rec_type == "response":
        if http is None:
            raise Skipped("has no HTTP block")
        line = f"{http.protocol} {http.statusline}".strip()
        code = str(http.get_statuscode() or "")
        if not str(http.protocol).startswith("HTTP/") or not _STATUS.fullmatch(code):
            raise Skipped(f"has a malformed HTTP status line {line[:60]!r}")
        status = int(code)
    ctype = (
        http.get_header("Content-Type")
        if http is not None
        else record.rec_headers.get_header("Content-Type")
    )
    try:
        body = record.content_stream().read(max_bytes + 1)
    except _DECODING as exc:
        raise Skipped(f"has a body that cannot be decoded ({_reason(exc)})") from None
    if len(body) > max_bytes:
        raise Skipped(f"has a body over the {max_bytes:,}-byte limit (fetch.max_bytes)")
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise Damaged("it is cut short: the file ends before its Content-Length")
    return Found(body, ctype, uri, status)


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:120]
    return text or type(exc).__name__


def _warc_errors() -> tuple[type[Exception], ...]:
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    return (
        ArchiveLoadFailed,
        StatusAndHeadersParserException,
        ValueError,
        OverflowError,
        EOFError,
        OSError,
        UnicodeError,
        LookupError,
    )


_WARC_ERRORS = _warc_errors()
_FRAMING: tuple[type[Exception], ...] = (Damaged, *_WARC_ERRORS)
_DECODING: tuple[type[Exception], ...] = (zlib.error, *_WARC_ERRORS)
