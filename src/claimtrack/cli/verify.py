"""`claimtrack evidence match`: each claim figure found in the claim's evidence texts."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import DbOption, JsonFlag, database, user_errors
from .evidence import evidence_app


@evidence_app.command("match")
def match(
    claims: Annotated[
        list[int] | None,
        typer.Argument(help="Claim ids (default: every claim)", show_default=False),
    ] = None,
    tolerance: Annotated[
        float | None,
        typer.Option(
            "--tolerance", min=0.0, max=1.0, help="Relative difference allowed [match.tolerance]"
        ),
    ] = None,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Find each claim figure in the claim's evidence texts and suggest a stance per link.

    For every figure: where the same quantity appears, the value found, how far it is from the
    claim (exact / within N % / different), whether the claim's comparator holds and the period
    when both state one. The suggestion (supports / contradicts / no figure found) is never a
    rating. Example: claimtrack evidence match 3 7 --tolerance 0.02
    """
    from .. import verify
    from ..output import verify as out

    with user_errors():
        found = verify.match_claims(database(db), claims or None, tolerance)
    out.matches(found, as_json=json_)
