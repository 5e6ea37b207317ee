"""Opening the database: pragmas, migrations and version checks."""

from __future__ import annotations

import os
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DatabaseError

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 30_000


class _Connection(sqlite3.Connection):
    """A connection that can be weakly referenced (sqlite3.Connection cannot)."""


# The connections open_db made and not yet freed. A connection lives in a reference cycle
# (its statement cache) until the garbage collector frees it, or the interpreter's teardown
# does: the command line closes them itself before its quick exit (cli._exit).
_connections: weakref.WeakSet[_Connection] = weakref.WeakSet()


def utcnow() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def open_db(path: Path | str, *, create: bool = True) -> Database:
    """Open (creating if needed) and migrate the database at `path`."""
    from sqlite_utils import Database

    from .migrations import migrations

    path = Path(path)
    # SQLite here reads a name starting with "file:" as a URI ("file:x.db?mode=memory" would
    # be a database in memory, its writes lost): an absolute path is only ever a file
    where = os.path.abspath(path)
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory, not a database file (pass --db FILE)")
    if not path.exists() and not create:
        raise DatabaseError(
            f"No database at {path} (pass --db FILE or set CLAIMTRACK_DB; "
            "`speech add`, `import` and `dataset load` create one)"
        )
    try:
        conn = sqlite3.connect(
            where,
            timeout=BUSY_TIMEOUT_MS / 1000,
            factory=_Connection,
            # a fetch run commits in a thread of its own (fetch/writer.py); SQLite is
            # built serialized (sqlite3.threadsafety 3): it locks the connection itself
            check_same_thread=False,
        )
        _connections.add(conn)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        db = Database(conn, execute_plugins=False)
        check_not_newer(db, path)
        if migrations.pending(db):
            migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(explain(path, exc)) from None
    except OSError as exc:
        raise DatabaseError(f"Cannot open database {path}: {exc.strerror or exc}") from None
    return db


def close_all() -> None:
    """Close every connection open_db made that is still alive, whichever thread made it:
    the last one to close checkpoints the WAL into the database file. Uncommitted work is
    rolled back, as when a connection is freed; closing twice is harmless."""
    for conn in list(_connections):
        conn.close()


def explain(path: Path | str, exc: sqlite3.Error) -> str:
    """A one-line message for an sqlite error, naming the file and the next step."""
    text = str(exc)
    if "malformed" in text or "corrupt" in text:
        return damaged(path, text)
    if "not a database" in text:
        return f"{path} is not a claimtrack database (not SQLite, or damaged): {text}"
    if "readonly" in text or "read-only" in text:
        return f"Database {path} is read-only (check its permissions, or pass --db)"
    if "locked" in text or "busy" in text:
        return f"Database {path} is busy (another claimtrack is writing; try again)"
    if "disk" in text and "full" in text:
        return f"Disk full while writing {path}: nothing was changed (free space and retry)"
    if "unable to open" in text:
        return (
            f"Cannot open database {path}: its folder is missing or read-only"
            " (SQLite needs to write beside the file; check permissions, or pass --db)"
        )
    if "disk I/O" in text:
        return f"Disk I/O error on {path}: nothing was changed (check the disk and retry)"
    return f"Database {path}: {text}"


def damaged(path: Path | str, text: str) -> str:
    """The one line for a database whose pages are damaged, and what to do about it."""
    return (
        f"{path} is not a claimtrack database (not SQLite, or damaged): {text}; copy out what"
        f" can be read with `sqlite3 {path} .recover | sqlite3 recovered.db`, then use"
        " --db recovered.db (docs/reliability.md, 'A damaged database')"
    )


def damage_of(exc: BaseException) -> str | None:
    """The one-line message when `exc` is SQLite finding damaged pages in a database this
    process opened (a query deep in a command, or while its output streams), else None."""
    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(exc, sqlite3.IntegrityError):
        return None
    text = str(exc)
    if "malformed" not in text and "corrupt" not in text:
        return None
    paths = [row[2] for conn in list(_connections) for row in _main_file(conn)]
    return damaged(paths[0] if paths else "in use", text)


def _main_file(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    try:
        return [row for row in conn.execute("PRAGMA database_list") if row[1] == "main"]
    except sqlite3.Error:
        return []


def check_not_newer(db: Database, path: Path) -> None:
    """Refuse a database that a newer claimtrack migrated: it names a migration we lack."""
    from .migrations import migrations

    unknown = [m.name for m in migrations.applied(db) if m.name not in defined_migrations()]
    if unknown:
        raise DatabaseError(
            f"{path} was written by a newer claimtrack (migration {unknown[-1]}); "
            "upgrade claimtrack to use it"
        )


@cache
def defined_migrations() -> frozenset[str]:
    """The names of this claimtrack's migrations: what a database without any has pending
    (sqlite-utils' public API has no list of them)."""
    from sqlite_utils import Database

    from .migrations import migrations

    return frozenset(m.name for m in migrations.pending(Database(memory=True)))


def is_row_id(value: int) -> bool:
    """Whether `value` fits SQLite's 64-bit integer (a larger id cannot exist)."""
    return -(2**63) <= value < 2**63


def path_of(db: Database) -> str:
    row = db.conn.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row else "database"


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One atomic write; sqlite operational errors become a one-line DatabaseError.

    The transaction takes the write lock as it begins (BEGIN IMMEDIATE), waiting for it up
    to the busy timeout. A deferred BEGIN (sqlite-utils' `atomic`) first reads and then
    asks for the lock: when another process holds it, or committed since that read, SQLite
    fails the upgrade at once with SQLITE_BUSY, whatever the timeout — that was `rate`
    failing after 0.3 s beside a refresh, and the refresh dying with "database is busy".
    Nested in an open transaction, it is a savepoint of that one.
    """
    try:
        if db.conn.in_transaction:
            with db.atomic():
                yield db
            return
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.conn.rollback()
            raise
        try:
            db.conn.execute("COMMIT")
        except BaseException:
            db.conn.rollback()
            raise
    except sqlite3.OperationalError as exc:
        raise DatabaseError(explain(path_of(db), exc)) from None
