"""Bytes that are not UTF-8 in an argument get a one-line error and are never stored; a
setting that holds such bytes, or control characters, is still readable and shown safely."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from support import SPEECH

BAD = b"\xff\xfe bad"


def _run(db: Path, *args: bytes | str) -> subprocess.CompletedProcess[bytes]:
    argv = [os.fsencode(a) if isinstance(a, str) else a for a in args]
    code = "from claimtrack.cli import main; main()"
    return subprocess.run(
        [os.fsencode(sys.executable), b"-c", code.encode(), *argv, b"--db", os.fsencode(db)],
        capture_output=True,
        timeout=60,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )


@pytest.fixture
def speech_db(tmp_path: Path) -> Path:
    db = tmp_path / "claims.db"
    r = _run(db, "speech", "add", str(SPEECH), "--date", "2025-10-07")
    assert r.returncode == 0, r.stderr
    return db


def _dump(db: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        rows = []
        for table in ("claims", "events", "settings", "evidence", "pages", "speeches"):
            rows += [(table, *row) for row in conn.execute(f"SELECT * FROM {table}")]  # noqa: S608
        return rows
    finally:
        conn.close()


CASES = [
    ("quote", ["add", BAD, "--speech", "1", "--kind", "statement", "--not-verbatim"]),
    ("note", ["rate", "1", "true", "--note", BAD]),
    ("topic", ["add", "Түркі", "--speech", "1", "--kind", "statement", "--topic", BAD]),
    ("url", ["evidence", "add", "1", b"https://example.org/" + BAD]),
    ("by", ["rate", "1", "true", "--by", BAD]),
    ("search", ["list", "--search", BAD]),
    ("config", ["config", "set", "publisher.name", BAD]),
    ("speaker", ["speech", "add", str(SPEECH), "--speaker", BAD]),
]


@pytest.mark.parametrize(("name", "args"), CASES, ids=[c[0] for c in CASES])
def test_an_argument_that_is_not_utf8_is_refused(
    speech_db: Path, name: str, args: list[bytes | str]
) -> None:
    assert _run(speech_db, "add", "Түркі", "--speech", "1", "--kind", "statement").returncode == 0
    before = _dump(speech_db)
    r = _run(speech_db, *args)
    err = r.stderr.decode("utf-8")
    assert r.returncode == 1, err
    assert err.startswith("Error: argument ") and "is not UTF-8 text" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert r.stdout == b""
    assert _dump(speech_db) == before


def test_a_setting_written_by_another_program_is_still_readable(speech_db: Path) -> None:
    conn = sqlite3.connect(speech_db)
    with conn:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, CAST(? AS TEXT))",
            ("publisher.name", b'"Fact\xffcheck \x1b[31mred\x1b[0m"'),
        )
    conn.close()
    got = _run(speech_db, "config", "get", "publisher.name")
    assert got.returncode == 0, got.stderr
    out = got.stdout.decode("utf-8")
    assert out.startswith("Fact\ufffdcheck") and "\x1b" not in out
    listed = _run(speech_db, "config", "list")
    assert listed.returncode == 0, listed.stderr
    assert b"\x1b" not in listed.stdout and "Fact\ufffdcheck".encode() in listed.stdout


def test_settings_print_as_config_set_takes_them(speech_db: Path) -> None:
    assert _run(speech_db, "config", "set", "fetch.allow_private", "yes").returncode == 0
    assert _run(speech_db, "config", "get", "fetch.allow_private").stdout == b"true\n"
    listed = _run(speech_db, "config", "list").stdout.decode()
    assert "fetch.allow_private = true " in listed and "True" not in listed


STDIN_CASES = [
    ("speech", ["speech", "add", "-"], "Біз 2030 жылға дейін".encode() + b" \xff"),
    ("urls", ["evidence", "add", "1", "--from-file", "-"], b"https://example.org/\xff\n"),
    (
        "import",
        ["import", "-"],
        b'{"type":"claimtrack-export","version":1}\n{"type":"speech","data":{"title":"\xff"}}\n',
    ),
]


@pytest.mark.parametrize(("name", "args", "data"), STDIN_CASES, ids=[c[0] for c in STDIN_CASES])
def test_stdin_that_is_not_utf8_is_refused(
    speech_db: Path, name: str, args: list[str], data: bytes
) -> None:
    before = _dump(speech_db)
    code = "from claimtrack.cli import main; main()"
    r = subprocess.run(
        [sys.executable, "-c", code, *args, "--db", str(speech_db)],
        input=data,
        capture_output=True,
        timeout=60,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    err = r.stderr.decode("utf-8")
    assert r.returncode == 1, err
    assert err.startswith("Error: ") and "not UTF-8" in err and len(err.strip().splitlines()) == 1
    assert _dump(speech_db) == before
