"""A command that creates the database and then fails leaves no new database behind."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .. import config
from ..errors import ClaimtrackError
from .common import database

if TYPE_CHECKING:
    from sqlite_utils import Database


@contextmanager
def creating(option: Path | None) -> Iterator[Callable[[], Database]]:
    """Yields the function that opens (creating) the database. When the body fails with a
    ClaimtrackError (a bad date, an empty file, a bad import) and the file did not exist
    before, the new file and its -wal/-shm are removed: nothing was created."""
    path = config.db_path(option)
    existed = path.exists()
    opened: list[Database] = []

    def open_() -> Database:
        if not opened:
            opened.append(database(option, create=True))
        return opened[0]

    try:
        yield open_
    except ClaimtrackError:
        if not existed:
            for db in opened:
                db.close()
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
        raise
