"""Lossless JSON Lines export and import of the database's records."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from .db import transaction
from .errors import InvalidInput
from .migrations import migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

FORMAT = "claimtrack-export"
VERSION = 1
# Parents before children, so an import never breaks a foreign key.
TABLES = {
    "speech": "speeches",
    "page": "pages",
    "claim": "claims",
    "evidence": "evidence",
    "event": "events",
    "flag": "flags",
    "setting": "settings",
}
ORDER_BY = {"flags": "claim_id, flag", "settings": "key"}


def iter_export(db: Database) -> Iterator[dict[str, Any]]:
    yield {
        "type": FORMAT,
        "version": VERSION,
        "migrations": [m.name for m in migrations.applied(db)],
    }
    for kind, table in TABLES.items():
        order = ORDER_BY.get(table, "id")
        for row in db.query(f"SELECT * FROM [{table}] ORDER BY {order}"):
            yield {"type": kind, "data": row}


def export(db: Database, out: IO[str]) -> int:
    """Write every record as one JSON object a line; returns the number of records."""
    n = 0
    for record in iter_export(db):
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    return n - 1


def _parse(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"Line {number} is not JSON ({exc.msg}); nothing imported") from None
        if not isinstance(record, dict) or "type" not in record:
            raise InvalidInput(f"Line {number} has no 'type'; nothing imported")
        yield number, record


def import_(db: Database, lines: Iterable[str]) -> dict[str, int]:
    """Import an export into this database, all or nothing; ids are kept."""
    counts: dict[str, int] = {}
    records = _parse(lines)
    first = next(records, None)
    if first is None or first[1].get("type") != FORMAT:
        raise InvalidInput("Not a claimtrack export (first line must be its header)")
    if first[1].get("version") != VERSION:
        raise InvalidInput(f"Export version {first[1].get('version')} is not supported")
    with transaction(db):
        for number, record in records:
            kind = record.get("type")
            table = TABLES.get(str(kind))
            if table is None:
                raise InvalidInput(f"Line {number}: unknown record type '{kind}'")
            if not isinstance(record.get("data"), dict):
                raise InvalidInput(f"Line {number}: no 'data' object")
            _insert(db, table, record["data"], number)
            counts[table] = counts.get(table, 0) + 1
    return counts


def _check_value(field: str, value: Any, number: int) -> None:
    """Only what SQLite stores as a plain value: text, a 64-bit integer, a number, null."""
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        raise InvalidInput(f"Line {number}: field '{field}' is out of range; nothing imported")
    if value is not None and not isinstance(value, str | int | float):
        raise InvalidInput(
            f"Line {number}: field '{field}' is a {type(value).__name__}, not a plain value;"
            " nothing imported"
        )


def _insert(db: Database, table: str, record: dict[str, Any], number: int) -> None:
    import sqlite3

    columns = set(db[table].columns_dict)
    unknown = set(record) - columns
    if unknown:
        names = ", ".join(sorted(unknown))
        raise InvalidInput(f"Line {number}: unknown field{'s' if len(unknown) > 1 else ''} {names}")
    if not record:
        raise InvalidInput(f"Line {number}: empty 'data' object; nothing imported")
    for field, value in record.items():
        _check_value(field, value, number)
    cols = ", ".join(f"[{c}]" for c in record)
    marks = ", ".join("?" for _ in record)
    try:
        db.execute(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", list(record.values()))
    except sqlite3.IntegrityError as exc:
        raise InvalidInput(
            f"Line {number}: cannot import into {table} ({exc}); import into an empty"
            " database, e.g. --db new.db"
        ) from None
