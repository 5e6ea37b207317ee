"""`claimtrack report` and `claimtrack stats`: where everything stands."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import app, choices
from .common import DbOption, JsonFlag, database, user_errors

# the same option in `report` and `publish`
UiLangOption = Annotated[
    str | None,
    typer.Option(
        "--ui-lang",
        help="Language of the labels: kk, ru or en [default: config ui.lang, then the locale]",
        show_default=False,
    ),
]


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"
    claimreview = "claimreview"


class Flag(StrEnum):
    overdue = "overdue"
    due_soon = "due-soon"
    evidence_dead = "evidence-dead"
    evidence_changed = "evidence-changed"
    stale = "stale"


def _format(fmt: Format, json_: bool) -> Format:
    if json_ and fmt not in (Format.table, Format.json):
        raise typer.BadParameter(f"--json cannot be combined with --format {fmt.value}")
    return Format.json if json_ else fmt


@app.command("report")
def report_(
    speech: Annotated[int | None, choices.speech_id("Only this speech", "--speech")] = None,
    kind: Annotated[str | None, choices.kind("Only this kind")] = None,
    rating: Annotated[str | None, choices.rating_option("Only this rating")] = None,
    topic: Annotated[str | None, choices.topic("Only this topic")] = None,
    flag: Annotated[Flag | None, typer.Option(help="Only claims with this flag")] = None,
    search: Annotated[str | None, typer.Option(help="Only claims holding this text")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format")] = Format.table,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to FILE (- or none: stdout)")
    ] = None,
    limit: Annotated[int, typer.Option(help="Claim rows in the table at most")] = 50,
    all_: Annotated[bool, typer.Option("--all", help="Every claim row in the table")] = False,
    wide: Annotated[bool, typer.Option("--wide", help="Full quotes, not shortened")] = False,
    ui_lang: UiLangOption = None,
    db: DbOption = None,
    json_: Annotated[bool, typer.Option("--json", help="Same as --format json")] = False,
) -> None:
    """Dashboard of ratings, deadlines and claims; or the report as JSON, CSV, Markdown,
    HTML or ClaimReview.

    Example: claimtrack report --format html -o report.html
    """
    from .. import files, i18n, report
    from ..claims import Filters
    from ..output import report as out

    fmt = _format(fmt, json_)
    filters = Filters(
        kind=kind,
        rating=rating,
        speech_id=speech,
        topic=topic,
        flag=flag.value if flag else None,
        search=search,
    )
    target = output or files.STDIO
    to_file = not files.is_stdio(target)
    with user_errors():
        source = database(db)
        lang = i18n.resolve(ui_lang, source)
        if fmt is Format.table:
            data = report.dashboard(source, filters, date.today(), None if all_ else limit)
            with files.atomic_write(target, newline="") as fh:
                con = out.file_console(fh) if to_file else None
                out.render(data, wide=wide, con=con, labels=i18n.ui(lang))
            return
        from .. import formats

        with files.atomic_write(target, newline="") as fh:
            n = formats.write(fmt.value, source, filters, date.today(), fh, lang)
    if to_file:
        out.written(target, n, "review" if fmt is Format.claimreview else "claim")


@app.command("stats")
def stats_(db: DbOption = None, json_: JsonFlag = False) -> None:
    """Totals per kind, rating and flag, the kept-rate and the median days overdue."""
    from .. import stats
    from ..output import report as out

    with user_errors():
        data = stats.compute(database(db), date.today())
    out.stats(data, as_json=json_)
