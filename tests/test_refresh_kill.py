"""kill -9 a real `claimtrack refresh` at many points: the database stays consistent.

After each kill: PRAGMA integrity_check is ok, no rating or earlier event was lost or doubled,
the flags table agrees with the events, and the next refresh finishes the work, reaching the
same state as a run that was never interrupted.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from claimtrack.db import open_db
from servers import Web, serve, synthetic_db

NOW = "2026-06-01T03:00:00Z"
CLAIMS = 400
PAGES = 60


def build(path: Path, web: Web) -> None:
    synthetic_db(path, web, claims=CLAIMS, pages=PAGES, every=7)


def run_refresh(path: Path, timeout: float = 120) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claimtrack",
            "refresh",
            "--db",
            str(path),
            "--allow-private",
            "--now",
            NOW,
            "--concurrency",
            "8",
            "-q",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def state(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        flags = conn.execute("SELECT claim_id, flag FROM flags ORDER BY 1, 2").fetchall()
        # each stored flag has a flag-set event as its latest event for that flag, and no
        # claim has two events for one change
        last = {
            (c, f): t
            for c, f, t in conn.execute(
                "SELECT claim_id, field, type FROM events WHERE type LIKE 'flag-%' ORDER BY id"
            )
        }
        assert {k for k, t in last.items() if t == "flag-set"} == set(flags)
        ratings = conn.execute("SELECT id, rating FROM claims ORDER BY id").fetchall()
        rating_events = conn.execute(
            "SELECT count(*) FROM events WHERE type = 'rating'"
        ).fetchone()[0]
        pages = conn.execute("SELECT id, status FROM pages ORDER BY id").fetchall()
        return {"flags": flags, "ratings": ratings, "rating_events": rating_events, "pages": pages}
    finally:
        conn.close()


@pytest.mark.slow
def test_kill_minus_nine_at_many_points(tmp_path: Path) -> None:
    with serve(Web(latency=0.05)) as web:
        reference = tmp_path / "reference.db"
        build(reference, web)
        started = time.monotonic()
        proc = run_refresh(reference)
        assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
        duration = time.monotonic() - started
        expected = state(reference)
        assert expected["flags"], "the workload must set flags"

        rng = random.Random(20251007)
        for run in range(8):
            path = tmp_path / f"killed-{run}.db"
            build(path, web)
            before = state(path)
            proc = run_refresh(path)
            time.sleep(rng.uniform(0.15, 0.95) * duration)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            after_kill = state(path)  # integrity and flag/event agreement checked inside
            assert after_kill["ratings"] == before["ratings"]
            assert after_kill["rating_events"] == before["rating_events"]
            done = run_refresh(path)
            assert done.wait(timeout=120) == 0
            final = state(path)
            assert final["flags"] == expected["flags"], f"run {run}"
            assert final["ratings"] == expected["ratings"]
            assert final["rating_events"] == expected["rating_events"]
            assert final["pages"] == expected["pages"]


def test_two_refreshes_started_together_one_runs(tmp_path: Path) -> None:
    with serve(Web(latency=0.2)) as web:
        path = tmp_path / "both.db"
        build(path, web)
        first = run_refresh(path)
        time.sleep(0.5)  # let the first take the lock
        second = run_refresh(path)
        code = second.wait(timeout=60)
        err = second.stderr.read().decode() if second.stderr else ""
        assert first.wait(timeout=120) == 0
        assert code == 75, err
        assert err.startswith("Error: Another refresh is running")


class GatedWeb(Web):
    """Answers the first pages at once and holds the others until `gate` is set: the refresh
    is surely running, holding its lock and committing results, until the test lets go."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived, self.gate = threading.Event(), threading.Event()

    def html(self, path: str) -> bytes:
        self.arrived.set()
        if int(path.rsplit("/", 1)[1]) >= PAGES // 2:
            self.gate.wait(timeout=120)
        return super().html(path)


def test_rate_and_add_work_while_refresh_holds_the_lock(tmp_path: Path) -> None:
    """Writers do not need the refresh lock: they work (or wait for the write lock, up to the
    busy timeout) during a refresh that is committing its results."""
    web_ = GatedWeb()
    with serve(web_) as web:
        path = tmp_path / "busy.db"
        build(path, web)
        proc = run_refresh(path)
        try:
            _rate_and_add(path, proc, web_)
        finally:
            web_.gate.set()


def _rate_and_add(path: Path, proc: subprocess.Popen[bytes], web: GatedWeb) -> None:
    assert web.arrived.wait(timeout=120), "the refresh should be fetching"
    assert proc.poll() is None, "the refresh should still be running"
    env = {"CLAIMTRACK_DB": str(path), "PATH": "/usr/bin:/bin"}
    cli = [sys.executable, "-m", "claimtrack"]
    started = time.monotonic()
    rated = subprocess.run(
        [*cli, "rate", "2", "in-the-works", "--note", "during refresh"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    added = subprocess.run(
        [
            *cli,
            "add",
            "A new promise made today.",
            "--speech",
            "1",
            "--kind",
            "commitment",
            "--not-verbatim",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    waited = time.monotonic() - started
    assert proc.poll() is None or waited < 30
    assert rated.returncode == 0, rated.stderr
    assert added.returncode == 0, added.stderr
    web.gate.set()
    assert proc.wait(timeout=120) == 0
    db = open_db(path)
    assert db.table("claims").get(2)["rating"] == "in-the-works"
    assert db.execute("SELECT count(*) FROM claims").fetchone()[0] == CLAIMS + 1
    db.close()
