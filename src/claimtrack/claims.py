"""Claims: registering and listing them, with every change an event.

Editing and rating live in `editing.py`, retraction in `retract.py`, undo in `undo.py`,
same-promise groups in `groups.py`; placing a quote and the duplicate rule in `quotes.py`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from . import events, scales
from .claimrow import decode, figures_for, get_claim, resolve_deadline
from .db import is_row_id, transaction, utcnow
from .editing import EDITABLE, edit_claim, rate_claim, review_claim
from .errors import Duplicate, InvalidInput
from .quotes import (
    MAX_QUOTE,
    as_spoken,
    check_quote,
    duplicate_message,
    duplicate_of,
    locate,
    require_verbatim,
    sentence_of,
)
from .speeches import get_speech
from .text import fold, strip_controls

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = [
    "EDITABLE",
    "MAX_QUOTE",
    "Filters",
    "add_claim",
    "claim_detail",
    "decode",
    "edit_claim",
    "figures_for",
    "get_claim",
    "history",
    "iter_claims",
    "list_claims",
    "locate",
    "rate_claim",
    "resolve_deadline",
    "review_claim",
    "sentence_of",
]


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    rating: str | None = None
    speech_id: int | None = None
    topic: str | None = None
    overdue: bool = False
    search: str | None = None
    flag: str | None = None
    removed: bool = False  # the retracted claims instead of the others


def add_claim(
    db: Database,
    *,
    speech_id: int,
    quote: str,
    kind: str,
    deadline: str | None = None,
    topic: str | None = None,
    by: str | None = None,
    figures: list[dict[str, Any]] | None = None,
    source: str = "manual",
    now: str | None = None,
    verbatim: bool = True,
    until_dated: bool = False,
) -> dict[str, Any]:
    """Register a claim of a speech; a claim whose text equals or is contained in one the
    speech has (`quotes.duplicate_of`) is refused with that claim's id.

    The quote must be in the speech's text (see `locate`), unless not `verbatim` (a
    paraphrase, stored as given, without offsets). `until_dated`: see `resolve_deadline`."""
    scales.check_kind(kind)
    check_quote(quote)
    speech = get_speech(db, speech_id)
    typed = quote
    quote, span = as_spoken(quote, speech)
    # as typed (another case) or as found (other dashes): the same claim
    found = duplicate_of(db, speech_id, (quote, typed))
    if found is not None:
        raise Duplicate(duplicate_message(found), int(found["id"]))
    require_verbatim(span, speech, verbatim)
    now = now or utcnow()
    row: dict[str, Any] = {
        "speech_id": speech_id,
        "kind": kind,
        "quote": quote,
        "start": span[0] if span else None,
        "end": span[1] if span else None,
        "norm": fold(quote),
        "topic": topic.strip().lower() if topic else None,
        **resolve_deadline(deadline, speech, until_dated=until_dated),
        "figures": json.dumps(
            figures if figures is not None else figures_for(quote, speech.get("lang")),
            ensure_ascii=False,
        ),
        "rating": scales.default_rating(kind),
        "source": source,
        "created_at": now,
        "updated_at": now,
    }
    with transaction(db):
        row["id"] = db.table("claims").insert(row).last_pk
        events.Change(db, now, by).record("created", claim_id=row["id"], new=kind)
    return decode(row)


def claim_detail(db: Database, claim_id: int) -> dict[str, Any]:
    """Everything `show` prints: the claim, its sentence, speech, evidence, flags, history."""
    from .evidence import list_evidence
    from .groups import members

    claim = get_claim(db, claim_id)
    speech = get_speech(db, claim["speech_id"])
    if claim["start"] is not None:
        sentence, qs, qe = sentence_of(speech["text"], claim["start"], claim["end"])
        claim["sentence"] = {"text": sentence, "quote_start": qs, "quote_end": qe}
    else:
        claim["sentence"] = None
    claim["speech"] = {k: speech[k] for k in ("id", "title", "speaker", "date", "lang", "url")}
    claim["evidence"] = list_evidence(db, claim_id)
    claim["flags"] = [
        r["flag"]
        for r in db.query("SELECT flag FROM flags WHERE claim_id = ? ORDER BY flag", [claim_id])
    ]
    claim["group"] = [m["id"] for m in members(db, claim)]
    claim["history"] = events.for_claims(db, claim["group"] or [claim_id])
    claim["figure_marks"] = _figure_marks(db, claim)
    return claim


def _figure_marks(db: Database, claim: dict[str, Any]) -> list[dict[str, Any]]:
    """Each figure of the claim with ✓ / ✗ / ? per evidence link (`evidence match`)."""
    if not claim["figures"] or not claim["evidence"]:
        return []
    from .verify import figure_marks

    return figure_marks(db, claim["id"])


LIST_SQL = """
SELECT c.*, (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id) AS evidence_count,
 (SELECT group_concat(flag, ',') FROM flags f WHERE f.claim_id = c.id) AS flag_list
