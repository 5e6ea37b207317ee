"""What an acceptance walk through the curation commands found (issue #14)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import Cli

from .conftest import OTHER, PROMISE, ok


def test_undo_after_a_purge_says_so_and_reverts_nothing(cli: Cli, speech: Path) -> None:
    kept = ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment", "--json")["id"]
    gone = ok(cli, "add", OTHER, "--speech", "1", "--kind", "statement", "--json")["id"]
    ok(cli, "rm", str(kept), str(gone))
    ok(cli, "restore", str(kept))
    ok(cli, "rm", "--purge", str(gone))
    for args in (("undo",), ("undo", "--dry-run")):
        r = cli(*args)
        assert r.exit_code == 1 and r.stderr.count("\n") == 1
        assert f"purged claim {gone}" in r.stderr and "cannot be undone" in r.stderr
    # the restore before the purge was not reverted behind the user's back
    assert [c["id"] for c in ok(cli, "list", "--json")] == [kept]
    ok(cli, "undo", "--claim", str(kept))  # one claim's earlier change still can be
    assert ok(cli, "list", "--json") == []


def test_undo_counts_its_events_in_words(cli: Cli, speech: Path) -> None:
    claim = ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment", "--json")["id"]
    ok(cli, "rate", str(claim), "kept")
    assert "(1 event):" in cli("undo", "--dry-run").stderr
    ok(cli, "edit", str(claim), "--kind", "quantitative")
    assert "(2 events):" in cli("undo").stderr


def test_unlink_and_its_undo_name_the_link_not_its_json(
    cli: Cli, speech: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment", "--json")["id"]
    ok(cli, "evidence", "add", str(claim), "https://example.org/a", "--stance", "supports")
    ok(cli, "evidence", "unlink", "1")
    r = cli("undo")
    assert r.exit_code == 0 and "evidence 1: https://example.org/a → none" in r.stderr
    monkeypatch.setenv("COLUMNS", "200")
    shown = cli("history", str(claim)).stdout
    assert shown.count("evidence 1: https://example.org/a") == 2 and '"claim_id"' not in shown


def test_a_groups_history_says_whose_event_and_show_counts_right(cli: Cli, speech: Path) -> None:
    a = ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment", "--json")["id"]
    b = ok(cli, "add", OTHER, "--speech", "1", "--kind", "commitment", "--json")["id"]
    ok(cli, "link", str(a), str(b), "--same-as")
    shown = cli("show", str(a)).stdout
    assert re.search(rf"same as +claim {b} *\n", shown)
    lines = cli("history", str(a)).stdout.splitlines()
    assert "claim" in lines[1].split()  # the header names whose event each row is
    created = [line.split() for line in lines if " created " in line]
    assert sorted(int(words[1]) for words in created) == sorted([a, b])


def test_speech_rm_counts_claims_in_words(cli: Cli, speech: Path) -> None:
    ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment")
    r = cli("speech", "rm", "1")
    assert r.exit_code == 1 and "has 1 claim (retracted" in r.stderr


def test_config_set_says_what_changed_is_recorded_and_undone(cli: Cli, speech: Path) -> None:
    r = cli("config", "set", "user.name", "Aigerim N.")
    assert r.exit_code == 0 and "Set user.name: (empty) → Aigerim N." in r.stderr
    ok(cli, "config", "set", "flags.due_soon_days", "45", "--by", "dana")
    assert ok(cli, "config", "get", "flags.due_soon_days", "--json") == 45
    preview = ok(cli, "undo", "--dry-run", "--json")["events"]
    assert [(e["type"], e["field"], e["old"], e["new"], e["by"]) for e in preview] == [
        ("setting", "flags.due_soon_days", "30", "45", "dana")
    ]
    ok(cli, "undo")
    assert ok(cli, "config", "get", "flags.due_soon_days", "--json") == 30
    ok(cli, "undo")
    assert ok(cli, "config", "get", "user.name", "--json") == ""


def test_backup_and_restore_count_in_words(cli: Cli, speech: Path, tmp_path: Path) -> None:
    r = cli("db", "backup", str(tmp_path / "b.db"))
    assert r.exit_code == 0 and ": 1 speech, 0 claims, 0 evidence, 0 pages," in r.stderr
    r = cli("db", "restore", str(tmp_path / "b.db"))
    assert r.exit_code == 0 and ": 1 speech, 0 claims," in r.stderr


def test_an_imported_page_says_it_is_archived(cli: Cli, speech: Path, tmp_path: Path) -> None:
    claim = ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment", "--json")["id"]
    ok(cli, "evidence", "add", str(claim), "https://example.org/a")
    page = tmp_path / "saved.html"
    page.write_text("<html><title>Summit</title><p>The summit is in April.</p></html>")
    ok(cli, "evidence", "import", "1", str(page))
    assert ok(cli, "evidence", "list", "--json")[0]["archived"] == 1
    assert " ok archived " in cli("evidence", "list").stdout
    shown = " ".join(cli("evidence", "show", "1").stdout.split())
    assert "archived: saved by hand; refresh leaves it (evidence edit 1 --recheck)" in shown
    ok(cli, "evidence", "edit", "1", "--recheck")
    assert "archived" not in cli("evidence", "show", "1").stdout


def test_rate_as_of_refuses_a_day_after_today(cli: Cli, speech: Path) -> None:
    claim = ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment", "--json")["id"]
    r = cli("rate", str(claim), "kept", "--as-of", "2999-01-01")
    assert r.exit_code == 1 and "--as-of 2999-01-01 is after today" in r.stderr
    assert ok(cli, "show", str(claim), "--json")["rating"] == "not-yet-rated"


def test_undoing_a_speech_removal_names_it_once(cli: Cli, speech: Path) -> None:
    ok(cli, "speech", "rm", "1")
    r = cli("undo")
    assert r.exit_code == 0 and "speech-removed speech 1: ПРЕЗИДЕНТ" in r.stderr
    assert "speech 1: speech 1" not in r.stderr


def test_restore_counts_what_the_backup_counted(cli: Cli, speech: Path, tmp_path: Path) -> None:
    ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment")
    made = ok(cli, "db", "backup", str(tmp_path / "b.db"), "--json")["counts"]
    back = ok(cli, "db", "restore", str(tmp_path / "b.db"), "--json")["counts"]
    assert back == made and made["events"] == 1
    assert [e["type"] for e in ok(cli, "history", "1", "--json")] == ["created"]


def test_a_review_records_when_and_undo_puts_the_earlier_one_back(cli: Cli, speech: Path) -> None:
    claim = ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment", "--json")["id"]
    ok(cli, "review", str(claim))
    first = ok(cli, "show", str(claim), "--json")["reviewed_at"]
    ok(cli, "review", str(claim), "--note", "again")
    last = ok(cli, "history", str(claim), "--json")[-1]
    assert last["type"] == "review" and last["old"] == first and last["new"] is not None
    r = cli("undo")
    assert r.exit_code == 0 and " → none" not in r.stderr
    assert ok(cli, "show", str(claim), "--json")["reviewed_at"] == first
