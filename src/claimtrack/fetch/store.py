"""Writing fetch results: pages, fetches, snapshots, texts and status events.

Results are written in short transactions as they arrive (`save_many`: everything that
completed since the last commit), so a run that is killed keeps every result committed
before. Bodies are content-addressed (sha256 of the raw body) and zstd-compressed (older
databases also hold zlib); a body cited by many pages is stored once.
"""

from __future__ import annotations

import functools
import hashlib
import json
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from .. import events
from ..db import transaction
from ..errors import NotFound
from .content import Extracted

if TYPE_CHECKING:
    import zstandard

PAGE_FIELDS = "id, url, status, etag, last_modified, raw_hash, text_hash, fail_streak, text_pending"
PACKING = "zstd"
ZSTD_LEVEL = 3  # 160 KB of HTML: 0.5 ms (zlib -6: 4.8 ms), a 10 % larger result


@dataclass
class Body:
    """A body that was received (or imported) whole."""

    data: bytes
    content_type: str | None
    raw_hash: str = ""
    packed: tuple[str, bytes] | None = None  # (encoding, compressed data) if made elsewhere

    def __post_init__(self) -> None:
        self.raw_hash = self.raw_hash or sha256(self.data)


@dataclass
class Outcome:
    """What one fetch of a page produced, before it is stored."""

    outcome: str  # fetched | unchanged | failed
    started_at: str
    elapsed_ms: int = 0
    http_status: int | None = None
    final_url: str | None = None
    redirects: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    body: Body | None = None
    extracted: Extracted | None = None
    text_hash: str | None = None
    error: str | None = None
    error_kind: str | None = None
    text_pending: bool = False  # stored now, main text extracted later (extracting.py)
    # left for later (extracting.py): title and language are read by the writer (save_many)
    meta_pending: bool = False
    # the previous body's main text, pending until this run extracted it to compare with the
    # new one: (its raw hash, the text)
    old_text: tuple[str, str | None] | None = None
    archived: bool = False  # a copy saved by hand (`evidence import`): the page is archived


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def _zstd() -> tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor]:
    """One compressor and decompressor per process (a new one costs ~12 µs a body; a
    process's fetch loop and each worker use theirs from one thread)."""
    import zstandard

    return zstandard.ZstdCompressor(level=ZSTD_LEVEL), zstandard.ZstdDecompressor()


def pack(data: bytes) -> tuple[str, bytes]:
    """(encoding, compressed bytes) of a body, as snapshots store it."""
    return PACKING, _zstd()[0].compress(data)


def unpack(encoding: str | None, body: bytes) -> bytes:
    if encoding == "zstd":
        return _zstd()[1].decompress(body)
    if encoding == "zlib":
        return zlib.decompress(body)
    return body


