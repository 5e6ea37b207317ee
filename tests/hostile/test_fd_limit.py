"""Fewer file descriptors than `--concurrency` needs: the run fetches fewer pages at once,
with a warning on stderr, instead of failing page after page with EMFILE (issue #20).

The limit is set in the child process only (`resource.setrlimit` before exec), soft and
hard alike, so the run cannot raise it.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrack.db import open_db
from servers import Web, serve, synthetic_db

LIMIT = 64
PAGES = 150


def low_limit() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (LIMIT, LIMIT))


@pytest.mark.parametrize("command", [("evidence", "fetch"), ("refresh", "--now", "2026-06-01")])
def test_too_few_descriptors_lower_the_concurrency(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    with serve(Web()) as web:
        path = tmp_path / "fds.db"
        synthetic_db(path, web, claims=PAGES, pages=PAGES, every=1)
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "claimtrack",
                *command,
                "--db",
                str(path),
                "--allow-private",
                "--concurrency",
                "200",
                "--per-host",
                "200",
                "--json",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            preexec_fn=low_limit,
        )
    assert done.returncode == 0, done.stderr
    assert "file descriptors are free" in done.stderr and "--concurrency 200" in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    counts = json.loads(done.stdout)
    counts = counts.get("fetch", counts)
    assert counts["fetched"] == PAGES and counts["failed"] == 0, counts
    db = open_db(path)
    try:
        statuses = dict(db.execute("SELECT status, count(*) FROM pages GROUP BY 1").fetchall())
    finally:
        db.close()
    assert statuses == {"ok": PAGES}
