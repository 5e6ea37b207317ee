"""Evidence links: URLs attached to claims, and the pages they point at."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from . import events
from .claimrow import get_claim
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
        visible = shown.encode("unicode_escape").decode("ascii")  # \t, \x07: seen, not run
        raise InvalidInput(f"URL '{visible}' contains spaces or control characters")
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
    stances: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Link URLs to a claim (stored, not fetched); a URL already linked is returned as is
    (created False: `evidence edit` changes it). `stances` gives some URLs their own."""
    get_claim(db, claim_id, removed=False)
    check_stance(stance)
    given = {check_url(u): check_stance((stances or {}).get(u)) or stance for u in urls}
    if not given:
        raise InvalidInput("No URL given (pass URLs or --from-file FILE)")
    now = now or utcnow()
    out: list[dict[str, Any]] = []
    with transaction(db):
        change = events.Change(db, now, by)
        for url, url_stance in given.items():
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
                "stance": url_stance,
                "note": note,
                "title_hint": title,
                "created_at": now,
            }
            evidence_id = int(db.table("evidence").insert(row).last_pk or 0)
            row["id"] = evidence_id
            change.record(
                "evidence-added", claim_id=claim_id, new=url, note=note, evidence_ids=[evidence_id]
            )
            out.append({**row, "created": True})
    return out


def read_url_lines(lines: list[str]) -> list[tuple[str, str | None]]:
    """(URL, stance) from a file's lines: one URL a line, optionally a tab and its stance
    (`URL<TAB>supports`); blank lines and # comments skipped. A bad stance names its line."""
    out: list[tuple[str, str | None]] = []
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        url, _, given = text.partition("\t")
        stance = given.strip() or None
        if stance is not None and stance not in STANCES:
            raise InvalidInput(
                f"Line {number}: unknown stance '{stance}' (use one of: {', '.join(STANCES)})"
            )
        out.append((url.strip(), stance))
    return out


EVIDENCE_SQL = """
SELECT e.id, e.claim_id, e.url, e.stance, e.note, e.created_at, e.page_id,
       coalesce(p.title, e.title_hint) AS title, p.status, p.http_status, p.final_url,
       p.fetched_at, p.checked_at, p.error, p.error_kind, p.fail_streak, p.raw_hash, p.text_hash,
       p.published, p.content_type, p.text_pending, p.archived
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


def unlink(
    db: Database,
    evidence_ids: list[int],
    *,
    note: str | None = None,
    by: str | None = None,
    now: str | None = None,
) -> list[dict[str, Any]]:
    """Remove evidence links (their pages, snapshots and fetch log stay), as one change;
    each link's row is kept in its event, so `undo` puts it back."""
    if not evidence_ids:
        raise InvalidInput("Give one or more evidence ids (see: claimtrack evidence list)")
    links = [_link(db, i) for i in dict.fromkeys(evidence_ids)]
    now = now or utcnow()
    with transaction(db):
        change = events.Change(db, now, by)
        for link in links:
            db.execute("DELETE FROM evidence WHERE id = ?", [link["id"]])
            change.record(
                "evidence-removed",
                claim_id=link["claim_id"],
                old=link,
                note=note,
                evidence_ids=[link["id"]],
            )
    return links


def _link(db: Database, evidence_id: int) -> dict[str, Any]:
    get_evidence(db, evidence_id)  # the one-line NotFound
    return dict(next(db.query("SELECT * FROM evidence WHERE id = ?", [evidence_id])))


UNSET: Any = object()  # edit_link: the field is not changed


def edit_link(
    db: Database,
    evidence_id: int,
    *,
    stance: Any = UNSET,
    note: Any = UNSET,
    recheck: bool = False,
    why: str | None = None,
    by: str | None = None,
    now: str | None = None,
) -> dict[str, Any]:
    """Change a link's stance or note ('' clears); `recheck` takes its page out of the
    archived state, so `refresh` fetches and checks it again. Each change an event."""
    link = _link(db, evidence_id)
    update: dict[str, Any] = {}
    if stance is not UNSET:
        update["stance"] = check_stance(stance or None)
    if note is not UNSET:
        update["note"] = note or None
    archived = next(db.query("SELECT archived FROM pages WHERE id = ?", [link["page_id"]]))
    if not update and not recheck:
        raise InvalidInput("Nothing to change: give --stance, --note or --recheck")
    now = now or utcnow()
    with transaction(db):
        change = events.Change(db, now, by)
        for field, value in update.items():
            if value != link[field]:
                db.table("evidence").update(evidence_id, {field: value})
                change.record(
                    "evidence-edit", claim_id=link["claim_id"], field=field, old=link[field],
                    new=value, note=why, evidence_ids=[evidence_id],
                )  # fmt: skip
        if recheck and archived["archived"]:
            db.table("pages").update(link["page_id"], {"archived": 0})
            change.record(
                "page-edit", page_id=link["page_id"], field="archived", old=1, new=0, note=why
            )
    return get_evidence(db, evidence_id)
