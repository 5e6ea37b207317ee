"""`claimtrack evidence fetch|show|snapshot|import|export`: fetch and preserve evidence pages.

The fetch engine (httpx, trafilatura) and the rendering (rich) are imported inside the
commands, so `--help` and other commands stay fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from . import choices
from .common import DbOption, JsonFlag, QuietFlag, VerboseFlag, database, user_errors
from .evidence import evidence_app

EvidenceId = Annotated[int, choices.evidence_id()]


@evidence_app.command("fetch")
def fetch(
    claim: Annotated[int | None, typer.Option("--claim", help="Only this claim's evidence")] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Fetch every page, not only new and failed ones")
    ] = False,
    concurrency: Annotated[
        int | None,
        typer.Option("--concurrency", min=1, help="Fetches in flight [fetch.concurrency]"),
    ] = None,
    per_host: Annotated[
        int | None,
        typer.Option("--per-host", min=1, help="Fetches in flight per host [fetch.per_host]"),
    ] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow loopback/private addresses (unsafe)")
    ] = False,
    quiet: QuietFlag = False,
    verbose: VerboseFlag = False,
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Fetch new evidence pages and those that failed (all with --all); store what they say.

    Example: claimtrack evidence fetch --claim 3 --concurrency 16
    """
    from .. import config, lock
    from ..fetch.store import configured, pages_of_claim
    from ..output import fetching as out
    from ..output import message
    from ..refresh import fetch_evidence

    def waiting(other: str) -> None:
        if not quiet:
            message(f"Waiting for the {other} running on {config.db_path(db)} to finish…")

    with user_errors():
        conn = database(db)
        # one run at a time: a second fetch waits, then finds the pages the first stored
        with lock.exclusive(
            config.db_path(db), wait=True, holder="evidence fetch", on_wait=waiting
        ):
            cfg: dict[str, Any] = configured(conn)
            summary = fetch_evidence(
                conn,
                pages_of_claim(conn, claim) if claim is not None else None,
                all=all_,
                concurrency=concurrency or cfg["concurrency"],
                per_host=per_host or cfg["per_host"],
                allow_private=allow_private or cfg["allow_private"],
                max_bytes=cfg["max_bytes"],
                timeout=cfg["timeout"],
                on_warning=message,
            )
    out.summary(summary, as_json=json_, quiet=quiet, verbose=verbose)


@evidence_app.command("extract")
def extract(
    db: DbOption = None,
    json_: JsonFlag = False,
    quiet: QuietFlag = False,
    verbose: VerboseFlag = False,
) -> None:
    """Extract the main texts that big fetch runs left pending.

    A big `evidence fetch` or `refresh` stores every body at once but, when trafilatura
    falls behind the network, leaves the main text of new pages for later. This command
    extracts them from the stored snapshots, on every CPU. Safe to interrupt.

    Example: claimtrack refresh && claimtrack evidence extract --quiet
    """
    from ..fetch.backlog import extract_pending
    from ..output import fetching as out

    with user_errors():
        summary = extract_pending(database(db))
    out.backlog(summary, as_json=json_, quiet=quiet, verbose=verbose)


@evidence_app.command("show")
def show(evidence_id: EvidenceId, db: DbOption = None, json_: JsonFlag = False) -> None:
    """Show an evidence page: title, final URL, status, dates and a main-text excerpt."""
    from ..fetch.store import evidence_detail
    from ..output import fetching as out

    with user_errors():
        row = evidence_detail(database(db), evidence_id)
    out.detail(row, as_json=json_)


@evidence_app.command("snapshot")
def snapshot(
    evidence_id: EvidenceId,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to FILE (- or none: stdout)")
    ] = None,
    db: DbOption = None,
) -> None:
    """Write the stored body of an evidence page (as fetched, uncompressed)."""
    from ..fetch.store import evidence_snapshot
    from ..output import fetching as out

    with user_errors():
        body, _ = evidence_snapshot(database(db), evidence_id)
        out.snapshot(body, output)


@evidence_app.command("import")
def import_(
    evidence_id: EvidenceId,
    file: Annotated[Path, typer.Argument(help="A saved HTML, PDF or WARC file (- = stdin)")],
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Store a page saved by hand (HTML, PDF or WARC) as the evidence's snapshot.

    Example: claimtrack evidence import 12 ~/Downloads/article.html
    """
    from ..fetch.importer import import_file
    from ..output import fetching as out

    with user_errors():
        row = import_file(database(db), evidence_id, file)
    out.detail(row, as_json=json_)


@evidence_app.command("export")
def export(
    warc: Annotated[
        Path, typer.Option("--warc", help="WARC file to write (gzipped records; - = stdout)")
    ],
    db: DbOption = None,
) -> None:
    """Export every stored snapshot as a WARC file.

    Example: claimtrack evidence export --warc evidence.warc.gz
    """
    from .. import files
    from ..fetch.warc import export_warc
    from ..output import fetching as out

    with user_errors():
        source = database(db)
        with files.atomic_write(warc, binary=True) as fh:
            count = export_warc(source, fh)
    out.exported(count, warc)
