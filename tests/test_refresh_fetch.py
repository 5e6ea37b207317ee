"""refresh against a real loopback server: dead links, changed pages, diff, silence."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimtrack import claims
from claimtrack.db import open_db
from servers import Web, serve
from support import SPEECH, Cli

QUOTE = "Соңғы 5 жылда Орта дәліз арқылы тасымалданатын жүк көлемі 6 есе өсті."


@pytest.fixture
def web() -> Iterator[Web]:
    with serve() as w:
        yield w


@pytest.fixture
def tracked(cli: Cli, isolated_db: Path, web: Web) -> Web:
    assert cli("speech", "add", str(SPEECH), "--date", "2025-10-07").exit_code == 0
    assert cli("add", QUOTE, "--speech", "1", "--kind", "quantitative").exit_code == 0
    r = cli("evidence", "add", "1", web.url("/page/1"), web.url("/page/2"))
    assert r.exit_code == 0, r.stderr
    return web


def rate(path: Path, rating: str, at: str) -> None:
    """Rate claim 1 at a given time (the CLI stamps the real clock)."""
    db = open_db(path)
    claims.rate_claim(db, 1, rating, note="checked", now=at)
    db.close()


def refresh(cli: Cli, day: str) -> list[dict]:  # type: ignore[type-arg]
    r = cli("refresh", "--allow-private", "--now", f"{day}T03:00:00Z", "--json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)["changes"] if r.stdout else []


def test_404_once_is_not_dead_twice_is(cli: Cli, tracked: Web, isolated_db: Path) -> None:
    refresh(cli, "2027-01-01")
    rate(isolated_db, "mostly-true", "2027-01-01T12:00:00Z")
    tracked.statuses["/page/2"] = 404
    first = refresh(cli, "2027-01-02")
    assert not [c for c in first if c["flag"] == "evidence-dead"]
    second = refresh(cli, "2027-01-03")
    dead = [c for c in second if c["flag"] == "evidence-dead"]
    assert dead and dead[0]["claim_id"] == 1 and "http-404" in dead[0]["detail"]
    evidence = json.loads(cli("evidence", "list", "1", "--json").stdout)
    assert [e["status"] for e in evidence] == ["ok", "dead"]
    # the snapshot of the dead page is still there
    assert cli("evidence", "snapshot", "2").stdout.startswith("<html>")
    # a dead page that keeps failing is news once, not every night
    assert refresh(cli, "2027-01-10") == []


def test_changed_main_text_sets_evidence_changed_and_diff(
    cli: Cli, tracked: Web, isolated_db: Path
) -> None:
    refresh(cli, "2027-01-01")
    rate(isolated_db, "mostly-true", "2027-01-01T12:00:00Z")
    tracked.texts["/page/1"] = "Transit grew four times since 2019, the ministry now says. " * 20
    changes = refresh(cli, "2027-01-02")
    flagged = [c for c in changes if c["flag"] == "evidence-changed"]
    assert [(c["claim_id"], c["set"]) for c in flagged] == [(1, True)]
    diff = json.loads(cli("evidence", "diff", "1", "--json").stdout)
    assert any(line.startswith("+") and "four times" in line for line in diff["diff"])
    assert any(line.startswith("-") and "main text" in line for line in diff["diff"])
    db = open_db(isolated_db)
    claims.review_claim(db, 1, note="verdict holds", now="2027-01-02T12:00:00Z")
    assert "evidence-changed" not in claims.claim_detail(db, 1)["flags"]
    db.close()
    assert refresh(cli, "2027-01-03") == []


def test_timestamp_only_change_is_not_a_change(cli: Cli, tracked: Web, isolated_db: Path) -> None:
    refresh(cli, "2027-01-01")
    rate(isolated_db, "mostly-true", "2027-01-01T12:00:00Z")
    tracked.footers["/page/1"] = "2027-01-02 03:00:01"
    changes = refresh(cli, "2027-01-02")
    assert [c for c in changes if c["flag"] == "evidence-changed"] == []


def test_nothing_to_report_prints_nothing(cli: Cli, tracked: Web) -> None:
    refresh(cli, "2027-01-01")
    r = cli("refresh", "--allow-private", "--now", "2027-01-02T03:00:00Z")
    assert r.exit_code == 0 and r.stdout == "" and r.stderr == ""
    assert len(tracked.log) == 4  # fetched twice each, the second time a 304


def test_not_due_is_not_fetched(cli: Cli, tracked: Web) -> None:
    refresh(cli, "2027-01-01")
    before = len(tracked.log)
    refresh(cli, "2027-01-01")  # same day: interval is one day
    assert len(tracked.log) == before


def test_private_addresses_refused_without_flag(cli: Cli, tracked: Web) -> None:
    r = cli("refresh", "--now", "2027-01-01T03:00:00Z", "--json", "--verbose")
    assert r.exit_code == 0
    assert tracked.log == []
    statuses = {e["error_kind"] for e in json.loads(cli("evidence", "list", "--json").stdout)}
    assert statuses == {"blocked-private"}


SAID = (
    "Cargo carried along the Middle Corridor has grown {} times in five years, the ministry says. "
)


def test_a_revised_figure_sets_evidence_figure_changed(
    cli: Cli, tracked: Web, isolated_db: Path
) -> None:
    tracked.texts["/page/1"] = SAID.format("6") * 12
    refresh(cli, "2027-01-01")
    rate(isolated_db, "true", "2027-01-01T12:00:00Z")
    (before,) = json.loads(cli("show", "1", "--json").stdout)["figure_marks"]
    assert before["marks"][0]["mark"] == "holds", before
    tracked.texts["/page/1"] = SAID.format("5.2") * 12
    changes = refresh(cli, "2027-01-02")
    flagged = [c for c in changes if c["flag"] == "evidence-figure-changed"]
    assert [(c["claim_id"], c["set"]) for c in flagged] == [(1, True)], changes
    events = json.loads(cli("history", "1", "--json").stdout)
    (changed,) = [e for e in events if e["type"] == "figure-changed"]
    assert json.loads(changed["old"])["verdict"] == "holds"
    assert json.loads(changed["new"])["verdict"] != "holds"  # 5.2 times: not the claim's 6
    assert refresh(cli, "2027-01-03") == []  # news once, not every night
    rate(isolated_db, "mostly-true", "2027-01-03T12:00:00Z")  # rated again: the flag goes
    cleared = [c for c in refresh(cli, "2027-01-04") if c["flag"] == "evidence-figure-changed"]
    assert [(c["claim_id"], c["set"]) for c in cleared] == [(1, False)]
