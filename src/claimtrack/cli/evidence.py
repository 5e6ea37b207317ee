"""`claimtrack evidence …`: link evidence URLs to claims and list them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InvalidInput
from . import app, choices
from .common import ByOption, DbOption, JsonFlag, NoteOption, database, user_errors

evidence_app = typer.Typer(help="Link, fetch and inspect evidence pages.", no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")


def _read_urls(path: Path) -> list[str]:
    from .. import evidence as lib

    if str(path) == "-":
        return lib.read_url_lines(sys.stdin.read().splitlines())
    try:
        return lib.read_url_lines(path.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"Cannot read URLs from {path}: {exc}") from None


@evidence_app.command("add")
def add(
    claim_id: Annotated[int, choices.claim_id()],
    urls: Annotated[list[str] | None, typer.Argument(help="One or more URLs")] = None,
    from_file: Annotated[
        Path | None, typer.Option("--from-file", help="File with one URL a line (- for stdin)")
    ] = None,
    stance: Annotated[str | None, choices.stance("What the page says of the claim")] = None,
    note: NoteOption = None,
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Link evidence URLs to a claim (stored now, fetched by `evidence fetch`).

    Example: claimtrack evidence add 3 https://example.org/a https://example.org/b --stance supports
    """
    from .. import evidence as lib
    from ..output import evidence as out

    with user_errors():
        given = list(urls or []) + (_read_urls(from_file) if from_file else [])
        rows = lib.add_evidence(database(db), claim_id, given, stance=stance, note=note, by=by)
    out.added(rows)


@evidence_app.command("list")
def list_(
    claim_id: Annotated[int | None, choices.claim_id("Only this claim's evidence")] = None,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """List evidence links with their fetch status."""
    from .. import evidence as lib
    from ..output import evidence as out

    with user_errors():
        rows = lib.list_evidence(database(db), claim_id)
    out.listing(rows, as_json=json_)
