"""Shell completion: commands, options, known values and ids and topics from the database,
asked for the way the shells' scripts ask (`claimtrack --show-completion`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from claimtrack import completion, evidence, flags, scales
from claimtrack.cli import choices
from claimtrack.dataset import load
from support import DATASET, Cli

PROBE = """
import atexit, sys
sys.argv = ["claimtrack"]
atexit.register(lambda: print("LOADED=" + ",".join(sorted(
    m for m, mod in sys.modules.items()
    if m.split(".")[0] in ("sqlite_utils", "rich", "httpx") and mod is not None
))))
from claimtrack.cli import main
main()
"""


def complete(line: str, db: Path, shell: str = "bash", cwd: Path | None = None) -> list[str]:
    """The suggestions for the end of `line`, from a fresh `claimtrack` process, as the
    completion script of `shell` asks for them."""
    env = {"PATH": os.environ["PATH"], "CLAIMTRACK_DB": str(db)}
    words = line.split()
    if shell == "bash":
        cword = len(words) if line.endswith(" ") else len(words) - 1
        env |= {"_CLAIMTRACK_COMPLETE": "complete_bash", "COMP_WORDS": line}
        env["COMP_CWORD"] = str(cword)
    else:  # fish: value<TAB>description a line
        env |= {"_CLAIMTRACK_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": line}
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    r = subprocess.run(
        [str(Path(sys.executable).parent / "claimtrack")],  # its name picks the variable
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0 and r.stderr == "", r.stderr
    return [line for line in r.stdout.splitlines() if line]  # nothing: one empty line


@pytest.fixture
def gabala(db: Database, isolated_db: Path) -> Path:
    load(db, DATASET)
    db.close()
    return isolated_db


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("claimtrack his", ["history"]),
        ("claimtrack sea", ["search"]),
        ("claimtrack list --kind ", list(scales.KINDS)),
        ("claimtrack add x --kind com", ["commitment"]),
        ("claimtrack list --rating mostly", ["mostly-true", "mostly-false"]),
        ("claimtrack report --rating ", list(scales.VERDICTS + scales.PROMISES)),
        ("claimtrack rate 5 ", list(scales.PROMISES)),  # claim 5: a commitment
        ("claimtrack rate 2 m", ["mostly-true", "mostly-false", "misleading"]),
        ("claimtrack rate 999 k", ["kept"]),  # no such claim: either scale
        (
            "claimtrack list --flag evidence-",
            ["evidence-dead", "evidence-changed", "evidence-figure-changed"],
        ),
        ("claimtrack evidence add 3 https://e.org/ --stance ", list(evidence.STANCES)),
        ("claimtrack list --topic tr", ["transport"]),
        ("claimtrack report --speech ", ["1"]),
        ("claimtrack speech show ", ["1"]),
        ("claimtrack show 5", ["5", "50", "51"]),
        ("claimtrack evidence show 8", ["8", "80", "81", "82", "83", "84", "85", "86", "87"]),
        ("claimtrack show x", []),
    ],
)
def test_bash_completes_values_from_the_scales_and_the_database(
    gabala: Path, line: str, expected: list[str]
) -> None:
    assert complete(line, gabala) == expected


def test_claim_ids_come_with_their_quote(gabala: Path) -> None:
    (item,) = complete("claimtrack history 18", gabala, shell="fish")
    value, help_ = item.split("\t")
    assert value == "18" and help_.startswith("Жақында біз «Достық – Мойынты»")
    assert len(help_) <= completion.HELP_WIDTH


def test_the_db_on_the_command_line_is_the_one_read(gabala: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    assert complete(f"claimtrack show --db {other} ", gabala) == []  # no database there
    assert not other.exists()  # and none created
    assert complete(f"claimtrack show --db {gabala} 4", gabala) == [
        "4",
        "40",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "47",
        "48",
        "49",
    ]


@pytest.mark.parametrize("content", [None, b"not a database at all" * 100, b""])
def test_no_database_or_a_broken_one_offers_nothing_and_creates_nothing(
    tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "claims.db"
    if content is not None:
        path.write_bytes(content)
    assert complete("claimtrack show ", path, cwd=tmp_path) == []
    assert complete("claimtrack list --topic ", path, cwd=tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if content is None else ["claims.db"])
    assert complete("claimtrack list --kind st", path, cwd=tmp_path) == ["statement"]


def test_completion_hostile_text_is_stripped(db: Database, isolated_db: Path) -> None:
    load(db, DATASET)
    db.execute("UPDATE claims SET quote = 'a\x1b]0;pwned\x07\nb\tc' WHERE id = 7")
    db.conn.commit()
    db.close()
    assert completion.claim_ids(isolated_db, "7") == [("7", "a b c")]


def test_completion_loads_no_database_library_or_renderer(gabala: Path) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "CLAIMTRACK_DB": str(gabala),
        "_CLAIMTRACK_COMPLETE": "complete_bash",
        "COMP_WORDS": "claimtrack show 1",
        "COMP_CWORD": "2",
    }
    r = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60
    )
    assert r.stdout.splitlines()[-1] == "LOADED=", r.stdout + r.stderr


def test_the_listed_values_are_the_librarys() -> None:
    assert choices.FLAGS == flags.FLAGS
    assert choices.STANCES == evidence.STANCES


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (["list"], ["--kind [quantitative|commitment|statement]", "mostly-true", "in-the-works"]),
        (
            ["list"],
            ["[overdue|due-soon|evidence-dead|evidence-changed|evidence-figure-changed|stale]"],
        ),
        (["report"], ["--kind [quantitative|commitment|statement]", "not-yet-", "'Mostly true'"]),
        (["add"], ["--kind [quantitative|commitment|statement]"]),
        (["rate"], ["mostly-false", "compromise"]),
        (["evidence", "add"], ["[supports|contradicts|updates|context|restates]"]),
    ],
)
def test_help_lists_the_valid_values(cli: Cli, command: list[str], shown: list[str]) -> None:
    r = cli(*command, "--help")
    text = " ".join(r.stdout.split())
    assert r.exit_code == 0 and all(" ".join(s.split()) in text for s in shown), r.stdout


def test_ratings_accept_loose_forms(gabala: Path, cli: Cli) -> None:
    loose = cli("list", "--rating", "Mostly true", "--json")
    exact = cli("list", "--rating", "mostly-true", "--json")
    assert loose.exit_code == 0 and loose.stdout == exact.stdout and loose.stdout != "[]\n"
    bad = cli("list", "--kind", "promise")
    assert bad.exit_code == 1 and bad.stderr.count("\n") == 1
    assert "Unknown kind 'promise' (use one of: quantitative, commitment, statement)" in bad.stderr


def test_the_root_offers_the_completion_scripts(cli: Cli) -> None:
    r = cli("--help")
    assert "--install-completion" in r.stdout and "--show-completion" in r.stdout
