"""kill -9 at random points of `rm`, `undo`, `speech edit` and `db restore` (20 runs each).

Each command is one transaction: after every kill the database passes PRAGMA integrity_check
and foreign_key_check and is exactly as before the command or exactly as after it (the
uninterrupted run, the oracle), never in between; running the command again then ends in the
oracle's state. Reuses the fork-and-kill harness of test_kill.py."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from claimtrack.backup import backup
from claimtrack.db import open_db
from claimtrack.retract import retract
from claimtrack.speeches import add_speech

from .test_kill import RUNS, counts, kill_at, run
from .test_kill import folder as folder  # the fixture

NOW = "2026-06-01T03:00:00Z"
CLAIMS = 600


def seed_db(path: Path, claims: int = CLAIMS, *, deadline: str | None = None) -> None:
    """A speech of `claims` claims, each with its `created` event (and `deadline` phrase)."""
    db = open_db(path)
    speech, _ = add_speech(db, "Synthetic speech. " * 10, date="2025-01-15", lang="en", now=NOW)
    with db.atomic():
        db["claims"].insert_all(
            {
                "speech_id": speech["id"],
                "kind": "commitment",
                "quote": f"Claim {i}",
                "norm": f"claim {i}",
                "rating": "not-yet-rated",
                "deadline_text": deadline,
                "deadline_end": "2026-12-31" if deadline else None,
                "deadline_start": "2026-01-01" if deadline else None,
                "created_at": NOW,
                "updated_at": NOW,
            }
            for i in range(claims)
        )
        db["events"].insert_all(
            {"at": NOW, "claim_id": i, "type": "created", "new": "commitment", "by": "t"}
            for i in range(1, claims + 1)
        )
    db.close()


def state(path: Path) -> dict[str, object]:
    """What a command changes, without its timestamps (two runs differ in those)."""
    conn = sqlite3.connect(path)
    try:
        return {
            "counts": counts(path),
            "claims": conn.execute(
                "SELECT id, kind, rating, removed_at IS NULL, deadline_start, deadline_end,"
                " group_id FROM claims ORDER BY id"
            ).fetchall(),
            "speeches": conn.execute("SELECT id, date, speaker FROM speeches").fetchall(),
            "events": conn.execute(
                "SELECT id, type, claim_id, field, change_id, reverts FROM events ORDER BY id"
            ).fetchall(),
        }
    finally:
        conn.close()


def all_or_nothing(
    folder: Path,
    make: Callable[[Path], None],
    argv: Callable[[Path], list[str]],
    seed: int,
    again: int | None = 0,
) -> None:
    """The oracle run, then RUNS killed runs: each is the state before or after, never
    between; rerunning ends like the oracle (`again`: the exit code of a rerun after a
    complete run, 1 where the command refuses to repeat itself; None: no rerun then, as a
    second `undo` reverts the change before)."""
    reference = folder / "reference.db"
    make(reference)
    before = state(reference)
    code, duration = run(argv(reference))
    assert code == 0
    after = state(reference)
    assert after != before
    rng = random.Random(seed)
    seen = set()
    for n in range(RUNS):
        path = folder / f"killed {n}.db"
        make(path)
        kill_at(argv(path), rng.uniform(0.0, 1.1) * duration)
        got = state(path)
        assert got in (before, after), f"run {n}: neither before nor after"
        seen.add(got == after)
        if got == after and again is None:
            continue
        assert run(argv(path))[0] == (0 if got == before else again), f"run {n}"
        assert state(path) == after, f"run {n}"


@pytest.mark.slow
def test_kill_rm(folder: Path) -> None:
    ids = [str(i) for i in range(1, CLAIMS + 1)]
    all_or_nothing(
        folder, seed_db, lambda p: ["rm", *ids, "--reason", "kill", "--db", str(p)], 11, again=1
    )


@pytest.mark.slow
def test_kill_undo(folder: Path) -> None:
    def make(path: Path) -> None:
        seed_db(path)
        db = open_db(path)
        retract(db, list(range(1, CLAIMS + 1)), by="t", now=NOW)
        db.close()

    all_or_nothing(folder, make, lambda p: ["undo", "--db", str(p)], 12, again=None)


@pytest.mark.slow
def test_kill_speech_edit(folder: Path) -> None:
    def make(path: Path) -> None:
        seed_db(path, 150, deadline="next year")

    def argv(path: Path) -> list[str]:
        return ["speech", "edit", "1", "--date", "2027-03-01", "--speaker", "X", "--db", str(path)]

    all_or_nothing(folder, make, argv, 13, again=0)


@pytest.mark.slow
def test_kill_db_restore(folder: Path) -> None:
    source = folder / "big.db"
    seed_db(source, 5_000)
    archive = folder / "backup file.db"
    db = open_db(source)
    backup(db, archive)
    db.close()

    def make(path: Path) -> None:
        seed_db(path, 10)

    all_or_nothing(folder, make, lambda p: ["db", "restore", str(archive), "--db", str(p)], 14)
