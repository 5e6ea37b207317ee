"""`claimtrack speech …`: register and inspect speeches."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import app, choices
from .common import DbOption, JsonFlag, database, user_errors

speech_app = typer.Typer(help="Register and inspect speeches.", no_args_is_help=True)
app.add_typer(speech_app, name="speech")


@speech_app.command("add")
def add(
    file: Annotated[Path, typer.Argument(help="UTF-8 text file of the speech")],
    date: Annotated[str | None, typer.Option(help="Date of the speech, YYYY-MM-DD")] = None,
    speaker: Annotated[str | None, typer.Option(help="Who gave it")] = None,
    title: Annotated[str | None, typer.Option(help="Title (default: first line)")] = None,
    lang: Annotated[str | None, typer.Option(help="kk, ru or en (default: detected)")] = None,
    venue: Annotated[str | None, typer.Option(help="Where it was given")] = None,
    url: Annotated[str | None, typer.Option(help="Source URL of the text")] = None,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Register a speech; the same text twice returns the existing speech.

    Example: claimtrack speech add speech.kk.txt --date 2025-10-07 --speaker "K. Tokayev"
    """
    from .. import speeches
    from ..output import speeches as out

    with user_errors():
        text = speeches.read_text_file(file)
        row, created = speeches.add_speech(
            database(db, create=True),
            text,
            title=title,
            speaker=speaker,
            date=date,
            venue=venue,
            lang=lang,
            url=url,
        )
    out.added(row, created, as_json=json_)


@speech_app.command("list")
def list_(db: DbOption = None, json_: JsonFlag = False) -> None:
    """List registered speeches, newest first."""
    from .. import speeches
    from ..output import speeches as out

    with user_errors():
        rows = speeches.list_speeches(database(db))
    out.listing(rows, as_json=json_)


@speech_app.command("show")
def show(
    speech_id: Annotated[int, choices.speech_argument()],
    text: Annotated[bool, typer.Option("--text", help="Print the full text too")] = False,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Show a speech's metadata (and its text with --text)."""
    from .. import speeches
    from ..output import speeches as out

    with user_errors():
        row = speeches.get_speech(database(db), speech_id)
    out.detail(row, with_text=text, as_json=json_)
