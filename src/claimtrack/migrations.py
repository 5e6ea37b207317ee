"""Append-only schema migrations, applied every time the database is opened.

Never edit or rename a migration that has shipped: add a new one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("claimtrack")


@migrations()
def m001_initial(db: Database) -> None:
    db.table("speeches").create(
        {
            "id": int,
            "title": str,
            "speaker": str,
            "date": str,
            "venue": str,
            "lang": str,
            "url": str,
            "text": str,
            "content_hash": str,
            "created_at": str,
        },
        pk="id",
        not_null={"text", "content_hash", "created_at"},
    )
    db.table("speeches").create_index(["content_hash"], unique=True)

    db.table("claims").create(
        {
            "id": int,
            "speech_id": int,
            "kind": str,
            "quote": str,
            "start": int,
            "end": int,
            "norm": str,
            "topic": str,
            "deadline_start": str,
            "deadline_end": str,
            "deadline_text": str,
            "figures": str,
            "rating": str,
            "rating_note": str,
            "rated_at": str,
            "reviewed_at": str,
            "source": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"speech_id", "kind", "quote", "norm", "rating", "created_at", "updated_at"},
        foreign_keys=[("speech_id", "speeches", "id")],
    )
    db.table("claims").create_index(["speech_id", "norm"], unique=True)
    db.table("claims").create_index(["kind", "rating"])
    db.table("claims").create_index(["topic"])
    db.table("claims").create_index(["deadline_end"])

    # One row per distinct URL: fetch state lives here, so a page cited by many
    # claims is fetched once.
    db.table("pages").create(
        {
            "id": int,
            "url": str,
            "status": str,  # pending | ok | failed | dead
            "http_status": int,
            "final_url": str,
            "etag": str,
            "last_modified": str,
            "content_type": str,
            "title": str,
            "published": str,
            "lang": str,
            "raw_hash": str,
            "text_hash": str,
            "error": str,
            "error_kind": str,
            "fail_streak": int,
            "fetched_at": str,
            "checked_at": str,
            "next_fetch_at": str,
            "created_at": str,
        },
        pk="id",
        not_null={"url", "status", "created_at"},
        defaults={"status": "pending", "fail_streak": 0},
    )
    db.table("pages").create_index(["url"], unique=True)
    db.table("pages").create_index(["next_fetch_at"])

    db.table("evidence").create(
        {
            "id": int,
            "claim_id": int,
            "page_id": int,
            "url": str,
            "stance": str,
            "note": str,
            "title_hint": str,
            "created_at": str,
        },
        pk="id",
        not_null={"claim_id", "page_id", "url", "created_at"},
        foreign_keys=[("claim_id", "claims", "id"), ("page_id", "pages", "id")],
    )
    db.table("evidence").create_index(["claim_id", "url"], unique=True)
    db.table("evidence").create_index(["page_id"])

    # Content-addressed bodies (sha256 of the raw bytes), compressed.
    db.table("snapshots").create(
        {
            "hash": str,
            "content_type": str,
            "size": int,
            "encoding": str,  # compression of body: zlib
            "body": bytes,
            "created_at": str,
        },
        pk="hash",
        not_null={"body", "size", "created_at"},
    )
    # Extracted main texts, addressed by the sha256 of the text.
    db.table("texts").create(
        {"hash": str, "text": str, "created_at": str},
        pk="hash",
        not_null={"text", "created_at"},
    )
    db.table("fetches").create(
        {
            "id": int,
            "page_id": int,
            "started_at": str,
            "elapsed_ms": int,
            "outcome": str,  # fetched | unchanged | failed
            "http_status": int,
            "final_url": str,
            "redirects": str,  # JSON list of URLs
            "headers": str,  # JSON of the headers that matter
            "raw_hash": str,
            "text_hash": str,
            "size": int,
            "error": str,
            "error_kind": str,
        },
        pk="id",
        not_null={"page_id", "started_at", "outcome"},
        foreign_keys=[("page_id", "pages", "id")],
    )
    db.table("fetches").create_index(["page_id", "id"])

    # Append-only log: every rating change, edit, flag and evidence status change.
    db.table("events").create(
        {
            "id": int,
            "at": str,
            "claim_id": int,
            "page_id": int,
            "type": str,
            "field": str,
            "old": str,
            "new": str,
            "note": str,
            "by": str,
            "evidence_ids": str,
        },
        pk="id",
        not_null={"at", "type"},
        foreign_keys=[("claim_id", "claims", "id"), ("page_id", "pages", "id")],
    )
    db.table("events").create_index(["claim_id", "id"])
    db.execute(
        """CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"""
    )
    db.execute(
        """CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"""
    )

    # Derived flags, recomputed by refresh.
    db.table("flags").create(
        {"claim_id": int, "flag": str, "since": str, "detail": str},
        pk=("claim_id", "flag"),
        foreign_keys=[("claim_id", "claims", "id")],
    )
    db.table("flags").create_index(["flag"])

    db.table("settings").create({"key": str, "value": str}, pk="key")


@migrations()
def m002_fetch_raw_hash_index(db: Database) -> None:
    # Fetching looks up a body's hash to reuse an extraction already made for it.
    db.table("pages").create_index(["raw_hash"], if_not_exists=True)


@migrations()
def m003_pages_text_pending(db: Database) -> None:
    # 1 while a fetched body's main text is still to be extracted (big runs store the body
    # at once and extract later when extraction falls behind the network).
    db.table("pages").add_column("text_pending", int, not_null_default=0)


@migrations()
def m004_curation_columns(db: Database) -> None:
    # A claim's short summary (ClaimReview's claimReviewed, at most 75 characters).
    db.table("claims").add_column("summary", str)
    # A retracted claim is kept with its history, hidden from lists, reports and exports.
    db.table("claims").add_column("removed_at", str)
    db.table("claims").add_column("removed_reason", str)
    # Restatements of one promise share a group: the id of the group's first claim.
    db.table("claims").add_column("group_id", int)
    # Evidence kept by hand (imported): never re-fetched or flagged dead unless asked.
    db.table("pages").add_column("archived", int, not_null_default=0)
    # The date a rating holds as of (`rate --as-of`), when it is not the event's own time;
    # and the change (one command) an event belongs to: the id of its first event.
    db.table("events").add_column("as_of", str)
    db.table("events").add_column("change_id", int)


@migrations()
def m005_full_text_search(db: Database) -> None:
    # Full-text indexes (FTS5, trigram tokenizer: a word is found inside its suffixed forms,
    # "теміржол" in "теміржолының"), kept current by triggers. The tokenizer folds the case
    # of every cased letter, Cyrillic and Kazakh included; claims index `norm`, the quote as
    # `text.fold` keys it. See search.py.
    for table, columns in (
        ("claims", ["norm", "rating_note"]),
        ("events", ["note"]),
        ("pages", ["title"]),
        ("texts", ["text"]),
    ):
        db.table(table).enable_fts(columns, create_triggers=True, tokenize="trigram")
    # A page is updated on every fetch: re-index it only when its title changes (and a
    # claim when its quote or rating note does), not on every update.
    for table, watched in (("claims", ("norm", "rating_note")), ("pages", ("title",))):
        names = ", ".join(watched)
        old = ", ".join(f"old.{c}" for c in watched)
        new = ", ".join(f"new.{c}" for c in watched)
        db.execute(f"DROP TRIGGER {table}_au")
        db.execute(
            f"""CREATE TRIGGER {table}_au AFTER UPDATE OF {names} ON {table} BEGIN
              INSERT INTO {table}_fts ({table}_fts, rowid, {names})
                VALUES('delete', old.rowid, {old});
              INSERT INTO {table}_fts (rowid, {names}) VALUES (new.rowid, {new});
            END"""
        )
    # Evidence texts are found through the page that holds them as its latest main text.
    db.table("pages").create_index(["text_hash"], if_not_exists=True)
    # The latest main text of each evidence page, readable (Datasette, sqlite3).
    db.execute(
        """CREATE VIEW page_texts AS
        SELECT p.id AS page_id, p.url, p.title, p.status, p.lang, p.fetched_at,
               p.text_hash, t.rowid AS text_rowid, t.text
        FROM pages p JOIN texts t ON t.hash = p.text_hash"""
    )


@migrations()
def m006_undo_and_purge(db: Database) -> None:
    # An undo appends one event per event it reverts, naming it: an event is reverted once.
    db.table("events").add_column("reverts", int)
    # The speech an event is about (speech edit, speech rm): speeches have no other history.
    db.table("events").add_column("speech_id", int)
    db.table("events").create_index(["change_id"])
    db.table("events").create_index(["reverts"])
    # The one exception to append-only (docs/data-model.md): purging a retracted claim sets
    # claim_id to NULL in its events, and changes nothing else in them.
    db.execute("DROP TRIGGER events_append_only_update")
    same = " AND ".join(
        f"NEW.[{c}] IS OLD.[{c}]"
        for c in (
            "id", "at", "page_id", "type", "field", "old", "new", "note", "by",
            "evidence_ids", "as_of", "change_id", "reverts", "speech_id",
        )
    )  # fmt: skip
    db.execute(
        f"""CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        WHEN NOT (NEW.claim_id IS NULL AND OLD.claim_id IS NOT NULL AND {same}
                  AND (SELECT removed_at FROM claims WHERE id = OLD.claim_id) IS NOT NULL)
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"""
    )


@migrations()
def m007_text_figures(db: Database) -> None:
    # The figures found in an evidence text (`evidence match`), cached by text hash and by
    # the parser that read them: texts never change, parsing 20 KB takes ~40 ms.
    db.table("text_figures").create(
        {"hash": str, "parser": str, "lang": str, "figures": str, "created_at": str},
        pk=("hash", "parser"),
        not_null={"figures", "created_at"},
        if_not_exists=True,
    )
