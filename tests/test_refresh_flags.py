"""refresh without fetching: the bundled dataset walked through time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import DATASET, Cli

SUMMIT = "келесі жылы сәуірде Өңірлік саммит"


@pytest.fixture
def loaded(cli: Cli, isolated_db: Path) -> Path:
    r = cli("dataset", "load", str(DATASET))
    assert r.exit_code == 0, r.stderr
    return isolated_db


def claim_id(cli: Cli, text: str) -> int:
    found = json.loads(cli("list", "--search", text, "--json").stdout)
    assert len(found) == 1, found
    return int(found[0]["id"])


def refresh(cli: Cli, now: str, *extra: str) -> dict:  # type: ignore[type-arg]
    r = cli("refresh", "--no-fetch", "--now", now, "--json", "--verbose", *extra)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def flagged(result: dict, flag: str) -> set[int]:  # type: ignore[type-arg]
    return {c["claim_id"] for c in result["changes"] if c["flag"] == flag and c["set"]}


def test_regional_summit_overdue_in_may_2026(cli: Cli, loaded: Path) -> None:
    summit = claim_id(cli, SUMMIT)
    assert summit not in flagged(refresh(cli, "2026-04-30T12:00:00Z"), "overdue")
    assert summit in flagged(refresh(cli, "2026-05-01T00:00:00Z"), "overdue")
    assert [
        c["id"]
        for c in json.loads(cli("list", "--flag", "overdue", "--json").stdout)
        if c["id"] == summit
    ] == [summit]
    # rating it kept clears the flag, with an event
    assert cli("rate", str(summit), "kept", "--note", "RES 2026 held 22-24 April").exit_code == 0
    cleared = refresh(cli, "2026-05-02T00:00:00Z")
    assert {
        (c["claim_id"], c["flag"], c["set"]) for c in cleared["changes"] if c["flag"] == "overdue"
    } == {(summit, "overdue", False)}
    history = json.loads(cli("history", str(summit), "--json").stdout)
    assert any(h["type"] == "flag-cleared" and h["field"] == "overdue" for h in history)


def test_every_unresolved_2026_commitment_overdue_in_2027(cli: Cli, loaded: Path) -> None:
    refresh(cli, "2027-01-01T00:00:00Z")
    commitments = json.loads(cli("list", "--kind", "commitment", "--json").stdout)
    for c in commitments:
        due_2026 = (c["deadline_end"] or "9999") <= "2026-12-31"
        settled = c["rating"] in ("kept", "compromise", "broken")
        assert ("overdue" in c["flags"]) == (due_2026 and not settled), c


def test_refresh_is_idempotent_and_silent(cli: Cli, loaded: Path) -> None:
    first = cli("refresh", "--no-fetch", "--now", "2026-06-01")
    assert first.exit_code == 0 and first.stdout  # news: overdue commitments
    second = cli("refresh", "--no-fetch", "--now", "2026-06-01")
    assert second.exit_code == 0
    assert second.stdout == "" and second.stderr == ""


def test_stale_and_review(cli: Cli, loaded: Path) -> None:
    result = refresh(cli, "2027-06-01T00:00:00Z")
    stale = flagged(result, "stale")
    assert stale  # nothing reviewed for 18 months
    some = min(stale)
    assert cli("review", str(some), "--note", "still holds").exit_code == 0
    shown = json.loads(cli("show", str(some), "--json").stdout)
    assert "stale" not in shown["flags"]
    assert shown["history"][-1]["type"] == "flag-cleared"


def test_fail_on_exit_code(cli: Cli, loaded: Path) -> None:
    r = cli("refresh", "--no-fetch", "--now", "2027-01-01", "--fail-on", "overdue", "-q")
    assert r.exit_code == 3 and r.stdout == ""
    r = cli("refresh", "--no-fetch", "--now", "2027-01-01", "--fail-on", "evidence-dead", "-q")
    assert r.exit_code == 0
    r = cli("refresh", "--no-fetch", "--fail-on", "late")
    assert r.exit_code == 1 and "Unknown flag 'late'" in r.stderr


def test_second_refresh_exits_75_while_locked(cli: Cli, loaded: Path) -> None:
    from claimtrack.lock import exclusive

    with exclusive(loaded):
        r = cli("refresh", "--no-fetch")
    assert r.exit_code == 75
    assert r.stderr.startswith("Error: Another refresh is running")
    assert cli("refresh", "--no-fetch", "--now", "2025-10-08").exit_code == 0


def test_bad_now(cli: Cli, loaded: Path) -> None:
    r = cli("refresh", "--now", "yesterday")
    assert r.exit_code == 1 and r.stderr.startswith("Error: --now 'yesterday'")


def test_a_dry_run_says_what_would_change_and_changes_nothing(cli: Cli, loaded: Path) -> None:
    """`--dry-run` works on a copy, without fetching: the would-be changes are printed and
    counted for --fail-on; the database (flags, events, pages) stays as it was, even while a
    refresh holds the lock."""
    from claimtrack.db import open_db
    from claimtrack.exchange import iter_export
    from claimtrack.lock import exclusive

    def dump() -> list[dict]:  # type: ignore[type-arg]
        db = open_db(loaded)
        rows = list(iter_export(db))
        db.close()
        return rows

    before = dump()
    with exclusive(loaded):  # a refresh running meanwhile does not stop a dry run
        r = cli("refresh", "--dry-run", "--now", "2027-01-01", "--json", "--fail-on", "overdue")
    assert r.exit_code == 3, r.stderr
    would = json.loads(r.stdout)
    summit = claim_id(cli, SUMMIT)
    assert summit in flagged(would, "overdue")
    assert would["fetch"]["fetched"] == 0 == would["fetch"]["failed"]  # nothing fetched
    assert dump() == before
    assert cli("list", "--flag", "overdue", "--json").stdout.strip() == "[]"
    # the real run at that date makes exactly the changes the dry run announced
    assert refresh(cli, "2027-01-01")["changes"] == would["changes"]
