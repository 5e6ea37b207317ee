"""`claimtrack db …` and `claimtrack config …`: where the data lives and its settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from . import app
from .common import ByOption, DbOption, JsonFlag, database, user_errors
from .fresh import creating

db_app = typer.Typer(help="The database file.", no_args_is_help=True)
app.add_typer(db_app, name="db")
config_app = typer.Typer(help="Settings stored in the database.", no_args_is_help=True)
app.add_typer(config_app, name="config")


@db_app.command("path")
def path(db: DbOption = None) -> None:
    """Print the database path in use (--db, then $CLAIMTRACK_DB, then ./claims.db)."""
    from .. import config as cfg

    typer.echo(str(cfg.db_path(db).resolve()))


@config_app.command("get")
def get(
    key: Annotated[str, typer.Argument(help="Setting name, e.g. flags.stale_days")],
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Print one setting's value."""
    from .. import settings
    from ..output import print_json
    from ..text import strip_controls

    with user_errors():
        value = settings.get(database(db), key)
    print_json(value) if json_ else typer.echo(strip_controls(settings.shown(value)))


@config_app.command("set", context_settings={"ignore_unknown_options": True})
def set_(
    key: Annotated[str, typer.Argument(help="Setting name")],
    value: Annotated[str, typer.Argument(help="New value")],
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Change a setting (recorded as a change: claimtrack undo reverts it).

    Example: claimtrack config set publisher.name "Factcheck.kz"
    """
    from .. import config, settings
    from ..output import message
    from ..text import strip_controls

    with user_errors(), creating(db) as open_db:
        config.parse_setting(key, value)  # checked before a database is created
        done = settings.set(open_db(), key, value, by=by)
    old, new = (strip_controls(settings.shown(done[k])) for k in ("old", "new"))
    message(f"Set {key}: {old or '(empty)'} → {new} (undo: claimtrack undo)")


@config_app.command("list")
def list_(db: DbOption = None, json_: JsonFlag = False) -> None:
    """List every setting with its value and meaning."""
    from .. import settings
    from ..output import print_json
    from ..text import strip_controls

    with user_errors():
        rows = settings.all_settings(database(db))
    if json_:
        print_json({r["key"]: r["value"] for r in rows})
        return
    for r in rows:
        value = json.dumps(r["value"], ensure_ascii=False)
        typer.echo(strip_controls(f"{r['key']} = {value}    # {r['help']}"))


def no_stdio(file: Path, what: str, instead: str) -> None:
    """`-` is no place for an SQLite file (its backup API needs one it can seek in)."""
    from .. import files
    from ..errors import InvalidInput

    if files.is_stdio(file):
        raise InvalidInput(
            f"{what} an SQLite file, which - cannot be; name a file (a stream: {instead})"
        )


@db_app.command("backup")
def backup(
    file: Annotated[Path, typer.Argument(help="The backup file to write")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists")] = False,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Copy the whole database, every snapshot and text version, to FILE (safe while other
    commands run).

    Example: claimtrack db backup backups/claims-2026-12-08.db
    """
    from .. import backup as lib
    from ..output import curation as out

    with user_errors():
        no_stdio(file, "db backup writes", "claimtrack export --with-snapshots -o -")
        result = lib.backup(database(db), file, force=force)
    out.backed_up(result, as_json=json_)


@db_app.command("restore")
def restore(
    file: Annotated[Path, typer.Argument(help="A file written by `claimtrack db backup`")],
    by: ByOption = None,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Replace the database with a backup, atomically (a restore cut short changes nothing).

    Example: claimtrack db restore backups/claims-2026-12-08.db
    """
    from .. import backup as lib
    from .. import config as cfg
    from ..output import curation as out

    with user_errors():
        no_stdio(file, "db restore reads", "claimtrack import -")
        result = lib.restore(cfg.db_path(db), file, by=by)
    out.restored(result, as_json=json_)
