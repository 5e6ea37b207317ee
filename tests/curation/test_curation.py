"""rm, restore, undo, edit --kind across scales, rate --as-of and the author of each change."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from support import Cli

from .conftest import OTHER, PROMISE, ok


def history(cli: Cli, claim: int) -> list[tuple[str, str | None, str | None, str]]:
    rows = ok(cli, "history", str(claim), "--json")
    return [(e["type"], e["old"], e["new"], e["by"]) for e in rows]


def test_retract_hides_and_restore_brings_back(cli: Cli, speech: Path) -> None:
    claim = ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment", "--json")["id"]
    ok(cli, "rm", str(claim), "--reason", "not a promise")
    assert ok(cli, "list", "--json") == []
    assert [r["id"] for r in ok(cli, "list", "--removed", "--json")] == [claim]
    assert ok(cli, "stats", "--json")["claims"] == 0
    again = cli("add", PROMISE, "--speech", "1", "--kind", "commitment")
    assert again.exit_code == 1 and f"claimtrack restore {claim}" in again.stderr
    ok(cli, "restore", str(claim))
    assert [r["id"] for r in ok(cli, "list", "--json")] == [claim]
    assert [h[0] for h in history(cli, claim)] == ["created", "removed", "restored"]
    assert {h[3] for h in history(cli, claim)} == {"aigerim"}


def test_purge_only_after_retraction_and_events_stay(cli: Cli, speech: Path) -> None:
    claim = ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment", "--json")["id"]
    r = cli("rm", "--purge", str(claim))
    assert r.exit_code == 1 and "not retracted" in r.stderr
    ok(cli, "rm", str(claim))
    ok(cli, "rm", "--purge", str(claim), "--reason", "legal request")
    conn = sqlite3.connect(speech)
    assert conn.execute("SELECT count(*) FROM claims").fetchone() == (0,)
    kept = conn.execute("SELECT type, claim_id FROM events ORDER BY id").fetchall()
    assert kept == [("created", None), ("removed", None), ("purged", None)]
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE events SET note = 'x'")
    conn.close()


def test_undo_reverts_the_last_change_then_the_one_before(cli: Cli, speech: Path) -> None:
    claim = ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment", "--json")["id"]
    ok(cli, "rate", str(claim), "in-the-works", "--by", "dana")
    ok(cli, "rate", str(claim), "kept", "--as-of", "2026-11-25")
    assert ok(cli, "show", str(claim), "--json")["rated_at"] == "2026-11-25"
    preview = ok(cli, "undo", "--dry-run", "--json")
    assert [e["new"] for e in preview["events"]] == ["kept"]
    assert ok(cli, "show", str(claim), "--json")["rating"] == "kept"  # dry run changed nothing
    ok(cli, "undo")
    shown = ok(cli, "show", str(claim), "--json")
    assert shown["rating"] == "in-the-works" and shown["rated_at"] != "2026-11-25"
    ok(cli, "undo", "--claim", str(claim))
    assert ok(cli, "show", str(claim), "--json")["rating"] == "not-yet-rated"
    assert history(cli, claim)[-2:] == [
        ("undo", "kept", "in-the-works", "aigerim"),
        ("undo", "in-the-works", "not-yet-rated", "aigerim"),
    ]
    ok(cli, "undo")  # the claim's creation: retracted, not lost
    assert [r["id"] for r in ok(cli, "list", "--removed", "--json")] == [claim]
    r = cli("undo")
    assert r.exit_code == 1 and "Nothing to undo" in r.stderr


def test_edit_kind_across_scales_and_undo_puts_both_back(cli: Cli, speech: Path) -> None:
    claim = ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment", "--json")["id"]
    ok(cli, "rate", str(claim), "kept")
    row = ok(cli, "edit", str(claim), "--kind", "quantitative", "--rating", "true", "--json")
    assert (row["kind"], row["rating"]) == ("quantitative", "true")
    result = ok(cli, "undo", "--json")
    assert len(result["events"]) == 2
    row = ok(cli, "show", str(claim), "--json")
    assert (row["kind"], row["rating"]) == ("commitment", "kept")


@pytest.mark.parametrize(
    ("setting", "by", "expected"),
    [(None, None, "aigerim"), ("Dana N.", None, "Dana N."), ("Dana N.", "Ali", "Ali")],
)
def test_the_author_defaults_to_user_name_then_user(
    cli: Cli, speech: Path, setting: str | None, by: str | None, expected: str
) -> None:
    if setting:
        ok(cli, "config", "set", "user.name", setting)
    args = ["add", OTHER, "--speech", "1", "--kind", "statement"] + (["--by", by] if by else [])
    ok(cli, *args)
    assert history(cli, 1)[0][3] == expected


def test_history_shows_no_python_none(cli: Cli, speech: Path) -> None:
    ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment", "--topic", "summit")
    ok(cli, "edit", "1", "--topic", "")
    r = cli("history", "1")
    assert "None" not in r.stdout and "summit → none" in r.stdout


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday"])
def test_rate_as_of_refuses_nonsense(cli: Cli, speech: Path, bad: str) -> None:
    ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment")
    r = cli("rate", "1", "kept", "--as-of", bad)
    assert r.exit_code == 1 and "--as-of" in r.stderr
    assert ok(cli, "show", "1", "--json")["rating"] == "not-yet-rated"
