"""What the site shows, read from the database: speeches, claims (retracted ones never),
restatement groups, evidence with its archived copy, the rating timeline, and the
fingerprints `--changed-only` compares."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..claims import decode

if TYPE_CHECKING:
    from sqlite_utils import Database

SPEECH_COLUMNS = "id, title, speaker, date, venue, lang, url, content_hash"
CLAIM_COLUMNS = (
    "c.id, c.speech_id, c.kind, c.quote, c.summary, c.start, c.end, c.topic, c.figures,"
    " c.rating, c.rating_note, c.rated_at, c.deadline_start, c.deadline_end, c.deadline_text,"
    " c.group_id, c.updated_at"
)
EVIDENCE_SQL = """
SELECT e.id, e.claim_id, e.url, e.stance, e.note, e.page_id,
       coalesce(p.title, e.title_hint) AS title, p.status, p.final_url, p.fetched_at,
       p.raw_hash, p.text_hash
FROM evidence e JOIN pages p ON p.id = e.page_id
"""
TIMELINE_SQL = """
SELECT id, claim_id, coalesce(as_of, at) AS day, at, type, old, new, note, by, evidence_ids
FROM events
"""
TIMELINE_TYPES = ("created", "rating")
# Per claim, everything its page shows that can change (a rating, an edit, an evidence
# page fetched again with another text, a flag): equal fingerprints, equal pages.
FINGERPRINT_SQL = """
SELECT c.id, c.updated_at, c.rated_at, c.rating, c.summary, c.group_id,
  (SELECT max(id) FROM events e WHERE e.claim_id = c.id) AS last_event,
  (SELECT group_concat(e.id || ':' || p.status || ':' || coalesce(p.text_hash, '') || ':'
     || coalesce(p.raw_hash, '') || ':' || coalesce(p.title, e.title_hint, ''), ',')
   FROM evidence e JOIN pages p ON p.id = e.page_id WHERE e.claim_id = c.id) AS evidence,
  (SELECT group_concat(flag, ',') FROM flags f WHERE f.claim_id = c.id) AS flags
FROM claims c WHERE c.removed_at IS NULL{speech} ORDER BY c.id
"""
ARCHIVE_SQL = """
SELECT p.id, p.url, p.final_url, p.title, p.lang, p.fetched_at, p.raw_hash, p.text_hash, p.status,
       p.http_status
FROM pages p WHERE p.text_hash IS NOT NULL AND p.id IN (
  SELECT e.page_id FROM evidence e JOIN claims c ON c.id = e.claim_id
  WHERE c.removed_at IS NULL{speech})
ORDER BY p.id
"""


def _speech_clause(speech_ids: tuple[int, ...], column: str = "c.speech_id") -> str:
    # ids are ints (checked by the caller): safe to inline, and no parameter limit
    return f" AND {column} IN ({','.join(str(int(i)) for i in speech_ids)})" if speech_ids else ""


def speeches(db: Database, speech_ids: tuple[int, ...]) -> list[dict[str, Any]]:
    where = f" WHERE 1{_speech_clause(speech_ids, 'id')}"
    return list(db.query(f"SELECT {SPEECH_COLUMNS} FROM speeches{where} ORDER BY date, id"))


def speech_text(db: Database, speech_id: int) -> str:
    rows = list(db.query("SELECT text FROM speeches WHERE id = ?", [speech_id]))
    return str(rows[0]["text"]) if rows else ""


def claims(db: Database, speech_ids: tuple[int, ...]) -> list[dict[str, Any]]:
    """Every claim not retracted, by id, with its flags."""
    sql = (
        f"SELECT {CLAIM_COLUMNS}, (SELECT group_concat(flag, ',') FROM flags f"
        " WHERE f.claim_id = c.id) AS flag_list"
        f" FROM claims c WHERE c.removed_at IS NULL{_speech_clause(speech_ids)} ORDER BY c.id"
    )
    out = []
    for row in db.query(sql):
        row = decode(row)
        flags = row.pop("flag_list")
        row["flags"] = sorted(flags.split(",")) if flags else []
        out.append(row)
    return out


def groups(rows: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Head claim id -> the claims of its group (a claim alone is a group of one). The head
    is the group's first claim still shown; restatements point to it."""
    found: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row["group_id"] or row["id"], []).append(row)
    return {members[0]["id"]: members for members in found.values()}


class Details:
    """Each claim's evidence, rating timeline and last change: read per claim when a few
    pages are rendered (--changed-only), or all at once in three queries for a whole site."""

    def __init__(self, db: Database, speech_ids: tuple[int, ...] | None) -> None:
        self.db = db
        self.bulk = speech_ids is not None
        self.evidence: dict[int, list[dict[str, Any]]] = {}
        self.timeline: dict[int, list[dict[str, Any]]] = {}
        self.changed: dict[int, str] = {}
        if speech_ids is not None:
            claims = f"SELECT c.id FROM claims c WHERE 1{_speech_clause(speech_ids)}"
            where = f" WHERE e.claim_id IN ({claims})"
            self._fill(EVIDENCE_SQL + where + " ORDER BY e.id", [], TIMELINE_SQL + " ORDER BY id")

    def _fill(self, evidence_sql: str, params: list[Any], events_sql: str) -> None:
        for row in self.db.query(evidence_sql, params):
            self.evidence.setdefault(row["claim_id"], []).append(row)
        for row in self.db.query(events_sql, params):
            cid = row["claim_id"]
            if cid is None:
                continue
            self.changed[cid] = max(self.changed.get(cid, ""), row["at"])
            if row["type"] in TIMELINE_TYPES:
                row["evidence_ids"] = json.loads(row["evidence_ids"]) if row["evidence_ids"] else []
                self.timeline.setdefault(cid, []).append(row)

    def of(self, claim_id: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str | None]:
        """(evidence, timeline, time of the last change) of one claim."""
        if not self.bulk:
            self._fill(
                EVIDENCE_SQL + " WHERE e.claim_id = ? ORDER BY e.id",
                [claim_id],
                TIMELINE_SQL + " WHERE claim_id = ? ORDER BY id",
            )
        return (
            self.evidence.pop(claim_id, []),
            self.timeline.pop(claim_id, []),
            self.changed.pop(claim_id, None),
        )


def rating_changes(db: Database, speech_ids: tuple[int, ...], limit: int) -> list[dict[str, Any]]:
    """The newest rating events of claims still shown, newest first (the Atom feed)."""
    sql = (
        "SELECT e.id, e.at, coalesce(e.as_of, e.at) AS day, e.claim_id, e.old, e.new, e.note,"
        " e.by, c.quote, c.summary, c.group_id FROM events e JOIN claims c ON c.id = e.claim_id"
        f" WHERE e.type = 'rating' AND c.removed_at IS NULL{_speech_clause(speech_ids)}"
        " ORDER BY e.id DESC LIMIT ?"
    )
    return list(db.query(sql, [limit]))


def fingerprints(db: Database, speech_ids: tuple[int, ...]) -> dict[int, str]:
    sql = FINGERPRINT_SQL.format(speech=_speech_clause(speech_ids))
    return {row.pop("id"): "\x1f".join(map(str, row.values())) for row in db.query(sql)}


def archived_pages(db: Database, speech_ids: tuple[int, ...]) -> Iterator[dict[str, Any]]:
    """Evidence pages with a main text kept, cited by a claim that is published."""
    yield from db.query(ARCHIVE_SQL.format(speech=_speech_clause(speech_ids)))
