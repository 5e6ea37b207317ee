"""Registering extracted candidates as claims of a speech, all in one transaction.

A candidate's deadline is resolved by `claimrow.resolve_deadline` against the speech, as
`preview_window` does for the preview: what `extract` shows is what `--register` stores. A
relative deadline of an undated speech is kept as a phrase without a window until the speech
gets a date (`speech edit --date` resolves it then)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import DeadlineError, Duplicate
from .classify import Candidate

if TYPE_CHECKING:
    from sqlite_utils import Database

SOURCE = "extract"
# `extract --register` without --review registers candidates at least this confident
DEFAULT_MIN_CONFIDENCE = 0.5


@dataclass
class RegisterResult:
    added: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # ids of claims already registered
    filtered: int = 0  # candidates below min_confidence
    statements: int = 0  # statements left out (not asked for)
    notes: list[str] = field(default_factory=list)  # e.g. deadlines that could not be read


def preview_window(cand: Candidate, ref: date | None, lang: str | None) -> dict[str, str | None]:
    """The deadline window `register` stores for `cand` in a speech of date `ref`."""
    from ..claimrow import resolve_deadline

    speech = {"date": ref.isoformat() if ref else None, "lang": lang}
    try:
        return resolve_deadline(cand.deadline_text, speech, until_dated=True)
    except DeadlineError:
        return {"deadline_start": None, "deadline_end": None, "deadline_text": None}


def register(
    db: Database,
    speech_id: int,
    candidates: Sequence[Candidate],
    *,
    min_confidence: float = 0.0,
    statements: bool = True,
    by: str | None = None,
    now: str | None = None,
) -> RegisterResult:
    """Add candidates as claims of speech `speech_id`; already registered ones (by the
    duplicate rule of `add`) are skipped; statements only with `statements`.

    Everything happens in one transaction: an interrupted run leaves nothing behind.
    """
    from ..speeches import get_speech

    get_speech(db, speech_id)
    result = RegisterResult()
    with db.atomic():
        for cand in candidates:
            if cand.confidence < min_confidence:
                result.filtered += 1
            elif cand.kind == "statement" and not statements:
                result.statements += 1
            else:
                register_one(db, speech_id, cand, result, by, now)
    return result


def register_one(
    db: Database,
    speech_id: int,
    cand: Candidate,
    result: RegisterResult,
    by: str | None,
    now: str | None,
) -> None:
    """Add one candidate (inside the caller's transaction), noting the outcome in `result`."""
    from ..claims import add_claim

    figures = [f.to_dict() for f in cand.figures]
    deadline = cand.deadline_text

    def add(phrase: str | None) -> dict[str, Any]:
        return add_claim(
            db,
            speech_id=speech_id,
            quote=cand.quote,
            kind=cand.kind,
            deadline=phrase,
            topic=None,
            by=by,
            figures=figures,
            source=SOURCE,
            now=now,
            until_dated=True,
        )

    try:
        try:
            row = add(deadline)
        except DeadlineError:
            result.notes.append(
                f"Registered without a deadline: could not read '{deadline}' "
                f"(set it with: claimtrack edit ID --deadline …)"
            )
            row = add(None)
    except Duplicate as dup:
        result.skipped.append(dup.existing_id)
        return
    result.added.append(int(row["id"]))
