"""A read-only database and a full disk: one-line errors, nothing half-written.

Root ignores file permissions, so a read-only database is made two ways: a read-only bind
mount of its folder (real, needs mount(2); skipped where not permitted) and SQLite's own
`mode=ro` URI injected into `open_db` (always). A full disk is a 256 KB tmpfs (real; skipped
where mounting is not permitted) and an OSError/SQLITE_FULL injected into the connection.
"""

from __future__ import annotations

import gc
import io
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import Cli

from .conftest import PROMISE, dump, integrity


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def _umount(path: Path) -> None:
    gc.collect()  # connections leaked by in-process commands keep the mount busy
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "small disk"
    mnt.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mnt)):
        pytest.skip("mounting a tmpfs is not permitted here")
    yield mnt
    _umount(mnt)


@pytest.fixture
def read_only_copy(loaded: Path, tmp_path: Path) -> Iterator[Path]:
    _checkpoint(loaded)
    src, ro = tmp_path / "rw", tmp_path / "ro"
    src.mkdir()
    ro.mkdir()
    shutil.copy(loaded, src / "claims.db")
    if not (_mount("--bind", str(src), str(ro)) and _mount("-o", "remount,bind,ro", str(ro))):
        _umount(ro)
        pytest.skip("a read-only bind mount is not permitted here")
    yield ro / "claims.db"
    _umount(ro)


READS = [["list"], ["show", "1"], ["report"], ["stats"], ["export"], ["config", "list"]]
WRITES = [
    ["rate", "1", "kept"],
    ["add", "Президент Әзербайжанның", "--speech", "1", "--kind", "statement"],
    ["evidence", "add", "1", "https://example.org/b"],
    ["config", "set", "flags.stale_days", "10"],
    ["refresh", "--no-fetch"],
]


@pytest.mark.parametrize("args", READS + WRITES, ids=lambda a: "-".join(a[:2]))
def test_read_only_filesystem(cli: Cli, read_only_copy: Path, args: list[str]) -> None:
    before = read_only_copy.read_bytes()
    r = cli(*args, "--db", str(read_only_copy))
    assert r.exit_code == 1 and r.stderr.count("\n") == 1, r.stderr
    assert "read-only" in r.stderr.lower() and str(read_only_copy.parent) in r.stderr
    assert read_only_copy.read_bytes() == before


@pytest.fixture
def read_only_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    """Open every database through SQLite's read-only URI, as a read-only file would be."""
    real = sqlite3.connect

    def connect(path: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        if not path.startswith("file:"):
            path, kwargs = f"file:{path}?mode=ro", {**kwargs, "uri": True}
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("claimtrack.db.sqlite3.connect", connect)


@pytest.mark.parametrize("args", WRITES[:4], ids=lambda a: "-".join(a[:2]))
def test_read_only_database_file(
    cli: Cli, loaded: Path, read_only_uri: None, args: list[str]
) -> None:
    before = dump_raw(loaded)
    r = cli(*args)
    assert r.exit_code == 1 and r.stderr.count("\n") == 1, r.stderr
    assert f"Database {loaded} is read-only" in r.stderr and "permissions" in r.stderr
    assert dump_raw(loaded) == before


def test_read_only_database_file_still_reads(cli: Cli, loaded: Path, read_only_uri: None) -> None:
    r = cli("list", "--json")
    assert r.exit_code == 0 and PROMISE in r.stdout


def dump_raw(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT id, rating, quote FROM claims ORDER BY id").fetchall()
    finally:
        conn.close()


def test_full_disk_tmpfs(cli: Cli, loaded: Path, tmpfs: Path) -> None:
    _checkpoint(loaded)
    path = tmpfs / "claims.db"
    shutil.copy(loaded, path)
    before = dump(path)
    big = " ".join(f"Түркі {i}" for i in range(1700))  # ~16 KB a claim
    r = None
    for i in range(80):
        r = cli(
            "add",
            f"{big} {i}",
            "--speech",
            "1",
            "--kind",
            "statement",
            "--not-verbatim",
            "--db",
            str(path),
        )
        if r.exit_code:
            break
    assert r is not None and r.exit_code == 1, "the disk never filled up"
    assert (
        r.stderr
        == f"Error: Disk full while writing {path}: nothing was changed (free space and retry)\n"
    )
    assert integrity(path) == "ok"
    assert len(dump(path)) >= len(before)
    for args in (
        ["export", "-o", str(tmpfs / "x.jsonl")],
        ["report", "-f", "html", "-o", str(tmpfs / "r.html")],
        ["refresh", "--no-fetch"],
    ):
        r = cli(*args, "--db", str(path))
        assert r.exit_code in (0, 1) and "Traceback" not in r.stderr, (args, r.stderr)
        if r.exit_code:
            assert r.stderr.count("\n") == 1 and ("space" in r.stderr or "full" in r.stderr.lower())
    assert not (tmpfs / "x.jsonl").exists() and not (tmpfs / "r.html").exists()
    assert integrity(path) == "ok"


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("database or disk is full"),
        sqlite3.OperationalError("disk I/O error"),
    ],
    ids=["sqlite-full", "io-error"],
)
def test_injected_disk_errors_on_write(
    cli: Cli, loaded: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    """Every write goes through db.transaction(); an error from the disk becomes one line."""
    import claimtrack.db as dbmod

    real = dbmod.transaction

    def failing(db):  # type: ignore[no-untyped-def]
        class Boom:
            def __enter__(self) -> None:
                raise error

            def __exit__(self, *exc: object) -> None:
                return None

        with real(db), Boom():
            yield db

    import contextlib

    monkeypatch.setattr(dbmod, "transaction", contextlib.contextmanager(failing))
    writers = ("claims", "editing", "evidence", "settings", "speeches", "speechedit", "exchange")
    for module in writers:
        monkeypatch.setattr(f"claimtrack.{module}.transaction", dbmod.transaction)
    before = dump(loaded)
    for args in WRITES[:4]:
        r = cli(*args)
        assert r.exit_code == 1 and r.stderr.count("\n") == 1, (args, r.stderr)
        assert "nothing was changed" in r.stderr, r.stderr
    assert dump(loaded) == before


def test_injected_oserror_writing_an_export(
    cli: Cli, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def full(db: object, out: io.TextIOBase, **_: object) -> int:
        out.write("{}\n")
        raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "out.jsonl"
    monkeypatch.setattr("claimtrack.exchange.export", full)
    r = cli("export", "-o", str(target))
    assert r.exit_code == 1 and "Cannot write" in r.stderr and "No space left" in r.stderr
    assert not target.exists() and not list(tmp_path.glob("*out.jsonl*"))  # no temporary file
