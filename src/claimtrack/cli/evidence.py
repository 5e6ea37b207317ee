"""`claimtrack evidence …`: link evidence URLs to claims and list them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import InvalidInput
from . import app, choices
from .common import ByOption, DbOption, JsonFlag, NoteOption, database, user_errors

evidence_app = typer.Typer(help="Link, fetch and inspect evidence pages.", no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")


def _read_urls(path: Path) -> list[tuple[str, str | None]]:
    from .. import evidence as lib
    from .. import files

    raw = files.read_bytes(path, limit=files.MAX_SMALL, what="a list of URLs")
    try:
        return lib.read_url_lines(raw.decode("utf-8-sig").splitlines())
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"Cannot read URLs from {files.label(path)}: not UTF-8 (byte {exc.start})"
        ) from None


@evidence_app.command("add")
def add(
    claim_id: Annotated[int, choices.claim_id()],
    urls: Annotated[list[str] | None, typer.Argument(help="One or more URLs")] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from-file", help="File with one URL a line, URL<TAB>stance for its own (- for stdin)"
        ),
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
        listed = _read_urls(from_file) if from_file else []
        given = list(urls or []) + [url for url, _ in listed]
        own = {url.strip(): s for url, s in listed if s}
        rows = lib.add_evidence(
            database(db), claim_id, given, stance=stance, note=note, by=by, stances=own
        )
    out.added(rows)


@evidence_app.command("unlink")
def unlink(
    evidence_ids: Annotated[list[int], choices.evidence_id("Evidence (link) ids")],
    note: NoteOption = None,
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Remove evidence links from their claims (the fetched pages stay; `undo` relinks).

    Example: claimtrack evidence unlink 7 8 --note "wrong article"
    """
    from .. import evidence as lib
    from ..output import evidence as out

    with user_errors():
        rows = lib.unlink(database(db), evidence_ids, note=note, by=by)
    out.unlinked(rows)


@evidence_app.command("edit")
def edit(
    evidence_id: Annotated[int, choices.evidence_id("Evidence (link) id")],
    stance: Annotated[str | None, choices.stance("New stance ('' clears)")] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="New note of the link ('' clears)")
    ] = None,
    recheck: Annotated[
        bool, typer.Option("--recheck", help="Fetch and check an archived page again")
    ] = False,
    by: ByOption = None,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Change an evidence link's stance or note, or put an archived page back on refresh.

    Example: claimtrack evidence edit 7 --stance contradicts --note "reads the other way"
    """
    from .. import evidence as lib
    from ..output import evidence as out

    given = {"stance": stance, "note": note}
    changes = {k: v for k, v in given.items() if v is not None}
    with user_errors():
        row = lib.edit_link(database(db), evidence_id, **changes, recheck=recheck, by=by)
    out.edited(row, as_json=json_)


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