def select_pages(db: Database, page_ids: list[int] | None, all: bool) -> list[dict[str, Any]]:
    """Pages to fetch: the given ids (or every page); unless `all`, only those never fetched
    and those whose last fetch failed (retried once the cause is fixed: a server back up,
    --allow-private given). A page refresh declared dead, or one fetched fine, needs `all`;
    so does one archived by hand (`evidence import`), unless its id is given."""
    where = [] if all else ["status IN ('pending', 'failed')"]
    if not all and page_ids is None:
        where.append("archived = 0")
    params: list[Any] = []
    if page_ids is not None:
        if not page_ids:
            return []
        where.append(f"id IN ({', '.join('?' * len(page_ids))})")
        params.extend(page_ids)
    # `stored`: whether the page's last body is in the snapshots table (a restored or
    # pruned database may have lost it): without it no validators are sent, since a 304
    # would leave the page without a body
    sql = (
        f"SELECT {PAGE_FIELDS}, raw_hash IS NOT NULL AND EXISTS"
        " (SELECT 1 FROM snapshots s WHERE s.hash = pages.raw_hash) AS stored FROM pages"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    return list(db.query(sql + " ORDER BY id", params))


def pages_of_claim(db: Database, claim_id: int) -> list[int]:
    from ..claims import get_claim

    get_claim(db, claim_id)
    rows = db.query("SELECT DISTINCT page_id FROM evidence WHERE claim_id = ?", [claim_id])
    return [int(r["page_id"]) for r in rows]


def known_extraction(db: Database, raw_hash: str) -> tuple[Extracted, str | None] | None:
    """The extraction already stored for a body with this hash (another page, earlier fetch)."""
    row = db.conn.execute(
        "SELECT title, published, lang, text_hash FROM pages"
        " WHERE raw_hash = ? AND text_pending = 0 LIMIT 1",
        [raw_hash],
    ).fetchone()
    if row is None:
        return None
    return Extracted(title=row[0], published=row[1], lang=row[2]), row[3]


def extracted_prefixes(db: Database) -> set[int]:
    """The first 64 bits of the hash of every body whose extraction is stored."""
    rows = db.conn.execute(
        "SELECT DISTINCT substr(raw_hash, 1, 16) FROM pages"
        " WHERE raw_hash IS NOT NULL AND text_pending = 0"
    )
    return {int(row[0], 16) for row in rows}


def extract_once(
    db: Database,
    out: Outcome,
    url: str,
    memo: dict[str, tuple[Extracted, str | None]] | None = None,
) -> None:
    """Fill `out.extracted`: reused if this body was extracted before, else extracted now."""
    from .content import extract

    assert out.body is not None
    memo = {} if memo is None else memo
    raw_hash = out.body.raw_hash
    known = memo.get(raw_hash) or known_extraction(db, raw_hash)
    if known is not None:
        out.extracted, out.text_hash = known
        return
    ex = extract(
        out.body.data,
        out.body.content_type,
        out.final_url or url,
        out.headers.get("content-language"),
    )
    out.extracted = ex
    memo[raw_hash] = (
        Extracted(ex.title, None, ex.published, ex.lang),
        text_hash(ex.text) if ex.text else None,
    )


FETCH_INSERT = (
    "INSERT INTO fetches (page_id, started_at, elapsed_ms, outcome, http_status, final_url,"
    " redirects, headers, raw_hash, text_hash, size, error, error_kind)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _packed_bodies(db: Database, bodies: dict[str, Body], now: str) -> list[tuple[Any, ...]]:
    """Snapshot rows of the bodies (by raw hash) of which no snapshot is stored yet,
    compressed: done before the write transaction opens, so that it stays short (a body
    stored meanwhile by another run is ignored by its INSERT OR IGNORE)."""
    conn, hashes = db.conn, list(bodies)
    stored: set[str] = set()
    for start in range(0, len(hashes), 500):  # within SQLite's limit on parameters
        chunk = hashes[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT hash FROM snapshots WHERE hash IN ({marks})"
        stored.update(row[0] for row in conn.execute(sql, chunk))
    rows = []
    for raw_hash, body in bodies.items():
        if raw_hash not in stored:
            encoding, packed = body.packed if body.packed is not None else pack(body.data)
            rows.append((raw_hash, body.content_type, len(body.data), encoding, packed, now))
    return rows


SNAPSHOT_INSERT = (
    "INSERT OR IGNORE INTO snapshots (hash, content_type, size, encoding, body, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)


TEXT_INSERT = "INSERT OR IGNORE INTO texts (hash, text, created_at) VALUES (?, ?, ?)"


def text_hash(text: str) -> str:
    """The key of a main text in the texts table."""
    return sha256(text.encode("utf-8"))


def write_text(db: Database, text: str | None, now: str) -> str | None:
    if not text:
        return None
    key = text_hash(text)
    db.conn.execute(TEXT_INSERT, [key, text, now])
    return key


def _page_update(page: dict[str, Any], out: Outcome, now: str) -> dict[str, Any]:
    if out.outcome == "failed":
        return {
            # a dead page that fails again stays dead (refresh decides when a page dies)
            "status": "dead" if page["status"] == "dead" else "failed",
            "http_status": out.http_status,
            "error": out.error,
            "error_kind": out.error_kind,
            "fail_streak": (page["fail_streak"] or 0) + 1,
            "checked_at": now,
        }
    update: dict[str, Any] = {
        "status": "ok",
        "http_status": out.http_status,
        "error": None,
        "error_kind": None,
        "fail_streak": 0,
        "checked_at": now,
        "final_url": out.final_url,
    }
    for name in ("etag", "last-modified"):
        if out.headers.get(name):
            update[name.replace("-", "_")] = out.headers[name]
    if out.archived:
        update["archived"] = 1
    if out.outcome == "fetched" and out.body is not None:
        ex = out.extracted or Extracted()
        update.update(
            raw_hash=out.body.raw_hash,
            text_hash=out.text_hash,
            fetched_at=now,
            content_type=out.body.content_type,
            title=ex.title,
            published=ex.published,
            lang=ex.lang,
            text_pending=int(out.text_pending),
        )
    return update


def _fetch_row(page: dict[str, Any], out: Outcome) -> tuple[Any, ...]:
    return (
        page["id"],
        out.started_at,
        out.elapsed_ms,
        out.outcome,
        out.http_status,
        out.final_url,
        json.dumps(out.redirects) if out.redirects else None,
        json.dumps(out.headers) if out.headers else None,
        out.body.raw_hash if out.body else page["raw_hash"],
        out.text_hash if out.body else page["text_hash"],
        len(out.body.data) if out.body else None,
        out.error,
        out.error_kind,
    )


def save_many(
    db: Database, results: list[tuple[dict[str, Any], Outcome]], now: str
) -> list[dict[str, Any]]:
    """Store fetch outcomes in one transaction; returns each page's new fields, in order.

    One transaction for many results is what makes a big run cheap (a commit costs more than
    the rows); the engine calls this with the results that completed since its last commit.
    Everything that can be done before is (titles, texts, compressing the bodies): the
    transaction only writes. In it each page's status and failure count are read again, so a
    page another run stored meanwhile (two `evidence fetch` at once) gets no second event
    for the same change.
    """
    _read_meta(results)
    bodies: dict[str, Body] = {}
    texts: dict[str, str] = {}
    for _, out in results:
        if out.outcome == "fetched" and out.body is not None:
            bodies.setdefault(out.body.raw_hash, out.body)
            if out.extracted is not None and out.extracted.text:
                out.text_hash = text_hash(out.extracted.text)
                texts[out.text_hash] = out.extracted.text
    snapshots = _packed_bodies(db, bodies, now)
    with transaction(db):
        _reread(db, [page for page, _ in results])
        updates = [_page_update(page, out, now) for page, out in results]
        by_columns: dict[tuple[str, ...], list[list[Any]]] = {}
        for (page, out), update in zip(results, updates, strict=True):
            if out.old_text is not None:
                old_hash = write_text(db, out.old_text[1], now)
                if old_hash is not None:
                    fill_fetch_texts(db, page["id"], out.old_text[0], old_hash)
            by_columns.setdefault(tuple(update), []).append([*update.values(), page["id"]])
        db.conn.executemany(SNAPSHOT_INSERT, snapshots)
        db.conn.executemany(TEXT_INSERT, [(key, text, now) for key, text in texts.items()])
        db.conn.executemany(FETCH_INSERT, [_fetch_row(p, o) for p, o in results])
        for columns, rows in by_columns.items():
            assignments = ", ".join(f"{name} = ?" for name in columns)
            db.conn.executemany(f"UPDATE pages SET {assignments} WHERE id = ?", rows)
        events.record_many(
            db,
            at=now,
            type="evidence-status",
            rows=(
                {
                    "page_id": page["id"],
                    "old": page["status"],
                    "new": update["status"],
                    "note": out.error_kind,
                }
                for (page, out), update in zip(results, updates, strict=True)
                if update["status"] != page["status"]
            ),
        )
    return updates


def _reread(db: Database, pages: list[dict[str, Any]]) -> None:
    """Give the pages their stored status and failure count (inside the transaction)."""
    ids = list({page["id"] for page in pages})
    found: dict[int, tuple[str, int | None]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = (
            f"SELECT id, status, fail_streak FROM pages WHERE id IN ({', '.join('?' * len(chunk))})"
        )
        found.update((row[0], (row[1], row[2])) for row in db.conn.execute(sql, chunk))
    for page in pages:
        if page["id"] in found:
            page["status"], page["fail_streak"] = found[page["id"]]


def _read_meta(results: list[tuple[dict[str, Any], Outcome]]) -> None:
    """Title and language of the bodies left for later (`meta_pending`), each body read once;
    a body with nothing to extract (not HTML or PDF, or unparseable) is not left pending."""
    from .content import page_meta

    read: dict[str, tuple[Extracted, bool]] = {}
    for _, out in results:
        if out.meta_pending and out.body is not None:
            meta = read.get(out.body.raw_hash)
            if meta is None:
                meta = read[out.body.raw_hash] = page_meta(
                    out.body.data, out.body.content_type, out.headers.get("content-language")
                )
            out.extracted, out.text_pending = meta
            out.meta_pending = False


def fill_fetch_texts(db: Database, page_id: int | None, raw_hash: str, text_hash: str) -> None:
    """Give the earlier fetches of a body whose text was pending their text hash (the
    evidence-changed flag compares consecutive fetches' text hashes)."""
    sql = (
        "UPDATE fetches SET text_hash = ? WHERE raw_hash = ? AND text_hash IS NULL"
        " AND outcome != 'failed'"
    )
    params: list[Any] = [text_hash, raw_hash]
    if page_id is not None:
        sql += " AND page_id = ?"
        params.append(page_id)
    db.conn.execute(sql, params)


def save(db: Database, page: dict[str, Any], out: Outcome, now: str) -> dict[str, Any]:
    """Store one fetch outcome in one transaction; returns the page's new fields."""
    return save_many(db, [(page, out)], now)[0]


def snapshot_body(db: Database, raw_hash: str | None) -> tuple[bytes, str | None]:
    """The stored body with this hash, decompressed, and its content type."""
    rows = (
        list(
            db.query(
                "SELECT body, encoding, content_type FROM snapshots WHERE hash = ?", [raw_hash]
            )
        )
        if raw_hash
        else []
    )
    if not rows:
        raise NotFound("No snapshot stored for this evidence yet (run: claimtrack evidence fetch)")
    return unpack(rows[0]["encoding"], rows[0]["body"]), rows[0]["content_type"]


def text_of(db: Database, text_hash: str | None) -> str | None:
    rows = list(db.query("SELECT text FROM texts WHERE hash = ?", [text_hash])) if text_hash else []
    return rows[0]["text"] if rows else None


def evidence_detail(db: Database, evidence_id: int, excerpt: int = 600) -> dict[str, Any]:
    """One evidence link with its page, a main-text excerpt and its last fetches."""
    from ..evidence import get_evidence

    row = get_evidence(db, evidence_id)
    text = text_of(db, row["text_hash"])
    if row["text_pending"] and row["raw_hash"]:  # left for later: extracted for this view only
        from .content import extract

        body, content_type = snapshot_body(db, row["raw_hash"])
        text = extract(body, content_type, row["final_url"] or row["url"]).text
    row["lang"] = db.execute("SELECT lang FROM pages WHERE id = ?", [row["page_id"]]).fetchone()[0]
    row["text_chars"] = len(text) if text else 0
    row["excerpt"] = text[:excerpt] if text else None
    row["fetches"] = list(
        db.query(
            "SELECT started_at, outcome, http_status, elapsed_ms, size, error_kind FROM fetches"
            " WHERE page_id = ? ORDER BY id DESC LIMIT 5",
            [row["page_id"]],
        )
    )
    return row


def evidence_snapshot(db: Database, evidence_id: int) -> tuple[bytes, str | None]:
    """The stored body of an evidence page and its content type."""
    from ..errors import NotFound
    from ..evidence import get_evidence

    row = get_evidence(db, evidence_id)
    if not row["raw_hash"] and row["status"] in ("failed", "dead"):
        raise NotFound(
            f"No snapshot of evidence {evidence_id}: its page could not be fetched "
            f"({row['error_kind'] or row['status']}). If you saved it by hand: "
            f"claimtrack evidence import {evidence_id} FILE"
        )
    return snapshot_body(db, row["raw_hash"])


def configured(db: Database) -> dict[str, Any]:
    """The fetch.* settings (stored value, else the default), keyed without the prefix."""
    from ..config import SETTINGS, parse_setting

    stored = {
        r["key"]: r["value"]
        for r in db.query("SELECT key, value FROM settings WHERE key LIKE 'fetch.%'")
    }
    return {
        key.removeprefix("fetch."): parse_setting(key, stored[key]) if key in stored else default
        for key, (default, _, _) in SETTINGS.items()
        if key.startswith("fetch.")
    }
