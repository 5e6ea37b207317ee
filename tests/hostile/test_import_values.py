"""`claimtrack import` checks every value before it writes: a file from anywhere cannot store
what the commands themselves would refuse, and a safety setting needs the importer's trust."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from support import DATASET, Cli


@pytest.fixture
def export_lines(cli: Cli, isolated_db: Path, tmp_path: Path) -> list[str]:
    assert cli("dataset", "load", str(DATASET)).exit_code == 0
    assert cli("config", "set", "fetch.timeout", "12").exit_code == 0
    dump = tmp_path / "dump.jsonl"
    assert cli("export", "-o", str(dump)).exit_code == 0
    return dump.read_text(encoding="utf-8").splitlines()


def _with(lines: list[str], kind: str, field: str, value: Any) -> list[str]:
    """The export with `field` of the first record of type `kind` set to `value`."""
    out, done = [], False
    for line in lines:
        record = json.loads(line)
        if not done and record["type"] == kind:
            record["data"][field] = value
            line, done = json.dumps(record), True  # a lone surrogate as its \\u escape
        out.append(line)
    assert done, kind
    return out


def _import(cli: Cli, tmp_path: Path, lines: list[str], *extra: str) -> tuple[Any, Path]:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "target.db"
    return cli("import", str(source), "--db", str(target), *extra), target


def _claims_in(path: Path) -> int:
    if not path.exists():
        return 0
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM claims").fetchone()[0])
    finally:
        conn.close()


BAD_VALUES = [
    ("claim", "figures", "{not json", "figures"),
    ("claim", "figures", '[{"value": "six"}]', "figures"),
    ("claim", "figures", '[{"value": 1e999}]', "figures"),
    ("claim", "figures", "[" * 5000 + "]" * 5000, "figures"),
    ("claim", "kind", "rumour", "kind"),
    ("claim", "rating", "kept", "rating 'kept'"),  # claim 1 is not a commitment
    ("claim", "deadline_end", "2026-02-30", "deadline_end"),
    ("claim", "start", -4, "start"),
    ("claim", "quote", "bad \ud800 text", "quote"),
    ("claim", "topic", "nul\x00byte", "topic"),
    ("claim", "speech_id", 10**30, "speech_id"),
    ("speech", "date", "2025-13-01", "date"),
    ("speech", "lang", "xx", "lang"),
    ("page", "status", "exploded", "status"),
    ("page", "http_status", 9999, "http_status"),
    ("evidence", "stance", "agrees", "stance"),
    ("event", "at", "yesterday", "at"),
    ("event", "evidence_ids", '["one"]', "evidence_ids"),
    ("setting", "value", "Infinity", "finite"),
    ("setting", "value", "-3", "negative"),
]


@pytest.mark.parametrize(("kind", "field", "value", "named"), BAD_VALUES)
def test_a_bad_value_is_refused_before_anything_is_written(
    cli: Cli, tmp_path: Path, export_lines: list[str], kind: str, field: str, value: Any, named: str
) -> None:
    r, target = _import(cli, tmp_path, _with(export_lines, kind, field, value))
    assert r.exit_code == 1, r.stdout
    assert r.stderr.startswith("Error: Line ") and named in r.stderr, r.stderr
    assert "nothing imported" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr
    assert _claims_in(target) == 0


def test_a_flag_that_does_not_exist_is_refused(
    cli: Cli, tmp_path: Path, export_lines: list[str]
) -> None:
    flag = json.dumps({"type": "flag", "data": {"claim_id": 1, "flag": "haunted", "since": "x"}})
    r, target = _import(cli, tmp_path, [*export_lines, flag])
    assert r.exit_code == 1 and "field 'flag'" in r.stderr, r.stderr
    assert _claims_in(target) == 0


@pytest.mark.parametrize(
    "line",
    [
        "[" * 100_000 + "]" * 100_000,  # nesting deeper than the JSON parser recurses
        '{"type": "claim", "data": {"id": ' + "9" * 5000 + "}}",  # more digits than int() reads
    ],
    ids=["deep-nesting", "huge-integer"],
)
def test_a_line_the_parser_cannot_read_is_one_line_error(
    cli: Cli, tmp_path: Path, export_lines: list[str], line: str
) -> None:
    r, target = _import(cli, tmp_path, [*export_lines[:5], line, *export_lines[5:]])
    assert r.exit_code == 1 and r.stderr.startswith("Error: Line 6 "), r.stderr[:300]
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert _claims_in(target) == 0


def test_a_setting_that_weakens_the_ssrf_guard_needs_trust(
    cli: Cli, tmp_path: Path, export_lines: list[str]
) -> None:
    unsafe = json.dumps(
        {"type": "setting", "data": {"key": "fetch.allow_private", "value": "true"}}
    )
    lines = [*export_lines, unsafe]
    r, target = _import(cli, tmp_path, lines)
    assert r.exit_code == 1 and "--trust-settings" in r.stderr, r.stderr
    assert _claims_in(target) == 0
    target.unlink(missing_ok=True)
    r, target = _import(cli, tmp_path, lines, "--trust-settings")
    assert r.exit_code == 0, r.stderr
    got = cli("config", "get", "fetch.allow_private", "--db", str(target))
    assert got.stdout.strip() == "true"


def test_a_clean_export_still_imports(cli: Cli, tmp_path: Path, export_lines: list[str]) -> None:
    r, target = _import(cli, tmp_path, export_lines)
    assert r.exit_code == 0, r.stderr
    assert _claims_in(target) >= 40
