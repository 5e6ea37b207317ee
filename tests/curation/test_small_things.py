"""Small things found on first use: no Python repr in output, a failing create command
leaves no database, config set of a negative number, stats before any refresh, show's
marks, paraphrases marked, speech add of a known text with other metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import SPEECH, Cli

from .conftest import PROMISE, ok


@pytest.mark.parametrize(
    ("args", "content"),
    [
        (["speech", "add", "{file}", "--date", "2025-13-45"], "Сәлем."),
        (["speech", "add", "{file}"], "   \n"),
        (["extract", "{file}", "--register"], ""),
        (["import", "{file}"], "not json\n"),
        (["import", "{file}"], ""),
    ],
)
def test_a_failing_create_command_leaves_no_database(
    cli: Cli, isolated_db: Path, tmp_path: Path, args: list[str], content: str
) -> None:
    file = tmp_path / "input.txt"
    file.write_text(content, encoding="utf-8")
    r = cli(*[a.replace("{file}", str(file)) for a in args])
    assert r.exit_code == 1 and r.stderr.startswith("Error: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["input.txt"]


def test_config_set_of_a_negative_number_is_a_clear_error(cli: Cli, speech: Path) -> None:
    r = cli("config", "set", "flags.due_soon_days", "-3")
    assert r.exit_code == 1 and "cannot be negative" in r.stderr


def test_config_list_prints_values_not_python(cli: Cli, speech: Path) -> None:
    out = cli("config", "list").stdout
    assert "fetch.allow_private = false" in out and "True" not in out and "'" not in out


def test_stats_before_any_refresh_agrees_with_itself(cli: Cli, speech: Path) -> None:
    ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment", "--deadline", "2025-11-01")
    stats = ok(cli, "stats", "--json")
    assert stats["flags"]["overdue"] == stats["overdue"]["count"] == 1


def test_show_marks_the_quote_in_plain_text(cli: Cli, speech: Path) -> None:
    ok(cli, "add", "Өңірлік саммит", "--speech", "1", "--kind", "statement")
    out = cli("show", "1").stdout
    assert "сәуірде ⟦Өңірлік саммит⟧ өткізуді" in " ".join(out.split())


def test_a_paraphrase_is_marked(cli: Cli, speech: Path) -> None:
    row = ok(
        cli, "add", "A summit next April", "--speech", "1", "--kind", "statement",
        "--not-verbatim", "--json",
    )  # fmt: skip
    assert row["verbatim"] is False
    assert "paraphrase" in cli("show", str(row["id"])).stdout
    assert ok(cli, "show", str(row["id"]), "--json")["verbatim"] is False


def test_speech_add_of_a_known_text_names_the_edit(cli: Cli, speech: Path) -> None:
    r = cli("speech", "add", str(SPEECH), "--speaker", "Қ. Тоқаев", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["differs"] == {"speaker": "Қ. Тоқаев"}
    r = cli("speech", "add", str(SPEECH), "--speaker", "Қ. Тоқаев")
    assert "claimtrack speech edit 1 --speaker 'Қ. Тоқаев'" in " ".join(r.stderr.split())


def test_speech_edit_moves_deadlines_and_undo_puts_them_back(cli: Cli, speech: Path) -> None:
    ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment", "--deadline", "келесі жылы")
    edited = ok(cli, "speech", "edit", "1", "--date", "2026-02-01", "--json")
    assert edited["deadlines"] == [1]
    assert ok(cli, "show", "1", "--json")["deadline_end"] == "2027-12-31"
    ok(cli, "undo")
    assert ok(cli, "show", "1", "--json")["deadline_end"] == "2026-12-31"
    assert ok(cli, "speech", "show", "1", "--json")["date"] == "2025-10-07"


def test_speech_rm_refuses_while_claims_remain(cli: Cli, speech: Path) -> None:
    ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment")
    r = cli("speech", "rm", "1")
    assert r.exit_code == 1 and "--with-claims" in r.stderr
    ok(cli, "speech", "rm", "1", "--with-claims")
    assert ok(cli, "speech", "list", "--json") == []


def test_evidence_edit_unlink_and_from_file_stances(cli: Cli, speech: Path, tmp_path: Path) -> None:
    ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment")
    urls = tmp_path / "urls.txt"
    urls.write_text("https://a.example/1\tcontradicts\nhttps://a.example/2\n", encoding="utf-8")
    ok(cli, "evidence", "add", "1", "--from-file", str(urls), "--stance", "context")
    links = ok(cli, "evidence", "list", "1", "--json")
    assert [e["stance"] for e in links] == ["contradicts", "context"]
    again = cli("evidence", "add", "1", "https://a.example/2")
    assert "claimtrack evidence edit 2" in again.stderr
    ok(cli, "evidence", "edit", "2", "--stance", "supports", "--note", "on reflection")
    assert ok(cli, "evidence", "list", "1", "--json")[1]["stance"] == "supports"
    ok(cli, "evidence", "unlink", "1")
    assert [e["id"] for e in ok(cli, "evidence", "list", "1", "--json")] == [2]
    ok(cli, "undo")
    assert [e["id"] for e in ok(cli, "evidence", "list", "1", "--json")] == [1, 2]


def test_same_promise_group_shares_rating_and_lists_once(cli: Cli, speech: Path) -> None:
    ok(cli, "add", PROMISE, "--speech", "1", "--kind", "commitment")
    ok(cli, "add", "Киберқауіпсіздік кеңесін құруды", "--speech", "1", "--kind", "commitment")
    ok(cli, "rate", "1", "in-the-works")
    ok(cli, "link", "1", "2", "--same-as")
    assert ok(cli, "show", "2", "--json")["rating"] == "in-the-works"
    ok(cli, "rate", "2", "kept")
    assert ok(cli, "show", "1", "--json")["rating"] == "kept"
    listed = ok(cli, "list", "--json")
    assert len(listed) == 1 and listed[0]["group"] == [1, 2] and len(listed[0]["quotes"]) == 2
    report = json.loads(cli("report", "--format", "json").stdout)
    assert [c["id"] for c in report["claims"]] == [1]
    assert {e["claim_id"] for e in ok(cli, "history", "2", "--json")} == {1, 2}
    ok(cli, "link", "2", "--ungroup")
    assert len(ok(cli, "list", "--json")) == 2


def test_removing_a_speech_takes_its_claims_out_of_their_groups(
    cli: Cli, speech: Path, tmp_path: Path
) -> None:
    other = tmp_path / "council.kk.txt"
    other.write_text("Келесі жылы сәуірде Өңірлік саммит өтеді.", encoding="utf-8")
    ok(cli, "speech", "add", str(other), "--date", "2025-12-01")
    ok(cli, "add", "Өңірлік саммит", "--speech", "1", "--kind", "commitment")
    ok(cli, "add", "Өңірлік саммит өтеді", "--speech", "2", "--kind", "commitment")
    ok(cli, "link", "1", "2", "--same-as")
    ok(cli, "speech", "rm", "1", "--with-claims")
    left = ok(cli, "list", "--json")
    assert [(c["id"], c["group_id"]) for c in left] == [(2, None)]
