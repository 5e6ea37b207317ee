"""Full-text search: claims (quotes, rating notes, the notes of their history) and evidence
pages (titles, latest main texts), over SQLite FTS5 indexes with the trigram tokenizer.

The indexes (migration m005) are kept current by triggers. A query is one piece of text
found anywhere, in any case: "ТЕМІРЖОЛ" finds "теміржол" and "теміржолының". The trigram
tokenizer indexes three characters at a time, so a shorter query scans the folded quotes
instead (`instr`), as `list --search` always did. Claims are indexed by `norm`, the quote as
`text.fold` keys it, and searched with the query folded the same way; the other columns are
indexed as stored and folded by the tokenizer itself (Unicode case folding: Cyrillic and
Kazakh letters included).

A snippet marks each match with ⟦ and ⟧ (those two characters are taken out of the text
first, so a marker is always one).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from .errors import InvalidInput
from .text import fold, strip_controls

if TYPE_CHECKING:
    from sqlite_utils import Database

MIN_LENGTH = 3  # characters: the trigram tokenizer's unit
SCOPES = ("claims", "evidence")
OPEN, CLOSE = "⟦", "⟧"  # around each match in a snippet
WIDTH = 160  # characters of a snippet cut from a longer quote or note
TOKENS = 24  # tokens (trigrams: characters) of a snippet cut from an evidence text


def plain(query: str) -> str:
    """The query as the text is stored: NFC, no control characters, single spaces."""
    return " ".join(strip_controls(unicodedata.normalize("NFC", query)).split())


def _phrase(text: str) -> str:
    """An FTS5 string: the text found as it is, FTS5's own syntax quoted away."""
    return '"' + text.replace('"', '""') + '"'


def indexed(query: str) -> bool:
    """Whether the full-text indexes can answer `query` (long enough for trigrams)."""
    return len(fold(query)) >= MIN_LENGTH


def claim_filter(query: str) -> tuple[str, list[Any]]:
    """An SQL condition on claims `c` and its parameters: claims whose quote, rating note or
    a note of whose history holds `query`; a query too short for the index scans the quotes."""
    if not indexed(query):
        return "instr(c.norm, ?) > 0", [fold(query)]
    return (
        "c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?"
        " UNION SELECT e.claim_id FROM events e WHERE e.id IN"
        " (SELECT rowid FROM events_fts WHERE events_fts MATCH ?))",
        [_claims_match(query), _phrase(plain(query))],
    )


def _claims_match(query: str) -> str:
    return f"norm : {_phrase(fold(query))} OR rating_note : {_phrase(plain(query))}"


def search(
    db: Database, query: str, *, scope: str | None = None, limit: int = 20
) -> list[dict[str, Any]]:
    """Claims, then evidence pages, holding `query` (at most `limit` of each), with snippets.

    `scope` is "claims" or "evidence" (default both). Evidence needs a query of at least
    MIN_LENGTH characters; a shorter one searches the claims' quotes only."""
    if not plain(query):
        raise InvalidInput("Nothing to search for: give a word or a phrase")
    if scope is not None and scope not in SCOPES:
        raise InvalidInput(f"Unknown scope '{scope}' (use one of: {', '.join(SCOPES)})")
    if limit < 1:
        raise InvalidInput(f"--limit must be at least 1, not {limit}")
    if scope == "evidence" and not indexed(query):
        raise InvalidInput(
            f"Searching evidence needs at least {MIN_LENGTH} characters, not '{plain(query)}'"
        )
    hits = search_claims(db, query, limit) if scope in (None, "claims") else []
    if scope in (None, "evidence") and indexed(query):
        hits += search_evidence(db, query, limit)
    return hits


def search_claims(db: Database, query: str, limit: int) -> list[dict[str, Any]]:
    """Claims holding `query`, in id order, each with a snippet per field that holds it."""
    found = _claim_ids(db, query, limit)
    marks = ",".join("?" * len(found))
    rows = db.query(
        "SELECT id, speech_id, kind, rating, topic, quote, rating_note"
        f" FROM claims WHERE id IN ({marks}) ORDER BY id",
        found,
    )
    notes = _event_notes(db, query, found)
    hits = []
    for row in rows:
        fields = [("quote", row["quote"]), ("rating_note", row["rating_note"])]
        fields += [("note", note) for note in notes.get(row["id"], [])]
        snippets = [
            {"field": name, "snippet": s}
            for name, value in fields
            if value and (s := _snippet(value, query)) is not None
        ]
        hits.append({"type": "claim", **row, "snippets": snippets})
    return hits


def _claim_ids(db: Database, query: str, limit: int) -> list[int]:
    """The first `limit` ids of the claims holding `query`. Each index is read in id order
    and stops at `limit`: a common word costs no more than a rare one."""
    if not indexed(query):
        sql = (
            "SELECT id FROM claims WHERE instr(norm, ?) > 0 AND removed_at IS NULL"
            " ORDER BY id LIMIT ?"
        )
        return [r[0] for r in db.execute(sql, [fold(query), limit])]
    quoted = db.execute(
        "SELECT c.id FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid"
        " WHERE claims_fts MATCH ? AND c.removed_at IS NULL ORDER BY claims_fts.rowid LIMIT ?",
        [_claims_match(query), limit],
    )
    noted = db.execute(
        "SELECT DISTINCT e.claim_id FROM events_fts JOIN events e ON e.id = events_fts.rowid"
        " JOIN claims c ON c.id = e.claim_id WHERE events_fts MATCH ? AND c.removed_at IS NULL"
        " ORDER BY e.claim_id LIMIT ?",
        [_phrase(plain(query)), limit],
    )
    return sorted({r[0] for r in quoted} | {r[0] for r in noted})[:limit]


