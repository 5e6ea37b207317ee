"""`claimtrack refresh` (for cron), `review`, and `evidence diff`."""

from __future__ import annotations

import contextlib
import sys
from datetime import UTC, datetime
from typing import Annotated

import typer

from ..errors import InvalidInput
from . import app, choices
from .common import (
    ByOption,
    DbOption,
    JsonFlag,
    NoteOption,
    QuietFlag,
    VerboseFlag,
    database,
    user_errors,
)
from .evidence import evidence_app

FAIL_ON_EXIT = 3
WAIT_SECONDS = 3600.0  # --wait: an hour, then exit 75 (a stuck refresh never piles up runs)


def parse_now(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            f"--now '{value}' is not an ISO date or time (e.g. 2026-05-01)"
        ) from None
    if not 1900 <= parsed.year <= 2200:
        raise InvalidInput(f"--now '{value}' is out of range (use a year from 1900 to 2200)")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_fail_on(value: str | None) -> tuple[str, ...]:
    from ..flags import FLAGS

    names = tuple(n.strip() for n in (value or "").split(",") if n.strip())
    unknown = [n for n in names if n not in FLAGS]
    if unknown:
        raise InvalidInput(f"Unknown flag '{unknown[0]}' in --fail-on (use: {', '.join(FLAGS)})")
    return names


def waiting(wait: bool, timeout: float | None) -> float:
    """Seconds to wait for another refresh's lock: --wait-timeout, else --wait's hour, else 0."""
    if timeout is not None:
        return timeout
    return WAIT_SECONDS if wait else 0.0


@app.command("refresh")
def refresh(
    no_fetch: Annotated[bool, typer.Option("--no-fetch", help="Only recompute flags")] = False,
    now: Annotated[str | None, typer.Option(help="Pretend it is this time (ISO)")] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print what would change; change nothing (no fetching)"),
    ] = False,
    concurrency: Annotated[int | None, typer.Option(help="Fetches in flight")] = None,
    per_host: Annotated[int | None, typer.Option("--per-host", help="Per host")] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow loopback/private addresses (unsafe)")
    ] = False,
    wait: Annotated[
        bool, typer.Option("--wait", help="Wait for a running refresh (up to --wait-timeout)")
    ] = False,
    wait_timeout: Annotated[
        float | None,
        typer.Option(
            "--wait-timeout",
            min=0,
            help=f"Seconds to wait for a running refresh, then exit 75 (implies --wait;"
            f" default {WAIT_SECONDS:g}; 0: do not wait)",
        ),
    ] = None,
    fail_on: Annotated[
        str | None, typer.Option("--fail-on", help="Exit 3 if any claim has these flags")
    ] = None,
    quiet: QuietFlag = False,
    verbose: VerboseFlag = False,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Re-fetch due evidence and recompute flags; prints only what changed (for cron).

    Example (crontab): 17 3 * * * cd /srv/factcheck && claimtrack refresh --fail-on evidence-dead
    """
    from .. import config, lock
    from .. import refresh as lib
    from ..output import message
    from ..output import refresh as out

    with user_errors():
        when = parse_now(now)
        failing = parse_fail_on(fail_on)
        database_ = database(db)  # first: a path with no database is an error, not a lock file
        tty = sys.stderr.isatty() and not quiet and not json_
        # a dry run writes nothing (it works on a copy): no need to wait for a running refresh
        locked = (
            contextlib.nullcontext()
            if dry_run
            else lock.exclusive(config.db_path(db), wait=waiting(wait, wait_timeout))
        )
        with locked, out.progress(tty) as bar:
            opts = lib.Options(
                fetch=not no_fetch,
                concurrency=concurrency,
                per_host=per_host,
                allow_private=allow_private or None,
                progress=bar,
                dry_run=dry_run,
                fail_on=failing,
                warn=None if quiet else message,
            )
            result = lib.run(database_, when, opts)
    try:
        out.changes(result, as_json=json_, quiet=quiet, verbose=verbose)
    finally:  # also when stdout was closed (`refresh | head -1`): the finding still counts
        if result.present:
            out.failed_on(result.failing)
            raise typer.Exit(FAIL_ON_EXIT)


@app.command("review")
def review(
    claim_id: Annotated[int, choices.claim_id()],
    note: NoteOption = None,
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Record that a person looked at a claim (clears evidence-changed and stale).

    Example: claimtrack review 9 --note "new figures do not change the verdict" --by dana
    """
    from .. import claims
    from ..output import message

    with user_errors():
        claims.review_claim(database(db), claim_id, note=note, by=by)
    message(f"Reviewed claim {claim_id}")


@evidence_app.command("diff")
def diff(
    evidence_id: Annotated[int, choices.evidence_id()],
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Show what changed between the last two distinct main texts of an evidence page."""
    from .. import diffs
    from ..output import refresh as out

    with user_errors():
        result = diffs.evidence_diff(database(db), evidence_id)
    out.diff(result, as_json=json_)
