"""Hostile input to every command: a one-line error (or safe output), and the database intact.

Each case is (args, exit code, text expected on stderr). `{tmp}` in an argument is the test's
temporary folder, where `hostile_files` has written the input files. After every case the
database export is compared with the one before (errors change nothing) and PRAGMA
integrity_check is run. Cases already in tests/test_cli.py are not repeated here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import Cli

from .conftest import dump, integrity

HEADER = '{"type":"claimtrack-export","version":1}\n'
BIG_TEXT = "Өңірлік саммит " * 70_000  # ~1 MB

FILES: dict[str, bytes] = {
    "cp1251.txt": "Министр пообещал построить дороги".encode("cp1251"),
    "empty.txt": b"",
    "blank.txt": b" \n\t\n",
    "bom-nul.txt": b"\xef\xbb\xbf\x00\x00\x00",
    "urls-binary.txt": b"\x89PNG\r\n\x1a\n\x00\xff\xfe",
    "urls-bad.txt": b"# evidence\nhttps://example.org/ok\njavascript:alert(1)\n",
    "big.txt": BIG_TEXT.encode(),
    "list-value.jsonl": (HEADER + '{"type":"speech","data":{"id":9,"title":[1,2]}}\n').encode(),
    "huge-int.jsonl": (HEADER + '{"type":"speech","data":{"id":99999999999999999999}}\n').encode(),
    "empty-data.jsonl": (HEADER + '{"type":"speech","data":{}}\n').encode(),
    "future-type.jsonl": (HEADER + '{"type":"widget","data":{"id":1}}\n').encode(),
    "future-version.jsonl": b'{"type":"claimtrack-export","version":2}\n',
    "nul.jsonl": b"\x00\x00\x00\n",
    "not-json.jsonl": (HEADER + "{'type': 'speech'}\n").encode(),
    "dataset/claims.toml": b"[speech]\nfile = 'speech.txt'\n[[claims]]\nkind = 'statement'\n",
    "dataset/speech.txt": "Сөз.\n".encode(),
    "badtoml/claims.toml": b"[speech\nfile = 1\n",
    "fake.pdf": b"%PDF-1.4 this is not a PDF at all",
}


@pytest.fixture
def hostile_files(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    for name, data in FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


E = ("evidence", "add", "1")
CASES: list[tuple[str, tuple[str, ...], int, str]] = [
    # URLs: malformed, schemes, lengths, userinfo, IDN
    ("url-unclosed-ipv6", (*E, "http://[::1"), 1, "Invalid URL 'http://[::1'"),
    ("url-port-range", (*E, "http://example.org:99999/"), 1, "Port out of range"),
    ("url-port-zero", (*E, "http://example.org:0/"), 1, "port 0"),
    ("url-no-scheme", (*E, "//example.org/a"), 1, "only http and https"),
    ("url-opaque-http", (*E, "http:example.org"), 1, "no host name"),
    ("url-data", (*E, "data:text/html,<script>alert(1)</script>"), 1, "only http and https"),
    ("url-javascript-mixed-case", (*E, "JaVaScRiPt:alert(1)"), 1, "only http and https"),
    ("url-javascript-slashes", (*E, "javascript://%0aalert(1)"), 1, "only http and https"),
    ("url-file-localhost", (*E, "FILE://localhost/etc/passwd"), 1, "only http and https"),
    ("url-ftp", (*E, "ftp://ftp.example.org/pub"), 1, "only http and https"),
    ("url-gopher", (*E, "gopher://127.0.0.1:6379/_FLUSHALL"), 1, "only http and https"),
    ("url-10k", (*E, "https://example.org/?q=" + "é" * 10_000), 1, "limit is 8192"),
    ("url-user-only", (*E, "https://user@example.org/"), 1, "user name/password"),
    ("url-password-only", (*E, "https://:secret@example.org/"), 1, "user name/password"),
    ("url-userinfo-spoof", (*E, "https://example.org@127.0.0.1/"), 1, "user name/password"),
    ("url-bad-idn-label", (*E, "http://a..b/"), 1, "host name is not valid"),
    ("url-long-label", (*E, "http://" + "a" * 300 + ".kz/"), 1, "host name is not valid"),
    ("url-bidi-host", (*E, "http://\u202eelgoog.com/"), 1, "host name is not valid"),
    ("url-nul", (*E, "https://example.org/\x00x"), 1, "control characters"),
    ("url-newline", (*E, "https://example.org/\r\nX-Evil: 1"), 1, "control characters"),
    ("url-file-binary", (*E, "--from-file", "{tmp}/urls-binary.txt"), 1, "Cannot read URLs"),
    ("url-file-one-bad", (*E, "--from-file", "{tmp}/urls-bad.txt"), 1, "only http and https"),
    # claim text
    ("text-nul", ("add", "ab\x00cd", "--speech", "1", "--kind", "statement"), 1, "NUL byte"),
    ("text-1mb", ("add", BIG_TEXT, "--speech", "1", "--kind", "statement"), 1, "limit is 20000"),
    ("text-blank", ("add", " \t\n ", "--speech", "1", "--kind", "statement"), 1, "is empty"),
    (
        "text-only-controls",
        ("add", "\u202e\u200b", "--speech", "1", "--kind", "statement"),
        1,
        "is empty",
    ),
    ("edit-text-nul", ("edit", "2", "--text", "a\x00"), 1, "NUL byte"),
    # speech files
    ("speech-cp1251", ("speech", "add", "{tmp}/cp1251.txt"), 1, "is not UTF-8"),
    ("speech-empty", ("speech", "add", "{tmp}/empty.txt"), 1, "The speech text is empty"),
    ("speech-blank", ("speech", "add", "{tmp}/blank.txt"), 1, "The speech text is empty"),
    ("speech-bom-nul", ("speech", "add", "{tmp}/bom-nul.txt"), 1, "looks like a binary file"),
    ("speech-directory", ("speech", "add", "{tmp}"), 1, "is a directory"),
    ("extract-cp1251", ("extract", "{tmp}/cp1251.txt"), 1, "is not UTF-8"),
    # dates
    (
        "deadline-31-feb",
        ("edit", "1", "--deadline", "31 February 2026"),
        1,
        "February has no day 31",
    ),
    ("deadline-31-feb-kk", ("edit", "1", "--deadline", "2026 жылғы 31 ақпан"), 1, "31"),
    ("deadline-year-0", ("edit", "1", "--deadline", "0 жылға дейін"), 1, "Year 0"),
    ("deadline-year-99999", ("edit", "1", "--deadline", "by 99999"), 1, "Year 99999"),
    (
        "deadline-nul-escape",
        ("edit", "1", "--deadline", "\x1b[2Jblursday\x00"),
        1,
        "Could not read a date",
    ),
    (
        "speech-date-0",
        ("speech", "add", "{tmp}/big.txt", "--date", "0000-01-01"),
        1,
        "is not a date",
    ),
    (
        "speech-date-99999",
        ("speech", "add", "{tmp}/big.txt", "--date", "99999-01-01"),
        1,
        "is not a date",
    ),
    (
        "extract-date-feb-31",
        ("extract", "--speech", "1", "--date", "2025-02-31"),
        1,
        "is not a date",
    ),
    (
        "refresh-now-9999",
        ("refresh", "--no-fetch", "--now", "9999-12-31T23:59:59"),
        1,
        "out of range",
    ),
    (
        "refresh-now-year-0",
        ("refresh", "--no-fetch", "--now", "0000-01-01"),
        1,
        "is not an ISO date",
    ),
    # ids
    ("id-huge-show", ("show", "99999999999999999999"), 1, "No claim with id 99999999999999999999"),
    ("id-huge-rate", ("rate", "99999999999999999999", "kept"), 1, "No claim with id"),
    ("id-huge-evidence", ("evidence", "show", "99999999999999999999"), 1, "No evidence with id"),
    ("id-huge-speech", ("speech", "show", "99999999999999999999"), 1, "No speech with id"),
    ("id-negative-history", ("history", "--", "-3"), 1, "No claim with id -3"),
    ("id-zero-review", ("review", "0"), 1, "No claim with id 0"),
    ("id-negative-diff", ("evidence", "diff", "--", "-1"), 1, "No evidence with id -1"),
    ("id-unknown-snapshot", ("evidence", "snapshot", "77"), 1, "No evidence with id 77"),
    (
        "id-unknown-import",
        ("evidence", "import", "77", "{tmp}/fake.pdf"),
        1,
        "No evidence with id 77",
    ),
    ("id-unknown-fetch-claim", ("evidence", "fetch", "--claim", "88"), 1, "No claim with id 88"),
    ("id-unknown-extract", ("extract", "--speech", "5"), 1, "No speech with id 5"),
    ("id-foreign-evidence", ("rate", "2", "true", "--evidence", "1"), 1, "not linked to claim 2"),
    # ratings of the wrong scale
    ("rate-promise-on-statement", ("rate", "2", "kept"), 1, "not a rating for a statement"),
    ("rate-lookalike", ("rate", "1", "k\u0435pt"), 1, "'k\u0435pt' is not a rating"),  # Cyrillic е
    ("rate-numeric", ("rate", "2", "5/5"), 1, "'5/5' is not a rating"),
    ("rate-empty", ("rate", "2", ""), 1, "'' is not a rating"),
    (
        "edit-rating-off-scale",
        ("edit", "1", "--kind", "quantitative", "--rating", "kept"),
        1,
        "not a rating for a quantitative",
    ),
    # settings
    ("config-nan", ("config", "set", "fetch.timeout", "nan"), 1, "finite number"),
    ("config-inf", ("config", "set", "fetch.timeout", "inf"), 1, "finite number"),
    ("config-huge-days", ("config", "set", "flags.stale_days", "9" * 25), 1, "at most 36,500"),
    # import files
    ("import-list-value", ("import", "{tmp}/list-value.jsonl"), 1, "field 'title' is a list"),
    ("import-huge-int", ("import", "{tmp}/huge-int.jsonl"), 1, "field 'id' is out of range"),
    ("import-empty-data", ("import", "{tmp}/empty-data.jsonl"), 1, "empty 'data'"),
    ("import-future-type", ("import", "{tmp}/future-type.jsonl"), 1, "unknown record type"),
    ("import-future-version", ("import", "{tmp}/future-version.jsonl"), 1, "version 2"),
    ("import-nul", ("import", "{tmp}/nul.jsonl"), 1, "is not JSON"),
    ("import-not-json", ("import", "{tmp}/not-json.jsonl"), 1, "Line 2 is not JSON"),
    ("import-directory", ("import", "{tmp}"), 1, "Cannot read"),
    ("dataset-no-quote", ("dataset", "load", "{tmp}/dataset"), 1, "claim 1 needs quote"),
    ("dataset-bad-toml", ("dataset", "load", "{tmp}/badtoml"), 1, "is not a valid dataset"),
    # output files and formats
    (
        "report-missing-dir",
        ("report", "-f", "html", "-o", "{tmp}/no/dir/r.html"),
        1,
        "Cannot write",
    ),
    ("export-missing-dir", ("export", "-o", "{tmp}/no/dir/x.jsonl"), 1, "Cannot write"),
    ("claimreview-no-publisher", ("report", "-f", "claimreview"), 1, "needs a publisher"),
    ("snapshot-not-fetched", ("evidence", "snapshot", "1"), 1, "evidence"),
    # database paths
    ("db-directory", ("list", "--db", "{tmp}"), 1, "is a directory"),
    ("db-missing", ("list", "--db", "{tmp}/no/such/c.db"), 1, "No database at"),
    ("db-missing-for-report", ("report", "--db", "{tmp}/typo.db"), 1, "No database at"),
    (
        "db-missing-folder",
        ("config", "set", "flags.stale_days", "7", "--db", "{tmp}/no/such/c.db"),
        1,
        "folder is missing",
    ),
]


@pytest.mark.parametrize(
    ("args", "code", "says"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_hostile_input_is_refused_in_one_line(
    cli: Cli, loaded: Path, hostile_files: Path, args: tuple[str, ...], code: int, says: str
) -> None:
    argv = [a.replace("{tmp}", str(hostile_files)) for a in args]
    before = dump(loaded)
    r = cli(*argv)
    assert r.exit_code == code, (r.stdout[:300], r.stderr)
    assert r.stderr.startswith("Error: ") and r.stderr.count("\n") == 1, r.stderr
    assert says in r.stderr, r.stderr
    assert "\x1b" not in r.stderr and "\x00" not in r.stderr
    assert r.stdout == ""
    assert dump(loaded) == before
    assert integrity(loaded) == "ok"


SAFE = "Қазақ 👩🏽‍🚀 ѐ̃ é́ \u202eevil\u202c [red]x[/red] <b>y</b> &amp; \x1b]8;;http://x\x07z"


def test_accepted_hostile_text_round_trips_exactly(cli: Cli, loaded: Path) -> None:
    """Emoji, combining marks, markup and escapes are stored exactly and printed inert."""
    r = cli("add", SAFE, "--speech", "1", "--kind", "statement", "--not-verbatim", "--json")
    assert r.exit_code == 0, r.stderr
    claim = json.loads(r.stdout)
    assert claim["quote"] == SAFE and claim["start"] is None
    shown = json.loads(cli("show", str(claim["id"]), "--json").stdout)
    assert shown["quote"] == SAFE
    assert json.loads(cli("list", "--search", "👩🏽‍🚀", "--json").stdout)[0]["id"] == claim["id"]
    assert integrity(loaded) == "ok"


@pytest.mark.parametrize(
    "url",
    ["http://қаз.қаз/жол?сұрақ=иә", "http://xn--80ao21a.xn--80ao21a/", "https://ÉXAMPLE.org/"],
)
def test_idn_and_punycode_urls_are_stored_as_given(cli: Cli, loaded: Path, url: str) -> None:
    r = cli("evidence", "add", "2", url)
    assert r.exit_code == 0 and f"claim 2: {url}" in r.stderr, r.stderr
    assert [e["url"] for e in json.loads(cli("evidence", "list", "2", "--json").stdout)] == [url]


def test_relative_deadline_without_a_speech_date(cli: Cli, loaded: Path, tmp_path: Path) -> None:
    text = tmp_path / "undated.txt"
    text.write_text("Біз келесі жылы сәуірде саммит өткіземіз.\n")
    assert cli("speech", "add", str(text)).exit_code == 0
    before = dump(loaded)
    r = cli(
        "add",
        "саммит өткіземіз",
        "--speech",
        "2",
        "--kind",
        "commitment",
        "--deadline",
        "келесі жылы сәуірде",
    )
    assert r.exit_code == 1 and "needs the speech date" in r.stderr and "--date" in r.stderr
    assert dump(loaded) == before


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", None),  # an empty file is a new, empty database
        (b"SQLite format 3\x00" + b"\x00" * 84, "is not a claimtrack database"),
        (b"\x00" * 4096, "is not a claimtrack database"),
    ],
    ids=["empty-file", "header-only", "zeros"],
)
def test_odd_database_files(cli: Cli, tmp_path: Path, content: bytes, says: str | None) -> None:
    path = tmp_path / "odd.db"
    path.write_bytes(content)
    for args in (["list"], ["rate", "1", "kept"], ["report"], ["refresh", "--no-fetch"]):
        r = cli(*args, "--db", str(path))
        if says is None:
            assert r.exit_code in (0, 1) and "Traceback" not in r.stderr
        else:
            assert r.exit_code == 1 and says in r.stderr and r.stderr.count("\n") == 1, r.stderr
    if says is None:
        assert integrity(path) == "ok"
    else:
        assert path.read_bytes()[: len(content)] == content


@pytest.mark.parametrize(
    "args", [["list"], ["rate", "1", "kept"], ["report"], ["export"], ["stats"]]
)
def test_truncated_database(cli: Cli, loaded: Path, tmp_path: Path, args: list[str]) -> None:
    import sqlite3

    conn = sqlite3.connect(loaded)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = loaded.read_bytes()
    cut = tmp_path / "cut.db"
    cut.write_bytes(data[: len(data) // 2])
    r = cli(*args, "--db", str(cut))
    assert r.exit_code == 1 and r.stderr.count("\n") == 1, r.stderr
    assert "is not a claimtrack database (not SQLite, or damaged)" in r.stderr
    assert r.stdout == ""


@pytest.mark.parametrize("args", [["rate", "1", "kept"], ["refresh", "--no-fetch"], ["export"]])
def test_database_from_a_newer_claimtrack(cli: Cli, loaded: Path, args: list[str]) -> None:
    from claimtrack.db import open_db

    db = open_db(loaded)
    db["_sqlite_migrations"].insert(
        {"migration_set": "claimtrack", "name": "m999_future", "applied_at": "2030"}
    )
    db.close()
    r = cli(*args)
    assert r.exit_code == 1 and "written by a newer claimtrack" in r.stderr, r.stderr
    assert "upgrade claimtrack" in r.stderr and r.stdout == ""
