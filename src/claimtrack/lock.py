"""An exclusive lock beside the database, so only one refresh or evidence fetch runs at a time.

flock(2) locks are released by the kernel when the process dies, so a run killed with
SIGKILL never leaves a stale lock behind. The file holds the pid and the command of the
process holding it, for the message of the one refused.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import DatabaseError, LockedError


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".refresh-lock")


@contextmanager
def exclusive(
    db_path: Path,
    *,
    wait: bool = False,
    holder: str = "refresh",
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the lock for the command `holder`. Taken: LockedError, or with `wait` wait for
    it (`on_wait` is told first, with the command that holds it)."""
    path = lock_path(db_path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
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
            fcntl.flock(fd, fcntl.LOCK_EX)
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
