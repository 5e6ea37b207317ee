"""One claim's row: reading and decoding it, resolving its deadline, parsing its figures."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from .db import is_row_id
from .errors import NotFound

if TYPE_CHECKING:
    from sqlite_utils import Database


def decode(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    row["figures"] = json.loads(row["figures"]) if row.get("figures") else []
    if "start" in row:
        row["verbatim"] = row["start"] is not None
    return row


def get_claim(db: Database, claim_id: int, *, removed: bool = True) -> dict[str, Any]:
    """The claim `claim_id`; a retracted one too unless not `removed`."""
    rows = (
        list(db.query("SELECT * FROM claims WHERE id = ?", [claim_id]))
        if is_row_id(claim_id)
        else []
    )
    if not rows:
        raise NotFound(f"No claim with id {claim_id} (see: claimtrack list)")
    if not removed and rows[0]["removed_at"] is not None:
        raise NotFound(
            f"Claim {claim_id} is retracted (see: claimtrack restore {claim_id}, "
            "claimtrack list --removed)"
        )
    return decode(rows[0])


def resolve_deadline(
    phrase: str | None, speech: dict[str, Any], *, until_dated: bool = False
) -> dict[str, str | None]:
    """The deadline window of `phrase` said in `speech`. A relative phrase needs the speech's
    date: without one it is an error, or, `until_dated`, kept with no window until the speech
    gets a date (`speech edit --date` resolves it then)."""
    if phrase is None or not phrase.strip():
        return {"deadline_start": None, "deadline_end": None, "deadline_text": None}
    from .deadlines import resolve_deadline as resolve
    from .errors import DeadlineError

    ref = date.fromisoformat(speech["date"]) if speech.get("date") else None
    try:
        window = resolve(phrase.strip(), ref, speech.get("lang"))
    except DeadlineError:
        if not until_dated or ref is not None:
            raise
        resolve(phrase.strip(), date(2000, 1, 1), speech.get("lang"))  # unreadable: raises
        return {"deadline_start": None, "deadline_end": None, "deadline_text": phrase.strip()}
    return {
        "deadline_start": window.start.isoformat() if window.start else None,
        "deadline_end": window.end.isoformat() if window.end else None,
        "deadline_text": phrase.strip(),
    }


def figures_for(quote: str, lang: str | None) -> list[dict[str, Any]]:
    """Figures parsed from the quote by the extractor's figure parser."""
    from .extract.figures import find_figures

    return [f.to_dict() for f in find_figures(quote, lang or "en")]


def window_text(row: dict[str, Any]) -> str | None:
    """A deadline window as one value for an event: `start..end` (either side may be empty)."""
    start, end = row.get("deadline_start"), row.get("deadline_end")
    return None if start is None and end is None else f"{start or ''}..{end or ''}"


def parse_window(value: str | None) -> dict[str, str | None]:
    start, _, end = (value or "").partition("..")
    return {"deadline_start": start or None, "deadline_end": end or None}
