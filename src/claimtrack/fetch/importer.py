"""Importing a page saved by hand (HTML, PDF or WARC) for sites that block bots."""

from __future__ import annotations

import gzip
import io
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..errors import InvalidInput
from . import store
from .content import kind_of

MAX_IMPORT = 200_000_000


def _read(path: Path) -> bytes:
    """The saved file, or stdin for `-`, up to MAX_IMPORT bytes (files.read_bytes)."""
    from .. import files

    data = files.read_bytes(path, limit=MAX_IMPORT, what="an imported page")
    if not data:
        raise InvalidInput(f"{files.label(path)} is empty: nothing to import (save the page again)")
    return data


def is_warc(data: bytes) -> bool:
    head = data[:64]
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
                head = f.read(16)
        except (OSError, EOFError, zlib.error):  # damaged or truncated gzip: not a WARC
            return False
    return head.startswith(b"WARC/")


def _gunzip(data: bytes, path: Path) -> bytes:
    """A gzipped saved page (e.g. page.html.gz), unpacked within the import limit."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            out = f.read(MAX_IMPORT + 1)
    except (OSError, EOFError, zlib.error):
        raise InvalidInput(
            f"{path} is a damaged gzip file (save the page again, or import it unpacked)"
        ) from None
    if len(out) > MAX_IMPORT:
        raise InvalidInput(f"{path} unpacks to more than {MAX_IMPORT:,} bytes")
    return out


def import_file(
    db: Database, evidence_id: int, path: Path, now: datetime | None = None
) -> dict[str, Any]:
    """Store a saved HTML, PDF or WARC file as the evidence page's latest snapshot."""
    from ..evidence import get_evidence

    row = get_evidence(db, evidence_id)
    data = _read(path)
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    ctype: str | None = None
    url, status = row["url"], None
    if data[:2] == b"\x1f\x8b" and not is_warc(data):
        data = _gunzip(data, path)
    if is_warc(data):
        from .warcread import read_response

        found = read_response(
            data,
            {row["url"], row["final_url"]},
            int(store.configured(db)["max_bytes"]),
            str(path),
            most=MAX_IMPORT if data[:2] == b"\x1f\x8b" else len(data),
        )
        data, ctype, status = found.body, found.content_type, found.status
        url = found.uri or url
    kind = kind_of(ctype, data)
    if kind == "other" and ctype is None:
        suffix = path.suffix.lower()
        kind = "pdf" if suffix == ".pdf" else "html" if suffix in (".html", ".htm") else kind
    ctype = ctype or {"html": "text/html", "pdf": "application/pdf"}.get(kind)
    out = store.Outcome(
        "fetched",
        started_at=stamp,
        http_status=status,
        final_url=url,
        headers={"x-claimtrack-import": path.name},
        body=store.Body(data, ctype),
        archived=True,  # refresh leaves it as saved; `evidence fetch --all` still fetches it
    )
    store.extract_once(db, out, url)
    page = next(
        iter(db.query(f"SELECT {store.PAGE_FIELDS} FROM pages WHERE id = ?", [row["page_id"]]))
    )
    store.save(db, page, out, stamp)
    return store.evidence_detail(db, evidence_id)
