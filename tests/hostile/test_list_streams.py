"""`list` and `list --json` stream their rows: peak memory does not grow with the number of
claims (50,000 rows used to take 319 MB; 500,000 never finished)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from claimtrack.db import open_db
from claimtrack.speeches import add_speech
from support import NOW

# runs one command in a child of its own and prints the child's peak RSS in KiB
MEASURE = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "assert r.returncode == 0, r.stderr\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _database(path: Path, claims: int) -> Path:
    db = open_db(path)
    speech, _ = add_speech(db, "A speech of many claims. " * 4, date="2025-10-07", now=NOW)
    rows = [
        (speech["id"], "quantitative", f"Claim number {i} grew by {i % 97} percent", NOW)
        for i in range(claims)
    ]
    with db.conn:
        db.conn.executemany(
            "INSERT INTO claims (speech_id, kind, quote, norm, rating, figures,"
            " created_at, updated_at) VALUES (?, ?, ?, lower(?3), 'unrated', '[]', ?4, ?4)",
            rows,
        )
    db.close()
    return path


def _peak_kib(db: Path, *args: str) -> int:
    command = [sys.executable, "-c", "from claimtrack.cli import main; main()", *args]
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *command, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return int(out.stdout.strip())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "small", "big"),
    [(["list", "--json"], 2_000, 40_000), (["list"], 1_000, 6_000)],
    ids=["json", "table"],
)
def test_peak_memory_is_flat_in_the_number_of_rows(
    tmp_path: Path, args: list[str], small: int, big: int
) -> None:
    few = _peak_kib(_database(tmp_path / "few.db", small), *args)
    many = _peak_kib(_database(tmp_path / "many.db", big), *args)
    # reading every row into a list held ~6 KiB a claim: the bigger list would add
    # (big - small) * 6 KiB; streamed, it adds only SQLite's page cache
    assert many - few < 16 * 1024, (few, many)
