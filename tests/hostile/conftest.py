"""Fixtures for the hostile-input suite: a loaded database and a snapshot of its records."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from claimtrack.db import open_db
from claimtrack.exchange import iter_export
from support import SPEECH, Cli

PROMISE = "Қазақстан Біріккен Ұлттар Ұйымының қолдауымен келесі жылы сәуірде Өңірлік саммит"
STATEMENT = "Түркі мемлекеттері ұйымы"


def dump(path: Path) -> list[dict[str, Any]]:
    """Every record of the database, as `claimtrack export` sees it."""
    db = open_db(path)
    try:
        return list(iter_export(db))
    finally:
        db.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def loaded(cli: Cli, isolated_db: Path) -> Path:
    """Speech 1 (dated), claim 1 (commitment), claim 2 (statement), evidence 1 on claim 1."""
    steps = [
        ("speech", "add", str(SPEECH), "--date", "2025-10-07", "--speaker", "Tokayev"),
        ("add", PROMISE, "--speech", "1", "--kind", "commitment", "--deadline", "келесі жылы"),
        ("add", STATEMENT, "--speech", "1", "--kind", "statement"),
        ("evidence", "add", "1", "https://example.org/a"),
    ]
    for args in steps:
        r = cli(*args)
        assert r.exit_code == 0, (args, r.stderr)
    return isolated_db
