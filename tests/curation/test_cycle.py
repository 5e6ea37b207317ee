"""The whole working day on the bundled speech, and the lossless archive (backup, export).

register → wrong kind → fix → duplicate refused → unlink → retract → restore → undo →
db backup → db restore → evidence snapshot and diff still work. Evidence is fetched twice from
a real server on 127.0.0.1 whose page changes in between."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from servers import Web, serve
from support import SPEECH, Cli

from .conftest import ok

TABLES = (
    "speeches", "claims", "evidence", "pages", "fetches", "snapshots", "texts", "events",
    "flags", "settings",
)  # fmt: skip


@pytest.fixture
def web() -> Iterator[Web]:
    with serve(Web()) as web:
        yield web


def fetch_twice(cli: Cli, web: Web, claim: int) -> int:
    """Link a page to `claim`, fetch it, change it, fetch it again; its evidence id."""
    url = web.url("/ministry/summit")
    web.texts["/ministry/summit"] = "The summit will be held in April 2026 in Astana. " * 20
    ok(cli, "evidence", "add", str(claim), url, "--stance", "supports")
    link = ok(cli, "evidence", "list", str(claim), "--json")[-1]["id"]
    ok(cli, "evidence", "fetch", "--allow-private")
    web.texts["/ministry/summit"] = "The summit was moved to October 2026, Almaty. " * 20
    ok(cli, "evidence", "fetch", "--all", "--allow-private")
    return int(link)


def tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, blobs included, in a fixed order."""
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM [{t}] ORDER BY 1, 2").fetchall() for t in TABLES}
    finally:
        conn.close()


def test_a_working_day(cli: Cli, speech: Path, web: Web, tmp_path: Path) -> None:
    # register: extract proposes, --register stores the candidates
    ok(cli, "extract", "--speech", "1", "--register")
    claims = ok(cli, "list", "--json")
    assert claims, "the extractor registers candidates"
    first = claims[0]
    # the wrong kind, then the fix (rating moves to the new scale's default)
    wrong = "statement" if first["kind"] == "commitment" else "commitment"
    ok(cli, "edit", str(first["id"]), "--kind", wrong, "--note", "misread")
    ok(cli, "edit", str(first["id"]), "--kind", first["kind"], "--note", "fixed")
    assert ok(cli, "show", str(first["id"]), "--json")["kind"] == first["kind"]
    # the same claim again, typed another way: refused, naming the id
    typed = "  " + first["quote"].upper() + " . "
    r = cli("add", typed, "--speech", "1", "--kind", first["kind"], "--not-verbatim")
    assert r.exit_code == 1 and f"claim {first['id']}" in r.stderr
    # evidence: a wrong link unlinked, the right one fetched twice
    ok(cli, "evidence", "add", str(first["id"]), "https://example.org/wrong")
    wrong_link = ok(cli, "evidence", "list", str(first["id"]), "--json")[0]["id"]
    ok(cli, "evidence", "unlink", str(wrong_link))
    link = fetch_twice(cli, web, first["id"])
    # retract, restore, undo (the restore), undo (the retraction)
    ok(cli, "rm", str(first["id"]), "--reason", "checking")
    ok(cli, "restore", str(first["id"]))
    ok(cli, "undo")
    assert [c["id"] for c in ok(cli, "list", "--removed", "--json")] == [first["id"]]
    ok(cli, "undo")
    assert ok(cli, "list", "--removed", "--json") == []
    kinds = [e["type"] for e in ok(cli, "history", str(first["id"]), "--json")]
    assert {"created", "edit", "rating", "evidence-removed", "removed", "restored", "undo"} <= set(
        kinds
    )
    assert all(e["by"] for e in ok(cli, "history", str(first["id"]), "--json"))
    # backup, change something, restore: the change is gone, the archive intact
    backup = tmp_path / "backup.db"
    ok(cli, "db", "backup", str(backup))
    saved = tables(speech)
    ok(cli, "rm", str(first["id"]))
    ok(cli, "db", "restore", str(backup))
    restored = tables(speech)
    assert restored["events"][: len(saved["events"])] == saved["events"]
    assert [e[4] for e in restored["events"][len(saved["events"]) :]] == ["db-restored"]
    assert {t: v for t, v in restored.items() if t != "events"} == {
        t: v for t, v in saved.items() if t != "events"
    }
    assert ok(cli, "list", "--removed", "--json") == []
    snap = cli("evidence", "snapshot", str(link))
    assert snap.exit_code == 0 and "October 2026" in snap.stdout
    diff = ok(cli, "evidence", "diff", str(link), "--json")
    assert "October 2026" in json.dumps(diff, ensure_ascii=False)


def test_export_with_snapshots_round_trips_every_table_and_blob(
    cli: Cli, speech: Path, web: Web, tmp_path: Path
) -> None:
    claim = ok(cli, "add", "Габала қаласында", "--speech", "1", "--kind", "statement", "--json")
    link = fetch_twice(cli, web, claim["id"])
    out = tmp_path / "archive.jsonl"
    ok(cli, "export", "--with-snapshots", "-o", str(out))
    copy = tmp_path / "copy.db"
    ok(cli, "import", str(out), "--db", str(copy))
    assert tables(copy) == tables(speech)
    assert len(tables(copy)["snapshots"]) == 2 and len(tables(copy)["texts"]) == 2
    snap = cli("evidence", "snapshot", str(link), "--db", str(copy))
    assert snap.exit_code == 0 and "October 2026" in snap.stdout
    assert ok(cli, "evidence", "diff", str(link), "--db", str(copy), "--json")


def test_backup_refuses_to_overwrite_and_restore_refuses_non_backups(
    cli: Cli, speech: Path, tmp_path: Path
) -> None:
    target = tmp_path / "b.db"
    ok(cli, "db", "backup", str(target))
    r = cli("db", "backup", str(target))
    assert r.exit_code == 1 and "--force" in r.stderr
    junk = tmp_path / "junk.db"
    junk.write_text("not sqlite", encoding="utf-8")
    before = tables(speech)
    r = cli("db", "restore", str(junk))
    assert r.exit_code == 1 and "nothing restored" in r.stderr.replace("\n", " ")
    assert tables(speech) == before
    assert SPEECH.exists()
