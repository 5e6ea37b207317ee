"""`claimtrack export/import` (JSON Lines) and `claimtrack dataset load`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import app
from .common import DbOption, JsonFlag, creating, database, user_errors

dataset_app = typer.Typer(
    help="Bundled datasets of speeches and their claims.", no_args_is_help=True
)
app.add_typer(dataset_app, name="dataset")


@app.command("export")
def export(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File (- or none: stdout)")
    ] = None,
    with_snapshots: Annotated[
        bool,
        typer.Option(
            "--with-snapshots", help="Also the archive: snapshot bodies, main texts, fetch log"
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Export speeches, claims, evidence, events, flags and settings as JSON Lines.

    With --with-snapshots the export is lossless (evidence snapshot/diff work after import).
    Example: claimtrack export --with-snapshots -o backup.jsonl
    """
    from .. import exchange, files
    from ..output import message, plural

    target = output or files.STDIO
    with user_errors():
        source = database(db)
        with files.atomic_write(target) as fh:
            n = exchange.export(source, fh, snapshots=with_snapshots)
    if not files.is_stdio(target):
        message(f"Exported {plural(n, 'record')} to {output}")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A file written by claimtrack export (- = stdin)")],
    trust_settings: Annotated[
        bool,
        typer.Option(
            "--trust-settings",
            help="Also import settings that weaken a safety rule (fetch.allow_private)",
        ),
    ] = False,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Import a JSON Lines export, all or nothing, keeping ids.

    Example: claimtrack import backup.jsonl --db restored.db
    """
    from .. import exchange, files
    from ..output import message, plural, print_json

    with user_errors(), creating(db) as open_db, files.lines(file, what="an import") as lines:
        counts = exchange.import_(open_db(), lines, trust_settings=trust_settings)
    if json_:
        print_json(counts)
    else:
        tables = {**exchange.TABLES, **exchange.ARCHIVE}
        kinds = {table: kind for kind, table in tables.items()}  # speeches: speech
        done = ", ".join(plural(n, kinds.get(t, t), t) for t, n in counts.items())
        message("Imported " + (done or "nothing"))


@dataset_app.command("list")
def list_(json_: JsonFlag = False) -> None:
    """List the datasets bundled with claimtrack (load one by name with dataset load)."""
    from .. import dataset
    from ..output import datasets as out

    with user_errors():
        rows = dataset.bundled()
    out.listing(rows, as_json=json_)


@dataset_app.command("load")
def load(
    name: Annotated[
        str,
        typer.Argument(
            help="A bundled dataset's name (see: dataset list), a folder, its claims.toml,"
            " or - (claims.toml on stdin)"
        ),
    ],
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Load a dataset through the same calls as speech add, add, evidence add and rate.

    Example: claimtrack dataset load gabala-2025
    """
    from .. import dataset
    from ..output import message, plural, print_json

    with user_errors(), creating(db) as open_db:
        data = dataset.read(name)  # checked whole before a database is created
        counts = dataset.load(open_db(), data)
    if json_:
        print_json(counts)
    else:
        message(
            f"Loaded {plural(counts['claims'], 'new claim')} ({counts['existing']} already there), "
            f"{plural(counts['evidence'], 'evidence link')}, {plural(counts['ratings'], 'rating')}"
        )
