"""`claimtrack rm/restore/undo/link`: retracting, restoring, undoing and grouping claims."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app, choices
from .common import ByOption, DbOption, JsonFlag, NoteOption, database, user_errors

ClaimIds = Annotated[list[int], choices.claim_id("Claim ids")]


@app.command("rm")
def rm(
    claim_ids: ClaimIds,
    reason: Annotated[str | None, typer.Option("--reason", help="Why it is retracted")] = None,
    purge: Annotated[
        bool,
        typer.Option("--purge", help="Delete claims retracted earlier, for good (no undo)"),
    ] = False,
    by: ByOption = None,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Retract claims: hidden from list, report, exports and stats, kept with their history.

    `claimtrack restore` brings them back; `rm --purge` deletes retracted claims for good.
    Example: claimtrack rm 14 15 --reason "not said in this speech"
    """
    from .. import retract
    from ..output import curation as out

    with user_errors():
        lib = retract.purge if purge else retract.retract
        rows = lib(database(db), claim_ids, reason=reason, by=by)
    out.claims_done(rows, "Purged" if purge else "Retracted", as_json=json_)


@app.command("restore")
def restore(
    claim_ids: ClaimIds,
    note: NoteOption = None,
    by: ByOption = None,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Bring retracted claims back (see: claimtrack list --removed)."""
    from .. import retract
    from ..output import curation as out

    with user_errors():
        rows = retract.restore(database(db), claim_ids, note=note, by=by)
    out.claims_done(rows, "Restored", as_json=json_)


@app.command("undo")
def undo(
    claim: Annotated[
        int | None, typer.Option("--claim", help="Undo this claim's last change instead")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be reverted, change nothing")
    ] = False,
    note: NoteOption = None,
    by: ByOption = None,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Revert the last change (one command's events), recorded as a change of its own.

    Run again to revert the change before. Purges and refresh's own events are not undone.
    Example: claimtrack undo --claim 12 --dry-run
    """
    from .. import undo as lib
    from ..output import curation as out

    with user_errors():
        result = lib.undo(database(db), claim_id=claim, dry_run=dry_run, note=note, by=by)
    out.undone(result, as_json=json_)


@app.command("link")
def link(
    claim_ids: ClaimIds,
    same_as: Annotated[
        bool, typer.Option("--same-as", help="Group them as restatements of one promise")
    ] = False,
    ungroup: Annotated[
        bool, typer.Option("--ungroup", help="Take the claims out of their groups")
    ] = False,
    by: ByOption = None,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Group claims that restate one promise: one rating, one history, listed once.

    Example: claimtrack link 3 41 --same-as;  claimtrack link 41 --ungroup
    """
    from .. import groups
    from ..errors import InvalidInput
    from ..output import curation as out

    with user_errors():
        if same_as == ungroup:
            raise InvalidInput("Give --same-as (group the claims) or --ungroup (take them out)")
        lib = groups.link_same_as if same_as else groups.ungroup
        rows = lib(database(db), claim_ids, by=by)
    out.claims_done(rows, "Grouped" if same_as else "Ungrouped", as_json=json_)
