"""`claimtrack search`: full-text search over claims and evidence."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from . import app
from .common import DbOption, JsonFlag, database, user_errors


class Scope(StrEnum):
    claims = "claims"
    evidence = "evidence"


@app.command("search")
def search_(
    query: Annotated[str, typer.Argument(help="Text to find, in any case (a word, a phrase)")],
    in_: Annotated[
        Scope | None,
        typer.Option("--in", help="Only claims (quotes, notes) or evidence (titles, texts)"),
    ] = None,
    limit: Annotated[int, typer.Option(help="Hits of each kind at most")] = 20,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Find text in claims' quotes and notes and in evidence titles and main texts.

    A word is found inside longer words (ТЕМІРЖОЛ finds "теміржолының"); matches are
    highlighted. Example: claimtrack search ТЕМІРЖОЛ --in claims
    """
    from .. import search
    from ..output import search as out

    with user_errors():
        rows = search.search(database(db), query, scope=in_.value if in_ else None, limit=limit)
    out.hits(rows, query, as_json=json_)
