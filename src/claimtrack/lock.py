"""An exclusive lock beside the database, so only one refresh or evidence fetch runs at a time.

flock(2) locks are released by the kernel when the process dies, so a run killed with
SIGKILL never leaves a stale lock behind. The file holds the pid and the command of the
process holding it, for the message of the one refused.
"""

from __future__ import annotations

import errno
import fcntl
import math
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import DatabaseError, LockedError

POLL = 0.1  # seconds between two tries while waiting for the lock


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".refresh-lock")


def _wait_for(fd: int, db_path: Path, other: str, wait: float) -> None:
    """flock `fd`, trying again until `wait` seconds have passed (flock has no timeout of
    its own; `math.inf` blocks until the lock is free)."""
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
                    f"Another {other} is still running on {db_path} after {wait:g} s"
                    " of waiting (try again later, or wait longer: --wait-timeout)"
                ) from None
            time.sleep(min(POLL, left))


@contextmanager
def exclusive(
    db_path: Path,
    *,
    wait: float = 0,
    holder: str = "refresh",
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the lock for the command `holder`. Taken: LockedError, or with `wait` wait for
    it that many seconds (True: forever; `on_wait` is told first, with the command that
    holds it), then LockedError."""
    path = lock_path(db_path)
    try:  # never through a symbolic link: one planted there would truncate its target
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise DatabaseError(
                f"The lock file {path} is a symbolic link: refused (remove it; claimtrack"
                " makes a plain file there)"
            ) from None
        raise DatabaseError(f"Cannot create the lock file {path}: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = _holder(fd)
            if not wait:
                raise LockedError(
                    f"Another {other} is running on {db_path} (wait for it, or use --wait)"
                ) from None
            if on_wait is not None:
                on_wait(other)
            _wait_for(fd, db_path, other, math.inf if wait is True else float(wait))
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()} {holder}\n".encode())
        except OSError as exc:
            raise DatabaseError(
                f"Cannot write the lock file {path}: {exc.strerror} (free space and retry)"
            ) from None
        yield
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    """The command named in the lock file ("refresh" when it names none)."""
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace")
    except OSError:
        return "refresh"
    name = text.strip().partition(" ")[2]
    return name if name in ("refresh", "evidence fetch") else "refresh"
