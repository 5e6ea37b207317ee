"""JSON Lines export and import of the database's records: every table's rows; with
`snapshots`, the archive too (snapshot bodies, main texts, the fetch log): lossless."""

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
# The archive, with --with-snapshots: bodies (bytes, as base64), main texts, the fetch log.
ARCHIVE = {"snapshot": "snapshots", "text": "texts", "fetch": "fetches"}
ORDER_BY = {"flags": "claim_id, flag", "settings": "key", "snapshots": "hash", "texts": "hash"}
BASE64 = "base64"  # a record's fields held as base64 text (a snapshot's body)


def _record(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    import base64

    binary = sorted(k for k, v in row.items() if isinstance(v, bytes))
    for field in binary:
        row[field] = base64.b64encode(row[field]).decode("ascii")
    return {"type": kind, "data": row, **({BASE64: binary} if binary else {})}


def iter_export(db: Database, *, snapshots: bool = False) -> Iterator[dict[str, Any]]:
    yield {
        "type": FORMAT,
        "version": VERSION,
        "migrations": [m.name for m in migrations.applied(db)],
        "snapshots": snapshots,
    }
    tables = {**TABLES, **(ARCHIVE if snapshots else {})}
    for kind, table in tables.items():
        order = ORDER_BY.get(table, "id")
        for row in db.query(f"SELECT * FROM [{table}] ORDER BY {order}"):
            yield _record(kind, row)


def export(db: Database, out: IO[str], *, snapshots: bool = False) -> int:
    """Write every record as one JSON object a line (with `snapshots`, the archive too);
    returns the number of records."""
    n = 0
    for record in iter_export(db, snapshots=snapshots):
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
        except RecursionError:
            raise InvalidInput(f"Line {number} is nested too deeply; nothing imported") from None
        except ValueError as exc:  # e.g. an integer of more digits than Python converts
            raise InvalidInput(f"Line {number} cannot be read ({exc}); nothing imported") from None
        if not isinstance(record, dict) or "type" not in record:
            raise InvalidInput(f"Line {number} has no 'type'; nothing imported")
        yield number, record


def import_(db: Database, lines: Iterable[str], *, trust_settings: bool = False) -> dict[str, int]:
    """Import an export into this database, all or nothing; ids are kept. Every value is
    checked first (`importcheck`); settings that weaken a safety rule need `trust_settings`."""
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
            table = {**TABLES, **ARCHIVE}.get(str(kind))
            if table is None:
                raise InvalidInput(f"Line {number}: unknown record type '{kind}'")
            if not isinstance(record.get("data"), dict):
                raise InvalidInput(f"Line {number}: no 'data' object")
            _insert(db, table, _binary(record, number), number, trust_settings)
            counts[table] = counts.get(table, 0) + 1
    return counts


def _binary(record: dict[str, Any], number: int) -> dict[str, Any]:
    """A record's data with its base64 fields (`BASE64`) decoded back to bytes."""
    import base64
    import binascii

    data = dict(record["data"])
    fields = record.get(BASE64) or []
    if not isinstance(fields, list):
        raise InvalidInput(f"Line {number}: '{BASE64}' must list field names; nothing imported")
    for field in fields:
        try:
            data[field] = base64.b64decode(str(data.get(field, "")), validate=True)
        except binascii.Error:
            raise InvalidInput(
                f"Line {number}: field '{field}' is not base64; nothing imported"
            ) from None
    return data


def _insert(
    db: Database, table: str, record: dict[str, Any], number: int, trust_settings: bool
) -> None:
    import sqlite3

    from .importcheck import check_record

    columns = set(db[table].columns_dict)
    unknown = set(record) - columns
    if unknown:
        names = ", ".join(sorted(unknown))
        raise InvalidInput(f"Line {number}: unknown field{'s' if len(unknown) > 1 else ''} {names}")
    if not record:
        raise InvalidInput(f"Line {number}: empty 'data' object; nothing imported")
    check_record(table, record, number, trust_settings=trust_settings)
    cols = ", ".join(f"[{c}]" for c in record)
    marks = ", ".join("?" for _ in record)
    try:
        db.execute(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", list(record.values()))
    except sqlite3.IntegrityError as exc:
        raise InvalidInput(
            f"Line {number}: cannot import into {table} ({exc}); import into an empty"
            " database, e.g. --db new.db"
        ) from None
