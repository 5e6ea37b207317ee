"""The schema: migrations, pragmas, and refusing files we cannot use."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from claimtrack.db import defined_migrations, open_db
from claimtrack.errors import DatabaseError
from claimtrack.migrations import migrations

EXPECTED_TABLES = {
    "speeches",
    "claims",
    "pages",
    "evidence",
    "snapshots",
    "texts",
    "fetches",
    "events",
    "flags",
    "settings",
    "_sqlite_migrations",
}


def schema(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
    conn.close()
    return rows


def test_blank_db_reaches_expected_schema(tmp_path: Path) -> None:
    db = open_db(tmp_path / "a.db")
    assert EXPECTED_TABLES <= set(db.table_names())
    assert {m.name for m in migrations.applied(db)} == defined_migrations()
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexes = {i.name for i in db["claims"].indexes}
    assert "idx_claims_kind_rating" in indexes and "idx_claims_deadline_end" in indexes


def test_applying_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    open_db(path).close()
    before = schema(path)
    db = open_db(path)
    migrations.apply(db)
    db.close()
    assert schema(path) == before


def test_events_are_append_only(db: Database, speech_id: int) -> None:
    from claimtrack.claims import add_claim

    add_claim(
        db,
        speech_id=speech_id,
        quote="Бұл – жаһандық ауқымдағы мәселе.",
        kind="statement",
        figures=[],
    )
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE events SET note = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM events")


def test_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not a database\n" * 100)
    with pytest.raises(DatabaseError, match="not a claimtrack database"):
        open_db(path)
    assert path.read_text().startswith("this is not a database")


def test_newer_claimtrack_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    db = open_db(path)
    db["_sqlite_migrations"].insert(
        {"migration_set": "claimtrack", "name": "m999_from_the_future", "applied_at": "x"}
    )
    db.close()
    with pytest.raises(DatabaseError, match="newer claimtrack"):
        open_db(path)


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a directory"):
        open_db(tmp_path)


def test_path_with_spaces_and_kazakh_letters(tmp_path: Path) -> None:
    path = tmp_path / "деректер қоры" / "менің талаптарым.db"
    path.parent.mkdir()
    assert "claims" in open_db(path).table_names()


def test_close_all_closes_what_open_db_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line's quick exit closes every live connection, checkpointing the WAL,
    also one made in another thread (open_db's connections are not bound to theirs)."""
    import threading
    import weakref

    from claimtrack import db as module
    from claimtrack.db import close_all

    monkeypatch.setattr(module, "_connections", weakref.WeakSet())  # this test's only
    db = open_db(tmp_path / "a.db")
    with db.conn:
        db.execute("INSERT INTO settings (key, value) VALUES ('k', '1')")
    assert (tmp_path / "a.db-wal").exists()
    close_all()
    assert not (tmp_path / "a.db-wal").exists()
    with pytest.raises(sqlite3.ProgrammingError):
        db.execute("SELECT 1")

    elsewhere: list[Database] = []
    thread = threading.Thread(target=lambda: elsewhere.append(open_db(tmp_path / "b.db")))
    thread.start()
    thread.join()
    with elsewhere[0].conn:
        elsewhere[0].execute("INSERT INTO settings (key, value) VALUES ('k', '1')")
    assert (tmp_path / "b.db-wal").exists()
    close_all()
    assert not (tmp_path / "b.db-wal").exists()
