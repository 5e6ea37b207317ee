"""Settings stored in the database's `settings` table, with typed defaults."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .config import SETTINGS, parse_setting
from .db import transaction, utcnow

if TYPE_CHECKING:
    from sqlite_utils import Database


def get(db: Database, key: str) -> Any:
    if key not in SETTINGS:
        parse_setting(key, "")  # raises the one-line error
    # read as bytes: a value another program wrote that is not UTF-8 (or not JSON) stays
    # readable, shown with replacement characters, instead of failing every command
    row = db.execute("SELECT CAST(value AS BLOB) FROM settings WHERE key = ?", [key]).fetchone()
    if row is None or row[0] is None:
        return SETTINGS[key][0]
    raw = bytes(row[0]).decode("utf-8", "replace")
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        return raw


def set(db: Database, key: str, raw: str, by: str | None = None) -> dict[str, Any]:  # noqa: A001
    """`config set`: the new value, recorded as a `setting` event (old → new, undoable);
    returns the key, the value before and the value now."""
    from . import events

    value = parse_setting(key, raw)
    before = get(db, key)
    with transaction(db):
        db.table("settings").upsert({"key": key, "value": json.dumps(value)}, pk="key")
        old, new = json.dumps(before, ensure_ascii=False), json.dumps(value, ensure_ascii=False)
        events.Change(db, utcnow(), by).record("setting", field=key, old=old, new=new)
    return {"key": key, "old": before, "new": value}


def shown(value: Any) -> str:
    """A setting's value as `config set` takes it: true/false, a number, the text itself."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def all_settings(db: Database) -> list[dict[str, Any]]:
    return [
        {"key": key, "value": get(db, key), "help": help_}
        for key, (_, _, help_) in SETTINGS.items()
    ]
