"""kill -9 at random points of `refresh`, `import` and `extract --register` (20 seeded runs each).

Each run is a real process, forked from the test process (so it starts in milliseconds
instead of re-importing claimtrack) and running the real command line. After each kill:
PRAGMA integrity_check is ok, the counts match an oracle (nothing lost, nothing doubled),
and running the command again completes to the same state as an uninterrupted run.
tests/test_refresh_kill.py covers a larger refresh workload; this suite adds the other
writers and many more kill points. The database lives in a folder whose name has spaces and
Kazakh letters.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from claimtrack.db import open_db
from claimtrack.exchange import export
from claimtrack.speeches import add_speech
from servers import Web, serve, synthetic_db
from support import SPEECH

RUNS = 20
NOW = "2026-06-01T03:00:00Z"
TABLES = ("speeches", "claims", "evidence", "events", "flags", "pages", "fetches")


def spawn(argv: list[str]) -> int:
    """Fork a child that runs `claimtrack argv` and exits with its code; returns the pid."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 70
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            from claimtrack.cli import _register, app

            _register()
            result = app(argv, standalone_mode=False)
            code = result if isinstance(result, int) else 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            import traceback

            report = Path(os.environ.get("TMPDIR", "/tmp"), f"claimtrack-child-{os.getpid()}.txt")
            report.write_text(traceback.format_exc())
            code = 71
        finally:
            os._exit(code)
    return pid


def finish(pid: int, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.005)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError(f"{pid} did not finish in {timeout} s")


def run(argv: list[str]) -> tuple[int, float]:
    started = time.monotonic()
    code = finish(spawn(argv))
    return code, time.monotonic() - started


def kill_at(argv: list[str], after: float) -> None:
    pid = spawn(argv)
    time.sleep(after)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def state(path: Path) -> dict[str, object]:
    """Counts, without the fetch log (a page in flight at the kill is fetched again), plus
    every page's outcome and every claim's rating and flags."""
    got: dict[str, object] = {k: v for k, v in counts(path).items() if k != "fetches"}
    got["pages"] = rows(path, "SELECT id, status, raw_hash, text_hash FROM pages")
    got["claims"] = rows(path, "SELECT id, rating, deadline_end FROM claims ORDER BY id")
    got["flags"] = rows(path, "SELECT claim_id, flag FROM flags ORDER BY 1, 2")
    return got


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "Қазақ деректері" / "түнгі жұмыс"
    path.mkdir(parents=True)
    return path


def kill_runs(
    folder: Path,
    make: Callable[[Path], None],
    argv: Callable[[Path], list[str]],
    check_killed: Callable[[Path, dict[str, int], dict[str, int]], None],
    seed: int,
) -> None:
    """The uninterrupted run is the oracle; each killed run must end in the same state."""
    reference = folder / "reference db.sqlite"
    make(reference)
    before = counts(reference)
    code, duration = run(argv(reference))
    assert code == 0
    expected = counts(reference)
    rng = random.Random(seed)
    for n in range(RUNS):
        path = folder / f"killed {n}.db"
        make(path)
        kill_at(argv(path), rng.uniform(0.0, 1.1) * duration)
        check_killed(path, before, expected)
        assert run(argv(path))[0] == 0, f"run {n}: the next run must complete"
        assert state(path) == state(reference), f"run {n}"


# --- import: all or nothing ---------------------------------------------------------------


@pytest.fixture
def export_file(folder: Path) -> Path:
    src = folder / "source.db"
    db = open_db(src)
    speech, _ = add_speech(db, "Synthetic speech. " * 10, date="2025-01-15", lang="en", now=NOW)
    with db.atomic():
        db["claims"].insert_all(
            {
                "speech_id": speech["id"],
                "kind": "statement",
                "quote": f"Claim {i}",
                "norm": f"claim {i}",
                "rating": "unrated",
                "created_at": NOW,
                "updated_at": NOW,
            }
            for i in range(3000)
        )
        db["events"].insert_all(
            {"at": NOW, "claim_id": i, "type": "created", "new": "statement"}
            for i in range(1, 3001)
        )
    out = folder / "backup file.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        export(db, fh)
    db.close()
    return out


def test_kill_import(folder: Path, export_file: Path) -> None:
    def make(path: Path) -> None:
        open_db(path).close()

    def argv(path: Path) -> list[str]:
        return ["import", str(export_file), "--db", str(path)]

    reference = folder / "reference.db"
    make(reference)
    before = counts(reference)
    code, duration = run(argv(reference))
    assert code == 0
    expected = counts(reference)
    assert run(argv(reference))[0] == 1  # a second import is refused, never doubled
    assert counts(reference) == expected
    rng = random.Random(1)
    for n in range(RUNS):
        path = folder / f"import {n}.db"
        make(path)
        kill_at(argv(path), rng.uniform(0.0, 1.1) * duration)
        got = counts(path)
        assert got in (before, expected), f"run {n}: all or nothing, got {got}"
        assert run(argv(path))[0] == (0 if got == before else 1)
        assert counts(path) == expected, f"run {n}"


# --- extract --register: one transaction -----------------------------------------------------


def test_kill_extract_register(folder: Path) -> None:
    def make(path: Path) -> None:
        open_db(path).close()

    def argv(path: Path) -> list[str]:
        return ["extract", str(SPEECH), "--date", "2025-10-07", "--register", "--db", str(path)]

    def check(path: Path, before: dict[str, int], expected: dict[str, int]) -> None:
        got = counts(path)
        assert got["claims"] in (0, expected["claims"]), got
        assert got["events"] == got["claims"]  # one `created` event per claim, never more
        assert got["speeches"] <= 1

    kill_runs(folder, make, argv, check, seed=20251007)


# --- refresh: every result committed as it arrives ------------------------------------------


def build(path: Path, web: Web) -> None:
    synthetic_db(path, web, claims=120, pages=24, every=4)


def test_kill_refresh(folder: Path) -> None:
    with serve(Web(latency=0.01)) as web:

        def argv(path: Path) -> list[str]:
            return ["refresh", "--db", str(path), "--allow-private", "--now", NOW, "-q"]

        def check(path: Path, before: dict[str, int], expected: dict[str, int]) -> None:
            got = counts(path)
            assert got["claims"] == before["claims"] and got["evidence"] == before["evidence"]
            assert rows(path, "SELECT rating FROM claims WHERE id = 3") == [("kept",)]
            flags = set(rows(path, "SELECT claim_id, flag FROM flags"))
            last: dict[tuple[object, object], object] = {}
            for c, f, t in rows(
                path,
                "SELECT claim_id, field, type FROM events WHERE type LIKE 'flag-%' ORDER BY id",
            ):
                last[(c, f)] = t
            assert {k for k, t in last.items() if t == "flag-set"} == flags

        kill_runs(folder, lambda p: build(p, web), argv, check, seed=7)