FROM claims c
"""


def list_claims(db: Database, filters: Filters, today: date | None = None) -> list[dict[str, Any]]:
    """The claims matching `filters`, as a list (see `iter_claims`)."""
    return list(iter_claims(db, filters, today))


def iter_claims(
    db: Database, filters: Filters, today: date | None = None
) -> Iterator[dict[str, Any]]:
    """The claims matching `filters`, one at a time from the database's cursor (memory stays
    flat however many match); a same-promise group is one row, its first claim's, with every
    matching member's quote in `quotes` and their ids in `group`."""
    if filters.speech_id is not None:
        get_speech(db, filters.speech_id)  # an unknown speech: an error, not "no claims match"
    where, params = _where(filters, today or date.today(), one_per_group=False)
    return _rows(db, where, params)  # the filters checked now, the rows read as they are used


def _rows(db: Database, where: str, params: list[Any]) -> Iterator[dict[str, Any]]:
    order = "ORDER BY c.speech_id, c.id"
    seen: set[int] = set()  # groups already given (one id each: a few, not one per row)
    for row in db.query(f"{LIST_SQL} {where} {order}", params):
        gid = row.get("group_id")
        if gid in seen:
            continue
        row = _listed(row)
        group = [row]
        if gid is not None:
            seen.add(gid)
            sql = f"{LIST_SQL} {where} AND c.group_id = ? {order}"
            group = [_listed(m) for m in db.query(sql, [*params, gid])]
        row["quotes"], row["group"] = [m["quote"] for m in group], [m["id"] for m in group]
        yield row


def _listed(row: dict[str, Any]) -> dict[str, Any]:
    row = decode(row)
    row["flags"] = sorted(row.pop("flag_list").split(",")) if row["flag_list"] else []
    return row


# A same-promise group counted once: by its first claim that matches the speech filter.
ONE_PER_GROUP = (
    "(c.group_id IS NULL OR c.id = (SELECT min(g.id) FROM claims g WHERE g.group_id ="
    " c.group_id AND g.removed_at IS NULL AND (? IS NULL OR g.speech_id = ?)))"
)


def _where(f: Filters, today: date, *, one_per_group: bool = True) -> tuple[str, list[Any]]:
    """The SQL filter of `f` over claims `c`: retracted claims only with `removed`, the
    others otherwise; a same-promise group once unless not `one_per_group`."""
    clauses: list[str] = [f"c.removed_at IS {'NOT ' if f.removed else ''}NULL"]
    params: list[Any] = []
    if one_per_group and not f.removed:
        clauses.append(ONE_PER_GROUP)
        params += [f.speech_id, f.speech_id]
    if f.kind:
        clauses.append("c.kind = ?")
        params.append(scales.check_kind(f.kind))
    if f.rating:
        rating = scales.normal_rating(f.rating)
        if rating not in scales.VERDICTS + scales.PROMISES:
            raise InvalidInput(f"Unknown rating '{f.rating}' (see: claimtrack rate --help)")
        clauses.append("c.rating = ?")
        params.append(rating)
    if f.speech_id is not None:
        clauses.append("c.speech_id = ?")
        params.append(f.speech_id if is_row_id(f.speech_id) else None)  # None matches nothing
    if f.topic:
        clauses.append("c.topic = ?")
        params.append(f.topic.strip().lower())
    if f.search:
        from .search import claim_filter

        clause, values = claim_filter(f.search)
        clauses.append(clause)
        params += values
    if f.overdue:
        resolved = ",".join("?" * len(scales.RESOLVED_PROMISES))
        clauses.append(
            f"c.kind = 'commitment' AND c.deadline_end < ? AND c.rating NOT IN ({resolved})"
        )
        params += [today.isoformat(), *scales.RESOLVED_PROMISES]
    if f.flag:
        from .flags import FLAGS

        if f.flag not in FLAGS:
            raise InvalidInput(f"Unknown flag '{f.flag}' (use one of: {', '.join(FLAGS)})")
        clauses.append("EXISTS (SELECT 1 FROM flags f WHERE f.claim_id = c.id AND f.flag = ?)")
        params.append(f.flag)
    return "WHERE " + " AND ".join(clauses), params


def history(db: Database, claim_id: int) -> list[dict[str, Any]]:
    """Every event of the claim, and of the claims grouped with it (`link --same-as`)."""
    from .groups import members

    claim = get_claim(db, claim_id)
    return events.for_claims(db, [m["id"] for m in members(db, claim)] or [claim_id])


def safe_text(value: str) -> str:
    """Claim text as it may be shown in a terminal."""
    return strip_controls(value)
