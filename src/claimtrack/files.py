"""The files a command names, read and written one way.

`-` is stdin for every file read and stdout for every file written. Reads are bounded: a
file, a FIFO or a device (/dev/zero) larger than the limit for its kind is refused with a
one-line error after reading at most the limit, never read into memory whole. Writes are
atomic: a temporary file beside the target, flushed to disk and renamed over it, removed on
any failure or interrupt, so a target is either the old file or the complete new one.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import InvalidInput

STDIO = "-"
CHUNK = 1 << 20
# The limits, in bytes, of what a command reads (docs/cli.md, "Files and `-`").
MAX_TEXT = 20_000_000  # a speech (speech add, extract, a dataset's speech): ~100 books
MAX_SMALL = 10_000_000  # a list of URLs (--from-file), a dataset's claims.toml
MAX_IMPORT = 64_000_000_000  # an export read by `import` (snapshots too), streamed by line
MAX_LINE = 100_000_000  # one line of an export (a speech record is the longest)


def is_stdio(path: Path | str | None) -> bool:
    return path is not None and str(path) == STDIO


def label(path: Path | str) -> str:
    """How messages name the file: `stdin`/`stdout` for `-`."""
    return "standard input" if is_stdio(path) else str(path)


def _too_big(path: Path | str, limit: int, what: str) -> InvalidInput:
    return InvalidInput(
        f"{label(path)} is larger than {limit:,} bytes, the limit for {what}"
        " (is it the right file?)"
    )


def _unreadable(path: Path | str, exc: OSError) -> InvalidInput:
    if isinstance(exc, FileNotFoundError):
        return InvalidInput(f"No such file: {path}")
    if isinstance(exc, IsADirectoryError):
        return InvalidInput(f"Cannot read {path}: it is a directory, not a file")
    return InvalidInput(f"Cannot read {label(path)}: {exc.strerror or exc}")


def read_limited(fh: IO[bytes], limit: int, name: Path | str, what: str) -> bytes:
    """At most `limit` bytes of an open binary stream; more is an error."""
    data = bytearray()
    while chunk := fh.read(min(CHUNK, limit + 1 - len(data))):
        data += chunk
        if len(data) > limit:
            raise _too_big(name, limit, what)
    return bytes(data)


def read_bytes(path: Path | str, *, limit: int, what: str = "this file") -> bytes:
    """The bytes of a file, or of stdin for `-`, refused beyond `limit`."""
    if is_stdio(path):
        return read_limited(sys.stdin.buffer, limit, path, what)
    try:
        with open(path, "rb") as fh:
            if os.path.isfile(path) and os.fstat(fh.fileno()).st_size > limit:
                raise _too_big(path, limit, what)
            return read_limited(fh, limit, path, what)
    except OSError as exc:
        raise _unreadable(path, exc) from None


@contextmanager
def lines(
    path: Path | str,
    *,
    limit: int = MAX_IMPORT,
    line_limit: int = MAX_LINE,
    what: str = "this file",
) -> Iterator[Iterator[str]]:
    """The UTF-8 lines of a file or stdin, streamed: a line longer than `line_limit` or a
    total beyond `limit` is an error when it is reached."""
    try:
        fh: IO[bytes] = sys.stdin.buffer if is_stdio(path) else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise _unreadable(path, exc) from None
    try:
        yield _decoded(fh, path, limit, line_limit, what)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    finally:
        if not is_stdio(path):
            fh.close()


def _decoded(
    fh: IO[bytes], path: Path | str, limit: int, line_limit: int, what: str
) -> Iterator[str]:
    total = 0
    number = 0
    while line := fh.readline(line_limit + 1):
        number += 1
        total += len(line)
        if len(line) > line_limit:
            raise InvalidInput(
                f"Line {number} of {label(path)} is longer than {line_limit:,} bytes;"
                " nothing imported"
            )
        if total > limit:
            raise _too_big(path, limit, what)
        try:
            yield line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"Cannot read {label(path)}: line {number} is not UTF-8 (byte {exc.start});"
                " nothing imported"
            ) from None


@contextmanager
def atomic_write(
    path: Path | str, *, binary: bool = False, newline: str | None = None
) -> Iterator[IO[Any]]:
    """A stream for writing `path` whole or not at all; stdout for `-`.

    A regular file (or a new one) is written as a temporary file beside it, fsynced and
    renamed over it; the temporary file is removed on any failure, Ctrl-C included. A device
    or FIFO (`/dev/null`, `/dev/stdout`, a named pipe) is written directly: it cannot be
    renamed over. A symbolic link keeps pointing where it did: its target is replaced.
    """
    if is_stdio(path):
        sys.stdout.flush()
        stream: IO[Any] = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    target = Path(os.path.realpath(path))
    mode = "wb" if binary else "w"
    encoding = None if binary else "utf-8"
    try:
        if target.exists() and not target.is_file() and not target.is_dir():
            with open(target, mode, encoding=encoding, newline=newline) as fh:
                yield fh
            return
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InvalidInput(f"Cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode(target))
        os.replace(tmp, target)
    except OSError as exc:
        raise InvalidInput(f"Cannot write {path}: {exc.strerror or exc}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _file_mode(target: Path) -> int:
    """The existing file's permissions, or those a new file gets under the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def write_bytes(path: Path | str, data: bytes) -> None:
    with atomic_write(path, binary=True) as fh:
        fh.write(data)
