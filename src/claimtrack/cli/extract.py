"""`claimtrack extract`: propose candidate claims from a speech text, register or review them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import app, choices
from .common import ByOption, DbOption, JsonFlag, database, user_errors
from .fresh import creating


@app.command("extract")
def extract(
    file: Annotated[
        Path | None, typer.Argument(help="UTF-8 text file of the speech (- = stdin)")
    ] = None,
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
    review: Annotated[
        bool,
        typer.Option("--review", help="Walk the candidates in the terminal, one key each"),
    ] = False,
    min_confidence: Annotated[
        float | None,
        typer.Option("--min-confidence", help="Drop candidates below this (0–1; --register: 0.5)"),
    ] = None,
    statements: Annotated[
        bool, typer.Option("--statements", help="--register statements too (default: not)")
    ] = False,
    by: ByOption = None,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Propose the figures, commitments and deadlines of a speech as candidate claims.

    --register adds those at or above --min-confidence (default 0.5), statements only with
    --statements; --review (with --speech) asks about each one.
    Example: claimtrack extract speech.kk.txt --date 2025-10-07 --register
    """
    from ..extract import session
    from ..output import extract as out
    from ..speeches import read_text_file

    if review:
        _review(speech, min_confidence, by, db)
        return

    with user_errors(), creating(db) as open_new:
        session.check_lang(lang)
        ref = session.parse_date(date)
        text = read_text_file(file) if file is not None else None
        result = session.run(
            text=text,
            speech_id=speech,
            lang=lang,
            ref=ref,
            open_db=open_new if register else lambda: database(db),
            save=register,
            min_confidence=min_confidence,
            statements=statements,
            by=by,
        )
    out.candidates(result, as_json=json_)


def _review(
    speech: int | None, min_confidence: float | None, by: str | None, db: Path | None
) -> None:
    """`extract --speech N --review`: one candidate at a time, a key each (needs a TTY)."""
    import sys

    from ..errors import InvalidInput
    from ..extract import session
    from ..output import extract as out
    from ..speeches import get_speech

    with user_errors():
        if speech is None:
            raise InvalidInput("--review needs --speech ID (register the speech first)")
        if not sys.stdin.isatty():
            raise InvalidInput("--review asks one key per candidate: run it in a terminal")
        conn = database(db)
        text = get_speech(conn, speech)["text"]
        found = session.run(
            text=None,
            speech_id=speech,
            lang=None,
            ref=None,
            open_db=lambda: conn,
            min_confidence=min_confidence,
        )
        result = session.review(
            conn,
            speech,
            found.candidates,
            read_key=typer.getchar,
            read_line=lambda prompt: str(
                typer.prompt(prompt, default="", show_default=False, prompt_suffix="")
            ),
            show=lambda c, n, total: out.review_card(c, n, total, text),
            say=out.say,
            by=by,
        )
    out.reviewed(result)
