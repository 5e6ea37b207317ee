"""One extract run as the command line does it: read, extract, optionally register or review."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import ClaimtrackError, InvalidInput
from .classify import LANGS, Candidate, extract
from .register import (
    DEFAULT_MIN_CONFIDENCE,
    RegisterResult,
    preview_window,
    register,
    register_one,
)

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass
class ExtractRun:
    candidates: list[Candidate]
    speech_id: int | None = None
    speech_created: bool = False
    registered: RegisterResult | None = None
    # the deadline window each candidate gets when registered (the preview shows these)
    windows: list[dict[str, str | None]] = field(default_factory=list)
    min_confidence: float = 0.0
    below: int = 0  # candidates under min_confidence, left out


def check_lang(lang: str | None) -> str | None:
    if lang is not None and lang not in LANGS:
        raise InvalidInput(f"Unknown language '{lang}' (use one of: {', '.join(LANGS)})")
    return lang


def parse_date(value: str | None) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"'{value}' is not a date (use YYYY-MM-DD, e.g. 2025-10-07)") from None


def _check_min(min_confidence: float | None, save: bool) -> float:
    """The confidence threshold: as given, else DEFAULT_MIN_CONFIDENCE when registering."""
    value = (DEFAULT_MIN_CONFIDENCE if save else 0.0) if min_confidence is None else min_confidence
    if not 0.0 <= value <= 1.0:
        raise InvalidInput(f"--min-confidence must be between 0 and 1, not {value}")
    return value


def _speech_date(speech: dict[str, Any], ref: date | None, save: bool) -> date | None:
    """The date deadlines are resolved against: the speech's own. Registering with another
    --date would store other windows than the preview shows: refused."""
    own = date.fromisoformat(speech["date"]) if speech.get("date") else None
    if ref is not None and ref != own and save:
        raise InvalidInput(
            f"Speech {speech['id']} is dated {own or 'nowhere'}, not {ref}: give it that date"
            f" first (claimtrack speech edit {speech['id']} --date {ref})"
        )
    return ref or own


def run(
    *,
    text: str | None,
    speech_id: int | None,
    lang: str | None,
    ref: date | None,
    open_db: Callable[[], Database],
    save: bool = False,
    min_confidence: float | None = None,
    statements: bool = False,
    by: str | None = None,
) -> ExtractRun:
    """Extract from `text` or from a registered speech; with `save`, register the claims at
    or above `min_confidence` (default DEFAULT_MIN_CONFIDENCE), statements only if asked."""
    check_lang(lang)
    if (text is None) == (speech_id is None):
        raise InvalidInput("Give either a FILE or --speech ID (see: claimtrack extract --help)")
    threshold = _check_min(min_confidence, save)
    db = open_db() if (save or speech_id is not None) else None
    created = False
    if db is not None and speech_id is not None:
        from ..speeches import get_speech

        speech = get_speech(db, speech_id)
        text = speech["text"]
        lang = lang or speech.get("lang")
        ref = _speech_date(speech, ref, save)
    elif db is not None and text is not None:
        from ..speeches import add_speech

        speech, created = add_speech(db, text, date=ref.isoformat() if ref else None, lang=lang)
        speech_id = int(speech["id"])
        ref = _speech_date(speech, ref, save)
        lang = lang or speech.get("lang")
    every = extract(text or "", lang, ref)
    found = [c for c in every if c.confidence >= threshold]
    windows = [preview_window(c, ref, lang) for c in found]
    out = ExtractRun(
        found,
        speech_id,
        created,
        windows=windows,
        min_confidence=threshold,
        below=len(every) - len(found),
    )
    if save and db is not None and speech_id is not None:
        out.registered = register(db, speech_id, found, statements=statements, by=by)
    return out


KEYS = {"a": "accept", "r": "reject", "k": "kind", "e": "edit", "s": "skip", "q": "quit"}
NEXT_KIND = {"quantitative": "commitment", "commitment": "statement", "statement": "quantitative"}


@dataclass
class Review:
    accepted: list[int] = field(default_factory=list)
    rejected: int = 0
    skipped: int = 0
    left: int = 0  # not reached before quit
    notes: list[str] = field(default_factory=list)


def review(
    db: Database,
    speech_id: int,
    candidates: list[Candidate],
    *,
    read_key: Callable[[], str],
    read_line: Callable[[str], str],
    show: Callable[[Candidate, int, int], None],
    say: Callable[[str], None],
    by: str | None = None,
) -> Review:
    """Walk the candidates one by one: `show` one, `read_key` a decision (KEYS), register
    the accepted one at once (its own change). `read_line` reads a new text for 'edit'."""
    from dataclasses import replace

    out = Review()
    for n, cand in enumerate(candidates):
        while True:
            show(cand, n + 1, len(candidates))
            action = KEYS.get(read_key().lower())
            if action == "kind":
                cand = replace(cand, kind=NEXT_KIND[cand.kind])
            elif action == "edit":
                cand = replace(cand, quote=read_line("New text: ").strip() or cand.quote)
            elif action is not None:
                break
            else:
                say("Keys: " + "  ".join(f"{k} {v}" for k, v in KEYS.items()))
        if action == "quit":
            out.left = len(candidates) - n
            break
        if action == "accept":
            _accept(db, speech_id, cand, out, by, say)
        elif action == "reject":
            out.rejected += 1
        else:
            out.skipped += 1
    return out


def _accept(
    db: Database,
    speech_id: int,
    cand: Candidate,
    out: Review,
    by: str | None,
    say: Callable[[str], None],
) -> None:
    result = RegisterResult()
    try:
        with db.atomic():
            register_one(db, speech_id, cand, result, by, None)
    except ClaimtrackError as exc:  # an edited text not in the speech: say so, go on
        say(f"Not registered: {exc}")
        return
    out.notes += result.notes
    if result.skipped:
        say(f"Already registered as claim {result.skipped[0]}")
    out.accepted += result.added
    for claim_id in result.added:
        say(f"Registered claim {claim_id} ({cand.kind})")
