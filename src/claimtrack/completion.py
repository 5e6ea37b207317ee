"""Values for shell completion read from the database: claim, speech and evidence ids with a
short description, topics. Read-only: a database that is missing is never created, one that
cannot be read gives no values; nothing is ever raised or printed (a completion that fails
offers nothing, it never writes into the user's command line)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from .text import shorten, strip_controls

LIMIT = 200  # values offered at most
HELP_WIDTH = 50  # characters of a value's description

Item = tuple[str, str]  # (value, description)


def _rows(path: Path, sql: str, params: list[str | int]) -> list[tuple[object, ...]]:
    """The rows of a read-only query, or none when the file is missing or unreadable."""
    try:
        if not path.is_file():
            return []
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=0.5)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()
    except (sqlite3.Error, OSError, ValueError):
        return []


def _described(rows: list[tuple[object, ...]]) -> list[Item]:
    return [
        (str(value), shorten(strip_controls(str(text or "")), HELP_WIDTH)) for value, text in rows
    ]


def _ids(path: Path, prefix: str, table: str, described: str, where: str = "") -> list[Item]:
    """Rows of `table` whose id starts with `prefix` (digits only), each with `described`
    (an SQL expression) as its help."""
    if prefix and not prefix.isdigit():
        return []
    return _described(
        _rows(
            path,
            f"SELECT id, {described} FROM {table} WHERE CAST(id AS TEXT) LIKE ?{where}"
            " ORDER BY id LIMIT ?",
            [f"{prefix}%", LIMIT],
        )
    )


def claim_ids(path: Path, prefix: str = "") -> list[Item]:
    """Claims whose id starts with `prefix`, each with its quote shortened."""
    return _ids(path, prefix, "claims", "quote", " AND removed_at IS NULL")


def claim_kind(path: Path, claim_id: int) -> str | None:
    """The kind of claim `claim_id`, or None when it cannot be read."""
    rows = _rows(path, "SELECT kind FROM claims WHERE id = ?", [claim_id])
    return str(rows[0][0]) if rows else None


def speech_ids(path: Path, prefix: str = "") -> list[Item]:
    """Speeches whose id starts with `prefix`, each with its date and speaker or title."""
    described = "trim(coalesce(date, '') || ' ' || coalesce(speaker, title, ''))"
    return _ids(path, prefix, "speeches", described)


def evidence_ids(path: Path, prefix: str = "") -> list[Item]:
    """Evidence links whose id starts with `prefix`, each with its claim and URL."""
    return _ids(path, prefix, "evidence", "'claim ' || claim_id || ': ' || url")


def topics(path: Path, prefix: str = "") -> list[Item]:
    """The topics in use that start with `prefix` (any case), each with its claim count."""
    escaped = prefix.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = _rows(
        path,
        "SELECT topic, count(*) || ' claims' FROM claims WHERE topic LIKE ? ESCAPE '\\'"
        " AND removed_at IS NULL GROUP BY topic ORDER BY topic LIMIT ?",
        [f"{escaped}%", LIMIT],
    )
    return [(value, text) for value, text in _described(rows) if value.startswith(prefix.lower())]
