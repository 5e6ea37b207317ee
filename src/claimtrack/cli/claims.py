"""`claimtrack add/list/show/edit/rate/history`: the claims themselves."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app, choices
from .common import ByOption, DbOption, JsonFlag, NoteOption, database, user_errors

NotVerbatim = Annotated[
    bool,
    typer.Option(
        "--not-verbatim",
        help="The text is a paraphrase, not in the speech: stored as given, without offsets",
    ),
]


@app.command("add")
def add(
    text: Annotated[str, typer.Argument(help="The claim, quoted as spoken")],
    speech: Annotated[int, choices.speech_id("Speech id", "--speech")],
    kind: Annotated[str, choices.kind("The kind of claim")],
    deadline: Annotated[
        str | None, typer.Option(help="Deadline phrase, e.g. 'келесі жылы сәуірде', 'by 2030'")
    ] = None,
    topic: Annotated[str | None, choices.topic("Topic, e.g. transport")] = None,
    not_verbatim: NotVerbatim = False,
    by: ByOption = None,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Register a claim of a speech; its offsets are found in the speech text.

    Example: claimtrack add "келесі жылы сәуірде Өңірлік саммит өткізуді жоспарлап отыр"
    --speech 1 --kind commitment --deadline "келесі жылы сәуірде"
    """
    from .. import claims
    from ..output import claims as out

    with user_errors():
        row = claims.add_claim(
            database(db),
            speech_id=speech,
            quote=text,
            kind=kind,
            deadline=deadline,
            topic=topic,
            by=by,
            verbatim=not not_verbatim,
        )
    out.added(row, as_json=json_)


@app.command("list")
def list_(
    kind: Annotated[str | None, choices.kind("Only this kind")] = None,
    rating: Annotated[str | None, choices.rating_option("Only this rating")] = None,
    speech: Annotated[int | None, choices.speech_id("Only this speech", "--speech")] = None,
    topic: Annotated[str | None, choices.topic("Only this topic")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue commitments")] = False,
    flag: Annotated[str | None, choices.flag("Only claims with this flag")] = None,
    search: Annotated[str | None, typer.Option(help="Text to find (any case)")] = None,
    removed: Annotated[
        bool, typer.Option("--removed", help="The retracted claims instead (claimtrack rm)")
    ] = False,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """List claims, filtered.

    Example: claimtrack list --kind commitment --search ТЕМІРЖОЛ
    """
    from .. import claims
    from ..output import claims as out

    filters = claims.Filters(
        kind=kind,
        rating=rating,
        speech_id=speech,
        topic=topic,
        overdue=overdue,
        search=search,
        flag=flag,
        removed=removed,
    )
    with user_errors():
        rows = claims.iter_claims(database(db), filters)
    out.listing(rows, as_json=json_)


@app.command("show")
def show(
    claim_id: Annotated[int, choices.claim_id()],
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Show a claim in its sentence, with figures, deadline, evidence and history."""
    from .. import claims
    from ..output import claims as out

    with user_errors():
        detail = claims.claim_detail(database(db), claim_id)
    out.detail(detail, as_json=json_)


@app.command("edit")
def edit(
    claim_id: Annotated[int, choices.claim_id()],
    text: Annotated[str | None, typer.Option("--text", help="New quote")] = None,
    kind: Annotated[str | None, choices.kind("New kind")] = None,
    topic: Annotated[str | None, choices.topic("New topic")] = None,
    deadline: Annotated[str | None, typer.Option(help="New deadline phrase ('' clears)")] = None,
    summary: Annotated[
        str | None, typer.Option(help="Short summary, at most 75 characters ('' clears)")
    ] = None,
    rating: Annotated[
        str | None, typer.Option(help="New rating (with --kind: on the new kind's scale)")
    ] = None,
    not_verbatim: NotVerbatim = False,
    note: NoteOption = None,
    by: ByOption = None,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Edit a claim's quote, kind, topic, deadline or summary; each change is recorded.

    A kind on the other scale (commitment <-> quantitative or statement) moves the rating to
    that scale's default, or to --rating; the old rating stays in the history.
    Example: claimtrack edit 4 --deadline "2026 жылдың соңына дейін" --note "per ministry"
    """
    from .. import claims
    from ..output import claims as out

    given = {
        "quote": text,
        "kind": kind,
        "topic": topic,
        "deadline": deadline,
        "summary": summary,
    }
    changes = {k: (v or None) for k, v in given.items() if v is not None}
    with user_errors():
        row = claims.edit_claim(
            database(db),
            claim_id,
            changes,
            rating=rating,
            note=note,
            by=by,
            verbatim=not not_verbatim,
        )
    out.added(row, as_json=json_, verb="Updated")


@app.command("rate")
def rate(
    claim_id: Annotated[int, choices.claim_id()],
    rating: Annotated[str, choices.rating_argument("A rating on the claim's scale")],
    note: NoteOption = None,
    evidence: Annotated[
        list[int] | None, choices.evidence_option("Evidence behind it (repeatable)", "--evidence")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The date the rating holds as of, YYYY-MM-DD (default: now)"),
    ] = None,
    by: ByOption = None,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Rate a claim: verdicts for claims, promise ratings for commitments.

    Verdicts: unrated true mostly-true half-true mostly-false false misleading unverifiable.
    Promises: not-yet-rated in-the-works stalled compromise kept broken.
    A claim grouped with others (link --same-as) rates the whole group.
    Example: claimtrack rate 12 kept --note "Chair since 8 Jan 2026" --evidence 31
    """
    from .. import claims
    from ..output import claims as out

    with user_errors():
        row = claims.rate_claim(
            database(db), claim_id, rating, note=note, evidence_ids=evidence, by=by, as_of=as_of
        )
    out.added(row, as_json=json_, verb="Rated")


@app.command("history")
def history(
    claim_id: Annotated[int, choices.claim_id()],
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Show every change to a claim: ratings, edits, flags, evidence."""
    from .. import claims
    from ..output import claims as out

    with user_errors():
        rows = claims.history(database(db), claim_id)
    out.history(rows, as_json=json_)
