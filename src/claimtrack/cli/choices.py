"""Options and arguments whose values are known: kinds, ratings, flags, stances (listed in
--help and completed by the shell), and ids and topics completed from the database.

The values are checked where they are used (the library's one-line `Error: Unknown kind …`,
exit 1), so a bad value reads like every other bad input. Flags and stances are listed here
because their modules (`flags`, `evidence`) are too heavy to import for `--help`;
tests/test_completion.py checks that the lists agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from .. import config
from ..scales import KINDS, PROMISES, VERDICTS, scale_for

# flags.FLAGS, written out so that --help does not load the database layer (test_choices)
FLAGS = (
    "overdue",
    "due-soon",
    "evidence-dead",
    "evidence-changed",
    "evidence-figure-changed",
    "stale",
)
STANCES = ("supports", "contradicts", "updates", "context", "restates")

Items = list[tuple[str, str]]


def metavar(values: tuple[str, ...]) -> str:
    return "[" + "|".join(values) + "]"


def _offer(values: tuple[str, ...], describe: dict[str, str] | None = None) -> Any:
    def complete(incomplete: str) -> Items:
        return [(v, (describe or {}).get(v, "")) for v in values if v.startswith(incomplete)]

    return complete


def _database(ctx: typer.Context) -> Path:
    """The database the command line being completed names (--db, $CLAIMTRACK_DB)."""
    root = ctx.find_root()
    given = ctx.params.get("db") or root.params.get("db")
    return config.db_path(Path(given) if given else None)


def _from_db(name: str) -> Any:
    def complete(ctx: typer.Context, incomplete: str) -> Items:
        from .. import completion

        found: Items = getattr(completion, name)(_database(ctx), incomplete)
        return found

    return complete


RATING_SCALE = {**dict.fromkeys(VERDICTS, "verdict"), **dict.fromkeys(PROMISES, "promise")}
RATINGS_HELP = (
    f"verdicts {', '.join(VERDICTS)}; promises {', '.join(PROMISES)}"
    " (any case; 'Mostly true' works too)"
)


def kind(help: str, *decls: str) -> Any:
    return typer.Option(*decls, help=help, metavar=metavar(KINDS), autocompletion=_offer(KINDS))


def rating_option(help: str) -> Any:
    return typer.Option(
        help=f"{help}: {RATINGS_HELP}",
        metavar="RATING",
        autocompletion=_offer(VERDICTS + PROMISES, RATING_SCALE),
    )


def _rating_of_claim(ctx: typer.Context, incomplete: str) -> Items:
    """The ratings on the scale of the claim named before (`rate 12 …`), else all."""
    from .. import completion

    claim_id = ctx.params.get("claim_id")
    kind = completion.claim_kind(_database(ctx), claim_id) if claim_id is not None else None
    values = scale_for(kind) if kind in KINDS else VERDICTS + PROMISES
    complete: Items = _offer(values, RATING_SCALE)(incomplete)
    return complete


def rating_argument(help: str) -> Any:
    return typer.Argument(
        help=f"{help}: {RATINGS_HELP}", metavar="RATING", autocompletion=_rating_of_claim
    )


def flag(help: str) -> Any:
    return typer.Option(help=help, metavar=metavar(FLAGS), autocompletion=_offer(FLAGS))


def stance(help: str) -> Any:
    return typer.Option(help=help, metavar=metavar(STANCES), autocompletion=_offer(STANCES))


def topic(help: str) -> Any:
    return typer.Option(help=help, autocompletion=_from_db("topics"))


def claim_id(help: str = "Claim id") -> Any:
    return typer.Argument(help=help, autocompletion=_from_db("claim_ids"))


def speech_id(help: str, *decls: str) -> Any:
    return typer.Option(*decls, help=help, autocompletion=_from_db("speech_ids"))


def speech_argument(help: str = "Speech id") -> Any:
    return typer.Argument(help=help, autocompletion=_from_db("speech_ids"))


def evidence_id(help: str = "Evidence id (see: claimtrack evidence list)") -> Any:
    return typer.Argument(help=help, autocompletion=_from_db("evidence_ids"))


def evidence_option(help: str, *decls: str) -> Any:
    return typer.Option(*decls, help=help, autocompletion=_from_db("evidence_ids"))
