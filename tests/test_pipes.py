"""Unix conventions: a closed pipe exits 0 quietly, --json is always valid JSON, -q/-v mean the
same everywhere, counts agree with their nouns, and `refresh --fail-on` says what it failed on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from claimtrack.cli import app
from claimtrack.output import plural
from support import DATASET, Cli

CLAIMTRACK = str(Path(sys.executable).with_name("claimtrack"))


@pytest.fixture
def loaded(cli: Cli, isolated_db: Path) -> Path:
    assert cli("dataset", "load", str(DATASET)).exit_code == 0
    return isolated_db


def into_closed_pipe(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run the real `claimtrack` (its entry point, main()) with stdout a pipe whose reader has
    already gone: every write meets a closed pipe, from the first byte on."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [CLAIMTRACK, *args], stdout=write, stderr=subprocess.PIPE, timeout=120, check=False
        )
    finally:
        os.close(write)


CLOSED = [
    ("report",),
    ("report", "--all", "--wide"),
    ("report", "-o", "-", "--format", "json"),
    ("report", "--format", "csv"),
    ("report", "--format", "markdown"),
    ("report", "--format", "html"),
    ("export", "-o", "-"),
    ("export",),
    ("list",),
    ("list", "--json"),
    ("show", "1"),
    ("history", "1", "--json"),
    ("speech", "list"),
    ("speech", "show", "1", "--text"),
    ("evidence", "list"),
    ("stats",),
    ("config", "list"),
    ("dataset", "list"),
    ("refresh", "--dry-run", "--now", "2027-01-01"),
]


@pytest.mark.parametrize("args", CLOSED, ids=" ".join)
def test_a_closed_pipe_exits_0_quietly(args: tuple[str, ...], loaded: Path) -> None:
    r = into_closed_pipe(*args)
    assert (r.returncode, r.stderr) == (0, b"")


def test_a_closed_pipe_keeps_the_commands_own_exit_code(loaded: Path) -> None:
    r = into_closed_pipe("refresh", "--no-fetch", "--now", "2027-01-01", "--fail-on", "overdue")
    assert r.returncode == 3 and b"flagged overdue" in r.stderr and b"Traceback" not in r.stderr


def test_head_reads_one_line(loaded: Path) -> None:
    """The shell's way: the reader leaves after its first line, mid-output."""
    for pipeline in (
        f"'{CLAIMTRACK}' report --all --wide | head -1",
        f"'{CLAIMTRACK}' export -o - | head -1",
        f"'{CLAIMTRACK}' list --json | head -c 10",
    ):
        r = subprocess.run(
            ["bash", "-c", f"set -o pipefail; {pipeline}"],
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert (r.returncode, r.stderr) == (0, b""), pipeline
        assert r.stdout


# --json: valid JSON, always


def read_commands() -> list[tuple[str, ...]]:
    """Every command with --json, as run on an empty database (those needing an id aside)."""
    Cli()
    found = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))
        if any("--json" in getattr(p, "opts", ()) for p in getattr(command, "params", ())):
            needs_argument = any(
                p.param_type_name == "argument" and p.required for p in command.params
            )
            if not needs_argument:
                found.append(path)

    walk(typer.main.get_command(app), ())
    return sorted(found)


def test_empty_results_are_empty_json(cli: Cli, isolated_db: Path) -> None:
    cli("config", "set", "flags.stale_days", "90")  # an empty database
    commands = read_commands()
    assert ("list",) in commands and ("refresh",) in commands
    for command in commands:
        # extract needs a text, dataset list is not the database's, undo a change to undo
        if command in (("extract",), ("dataset", "list"), ("undo",)):
            continue
        r = cli(*command, "--json")
        assert r.exit_code == 0, (command, r.stderr)
        data = json.loads(r.stdout)  # valid, whatever the command
        if isinstance(data, list):
            assert data == [], command


def test_refresh_json_with_nothing_changed_is_an_object_of_zeros(cli: Cli, loaded: Path) -> None:
    first = cli("refresh", "--no-fetch", "--now", "2027-01-01", "--json")
    assert json.loads(first.stdout)["changes"]
    again = json.loads(cli("refresh", "--no-fetch", "--now", "2027-01-01", "--json").stdout)
    assert again["changes"] == [] and set(again["flags"].values()) == {0}
    assert again["fetch"]["fetched"] == 0 and again["fetch"]["failed_by_reason"] == {}


