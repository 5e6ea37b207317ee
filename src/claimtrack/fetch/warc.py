"""Exporting every stored snapshot as one WARC file (warcio)."""

from __future__ import annotations

import io
import json
from typing import IO

from sqlite_utils import Database

from .store import snapshot_body

SQL = """
SELECT p.id, coalesce(p.final_url, p.url) AS url, p.raw_hash, p.fetched_at, f.headers,
       f.http_status
FROM pages p
LEFT JOIN fetches f ON f.id = (
    SELECT max(id) FROM fetches WHERE page_id = p.id AND raw_hash = p.raw_hash
    AND outcome = 'fetched')
WHERE p.raw_hash IS NOT NULL ORDER BY p.id
"""


def export_warc(db: Database, fh: IO[bytes]) -> int:
    """Write a gzipped WARC with one response record per page snapshot to `fh` (opened by
    `files.atomic_write`); returns the count."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    count = 0
    writer = WARCWriter(fh, gzip=True)
    for row in db.query(SQL):
        body, ctype = snapshot_body(db, row["raw_hash"])
        kept = json.loads(row["headers"]) if row["headers"] else {}
        headers = [
            ("Content-Type", ctype or "application/octet-stream"),
            ("Content-Length", str(len(body))),
        ]
        headers += [
            (k.title(), v)
            for k, v in kept.items()
            if k in ("etag", "last-modified", "content-language", "date")
        ]
        status = row["http_status"] or 200
        http = StatusAndHeaders(f"{status} OK", headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            row["url"],
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": (row["fetched_at"] or "").replace(" ", "T") or None}
            if row["fetched_at"]
            else None,
        )
        writer.write_record(record)
        count += 1
    return count
