"""`claimtrack export/import` (JSON Lines) and `claimtrack dataset load`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InvalidInput
from . import app
from .common import DbOption, JsonFlag, database, user_errors

dataset_app = typer.Typer(
    help="Bundled datasets of speeches and their claims.", no_args_is_help=True
)
app.add_typer(dataset_app, name="dataset")


@app.command("export")
def export(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File (default stdout)")
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
    from .. import exchange
    from ..output import message

    with user_errors():
        source = database(db)
        if output is None:
            exchange.export(source, sys.stdout, snapshots=with_snapshots)
            return
        tmp = output.with_name(output.name + ".part")
        try:
            with tmp.open("w", encoding="utf-8") as fh:
                n = exchange.export(source, fh, snapshots=with_snapshots)
            tmp.replace(output)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise InvalidInput(f"Cannot write {output}: {exc.strerror or exc}") from None
    message(f"Exported {n} records to {output}")


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
    from .. import exchange
    from ..output import message, print_json

    with user_errors():
        if str(file) == "-":
            counts = exchange.import_(
                database(db, create=True), sys.stdin, trust_settings=trust_settings
            )
        else:
            try:
                with file.open(encoding="utf-8") as fh:
                    counts = exchange.import_(
                        database(db, create=True), fh, trust_settings=trust_settings
                    )
            except (OSError, UnicodeDecodeError) as exc:
                raise InvalidInput(f"Cannot read {file}: {exc}") from None
    if json_:
        print_json(counts)
    else:
        message("Imported " + (", ".join(f"{n} {t}" for t, n in counts.items()) or "nothing"))


@dataset_app.command("load")
def load(
    path: Annotated[Path, typer.Argument(help="Dataset folder or its claims.toml")],
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Load a dataset through the same calls as speech add, add, evidence add and rate.

    Example: claimtrack dataset load data/gabala-2025
    """
    from .. import dataset
    from ..output import message, print_json

    with user_errors():
        counts = dataset.load(database(db, create=True), path)
    if json_:
        print_json(counts)
    else:
        message(
            f"Loaded {counts['claims']} new claims ({counts['existing']} already there), "
            f"{counts['evidence']} evidence links, {counts['ratings']} ratings"
        )
