"""`claimtrack db …` and `claimtrack config …`: where the data lives and its settings."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app
from .common import DbOption, JsonFlag, creating, database, user_errors

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

    with user_errors():
        value = settings.get(database(db), key)
    print_json(value) if json_ else typer.echo(str(value))


@config_app.command("set")
def set_(
    key: Annotated[str, typer.Argument(help="Setting name")],
    value: Annotated[str, typer.Argument(help="New value")],
    db: DbOption = None,
) -> None:
    """Change a setting.

    Example: claimtrack config set publisher.name "Factcheck.kz"
    """
    from .. import config, settings

    with user_errors(), creating(db) as open_db:
        config.parse_setting(key, value)  # checked before a database is created
        settings.set(open_db(), key, value)


@config_app.command("list")
def list_(db: DbOption = None, json_: JsonFlag = False) -> None:
    """List every setting with its value and meaning."""
    from .. import settings
    from ..output import print_json

    with user_errors():
        rows = settings.all_settings(database(db))
    if json_:
        print_json({r["key"]: r["value"] for r in rows})
        return
    for r in rows:
        typer.echo(f"{r['key']} = {r['value']!r}    # {r['help']}")
