"""An exclusive lock beside the database, so only one refresh runs at a time.

flock(2) locks are released by the kernel when the process dies, so a refresh killed
with SIGKILL never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import DatabaseError, LockedError


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".refresh-lock")


@contextmanager
def exclusive(db_path: Path, *, wait: bool = False) -> Iterator[None]:
    path = lock_path(db_path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise DatabaseError(f"Cannot create the lock file {path}: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise LockedError(
                f"Another refresh is running on {db_path} (wait for it, or use --wait)"
            ) from None
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError as exc:
            raise DatabaseError(
                f"Cannot write the lock file {path}: {exc.strerror} (free space and retry)"
            ) from None
        yield
    finally:
        os.close(fd)
