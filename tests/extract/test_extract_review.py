"""extract --review (keys from an injected stream, and through a real pty), --register's
default threshold, and one deadline resolution for preview and storage."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import sys
import termios
import time
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from claimtrack.extract import extract
from claimtrack.extract.register import DEFAULT_MIN_CONFIDENCE
from claimtrack.extract.session import review
from claimtrack.speeches import add_speech
from support import SPEECH, Cli

TEXT = "Келесі жылы 200 мектеп салынады. Биыл экспорт 15 пайызға өсті."


def keys(stream: str) -> io.StringIO:
    return io.StringIO(stream)


def walk(db: Database, speech_id: int, typed: str, lines: str = "") -> tuple[object, list[str]]:
    found = extract(TEXT, "kk", date(2025, 10, 7))
    said: list[str] = []
    shown: list[str] = []
    key_stream, line_stream = keys(typed), keys(lines)
    result = review(
        db,
        speech_id,
        found,
        read_key=lambda: key_stream.read(1),
        read_line=lambda prompt: line_stream.readline(),
        show=lambda c, n, total: shown.append(f"{n}/{total} {c.kind} {c.quote}"),
        say=said.append,
    )
    return result, shown + said


@pytest.mark.parametrize(
    ("typed", "lines", "accepted", "kinds"),
    [
        ("aa", "", 2, None),
        ("ra", "", 1, None),
        ("sq", "", 0, None),
        ("q", "", 0, None),
        ("kaa", "", 2, "statement"),  # k turns the first (a commitment) into a statement
        ("x?aa", "", 2, None),  # unknown keys show the keys, then ask again
        ("ea" + "r", "200 мектеп салынады\n", 1, None),
    ],
)
def test_review_keys(
    db: Database, typed: str, lines: str, accepted: int, kinds: str | None
) -> None:
    speech, _ = add_speech(db, TEXT, date="2025-10-07", lang="kk")
    result, _ = walk(db, speech["id"], typed, lines)
    assert len(result.accepted) == accepted  # type: ignore[attr-defined]
    rows = list(db.query("SELECT kind, quote FROM claims ORDER BY id"))
    assert len(rows) == accepted
    if kinds:
        assert rows[0]["kind"] == kinds
    if lines:
        assert rows[0]["quote"] == "200 мектеп салынады"


def test_review_of_an_edit_not_in_the_speech_says_so(db: Database) -> None:
    speech, _ = add_speech(db, TEXT, date="2025-10-07", lang="kk")
    result, said = walk(db, speech["id"], "eas", "not in the speech at all\n")
    assert result.accepted == []  # type: ignore[attr-defined]
    assert any("Not registered" in s for s in said)


def test_review_through_a_pty(tmp_path: Path) -> None:
    """The real command in a real terminal: keys typed one by one, no Enter."""
    db = tmp_path / "review.db"
    os.environ["CLAIMTRACK_DB"] = str(db)
    cli = Cli()
    assert cli("speech", "add", str(SPEECH), "--date", "2025-10-07").exit_code == 0
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "claimtrack",
                "extract",
                "--speech",
                "1",
                "--review",
                "--db",
                str(db),
            ],
        )  # noqa: E501
    output = b""
    for key in b"arq":
        output += _read_until(fd, b"q quit")
        _wait_for_raw_mode(fd)  # a key typed before it would be flushed by the switch
        os.write(fd, bytes([key]))
    output += _read_until(fd, b"not reached")
    os.waitpid(pid, 0)
    os.close(fd)
    text = output.decode("utf-8", "replace")
    assert "[1/" in text and "Registered claim 1" in text
    assert "Registered 1, rejected 1, skipped 0" in text
    assert json.loads(cli("list", "--json").stdout)[0]["source"] == "extract"


def _wait_for_raw_mode(fd: int, limit: float = 60) -> None:
    """Until the child's terminal reads key by key (click.getchar has set raw mode)."""
    deadline = time.monotonic() + limit
    while termios.tcgetattr(fd)[3] & termios.ICANON:
        assert time.monotonic() < deadline, "the terminal never left line mode"
        select.select([], [], [], 0.005)


def _read_until(fd: int, marker: bytes, limit: float = 60) -> bytes:
    got = b""
    while marker not in got:
        ready, _, _ = select.select([fd], [], [], limit)
        if not ready:
            raise AssertionError(f"no {marker!r} in {got[-400:]!r}")
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        got += chunk
    return got


def test_register_keeps_to_the_default_threshold_and_no_statements(
    cli: Cli, isolated_db: Path
) -> None:
    preview = json.loads(cli("extract", str(SPEECH), "--date", "2025-10-07", "--json").stdout)
    r = cli("extract", str(SPEECH), "--date", "2025-10-07", "--register")
    assert r.exit_code == 0, r.stderr
    stored = json.loads(cli("list", "--json").stdout)
    wanted = [
        c for c in preview if c["confidence"] >= DEFAULT_MIN_CONFIDENCE and c["kind"] != "statement"
    ]
    assert [c["quote"] for c in stored] == [c["quote"] for c in wanted]
    # what the preview showed is what was stored
    assert [(c["deadline_start"], c["deadline_end"]) for c in stored] == [
        (c["deadline_start"], c["deadline"]) for c in wanted
    ]


def test_an_undated_speech_gets_its_deadlines_with_its_date(cli: Cli, isolated_db: Path) -> None:
    assert cli("speech", "add", str(SPEECH)).exit_code == 0
    r = cli("extract", "--speech", "1", "--register")
    assert r.exit_code == 0, r.stderr
    listed = json.loads(cli("list", "--json").stdout)
    relative = [c for c in listed if c["deadline_text"] and c["deadline_end"] is None]
    assert any("келесі жылы" in c["deadline_text"] for c in relative)  # kept until dated
    r = cli("extract", "--speech", "1", "--date", "2025-10-07", "--register")
    assert r.exit_code == 1 and "speech edit 1 --date 2025-10-07" in r.stderr
    assert cli("speech", "edit", "1", "--date", "2025-10-07").exit_code == 0
    dated = {c["id"]: c for c in json.loads(cli("list", "--json").stdout)}
    assert all(dated[c["id"]]["deadline_end"] for c in relative)
