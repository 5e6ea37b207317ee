"""`claimtrack extract`: propose candidate claims from a speech text."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import app, choices
from .common import ByOption, DbOption, JsonFlag, database, user_errors


@app.command("extract")
def extract(
    file: Annotated[Path | None, typer.Argument(help="UTF-8 text file of the speech")] = None,
    speech: Annotated[int | None, choices.speech_id("A registered speech id", "--speech")] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="kk, ru or en (default: detected)")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Speech date YYYY-MM-DD, for relative deadlines")
    ] = None,
    register: Annotated[
        bool, typer.Option("--register", help="Add the candidates as claims of the speech")
    ] = False,
    min_confidence: Annotated[
        float, typer.Option("--min-confidence", help="Drop candidates below this (0–1)")
    ] = 0.0,
    by: ByOption = None,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Propose the figures, commitments and deadlines of a speech as candidate claims.

    Example: claimtrack extract speech.kk.txt --date 2025-10-07 --register
    """
    from ..extract import session
    from ..output import extract as out
    from ..speeches import read_text_file

    with user_errors():
        session.check_lang(lang)
        ref = session.parse_date(date)
        text = read_text_file(file) if file is not None else None
        result = session.run(
            text=text,
            speech_id=speech,
            lang=lang,
            ref=ref,
            open_db=lambda: database(db, create=register),
            save=register,
            min_confidence=min_confidence,
            by=by,
        )
    out.candidates(result, as_json=json_)
