"""Settings stored in the database's `settings` table, with typed defaults."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .config import SETTINGS, parse_setting
from .db import transaction

if TYPE_CHECKING:
    from sqlite_utils import Database


def get(db: Database, key: str) -> Any:
    if key not in SETTINGS:
        parse_setting(key, "")  # raises the one-line error
    rows = list(db.query("SELECT value FROM settings WHERE key = ?", [key]))
    return json.loads(rows[0]["value"]) if rows else SETTINGS[key][0]


def set(db: Database, key: str, raw: str) -> Any:  # noqa: A001 - verb of `config set`
    value = parse_setting(key, raw)
    with transaction(db):
        db.table("settings").upsert({"key": key, "value": json.dumps(value)}, pk="key")
    return value


def all_settings(db: Database) -> list[dict[str, Any]]:
    return [
        {"key": key, "value": get(db, key), "help": help_}
        for key, (_, _, help_) in SETTINGS.items()
    ]
