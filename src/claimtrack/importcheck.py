"""Checking every value of an imported record before anything is written.

An export file may come from anywhere: each field is checked for what the commands would
have accepted (a kind, a rating on the kind's scale, a real date, figures as the parser
writes them, a finite setting in its range), so an import cannot store what `add`, `rate`
or `config set` would refuse. Security settings need the importer's explicit trust.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from .errors import InvalidInput

MAX_DEPTH = 8  # figures: a list of objects of plain values; nothing deeper is real
# settings an export must not carry into a database unless the importer trusts the file
TRUSTED_ONLY = ("fetch.allow_private",)
PAGE_STATUSES = ("pending", "ok", "failed", "dead")
OUTCOMES = ("fetched", "unchanged", "failed")


class Reject(ValueError):
    """A value that cannot be imported; its message completes "field 'x' …"."""


def _date(value: Any) -> None:
    if not isinstance(value, str):
        raise Reject("is not a date (YYYY-MM-DD)")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise Reject(f"is not a real date: '{value[:40]}'") from None


def _stamp(value: Any) -> None:
    if not isinstance(value, str):
        raise Reject("is not a time (YYYY-MM-DDTHH:MM:SSZ)")
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Reject(f"is not a real time: '{value[:40]}'") from None


def _one_of(*allowed: str) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if value not in allowed:
            raise Reject(f"is '{str(value)[:40]}', not one of: {', '.join(allowed)}")

    return check


def _count(value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Reject("is not a count (an integer ≥ 0)")


def _json_list(item: Callable[[Any], None]) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if not isinstance(value, str):
            raise Reject("is not a JSON list")
        try:
            parsed = json.loads(value)
        except (ValueError, RecursionError):
            raise Reject("is not valid JSON") from None
        if not isinstance(parsed, list):
            raise Reject("is not a JSON list")
        for element in parsed:
            item(element)

    return check


def _figure(value: Any) -> None:
    if not isinstance(value, dict) or not isinstance(value.get("value"), int | float):
        raise Reject("holds a figure without a numeric 'value'")
    if isinstance(value["value"], float) and not math.isfinite(value["value"]):
        raise Reject("holds a figure whose value is not a finite number")
    if abs(value["value"]) >= 2**63:
        raise Reject("holds a figure whose value is out of range")
    for key, part in value.items():
        if part is not None and not isinstance(part, str | int | float):
            raise Reject(f"holds a figure whose '{key}' is not a plain value")


def _row_id(value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise Reject("is not an id")


def _http_status(value: Any) -> None:
    if not isinstance(value, int) or not 100 <= value <= 599:
        raise Reject("is not an HTTP status (100-599)")


def _url(value: Any) -> None:
    from urllib.parse import urlsplit

    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https", "file"):
        raise Reject("is not a web address")


def _checks() -> dict[str, dict[str, Callable[[Any], None]]]:
    from .evidence import STANCES
    from .flags import FLAGS
    from .scales import KINDS
    from .speeches import LANGS

    stamps = dict.fromkeys(("created_at", "updated_at"), _stamp)
    return {
        "speeches": {"date": _date, "lang": _one_of(*LANGS), **stamps},
        "claims": {
            "kind": _one_of(*KINDS),
            "deadline_start": _date,
            "deadline_end": _date,
            "figures": _json_list(_figure),
            "start": _count,
            "end": _count,
            "speech_id": _row_id,
            "group_id": _row_id,
            **dict.fromkeys(("rated_at", "reviewed_at", "removed_at"), _stamp_or_date),
            **stamps,
        },
        "pages": {
            "status": _one_of(*PAGE_STATUSES),
            "http_status": _http_status,
            "url": _url,
            "fail_streak": _count,
            **dict.fromkeys(("fetched_at", "checked_at", "next_fetch_at"), _stamp),
            **stamps,
        },
        "evidence": {
            "stance": _one_of(*STANCES),
            "claim_id": _row_id,
            "page_id": _row_id,
            "url": _url,
            **stamps,
        },
        "events": {
            "at": _stamp,
            "as_of": _stamp_or_date,
            "evidence_ids": _json_list(_row_id),
            **dict.fromkeys(("claim_id", "page_id", "change_id", "reverts", "speech_id"), _row_id),
        },
        "flags": {"flag": _one_of(*FLAGS), "since": _stamp, "claim_id": _row_id},
        "fetches": {"outcome": _one_of(*OUTCOMES), "started_at": _stamp},
    }


def _stamp_or_date(value: Any) -> None:
    if isinstance(value, str) and len(value) == 10:
        _date(value)
    else:
        _stamp(value)


def _plain(field: str, value: Any) -> None:
    """Only what SQLite stores as a plain value: text, a 64-bit integer, a number, null."""
    plain = str | int | float | bytes  # bytes: a snapshot body (export --with-snapshots)
    if isinstance(value, bool) or (value is not None and not isinstance(value, plain)):
        raise Reject(f"is a {type(value).__name__}, not a plain value")
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        raise Reject("is out of range")
    if isinstance(value, float) and not math.isfinite(value):
        raise Reject("is not a finite number")
    if isinstance(value, str):
        if "\x00" in value:
            raise Reject("contains a NUL character")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise Reject("is not valid Unicode text (a lone surrogate)") from None


def check_record(
    table: str, record: dict[str, Any], number: int, *, trust_settings: bool = False
) -> None:
    """Raise InvalidInput naming line `number` and the field when a value of `record`
    (a row of `table`) is not one claimtrack's own commands would have stored."""
    checks = _checks().get(table, {})
    for field, value in record.items():
        try:
            _plain(field, value)
            if value is not None and field in checks:
                checks[field](value)
        except Reject as exc:
            raise InvalidInput(f"Line {number}: field '{field}' {exc}; nothing imported") from None
    try:
        if table == "claims":
            _claim(record)
        elif table == "settings":
            _setting(record, trust_settings)
    except Reject as exc:
        raise InvalidInput(f"Line {number}: {exc}; nothing imported") from None


def _claim(record: dict[str, Any]) -> None:
    from .scales import KINDS, scale_for

    kind, rating = record.get("kind"), record.get("rating")
    if kind in KINDS and rating is not None and rating not in scale_for(kind):
        raise Reject(f"rating '{str(rating)[:40]}' is not on the {kind} scale")
    start, end = record.get("start"), record.get("end")
    if isinstance(start, int) and isinstance(end, int) and start > end:
        raise Reject("the quote's start is after its end")


def _setting(record: dict[str, Any], trust: bool) -> None:
    from .config import parse_setting

    key, raw = record.get("key"), record.get("value")
    if not isinstance(key, str) or not isinstance(raw, str):
        raise Reject("a setting needs a text 'key' and 'value'")
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        raise Reject(f"setting '{key}' is not valid JSON") from None
    if key in TRUSTED_ONLY and value is not False and not trust:
        raise Reject(
            f"setting '{key}' weakens a safety rule: import it only from a file you trust"
            " (pass --trust-settings), or remove that line"
        )
    if isinstance(value, bool | int | float | str):
        text = json.dumps(value) if not isinstance(value, str) else value
        try:
            parse_setting(key, str(value).lower() if isinstance(value, bool) else text)
        except InvalidInput as exc:
            raise Reject(str(exc)) from None
    else:
        raise Reject(f"setting '{key}' is not a plain value")
