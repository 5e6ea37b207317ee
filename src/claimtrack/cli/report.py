"""`claimtrack report`: where everything stands."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from . import app
from .common import DbOption, JsonFlag, database, user_errors


@app.command("report")
def report_(
    speech: Annotated[int | None, typer.Option("--speech", help="Only this speech")] = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind")] = None,
    rating: Annotated[str | None, typer.Option(help="Only this rating")] = None,
    topic: Annotated[str | None, typer.Option(help="Only this topic")] = None,
    flag: Annotated[str | None, typer.Option(help="Only claims with this flag")] = None,
    limit: Annotated[int, typer.Option(help="Claim rows shown at most")] = 50,
    all_: Annotated[bool, typer.Option("--all", help="Show every claim row")] = False,
    wide: Annotated[bool, typer.Option("--wide", help="Full quotes, not shortened")] = False,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Dashboard: ratings as bars, deadlines, and the claims grouped by kind and topic."""
    from .. import report
    from ..claims import Filters
    from ..output import report as out

    filters = Filters(kind=kind, rating=rating, speech_id=speech, topic=topic, flag=flag)
    with user_errors():
        data = report.build(database(db), filters, date.today(), None if all_ else limit)
    if json_:
        out.as_json(data)
    else:
        out.render(data, wide=wide)