def test_no_fetch_keys_match_a_fetch_summary() -> None:
    from claimtrack.fetch.fetcher import FetchSummary
    from claimtrack.refresh import NO_FETCH

    assert NO_FETCH == FetchSummary().counts()


# -q / -v


def quiet_verbose() -> dict[tuple[str, ...], dict[str, Any]]:
    Cli()
    found: dict[tuple[str, ...], dict[str, Any]] = {}

    def walk(command: Any, path: tuple[str, ...]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))
        for p in getattr(command, "params", ()):
            if p.name in ("quiet", "verbose"):
                found.setdefault(path, {})[p.name] = (sorted(p.opts), p.help)

    walk(typer.main.get_command(app), ())
    return found


def test_quiet_and_verbose_are_the_same_options_everywhere() -> None:
    found = quiet_verbose()
    assert {("refresh",), ("evidence", "fetch"), ("evidence", "extract")} <= set(found)
    assert all(set(opts) == {"quiet", "verbose"} for opts in found.values()), found
    assert len({json.dumps(opts, sort_keys=True) for opts in found.values()}) == 1


@pytest.mark.parametrize(
    "args",
    [("refresh", "--no-fetch", "--now", "2026-01-01"), ("evidence", "extract")],
    ids=["refresh", "evidence-extract"],
)
def test_quiet_prints_nothing_verbose_prints_counts(
    args: tuple[str, ...], cli: Cli, loaded: Path
) -> None:
    quiet = cli(*args, "-q")
    assert quiet.exit_code == 0 and quiet.stdout == quiet.stderr == ""
    verbose = cli(*args, "-v")
    assert verbose.exit_code == 0 and verbose.stderr.count("\n") >= 1
    assert verbose.stderr.split(":")[0] in ("fetch", "extract")


def test_fail_on_says_what_it_failed_on(cli: Cli, loaded: Path) -> None:
    r = cli("refresh", "--no-fetch", "--now", "2028-01-01", "--fail-on", "overdue,stale", "-q")
    assert r.exit_code == 3 and r.stdout == ""
    lines = r.stderr.splitlines()
    assert [line.split(" flagged ")[1].split()[0] for line in lines] == ["overdue", "stale"]
    assert all(line.startswith("refresh --fail-on: ") for line in lines)
    assert "claimtrack list --flag overdue" in lines[0]


# singular and plural


@pytest.mark.parametrize(
    ("n", "noun", "nouns", "expected"),
    [(0, "claim", None, "0 claims"), (1, "claim", None, "1 claim"), (2, "claim", None, "2 claims")]
    + [(1, "speech", "speeches", "1 speech"), (3, "speech", "speeches", "3 speeches")],
)
def test_plural(n: int, noun: str, nouns: str | None, expected: str) -> None:
    assert plural(n, noun, nouns) == expected


def test_messages_agree_with_their_counts(cli: Cli, loaded: Path, tmp_path: Path) -> None:
    one = tmp_path / "one.jsonl"
    lines = cli("export").stdout.splitlines()
    header = lines[0]
    speech = next(line for line in lines if '"type": "speech"' in line)
    one.write_text(f"{header}\n{speech}\n", encoding="utf-8")
    r = cli("import", str(one), "--db", str(tmp_path / "one.db"))
    assert r.exit_code == 0 and r.stderr == "Imported 1 speech\n"
    r = cli("report", "--speech", "1", "--limit", "50", "--all")
    assert "1 claims" not in r.stdout and "1 commitments" not in r.stdout
    r = cli("export", "-o", str(tmp_path / "x.jsonl"))
    assert r.stderr.startswith("Exported ") and " records to " in r.stderr
    r = cli("report", "--format", "json", "--kind", "statement", "-o", str(tmp_path / "s.json"))
    n = len(json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["claims"])
    assert r.stderr == f"Wrote {plural(n, 'claim')} to {tmp_path / 's.json'}\n"
