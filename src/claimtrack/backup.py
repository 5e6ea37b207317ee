"""`db backup` and `db restore`: a lossless copy of the whole database, and putting one back.

Both go through SQLite's online backup API: a backup reads one consistent snapshot while other
commands keep writing (WAL), and a restore writes the copy into the live database in one
transaction, so a restore killed half-way leaves the database as it was."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .db import explain, utcnow
from .errors import DatabaseError, InvalidInput

if TYPE_CHECKING:
    from sqlite_utils import Database


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = ("speeches", "claims", "evidence", "pages", "snapshots", "texts", "events")
    return {t: int(conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]) for t in tables}


def backup(db: Database, target: Path, *, force: bool = False) -> dict[str, Any]:
    """Copy the database (every table, every snapshot body) to `target`, a single file
    (rollback journal, no -wal beside it), written under a temporary name then renamed."""
    target = Path(target)
    if target.is_dir():
        raise InvalidInput(f"{target} is a directory (give the backup's file name)")
    if target.exists() and not force:
        raise InvalidInput(f"{target} exists (pass --force to replace it)")
    folder = target.resolve().parent
    if not folder.is_dir():
        raise InvalidInput(f"No folder {folder} for the backup")
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    os.close(fd)
    try:
        dest = sqlite3.connect(temp)
        try:
            db.conn.backup(dest)  # one step: one read snapshot of the source
            dest.execute("PRAGMA journal_mode = DELETE")
            counts = _counts(dest)
        finally:
            dest.close()
        os.replace(temp, target)
    except sqlite3.Error as exc:
        raise DatabaseError(explain(target, exc)) from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return {"file": str(target), "bytes": target.stat().st_size, "counts": counts}


def _open_backup(source: Path) -> sqlite3.Connection:
    """The backup at `source`, read-only, checked: SQLite, intact, a claimtrack database
    this version can read."""
    from sqlite_utils import Database

    from .db import check_not_newer

    if not source.is_file():
        raise InvalidInput(f"No backup file at {source}")
    try:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = 'claimtrack'"
            )
        ]
    except sqlite3.Error as exc:
        raise InvalidInput(
            f"{source} is not a claimtrack backup ({exc}); nothing restored"
        ) from None
    if check != "ok":
        conn.close()
        raise InvalidInput(f"{source} is damaged ({check}); nothing restored")
    if not names:
        conn.close()
        raise InvalidInput(f"{source} is not a claimtrack database; nothing restored")
    try:
        check_not_newer(Database(conn), source)  # the one check open_db makes
    except DatabaseError as exc:
        conn.close()
        raise InvalidInput(f"{exc}; nothing restored") from None
    return conn


def restore(path: Path, source: Path, *, by: str | None = None) -> dict[str, Any]:
    """Replace the database at `path` with the backup `source`, atomically: the backup is
    staged beside the database (migrated to this version, a `db-restored` event added), then
    written into it in one transaction of the backup API."""
    from . import events
    from .db import open_db

    src = _open_backup(Path(source))
    live = open_db(path)  # refuses a file that is not a claimtrack database
    folder = Path(path).resolve().parent
    fd, temp = tempfile.mkstemp(prefix=f".{Path(path).name}.", suffix=".restore", dir=folder)
    os.close(fd)
    try:
        stage = sqlite3.connect(temp)
        try:
            src.backup(stage)
        finally:
            stage.close()
        staged = open_db(temp)  # an older backup gets this version's migrations
        try:
            counts = _counts(staged.conn)  # what the backup held, as `db backup` counted it
            with staged.atomic():
                events.Change(staged, utcnow(), by).record("db-restored", new=Path(source).name)
            staged.conn.backup(live.conn)
        finally:
            staged.conn.close()
    except sqlite3.Error as exc:
        raise DatabaseError(explain(path, exc)) from None
    finally:
        src.close()
        live.conn.close()
        for leftover in (temp, temp + "-wal", temp + "-shm"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return {"file": str(source), "counts": counts}
