"""What an acceptance walk through the curation commands found (issue #14)."""

from __future__ import annotations

from pathlib import Path

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
