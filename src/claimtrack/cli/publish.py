"""`claimtrack publish`: the claims as a static fact-check site."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InvalidInput
from . import app
from .common import DbOption, QuietFlag, VerboseFlag, database, user_errors

# the same option in `report` and `publish`
UiLangOption = Annotated[
    str | None,
    typer.Option(
        "--ui-lang",
        help="Language of the labels: kk, ru or en [default: config ui.lang, then the locale]",
        show_default=False,
    ),
]


@app.command("publish")
def publish_(
    directory: Annotated[Path, typer.Argument(help="Directory to write the site into")],
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", help="Address the site is served from [default: site.base_url]"),
    ] = None,
    ui_lang: UiLangOption = None,
    speech: Annotated[
        list[int] | None, typer.Option("--speech", help="Only this speech (repeatable)")
    ] = None,
    changed_only: Annotated[
        bool, typer.Option("--changed-only", help="Rewrite only the pages whose content changed")
    ] = False,
    quiet: QuietFlag = False,
    verbose: VerboseFlag = False,
    db: DbOption = None,
) -> None:
    """Write a static fact-check site: an index, a page per speech and per claim (with
    ClaimReview JSON-LD), archived evidence and an Atom feed of rating changes.

    Example: claimtrack publish site/ --base-url https://factcheck.example/gabala/ --ui-lang kk
    """
    from .. import i18n
    from ..output import publish as out
    from ..publish import publish

    with user_errors():
        if str(directory) == "-":
            raise InvalidInput(
                "publish writes a folder of pages, which - cannot be: give a folder (e.g. site/)"
            )
        source = database(db)
        lang = i18n.resolve(ui_lang, source)
        result = publish(
            source,
            directory,
            today=date.today(),
            lang=lang,
            base_url=base_url,
            speech_ids=tuple(speech or ()),
            changed_only=changed_only,
        )
    out.published(directory, result, quiet=quiet, listed=changed_only or verbose)
