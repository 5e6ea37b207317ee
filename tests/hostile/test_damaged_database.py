"""A database with damaged pages: `list`, `export` and `report` say so in one line and point
to `sqlite3 … .recover`; `--db` is always a file path, never an SQLite URI."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from support import DATASET


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    code = "from claimtrack.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={**os.environ, "CLAIMTRACK_DB": ""},
    )


def _damage_claims(db: Path) -> None:
    """Overwrite the middle of every leaf page of the claims table with garbage."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    try:
        pages = [
            row[0]
            for row in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'claims' AND pagetype = 'leaf'"
            )
        ]
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table to find the claims' pages")
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    with db.open("r+b") as fh:
        for page in pages:
            fh.seek((page - 1) * size + 8)
            fh.write(b"\xa5" * 64)


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    db = tmp_path / "claims.db"
    r = _run("dataset", "load", str(DATASET), "--db", str(db))
    assert r.returncode == 0, r.stderr
    _damage_claims(db)
    return db


@pytest.mark.parametrize(
    "argv",
    [["list"], ["list", "--json"], ["export"], ["report", "--all"], ["report", "--format", "csv"]],
    ids=lambda a: " ".join(a),
)
def test_damaged_pages_are_one_line_with_the_way_out(damaged: Path, argv: list[str]) -> None:
    r = _run(*argv, "--db", str(damaged))
    assert r.returncode == 1, (r.stdout[-300:], r.stderr[-300:])
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert r.stderr.startswith(f"Error: {damaged} is not a claimtrack database (not SQLite, or dam")
    assert f"sqlite3 {damaged} .recover" in r.stderr


def test_db_is_a_path_never_a_uri(tmp_path: Path) -> None:
    name = "file:kept.db?mode=memory&cache=shared"
    r = _run("dataset", "load", str(DATASET), "--db", name, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / name).is_file()  # a file of that very name, not a database in memory
    again = _run("list", "--json", "--db", name, cwd=tmp_path)
    assert again.returncode == 0 and again.stdout.count('"id"') >= 40
