"""One extract run as the command line does it: read, extract, optionally register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..errors import InvalidInput
from .classify import LANGS, Candidate, extract
from .register import RegisterResult, register

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlite_utils import Database


@dataclass
class ExtractRun:
    candidates: list[Candidate]
    speech_id: int | None = None
    speech_created: bool = False
    registered: RegisterResult | None = None


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


def run(
    *,
    text: str | None,
    speech_id: int | None,
    lang: str | None,
    ref: date | None,
    open_db: Callable[[], Database],
    save: bool = False,
    min_confidence: float = 0.0,
    by: str | None = None,
) -> ExtractRun:
    """Extract from `text` or from a registered speech; with `save`, register the claims."""
    check_lang(lang)
    if (text is None) == (speech_id is None):
        raise InvalidInput("Give either a FILE or --speech ID (see: claimtrack extract --help)")
    if not 0.0 <= min_confidence <= 1.0:
        raise InvalidInput(f"--min-confidence must be between 0 and 1, not {min_confidence}")
    db = open_db() if (save or speech_id is not None) else None
    created = False
    if db is not None and speech_id is not None:
        from ..speeches import get_speech

        speech = get_speech(db, speech_id)
        text = speech["text"]
        lang = lang or speech.get("lang")
        ref = ref or (date.fromisoformat(speech["date"]) if speech.get("date") else None)
    elif db is not None and text is not None:
        from ..speeches import add_speech

        speech, created = add_speech(db, text, date=ref.isoformat() if ref else None, lang=lang)
        speech_id = int(speech["id"])
    found = [c for c in extract(text or "", lang, ref) if c.confidence >= min_confidence]
    out = ExtractRun(found, speech_id, created)
    if save and db is not None and speech_id is not None:
        out.registered = register(db, speech_id, found, by=by)
    return out
