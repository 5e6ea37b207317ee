"""An exclusive lock beside the database, so only one refresh runs at a time.

flock(2) locks are released by the kernel when the process dies, so a refresh killed
with SIGKILL never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import math
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import DatabaseError, LockedError

POLL = 0.1  # seconds between two tries while waiting for the lock


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".refresh-lock")


def _acquire(fd: int, db_path: Path, wait: float) -> None:
    """flock `fd`: at once (wait 0), or trying again until `wait` seconds have passed
    (flock has no timeout of its own; `math.inf` blocks until the lock is free)."""
    if math.isinf(wait):
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LockedError(
                    f"Another refresh is running on {db_path} (wait for it, or use --wait)"
                    if not wait
                    else f"Another refresh is still running on {db_path} after {wait:g} s"
                    " of waiting (try again later, or wait longer: --wait-timeout)"
                ) from None
            time.sleep(min(POLL, left))


@contextmanager
def exclusive(db_path: Path, *, wait: float = 0) -> Iterator[None]:
    """Hold the refresh lock; `wait`: seconds to wait for another refresh (True: forever)."""
    path = lock_path(db_path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise DatabaseError(f"Cannot create the lock file {path}: {exc.strerror}") from None
    try:
        _acquire(fd, db_path, math.inf if wait is True else float(wait))
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
