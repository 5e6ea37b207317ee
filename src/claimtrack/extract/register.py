"""Registering extracted candidates as claims of a speech, all in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import DeadlineError, Duplicate
from .classify import Candidate

if TYPE_CHECKING:
    from sqlite_utils import Database

SOURCE = "extract"


@dataclass
class RegisterResult:
    added: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # ids of claims already registered
    filtered: int = 0  # candidates below min_confidence
    notes: list[str] = field(default_factory=list)  # e.g. deadlines that could not be read


def register(
    db: Database,
    speech_id: int,
    candidates: Sequence[Candidate],
    *,
    min_confidence: float = 0.0,
    by: str | None = None,
    now: str | None = None,
) -> RegisterResult:
    """Add candidates as claims of speech `speech_id`; already registered ones are skipped.

    Everything happens in one transaction: an interrupted run leaves nothing behind.
    """
    from ..speeches import get_speech

    get_speech(db, speech_id)
    result = RegisterResult()
    with db.atomic():
        for cand in candidates:
            if cand.confidence < min_confidence:
                result.filtered += 1
                continue
            _register_one(db, speech_id, cand, result, by, now)
    return result


def _register_one(
    db: Database,
    speech_id: int,
    cand: Candidate,
    result: RegisterResult,
    by: str | None,
    now: str | None,
) -> None:
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
