"""Evidence links: URLs attached to claims, and the pages they point at."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from . import events
from .claims import get_claim
from .db import is_row_id, transaction, utcnow
from .errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from sqlite_utils import Database

STANCES = ("supports", "contradicts", "updates", "context", "restates")
MAX_URL = 8192


def check_url(url: str) -> str:
    """A fetchable absolute http(s) URL, or a one-line InvalidInput."""
    url = url.strip()
    shown = url if len(url) <= 80 else url[:77] + "..."
    if not url:
        raise InvalidInput("Empty URL")
    if len(url) > MAX_URL:
        raise InvalidInput(f"URL is {len(url)} characters long; the limit is {MAX_URL}")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise InvalidInput(f"URL '{shown!r}' contains spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidInput(f"Invalid URL '{shown}': {exc}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidInput(f"Invalid URL '{shown}': only http and https URLs can be evidence")
    if not parts.hostname:
        raise InvalidInput(f"Invalid URL '{shown}': no host name")
    if parts.username is not None or parts.password is not None:
        raise InvalidInput(f"Invalid URL '{shown}': remove the user name/password from the URL")
    if port == 0:
        raise InvalidInput(f"Invalid URL '{shown}': port 0")
    try:
        parts.hostname.encode("idna")
    except UnicodeError:
        raise InvalidInput(f"Invalid URL '{shown}': the host name is not valid") from None
    return url


def check_stance(stance: str | None) -> str | None:
    if stance is not None and stance not in STANCES:
        raise InvalidInput(f"Unknown stance '{stance}' (use one of: {', '.join(STANCES)})")
    return stance


def page_for(db: Database, url: str, now: str) -> int:
    """The id of the page row for `url`, created pending if new (inside a transaction)."""
    rows = list(db.query("SELECT id FROM pages WHERE url = ?", [url]))
    if rows:
        return int(rows[0]["id"])
    table = db.table("pages").insert({"url": url, "status": "pending", "created_at": now})
    return int(table.last_pk or 0)


def add_evidence(
    db: Database,
    claim_id: int,
    urls: list[str],
    *,
    stance: str | None = None,
    note: str | None = None,
    title: str | None = None,
    by: str | None = None,
    now: str | None = None,
) -> list[dict[str, Any]]:
    """Link URLs to a claim (stored, not fetched); a URL already linked is returned as is."""
    get_claim(db, claim_id)
    check_stance(stance)
    checked = [check_url(u) for u in urls]
    if not checked:
        raise InvalidInput("No URL given (pass URLs or --from-file FILE)")
    now = now or utcnow()
    out: list[dict[str, Any]] = []
    with transaction(db):
        for url in dict.fromkeys(checked):
            existing = list(
                db.query("SELECT * FROM evidence WHERE claim_id = ? AND url = ?", [claim_id, url])
            )
            if existing:
                out.append({**existing[0], "created": False})
                continue
            row = {
                "claim_id": claim_id,
                "page_id": page_for(db, url, now),
                "url": url,
                "stance": stance,
                "note": note,
                "title_hint": title,
                "created_at": now,
            }
            evidence_id = int(db.table("evidence").insert(row).last_pk or 0)
            row["id"] = evidence_id
            events.record(
                db,
                at=now,
                type="evidence-added",
                claim_id=claim_id,
                new=url,
                note=note,
                by=by,
                evidence_ids=[evidence_id],
            )
            out.append({**row, "created": True})
    return out


def read_url_lines(lines: list[str]) -> list[str]:
    """URLs from a file's lines: one a line, blank lines and # comments skipped."""
    return [s for s in (line.strip() for line in lines) if s and not s.startswith("#")]


EVIDENCE_SQL = """
SELECT e.id, e.claim_id, e.url, e.stance, e.note, e.created_at, e.page_id,
       coalesce(p.title, e.title_hint) AS title, p.status, p.http_status, p.final_url,
       p.fetched_at, p.checked_at, p.error, p.error_kind, p.fail_streak, p.raw_hash, p.text_hash,
       p.published, p.content_type, p.text_pending
FROM evidence e JOIN pages p ON p.id = e.page_id
"""


def list_evidence(db: Database, claim_id: int | None = None) -> list[dict[str, Any]]:
    if claim_id is None:
        return list(db.query(EVIDENCE_SQL + " ORDER BY e.claim_id, e.id"))
    get_claim(db, claim_id)
    return list(db.query(EVIDENCE_SQL + " WHERE e.claim_id = ? ORDER BY e.id", [claim_id]))


def get_evidence(db: Database, evidence_id: int) -> dict[str, Any]:
    rows = (
        list(db.query(EVIDENCE_SQL + " WHERE e.id = ?", [evidence_id]))
        if is_row_id(evidence_id)
        else []
    )
    if not rows:
        raise NotFound(f"No evidence with id {evidence_id} (see: claimtrack evidence list)")
    return rows[0]
