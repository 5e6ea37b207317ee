"""A command that creates the database and then fails leaves no new database behind."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .. import config
from .common import database

if TYPE_CHECKING:
    from sqlite_utils import Database


@contextmanager
def creating(option: Path | None) -> Iterator[Callable[[], Database]]:
    """Yields the function that opens (creating) the database, for the commands that create
    it (`speech add`, `import`, `dataset load`, `extract --register`, `config set`): they
    check their input before they open it, and when the body fails after all (a bad date, an
    empty file, a bad import, Ctrl-C) and the file did not exist before, the new file and its
    -wal/-shm are removed: nothing was created."""
    path = config.db_path(option)
    existed = path.exists() or path.is_symlink()
    opened: list[Database] = []

    def open_() -> Database:
        if not opened:
            opened.append(database(option, create=True))
        return opened[0]

    try:
        yield open_
    except BaseException:
        if not existed:
            for db in opened:
                db.close()
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
        raise
