"""`claimtrack speech …`: register and inspect speeches."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import app, choices
from .common import ByOption, DbOption, JsonFlag, NoteOption, creating, database, user_errors

speech_app = typer.Typer(help="Register and inspect speeches.", no_args_is_help=True)
app.add_typer(speech_app, name="speech")


@speech_app.command("add")
def add(
    file: Annotated[Path, typer.Argument(help="UTF-8 text file of the speech (- = stdin)")],
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

    given: dict[str, str | None] = {
        "title": title,
        "speaker": speaker,
        "date": date,
        "venue": venue,
        "lang": lang,
    }
    with user_errors(), creating(db) as open_db:
        text = speeches.read_text_file(file)
        speeches.check_date(date)  # a bad date: an error before any database is made
        row, created = speeches.add_speech(open_db(), text, url=url, **given)
        differs = {} if created else speeches.differences(row, {**given, "url": url})
    out.added(row, created, as_json=json_, differs=differs)


@speech_app.command("edit")
def edit(
    speech_id: Annotated[int, choices.speech_argument()],
    date: Annotated[str | None, typer.Option(help="New date, YYYY-MM-DD ('' clears)")] = None,
    speaker: Annotated[str | None, typer.Option(help="New speaker ('' clears)")] = None,
    title: Annotated[str | None, typer.Option(help="New title")] = None,
    lang: Annotated[str | None, typer.Option(help="kk, ru or en")] = None,
    venue: Annotated[str | None, typer.Option(help="New venue ('' clears)")] = None,
    url: Annotated[str | None, typer.Option(help="New source URL ('' clears)")] = None,
    note: NoteOption = None,
    by: ByOption = None,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Correct a speech's metadata; a new date re-resolves its claims' relative deadlines.

    Example: claimtrack speech edit 1 --date 2025-10-07 --speaker "Қасым-Жомарт Тоқаев"
    """
    from .. import speechedit
    from ..output import speeches as out

    given = {"date": date, "speaker": speaker, "title": title, "lang": lang, "venue": venue}
    changes: dict[str, str | None] = {
        k: v for k, v in {**given, "url": url}.items() if v is not None
    }
    with user_errors():
        row = speechedit.edit_speech(database(db), speech_id, changes, note=note, by=by)
    out.edited(row, as_json=json_)


@speech_app.command("rm")
def rm(
    speech_id: Annotated[int, choices.speech_argument()],
    with_claims: Annotated[
        bool, typer.Option("--with-claims", help="Delete its claims too, for good (no undo)")
    ] = False,
    note: NoteOption = None,
    by: ByOption = None,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Remove a speech; refused while it has claims, unless --with-claims.

    Example: claimtrack speech rm 3
    """
    from .. import speechedit
    from ..output import speeches as out

    with user_errors():
        row = speechedit.remove_speech(
            database(db), speech_id, with_claims=with_claims, note=note, by=by
        )
    out.removed(row, as_json=json_)


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