def _event_notes(db: Database, query: str, claim_ids: list[int]) -> dict[int, list[str]]:
    if not claim_ids or not indexed(query):
        return {}
    marks = ",".join("?" * len(claim_ids))
    found: dict[int, list[str]] = {}
    for row in db.query(
        "SELECT e.claim_id, e.note FROM events e WHERE e.id IN"
        " (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)"
        f" AND e.claim_id IN ({marks}) ORDER BY e.id",
        [_phrase(plain(query)), *claim_ids],
    ):
        if row["note"] not in found.setdefault(row["claim_id"], []):
            found[row["claim_id"]].append(row["note"])
    return found


def search_evidence(db: Database, query: str, limit: int) -> list[dict[str, Any]]:
    """Evidence pages whose title or latest main text holds `query`, newest first (titles,
    then texts). Each index is read newest first and stops at `limit`."""
    match = _phrase(plain(query))
    marks = _markers()
    pages: dict[int, dict[str, Any]] = {}
    titled = db.query(
        "SELECT p.id, p.url, p.title, highlight(pages_fts, 0, ?, ?) AS snip"
        " FROM pages_fts JOIN pages p ON p.id = pages_fts.rowid"
        " WHERE pages_fts MATCH ? ORDER BY pages_fts.rowid DESC LIMIT ?",
        [*marks, match, limit],
    )
    texts = db.query(
        "SELECT p.id, p.url, p.title, snippet(texts_fts, 0, ?, ?, '…', ?) AS snip"
        " FROM texts_fts JOIN texts t ON t.rowid = texts_fts.rowid"
        " JOIN pages p ON p.text_hash = t.hash"
        " WHERE texts_fts MATCH ? ORDER BY texts_fts.rowid DESC LIMIT ?",
        [*marks, TOKENS, match, limit],
    )
    for field, rows in (("title", titled), ("text", texts)):
        for row in rows:
            page = pages.get(row["id"])
            if page is None:
                if len(pages) >= limit:
                    continue
                page = pages[row["id"]] = {
                    "type": "evidence",
                    "page_id": row["id"],
                    "url": row["url"],
                    "title": row["title"],
                    "snippets": [],
                }
            page["snippets"].append({"field": field, "snippet": _from_fts(row["snip"], marks)})
    _add_claim_ids(db, pages)
    return list(pages.values())


def _add_claim_ids(db: Database, pages: dict[int, dict[str, Any]]) -> None:
    for page in pages.values():
        page["claim_ids"] = []
    if not pages:
        return
    marks = ",".join("?" * len(pages))
    for row in db.query(
        f"SELECT page_id, claim_id FROM evidence WHERE page_id IN ({marks})"
        " ORDER BY page_id, claim_id",
        list(pages),
    ):
        pages[row["page_id"]]["claim_ids"].append(row["claim_id"])


def _markers() -> tuple[str, str]:
    """Markers for FTS5's snippet()/highlight() that no stored text can hold: made anew for
    each search, so a hostile page cannot fake or unbalance a highlight."""
    import secrets

    nonce = secrets.token_hex(8)
    return f"\ue000{nonce}<", f">{nonce}\ue001"


def _from_fts(marked: str, marks: tuple[str, str]) -> str:
    """An FTS5 snippet in OPEN/CLOSE markers: the text's own OPEN and CLOSE taken out and
    control characters stripped."""
    start, end = marks
    parts = marked.replace(end, start).split(start)
    out = [(OPEN if i % 2 else CLOSE if i else "") + _clean(part) for i, part in enumerate(parts)]
    return "".join(out) + (CLOSE if len(parts) % 2 == 0 else "")


def _clean(text: str) -> str:
    return strip_controls(text.replace(OPEN, "").replace(CLOSE, ""))


def _snippet(value: str, query: str) -> str | None:
    """`value` (shortened around the first match when long) with its matches marked; None
    when it does not hold the query."""
    text = plain(value.replace(OPEN, "").replace(CLOSE, ""))
    words = plain(query).split()
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    spans = [m.span() for m in pattern.finditer(text)]
    if not spans:
        return None
    start, end = _window(text, spans[0])
    out, at = [], start
    for s, e in spans:
        if s >= start and e <= end:
            out += [text[at:s], OPEN, text[s:e], CLOSE]
            at = e
    out.append(text[at:end])
    return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")


def _window(text: str, first: tuple[int, int]) -> tuple[int, int]:
    """Offsets of at most WIDTH characters of `text` around the match `first`, cut at
    spaces."""
    if len(text) <= WIDTH:
        return 0, len(text)
    start = max(0, min(first[0] - WIDTH // 3, len(text) - WIDTH))
    end = max(first[1], start + WIDTH)
    if start:
        space = text.find(" ", start, first[0])
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", first[1], end)
        end = space if space >= 0 else end
    return start, end
