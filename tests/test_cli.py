"""The command line: workflows, one-line errors that change nothing, hostile text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from claimtrack.db import open_db
from claimtrack.exchange import iter_export
from support import SPEECH, Cli

PROMISE = "Қазақстан Біріккен Ұлттар Ұйымының қолдауымен келесі жылы сәуірде Өңірлік саммит"


def dump(path: Path) -> list[dict]:  # type: ignore[type-arg]
    db = open_db(path)
    rows = list(iter_export(db))
    db.close()
    return rows


@pytest.fixture
def loaded(cli: Cli, isolated_db: Path) -> Path:
    r = cli("speech", "add", str(SPEECH), "--date", "2025-10-07", "--speaker", "Tokayev")
    assert r.exit_code == 0, r.stderr
    r = cli(
        "add",
        PROMISE,
        "--speech",
        "1",
        "--kind",
        "commitment",
        "--deadline",
        "келесі жылы сәуірде",
        "--topic",
        "environment",
    )
    assert r.exit_code == 0, r.stderr
    return isolated_db


def test_workflow(cli: Cli, loaded: Path) -> None:
    r = cli(
        "evidence",
        "add",
        "1",
        "https://24.kg/english/364780_Central_Asian_Ecological_Summit",
        "--stance",
        "updates",
    )
    assert r.exit_code == 0 and "Linked evidence 1 to claim 1" in r.stderr
    r = cli("rate", "1", "in-the-works", "--note", "RES 2026 scheduled", "--evidence", "1")
    assert r.exit_code == 0, r.stderr
    shown = json.loads(cli("show", "1", "--json").stdout)
    assert shown["rating"] == "in-the-works"
    assert shown["deadline_end"] == "2026-04-30"
    assert shown["sentence"]["text"].startswith("Қазақстан Біріккен Ұлттар")
    assert [e["url"] for e in shown["evidence"]] == [
        "https://24.kg/english/364780_Central_Asian_Ecological_Summit"
    ]
    history = json.loads(cli("history", "1", "--json").stdout)
    assert [h["type"] for h in history] == ["created", "evidence-added", "rating"]
    listed = json.loads(cli("list", "--search", "ӨҢІРЛІК", "--json").stdout)
    assert [c["id"] for c in listed] == [1]
    assert json.loads(cli("list", "--kind", "quantitative", "--json").stdout) == []


def test_speech_registered_twice_is_not_duplicated(cli: Cli, loaded: Path) -> None:
    r = cli("speech", "add", str(SPEECH), "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["created"] is False
    assert len(json.loads(cli("speech", "list", "--json").stdout)) == 1


def test_duplicate_claim_names_existing_id(cli: Cli, loaded: Path) -> None:
    r = cli("add", PROMISE, "--speech", "1", "--kind", "commitment")
    assert r.exit_code == 1
    assert r.stderr == "Error: This claim is already registered as claim 1\n"


def test_db_path(cli: Cli, isolated_db: Path, tmp_path: Path) -> None:
    assert cli("db", "path").stdout.strip() == str(isolated_db.resolve())
    other = tmp_path / "other.db"
    assert cli("db", "path", "--db", str(other)).stdout.strip() == str(other.resolve())


def test_version(cli: Cli) -> None:
    from claimtrack import __version__

    assert cli("--version").stdout.strip() == f"claimtrack {__version__}"


def bad_inputs(tmp: Path) -> list[tuple[list[str], str]]:
    latin1 = tmp / "latin1.txt"
    latin1.write_bytes("Président à Gabala".encode("latin-1"))
    binary = tmp / "image.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    return [
        (["show", "42"], "No claim with id 42 (see: claimtrack list)"),
        (["show", "--", "-1"], "No claim with id -1"),
        (["rate", "1", "true"], "'true' is not a rating for a commitment claim"),
        (["rate", "1", "great"], "'great' is not a rating for a commitment claim"),
        (["rate", "99", "kept"], "No claim with id 99"),
        (["speech", "add", str(latin1)], "is not UTF-8"),
        (["speech", "add", str(binary)], "looks like a binary file"),
        (["speech", "add", str(tmp / "missing.txt")], "No such file"),
        (["speech", "add", str(SPEECH), "--date", "2025-02-31"], "is not a date"),
        (["speech", "add", str(SPEECH), "--lang", "de"], "Unknown language 'de'"),
        (
            [
                "add",
                "Жаңа уәде",
                "--speech",
                "1",
                "--kind",
                "commitment",
                "--deadline",
                "next blursday",
                "--not-verbatim",
            ],
            "Could not read a date in 'next blursday'",
        ),
        (["add", "Жаңа уәде", "--speech", "1", "--kind", "promise"], "Unknown kind 'promise'"),
        (["add", "Жаңа уәде", "--speech", "7", "--kind", "statement"], "No speech with id 7"),
        (["evidence", "add", "1", "not a url"], "contains spaces"),
        (["evidence", "add", "1", "javascript:alert(1)"], "only http and https"),
        (["evidence", "add", "1", "file:///etc/passwd"], "only http and https"),
        (["evidence", "add", "1", "https://"], "no host name"),
        (["evidence", "add", "1", "https://user:pw@example.org/"], "user name/password"),
        (["evidence", "add", "1", "https://example.org/" + "a" * 9000], "limit is 8192"),
        (["evidence", "add", "1", "https://ok.example/", "ftp://x/"], "only http and https"),
        (["evidence", "add", "1", "https://x.org/", "--stance", "likes"], "Unknown stance"),
        (["evidence", "list", "5"], "No claim with id 5"),
        (["edit", "1", "--kind", "opinion"], "Unknown kind 'opinion'"),
        (["config", "set", "flags.stale_days", "soon"], "takes a whole number"),
        (["config", "get", "no.such"], "Unknown setting 'no.such'"),
        (["import", str(latin1)], "Cannot read"),
        (["dataset", "load", str(tmp / "nowhere")], "No dataset at"),
        (["list", "--flag", "late"], "Unknown flag 'late'"),
    ]


def test_bad_input_one_line_error_and_nothing_changes(
    cli: Cli, loaded: Path, tmp_path: Path
) -> None:
    for args, expected in bad_inputs(tmp_path):
        before = dump(loaded)
        r = cli(*args)
        assert r.exit_code == 1, (args, r.stdout, r.stderr)
        assert r.stderr.startswith("Error: ") and r.stderr.count("\n") == 1, (args, r.stderr)
        assert expected in r.stderr, (args, r.stderr)
        assert r.stdout == "", args
        assert dump(loaded) == before, args


def test_not_sqlite_database(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("my notes, not a database\n" * 50)
    r = cli("list", "--db", str(path))
    assert r.exit_code == 1 and "is not a claimtrack database" in r.stderr
    assert r.stderr.count("\n") == 1
    assert path.read_text().startswith("my notes")


def test_newer_database(cli: Cli, loaded: Path, tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    shutil.copy(loaded, newer)
    db = open_db(newer)
    db["_sqlite_migrations"].insert(
        {"migration_set": "claimtrack", "name": "m999_future", "applied_at": "2030"}
    )
    db.close()
    r = cli("list", "--db", str(newer))
    assert r.exit_code == 1 and "newer claimtrack" in r.stderr and r.stderr.count("\n") == 1


HOSTILE = (
    "[bold]Шабуыл[/bold] [link=https://evil.example]click[/link] \x1b[31mRED\x1b[0m \x1b]8;;x\x07"
)


def test_hostile_claim_text_prints_literally(cli: Cli, loaded: Path) -> None:
    r = cli("add", HOSTILE, "--speech", "1", "--kind", "statement", "--not-verbatim")
    assert r.exit_code == 0, r.stderr
    cli("rate", "2", "false", "--note", "[italic]note[/italic] \x1b[2J")
    for args in (["list"], ["show", "2"], ["report"]):
        out = cli(*args).stdout
        assert "[bold]Шабуыл[/bold]" in out, args
        assert "\x1b" not in out, args
    shown = cli("show", "2").stdout
    assert "[link=https://evil.example]click[/link]" in shown
    assert "[italic]note[/italic]" in shown
    history = cli("history", "2").stdout
    assert "[italic]note[/italic]" in history and "\x1b" not in history


def test_importing_an_empty_saved_page_is_refused(cli: Cli, loaded: Path, tmp_path: Path) -> None:
    assert cli("evidence", "add", "1", "https://example.org/blocked").exit_code == 0
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    before = dump(loaded)
    r = cli("evidence", "import", "1", str(empty))
    assert r.exit_code == 1 and "is empty: nothing to import" in r.stderr
    assert r.stderr.count("\n") == 1 and dump(loaded) == before


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("report",),
        ("stats",),
        ("show", "1"),
        ("rate", "1", "true"),
        ("evidence", "fetch"),
        ("refresh",),
        ("export",),
        ("config", "list"),
        ("add", "Жаңа уәде", "--speech", "1", "--kind", "statement"),
    ],
)
def test_a_mistyped_database_path_is_an_error_not_a_new_empty_database(
    cli: Cli, isolated_db: Path, args: tuple[str, ...]
) -> None:
    """Only the commands that add content create the database file: anything else on a path
    with no database says so (a typo in --db or in cron's CLAIMTRACK_DB), creating nothing."""
    r = cli(*args)
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: No database at {isolated_db} ") and r.stdout == ""
    assert not isolated_db.exists()


def test_the_commands_that_add_content_create_the_database(cli: Cli, isolated_db: Path) -> None:
    r = cli("speech", "add", str(SPEECH), "--date", "2025-10-07")
    assert r.exit_code == 0, r.stderr
    assert isolated_db.exists()
    assert cli("list").exit_code == 0


def test_ratings_and_settings_as_people_type_them(cli: Cli, loaded: Path) -> None:
    """A rating in another case or with spaces is the scale's rating; a setting that makes no
    sense (no fetch at all, a publisher address that is not a web address) is refused."""
    listed = json.loads(cli("list", "--json").stdout)
    commitment = next(c["id"] for c in listed if c["kind"] == "commitment")
    r = cli("rate", str(commitment), "In The Works", "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["rating"] == "in-the-works"
    assert json.loads(cli("list", "--rating", "IN_THE_WORKS", "--json").stdout)[0]["id"] == (
        commitment
    )
    for key, value, says in (
        ("fetch.concurrency", "0", "must be more than 0"),
        ("publisher.url", "factcheck.kz", "starting with https://"),
    ):
        r = cli("config", "set", key, value)
        assert r.exit_code == 1 and says in r.stderr, r.stderr
    assert cli("config", "set", "publisher.url", "https://factcheck.kz").exit_code == 0
    r = cli("edit", str(commitment))
    assert r.exit_code == 1 and "Nothing to change" in r.stderr


def test_a_speech_saved_as_utf16_by_notepad_is_read(
    cli: Cli, isolated_db: Path, tmp_path: Path
) -> None:
    """Windows Notepad's "Unicode" is UTF-16 with a byte-order mark: read as text, the same
    speech as its UTF-8 copy (offsets included), not refused as binary."""
    text = SPEECH.read_text(encoding="utf-8")
    utf16 = tmp_path / "speech-utf16.txt"
    utf16.write_bytes(text.replace("\n", "\r\n").encode("utf-16"))  # BOM, little-endian here
    r = cli("speech", "add", str(utf16), "--date", "2025-10-07", "--json")
    assert r.exit_code == 0, r.stderr
    stored = json.loads(cli("speech", "show", "1", "--text", "--json").stdout)
    assert stored["text"] == text.replace("\r\n", "\n")
    again = cli("speech", "add", str(SPEECH), "--date", "2025-10-07")
    assert "Already registered as speech 1" in again.stderr + again.stdout


def test_listing_an_unknown_speech_says_so(cli: Cli, loaded: Path) -> None:
    r = cli("list", "--speech", "99")
    assert r.exit_code == 1 and r.stderr.startswith("Error: No speech with id 99")
    assert cli("list", "--speech", "1", "--json").exit_code == 0


def test_editing_a_quote_into_another_claims_text_is_a_duplicate(cli: Cli, loaded: Path) -> None:
    second = cli("add", "Габала қаласында", "--speech", "1", "--kind", "statement", "--json")
    assert second.exit_code == 0, second.stderr
    r = cli("edit", str(json.loads(second.stdout)["id"]), "--text", PROMISE)
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: This claim is already registered as claim 1")


def test_a_utf32_file_is_not_taken_for_utf16(cli: Cli, isolated_db: Path, tmp_path: Path) -> None:
    """UTF-32-LE starts with the same two bytes as UTF-16-LE's mark: refused, not read as
    text full of NULs."""
    utf32 = tmp_path / "speech-utf32.txt"
    utf32.write_bytes("Сәлем, әлем.".encode("utf-32"))
    r = cli("speech", "add", str(utf32))
    assert r.exit_code == 1 and "looks like a binary file" in r.stderr
