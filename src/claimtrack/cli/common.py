"""What every command shares: options, the error boundary, opening the database."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import config
from ..errors import ClaimtrackError
from ..text import strip_controls

if TYPE_CHECKING:
    from sqlite_utils import Database

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", help="Database file [env: CLAIMTRACK_DB; default ./claims.db]", show_default=False
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON to stdout")]
ByOption = Annotated[str | None, typer.Option("--by", help="Who made the change")]
NoteOption = Annotated[str | None, typer.Option("--note", help="Why, in a sentence")]
# The same two on every command that reports on work it did (refresh, evidence fetch/extract)
QuietFlag = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="Print nothing but errors and --fail-on findings (--json still prints)",
    ),
]
VerboseFlag = Annotated[
    bool, typer.Option("--verbose", "-v", help="Also print every count on stderr, even when zero")
]


def error_line(message: str) -> str:
    text = " ".join(strip_controls(message).split())
    return f"Error: {text}"


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn ClaimtrackError into `Error: …` on stderr and its exit code; nothing else."""
    try:
        yield
    except ClaimtrackError as exc:
        sys.stderr.write(error_line(str(exc)) + "\n")
        raise typer.Exit(exc.exit_code) from None
    except Exception as exc:
        found = damage(exc)
        if found is None:
            raise  # a bug: it keeps its traceback
        sys.stderr.write(error_line(found) + "\n")
        raise typer.Exit(1) from None


def damage(exc: BaseException) -> str | None:
    """The message when `exc` is SQLite reporting damaged pages (not a bug of ours)."""
    if "claimtrack.db" not in sys.modules:
        return None
    from ..db import damage_of

    return damage_of(exc)


def database(option: Path | None, *, create: bool = False) -> Database:
    """Open (and migrate) the database the options and environment point at. Only the
    commands that add content (`create`) make a new file: elsewhere a mistyped --db or
    $CLAIMTRACK_DB is an error, not an empty database that silently answers "nothing"."""
    from ..db import open_db

    return open_db(config.db_path(option), create=create)


@contextmanager
def creating(option: Path | None) -> Iterator[Callable[[], Database]]:
    """For the commands that create the database (`speech add`, `import`, `dataset load`,
    `extract --register`, `config set`): they check their input before they open it, and
    if one fails after all, a database it created is removed, never left empty behind."""
    path = config.db_path(option)
    existed = path.exists() or path.is_symlink()
    opened: list[Database] = []

    def open_() -> Database:
        opened.append(database(option, create=True))
        return opened[-1]

    try:
        yield open_
    except BaseException:
        if not existed and opened:
            for db in opened:
                db.close()
            for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
                leftover.unlink(missing_ok=True)
        raise
