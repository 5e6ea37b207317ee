"""Start-up stays light: --help and report import no HTTP, date or HTML library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrack import scales

HEAVY = ("httpx", "dateparser", "trafilatura", "lxml", "pypdf", "warcio", "aiohttp", "htmldate")
# --help needs typer only: no database, rendering or parsing code.
NOT_FOR_HELP = (
    "sqlite_utils",
    "rich.console",
    "claimtrack.extract",
    "claimtrack.fetch",
    "claimtrack.deadlines",
    "claimtrack.output",
    "claimtrack.completion",  # the database completions: only when the shell asks
    "claimtrack.search",
    "claimtrack.browse",
    "sqlite3",
)

# main() ends with sys.exit: the atexit handlers run, as in any Python program.
PROBE = """
import atexit, sys
sys.argv = {argv!r}
@atexit.register
def report():
    heavy = sorted(m for m, mod in sys.modules.items() if m.split('.')[0] in {heavy!r}
                   and mod is not None)  # None: an import blocked, nothing loaded
    print('HEAVY=' + ','.join(heavy), file=sys.stderr)
from claimtrack.cli import main
main()
"""


def loaded_modules(argv: list[str], env_db: Path, heavy: tuple[str, ...] = HEAVY) -> str:
    code = PROBE.format(argv=["claimtrack", *argv], heavy=heavy)
    r = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"CLAIMTRACK_DB": str(env_db), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    line = [x for x in r.stderr.splitlines() if x.startswith("HEAVY=")]
    assert line, r.stderr
    return line[0][len("HEAVY=") :]


@pytest.mark.parametrize("argv", [["--help"], ["report"], ["list", "--json"], ["show", "--help"]])
def test_light_commands_import_no_heavy_library(argv: list[str], tmp_path: Path) -> None:
    from claimtrack.dataset import load
    from claimtrack.db import open_db

    db_path = tmp_path / "c.db"
    load(
        open_db(db_path),
        Path(__file__).parent.parent / "src" / "claimtrack" / "datasets" / "gabala-2025",
    )
    assert loaded_modules(argv, db_path) == ""


def test_fetch_with_nothing_to_do_loads_the_engine_but_no_extractor(tmp_path: Path) -> None:
    """A fetch with nothing to do and `--json` loads httpx, but none of the main-text
    extraction libraries. (httpx's own command-line module, which brings rich and pygments,
    loads with httpx since #18: blocking it meant editing sys.modules with a private name.)"""
    from claimtrack.db import open_db

    db_path = tmp_path / "c.db"
    open_db(db_path).conn.close()
    argv = ["evidence", "fetch", "--json"]
    assert loaded_modules(argv, db_path, ("trafilatura", "lxml", "pypdf", "dateparser")) == ""
    assert "httpx._client" in loaded_modules(argv, db_path, ("httpx",)).split(",")


def test_help_loads_no_library_code(tmp_path: Path) -> None:
    code = (
        "import atexit, sys\nsys.argv = ['claimtrack', '--help']\n"
        "@atexit.register\ndef report():\n"
        f"    bad = sorted(m for m in sys.modules if m.startswith({NOT_FOR_HELP!r}))\n"
        "    print('LOADED=' + ','.join(bad), file=sys.stderr)\n"
        "from claimtrack.cli import main\nmain()\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={"CLAIMTRACK_DB": str(tmp_path / "x.db"), "PATH": "/usr/bin:/bin"},
    )
    assert "LOADED=\n" in r.stderr + "\n", r.stderr


def claimtrack(*argv: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimtrack", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env={"CLAIMTRACK_DB": str(db), "PATH": "/usr/bin:/bin"},
    )


def test_exit_keeps_output_exit_codes_and_data(tmp_path: Path) -> None:
    """The command's exit: piped output arrives whole, exit codes are kept, writes are
    committed and the WAL checkpointed."""
    db = tmp_path / "c.db"
    dataset = Path(__file__).parent.parent / "src" / "claimtrack" / "datasets" / "gabala-2025"
    loaded = claimtrack("dataset", "load", str(dataset), db=db)
    assert loaded.returncode == 0, loaded.stderr
    assert not db.with_name("c.db-wal").exists()  # the last connection closed cleanly

    listed = claimtrack("list", "--json", db=db)
    assert listed.returncode == 0, listed.stderr
    claims = json.loads(listed.stdout)  # all of it: a pipe is block-buffered
    assert len(claims) > 10

    claim = claims[0]
    rating = next(r for r in scales.scale_for(claim["kind"]) if r != claim["rating"])
    rated = claimtrack("rate", str(claim["id"]), rating, "--note", "Checked.", db=db)
    assert rated.returncode == 0, rated.stderr
    shown = claimtrack("show", str(claim["id"]), "--json", db=db)
    assert json.loads(shown.stdout)["rating"] == rating

    missing = claimtrack("show", "999999", db=db)
    assert missing.returncode == 1
    assert missing.stderr.startswith("Error: ")
    usage = claimtrack("list", "--no-such-option", db=db)
    assert usage.returncode == 2
    assert "No such option" in usage.stderr
    version = claimtrack("--version", db=db)
    assert (version.returncode, version.stdout.split()[0]) == (0, "claimtrack")


SHAPE = """
import json
from claimtrack import cli

def shape():
    found = {c.name: [] for c in cli.app.registered_commands}
    for group in cli.app.registered_groups:
        found[group.name] = [c.name for c in group.typer_instance.registered_commands]
    return found

before, modules = shape(), {}
for module in cli._MODULES:
    __import__(f"claimtrack.cli.{module}")
    after = shape()
    for name in after:
        if after[name] != before.get(name):
            modules.setdefault(name, []).append(module)
    before = after
print(json.dumps(modules))
"""


def test_command_table_names_the_modules_of_each_command() -> None:
    """`claimtrack NAME` imports only cli.COMMANDS[NAME]: the modules that add to NAME."""
    from claimtrack.cli import COMMANDS

    r = subprocess.run([sys.executable, "-c", SHAPE], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {name: list(mods) for name, mods in COMMANDS.items()}


def test_an_unknown_subcommand_still_gets_suggestions(tmp_path: Path) -> None:
    r = claimtrack("evidence", "fetc", db=tmp_path / "c.db")
    assert r.returncode == 2
    assert "No such command 'fetc'" in r.stderr and "fetch" in r.stderr


def test_ctrl_c_is_one_line_and_exit_130(tmp_path: Path) -> None:
    """SIGINT while a command waits (here `speech add -` reading stdin) ends it with one
    line on stderr and exit 130, and leaves no database behind."""
    import signal
    import time

    db = tmp_path / "c.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimtrack", "speech", "add", "-", "--db", str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None
    proc.stdin.write("Біз 2030 жылға дейін ")  # stdin stays open: the command waits for more
    proc.stdin.flush()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # wait until it is past its imports, reading stdin
        status = Path(f"/proc/{proc.pid}/wchan").read_text() if proc.poll() is None else ""
        if "pipe" in status or "wait" in status:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == ["Interrupted: nothing half-done was kept"], err
    assert out == "" and not db.exists()


def test_the_entry_point_touches_no_private_name() -> None:
    """No start-up hack on private interpreter or library state (#18): lazy imports only."""
    import ast

    from claimtrack import cli

    tree = ast.parse(Path(cli.__file__).read_text(encoding="utf-8"))
    private = sorted(
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and node.attr[1:2] != "_"
    )
    assert private == [], private
    source = Path(cli.__file__).read_text(encoding="utf-8")
    for hack in ("os._exit", "gc.set_threshold", "sys.modules", "registered_commands[:]"):
        assert hack not in source, hack
