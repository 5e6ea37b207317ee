"""Speeches: the texts claims are quoted from."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .db import is_row_id, transaction, utcnow
from .errors import InvalidInput, NotFound
from .languages import codes as language_codes
from .languages import detect as detect_lang

if TYPE_CHECKING:
    from sqlite_utils import Database

LANGS = language_codes()  # the built-in languages (claimtrack.languages)


def read_text_file(path: Path) -> str:
    """Read a UTF-8 text file (or UTF-16 with its byte-order mark: Windows Notepad's
    "Unicode"), or stdin for `-`, up to `files.MAX_TEXT` bytes; binary, unreadable and
    other files are refused."""
    from . import files

    raw = files.read_bytes(path, limit=files.MAX_TEXT, what="a speech text")
    name = files.label(path)
    binary = InvalidInput(f"{name} looks like a binary file, not text (save it as UTF-8 text)")
    # UTF-16 says so with its mark (UTF-32-LE starts with the same two bytes, then NULs)
    utf16 = raw[:2] in (b"\xff\xfe", b"\xfe\xff") and raw[:4] != b"\xff\xfe\x00\x00"
    if not utf16 and b"\x00" in raw[:8192]:
        raise binary
    try:
        text = raw.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{name} starts as UTF-16 but is not valid UTF-16"
            if utf16
            else f"{name} is not UTF-8 (byte {exc.start}); "
            "convert it, e.g. iconv -f cp1251 -t utf-8"
        ) from None
    if utf16 and "\x00" in text:
        raise binary
    return text.replace("\r\n", "\n").replace("\r", "\n")


def content_hash(text: str) -> str:
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode()).hexdigest()


def check_date(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InvalidInput(f"Speech date '{value}' is not a date (use YYYY-MM-DD)") from None


def add_speech(
    db: Database,
    text: str,
    *,
    title: str | None = None,
    speaker: str | None = None,
    date: str | None = None,
    venue: str | None = None,
    lang: str | None = None,
    url: str | None = None,
    now: str | None = None,
) -> tuple[dict[str, Any], bool]:
    """Register a speech; the same text twice returns the existing row (created=False: see
    `differences` for the metadata given that it does not have)."""
    if not text.strip():
        raise InvalidInput("The speech text is empty")
    if lang is not None and lang not in LANGS:
        raise InvalidInput(f"Unknown language '{lang}' (use one of: {', '.join(LANGS)})")
    iso_date = check_date(date)
    digest = content_hash(text)
    existing = list(db.query("SELECT * FROM speeches WHERE content_hash = ?", [digest]))
    if existing:
        return existing[0], False
    row = {
        "title": title or text.strip().splitlines()[0][:200],
        "speaker": speaker,
        "date": iso_date,
        "venue": venue,
        "lang": lang or detect_lang(text),
        "url": url,
        "text": text,
        "content_hash": digest,
        "created_at": now or utcnow(),
    }
    with transaction(db):
        row["id"] = db.table("speeches").insert(row).last_pk
    return row, True


def differences(row: dict[str, Any], given: dict[str, str | None]) -> dict[str, str]:
    """The metadata given to `speech add` that the registered speech `row` has otherwise."""
    out = {}
    for field, value in given.items():
        if value is None:
            continue
        value = check_date(value) if field == "date" else value
        if value != row.get(field):
            out[field] = str(value)
    return out


def get_speech(db: Database, speech_id: int) -> dict[str, Any]:
    rows = (
        list(db.query("SELECT * FROM speeches WHERE id = ?", [speech_id]))
        if is_row_id(speech_id)
        else []
    )
    if not rows:
        raise NotFound(f"No speech with id {speech_id} (see: claimtrack speech list)")
    return rows[0]


def list_speeches(db: Database) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT s.id, s.title, s.speaker, s.date, s.venue, s.lang, s.url, s.content_hash,"
            " s.created_at, length(s.text) AS chars,"
            " (SELECT count(*) FROM claims c WHERE c.speech_id = s.id) AS claims"
            " FROM speeches s ORDER BY s.date DESC, s.id DESC"
        )
    )
