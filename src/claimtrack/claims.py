"""Claims: registering, listing, editing and rating them, with every change an event."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from . import events, scales
from .db import is_row_id, transaction, utcnow
from .errors import Duplicate, InvalidInput, NotFound
from .speeches import get_speech
from .text import fold, strip_controls

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_QUOTE = 20_000


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    rating: str | None = None
    speech_id: int | None = None
    topic: str | None = None
    overdue: bool = False
    search: str | None = None
    flag: str | None = None


# Characters a quote typed by hand often has in another form than the speech: a hyphen for
# a dash (with or without spaces around it), straight quotation marks for «» or curly ones.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_QUOTES = "\"'«»“”„‟‘’‚‛`´"
_TOKEN = re.compile(rf"\s*[{re.escape(_DASHES)}]+\s*|\s+|.", re.DOTALL)


def _loose(token: str) -> str:
    # possessive quantifiers (*+, ++): no backtracking, so a quote of many spaced dashes
    # that is not in the speech costs a linear scan, not 2^n tries
    if token.strip() and token.strip()[0] in _DASHES:
        return rf"\s*+[{re.escape(_DASHES)}]++\s*+"  # "-", "--", " - " for "–" or "—"
    if token.isspace():
        return r"\s++"
    if token in _QUOTES:
        return f"[{re.escape(_QUOTES)}]"
    return re.escape(token)


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """Offsets of `quote` in `text`: exact first, then ignoring differences in whitespace,
    dashes (- -- – —, spaced or not) and quotation marks (" « » “ ”). The caller stores the
    speech's own characters, not the quote as typed. A quote with no letter or digit is
    only ever found exactly."""
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    quote = quote.strip()
    if not any(ch.isalnum() for ch in quote):
        return None
    pattern = "".join(_loose(m.group()) for m in _TOKEN.finditer(quote))
    found = re.search(pattern, text)
    if found is None:
        return None
    start, end = found.span()
    while start < end and text[start].isspace():  # a dash token takes the spaces around it
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def resolve_deadline(phrase: str | None, speech: dict[str, Any]) -> dict[str, str | None]:
    if phrase is None or not phrase.strip():
        return {"deadline_start": None, "deadline_end": None, "deadline_text": None}
    from .deadlines import resolve_deadline as resolve

    ref = date.fromisoformat(speech["date"]) if speech.get("date") else None
    window = resolve(phrase.strip(), ref, speech.get("lang"))
    return {
        "deadline_start": window.start.isoformat() if window.start else None,
        "deadline_end": window.end.isoformat() if window.end else None,
        "deadline_text": phrase.strip(),
    }


def figures_for(quote: str, lang: str | None) -> list[dict[str, Any]]:
    """Figures parsed from the quote by the extractor's figure parser."""
    from .extract.figures import find_figures

    return [f.to_dict() for f in find_figures(quote, lang or "en")]


def _check_quote(quote: str) -> str:
    if not strip_controls(quote).strip():
        raise InvalidInput("The claim text is empty (only spaces or invisible characters)")
    if len(quote) > MAX_QUOTE:
        raise InvalidInput(f"The claim text is {len(quote)} characters; the limit is {MAX_QUOTE}")
    if "\x00" in quote:
        raise InvalidInput("The claim text contains a NUL byte")
    return quote


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
) -> dict[str, Any]:
    """Register a claim of a speech; the same claim twice is refused with the existing id.

    The quote must be in the speech's text (see `locate`), unless not `verbatim` (a
    paraphrase, stored as given, without offsets)."""
    scales.check_kind(kind)
    _check_quote(quote)
    speech = get_speech(db, speech_id)
    typed = fold(quote)
    quote, span = _as_spoken(quote, speech)
    norm = fold(quote)
    # as typed (another case) or as found (other dashes): the same claim
    found = _same_claim(db, speech_id, (norm, typed))
    if found is not None:
        raise Duplicate(f"This claim is already registered as claim {found}", found)
    _require_verbatim(span, speech, verbatim)
    now = now or utcnow()
    row: dict[str, Any] = {
        "speech_id": speech_id,
        "kind": kind,
        "quote": quote,
        "start": span[0] if span else None,
        "end": span[1] if span else None,
        "norm": norm,
        "topic": topic.strip().lower() if topic else None,
        **resolve_deadline(deadline, speech),
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
        events.record(db, at=now, type="created", claim_id=row["id"], new=kind, by=by)
    return decode(row)


def _as_spoken(quote: str, speech: dict[str, Any]) -> tuple[str, tuple[int, int] | None]:
    """The quote in the speech's own characters and its offsets (`locate`), or as typed and
    None when it is not in the speech."""
    span = locate(quote, speech["text"])
    return (speech["text"][span[0] : span[1]] if span else quote), span


def _same_claim(
    db: Database, speech_id: int, norms: tuple[str, ...], but: int | None = None
) -> int | None:
    """The id of a claim of the speech whose folded quote is one of `norms` (not `but`)."""
    marks = ", ".join("?" * len(norms))
    row = db.execute(
        f"SELECT id FROM claims WHERE speech_id = ? AND norm IN ({marks}) AND id IS NOT ?",
        [speech_id, *norms, but],
    ).fetchone()
    return None if row is None else int(row[0])


def _require_verbatim(span: tuple[int, int] | None, speech: dict[str, Any], verbatim: bool) -> None:
    """A quote not found in the speech (`span` None) is an error unless not `verbatim`."""
    if span is None and verbatim:
        raise InvalidInput(
            f"The quote is not in the text of speech {speech['id']} (compared ignoring spaces, "
            "dashes and quotation marks): copy it from the speech, or pass --not-verbatim to "
            "register a paraphrase without offsets"
        )


def decode(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    row["figures"] = json.loads(row["figures"]) if row.get("figures") else []
    return row


def get_claim(db: Database, claim_id: int) -> dict[str, Any]:
    rows = (
        list(db.query("SELECT * FROM claims WHERE id = ?", [claim_id]))
        if is_row_id(claim_id)
        else []
    )
    if not rows:
        raise NotFound(f"No claim with id {claim_id} (see: claimtrack list)")
    return decode(rows[0])


def sentence_of(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence around text[start:end], and the quote's offsets within it."""
    left = max(text.rfind(ch, 0, start) for ch in ".!?\n")
    left = left + 1 if left >= 0 else 0
    rights = [i for i in (text.find(ch, end) for ch in ".!?\n") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    while left < start and text[left].isspace():
        left += 1
    return text[left:right].rstrip(), start - left, end - left


def claim_detail(db: Database, claim_id: int) -> dict[str, Any]:
    """Everything `show` prints: the claim, its sentence, speech, evidence, flags, history."""
    from .evidence import list_evidence

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
    claim["history"] = events.for_claim(db, claim_id)
    return claim


def list_claims(db: Database, filters: Filters, today: date | None = None) -> list[dict[str, Any]]:
    if filters.speech_id is not None:
        get_speech(db, filters.speech_id)  # an unknown speech: an error, not "no claims match"
    where, params = _where(filters, today or date.today())
    sql = (
        "SELECT c.*, (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id) AS evidence_count,"
        " (SELECT group_concat(flag, ',') FROM flags f WHERE f.claim_id = c.id) AS flag_list"
        f" FROM claims c {where} ORDER BY c.speech_id, c.id"
    )
    out = []
    for row in db.query(sql, params):
        row = decode(row)
        row["flags"] = sorted(row.pop("flag_list").split(",")) if row["flag_list"] else []
        out.append(row)
    return out


def _where(f: Filters, today: date) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
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
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


EDITABLE = ("quote", "kind", "topic", "deadline")


def edit_claim(
    db: Database,
    claim_id: int,
    changes: dict[str, str | None],
    *,
    note: str | None = None,
    by: str | None = None,
    now: str | None = None,
    verbatim: bool = True,
) -> dict[str, Any]:
    """Change a claim's quote, kind, topic or deadline; each changed field is an event. A new
    quote must be in the speech's text unless not `verbatim` (as for `add_claim`)."""
    if not changes:
        raise InvalidInput("Nothing to change: give --text, --kind, --topic or --deadline")
    claim = get_claim(db, claim_id)
    speech = get_speech(db, claim["speech_id"])
    update: dict[str, Any] = {}
    logged: list[tuple[str, Any, Any]] = []
    for field, value in changes.items():
        if field not in EDITABLE:
            raise InvalidInput(f"Cannot edit '{field}' (editable: {', '.join(EDITABLE)})")
        update.update(_edit_field(db, claim, speech, field, value, verbatim))
        value = update.get("quote", value) if field == "quote" else value
        old = claim["deadline_text"] if field == "deadline" else claim[field]
        if old != value:
            logged.append((field, old, value))
    if not logged:
        return claim
    now = now or utcnow()
    update["updated_at"] = now
    with transaction(db):
        db.table("claims").update(claim_id, update)
        for field, old, new in logged:
            events.record(
                db,
                at=now,
                type="edit",
                claim_id=claim_id,
                field=field,
                old=old,
                new=new,
                note=note,
                by=by,
            )
    return get_claim(db, claim_id)


def _edit_field(
    db: Database,
    claim: dict[str, Any],
    speech: dict[str, Any],
    field: str,
    value: str | None,
    verbatim: bool,
) -> dict[str, Any]:
    if field == "quote":
        quote, span = _as_spoken(_check_quote(value or ""), speech)
        _require_verbatim(span, speech, verbatim)
        other = _same_claim(db, claim["speech_id"], (fold(quote),), but=claim["id"])
        if other is not None:
            raise Duplicate(f"Claim {other} already has this text", other)
        return {
            "quote": quote,
            "norm": fold(quote),
            "start": span[0] if span else None,
            "end": span[1] if span else None,
        }
    if field == "kind":
        kind = scales.check_kind(value or "")
        out: dict[str, Any] = {"kind": kind}
        if claim["rating"] not in scales.scale_for(kind):
            raise InvalidInput(
                f"Claim {claim['id']} is rated '{claim['rating']}', which is not on the {kind} "
                f"scale; rate it first (see: claimtrack rate --help)"
            )
        return out
    if field == "topic":
        return {"topic": value.strip().lower() if value else None}
    return resolve_deadline(value, speech)


def rate_claim(
    db: Database,
    claim_id: int,
    rating: str,
    *,
    note: str | None = None,
    evidence_ids: list[int] | None = None,
    by: str | None = None,
    now: str | None = None,
) -> dict[str, Any]:
    """Set a claim's rating on its scale; every move is an event (also back and forth)."""
    claim = get_claim(db, claim_id)
    rating = scales.check_rating(claim["kind"], rating)
    ids = sorted(set(evidence_ids or []))
    if ids:
        known = {
            r["id"] for r in db.query("SELECT id FROM evidence WHERE claim_id = ?", [claim_id])
        }
        missing = [i for i in ids if i not in known]
        if missing:
            raise NotFound(
                f"Evidence {missing[0]} is not linked to claim {claim_id}"
                f" (see: claimtrack evidence list {claim_id})"
            )
    now = now or utcnow()
    with transaction(db):
        db.table("claims").update(
            claim_id,
            {
                "rating": rating,
                "rating_note": note,
                "rated_at": now,
                "reviewed_at": now,
                "updated_at": now,
            },
        )
        events.record(
            db,
            at=now,
            type="rating",
            claim_id=claim_id,
            field="rating",
            old=claim["rating"],
            new=rating,
            note=note,
            by=by,
            evidence_ids=ids,
        )
    return get_claim(db, claim_id)


def history(db: Database, claim_id: int) -> list[dict[str, Any]]:
    get_claim(db, claim_id)
    return events.for_claim(db, claim_id)


def safe_text(value: str) -> str:
    """Claim text as it may be shown in a terminal."""
    return strip_controls(value)


def review_claim(
    db: Database,
    claim_id: int,
    *,
    note: str | None = None,
    by: str | None = None,
    now: str | None = None,
) -> dict[str, Any]:
    """A person looked at the claim without changing its rating: clears changed/stale flags."""
    from . import flags

    get_claim(db, claim_id)
    now = now or utcnow()
    with transaction(db):
        db.table("claims").update(claim_id, {"reviewed_at": now, "updated_at": now})
        events.record(db, at=now, type="review", claim_id=claim_id, note=note, by=by)
        flags.clear(db, claim_id, ("evidence-changed", "stale"), now, by)
    return get_claim(db, claim_id)
