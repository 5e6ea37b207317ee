"""`claimtrack extract` on the command line: output, registration and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimtrack.cli.extract  # noqa: F401  (registers the command)
from claimtrack.cli import app
from claimtrack.db import open_db

from .conftest import BUNDLED, TEXTS

runner = CliRunner()
SPEECH = BUNDLED / "speech.kk.txt"


def test_json(tmp_path: Path) -> None:
    r = runner.invoke(app, ["extract", str(SPEECH), "--date", "2025-10-07", "--json"])
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)
    text = SPEECH.read_text(encoding="utf-8")
    assert rows and all(text[x["start"] : x["end"]] == x["quote"] for x in rows)
    assert {"quantitative", "commitment"} <= {x["kind"] for x in rows}


def test_table_and_min_confidence() -> None:
    r = runner.invoke(app, ["extract", str(TEXTS / "en.txt"), "--min-confidence", "0.7"])
    assert r.exit_code == 0 and "commitment" in r.stdout and "statement" not in r.stdout


def test_nothing_found_prints_empty_array(tmp_path: Path) -> None:
    empty = tmp_path / "e.txt"
    empty.write_text("Hello there\n", encoding="utf-8")
    r = runner.invoke(app, ["extract", str(empty), "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout) == []


def test_register_twice(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    args = [
        "extract",
        str(SPEECH),
        "--date",
        "2025-10-07",
        "--register",
        "--db",
        db,
        "--min-confidence",
        "0.5",
    ]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.stderr
    assert "Registered" in first.stderr and "0 already registered" in first.stderr
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "Registered 0 claims" in again.stderr
    by_id = runner.invoke(app, ["extract", "--speech", "1", "--db", db, "--json"])
    assert by_id.exit_code == 0 and json.loads(by_id.stdout)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt"], "No such file"),
        (["BINARY"], "binary"),
        (["CP1251"], "not UTF-8"),
        ([str(SPEECH), "--lang", "de"], "Unknown language 'de'"),
        ([str(SPEECH), "--date", "07.10.2025"], "is not a date"),
        ([], "Give either a FILE or --speech"),
        (["--speech", "99"], "No speech with id 99"),
    ],
)
def test_bad_input(tmp_path: Path, args: list[str], message: str) -> None:
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x01\x02" * 10)
    cp1251 = tmp_path / "c.txt"
    cp1251.write_bytes("Привет мир".encode("cp1251"))
    args = [str(binary) if a == "BINARY" else str(cp1251) if a == "CP1251" else a for a in args]
    open_db(tmp_path / "x.db").conn.close()  # an empty database: --speech 99 is not in it
    r = runner.invoke(app, ["extract", *args, "--db", str(tmp_path / "x.db")])
    assert r.exit_code == 1, r.stdout
    assert r.stderr.startswith("Error: ") and message in r.stderr
    assert r.stderr.count("\n") == 1 and r.stdout == ""


def test_the_table_reads_in_words_at_80_columns() -> None:
    """The quote takes the width and wraps at spaces; every column, confidence included,
    fits an 80-column terminal (it used to split words: 'шаруашылығ / ы')."""
    r = CliRunner(env={"COLUMNS": "80"}).invoke(
        app, ["extract", str(SPEECH), "--date", "2025-10-07"]
    )
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split()[-1] == "conf" and all(len(line) <= 80 for line in lines)
    words = set(r.stdout.split())
    assert "тасымалданатын" in words  # in the quote of «Соңғы 5 жылда Орта дәліз…»
