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

# main() ends the process itself (os._exit), after running the atexit handlers.
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


def test_fetch_with_json_loads_no_renderer_or_httpx_cli(tmp_path: Path) -> None:
    """A fetch with nothing to do and `--json` loads httpx, but neither httpx's command line
    (rich.progress, pygments: blocked by cli.main) nor rich (nothing to render)."""
    from claimtrack.db import open_db

    db_path = tmp_path / "c.db"
    open_db(db_path).conn.close()
    argv = ["evidence", "fetch", "--json"]
    assert loaded_modules(argv, db_path, ("rich", "pygments")) == ""
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


def test_quick_exit_keeps_output_exit_codes_and_data(tmp_path: Path) -> None:
    """The command's own exit (os._exit after closing the databases and flushing): piped
    output arrives whole, exit codes are kept, writes are committed and the WAL checkpointed."""
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


BUILT = """
import json, sys
import typer.main
from claimtrack import cli

cli._register(sys.argv[1:])
cli._only(sys.argv[1:])
group = typer.main.get_command(cli.app).commands.get(sys.argv[1])
print(json.dumps(sorted(getattr(group, "commands", None) or []) or None))
"""


def built(*argv: str) -> list[str] | None:
    r = subprocess.run(
        [sys.executable, "-c", BUILT, *argv], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)  # type: ignore[no-any-return]


def test_a_group_builds_only_the_command_named() -> None:
    """`claimtrack evidence fetch …` builds the fetch command only; a name that is not one of
    the group's commands, an option first or the group alone keep them all (click's
    "No such command … Did you mean", the group's --help)."""
    assert built("evidence", "fetch", "--json") == ["fetch"]
    assert built("db", "path") == ["path"]
    everything = built("evidence")
    assert everything is not None and {"add", "fetch", "show", "export"} <= set(everything)
    assert built("evidence", "fetc") == everything
    assert built("evidence", "--help", "fetch") == everything


def test_an_unknown_subcommand_still_gets_suggestions(tmp_path: Path) -> None:
    r = claimtrack("evidence", "fetc", db=tmp_path / "c.db")
    assert r.returncode == 2
    assert "No such command 'fetc'" in r.stderr and "fetch" in r.stderr


def test_a_command_collects_its_young_generation_less_often(tmp_path: Path) -> None:
    """cli.main raises the young generation's threshold for its one command (the older
    generations keep Python's); a caller's threshold of 0 (collection off) stays 0."""
    code = (
        "import atexit, gc, sys\n"
        "if sys.argv[1] == 'off':\n    gc.set_threshold(0)\n"
        "print('BEFORE', *gc.get_threshold(), file=sys.stderr)\n"
        "sys.argv = ['claimtrack', '--version']\n"
        "atexit.register(lambda: print('AFTER', *gc.get_threshold(), file=sys.stderr))\n"
        "from claimtrack.cli import main\nmain()\n"
    )
    for mode, young in (("on", 20_000), ("off", 0)):
        r = subprocess.run(
            [sys.executable, "-c", code, mode], capture_output=True, text=True, timeout=60
        )
        assert r.returncode == 0, r.stderr
        seen = {line.split()[0]: line.split()[1:] for line in r.stderr.splitlines()}
        assert int(seen["AFTER"][0]) == young, r.stderr
        assert seen["AFTER"][1:] == seen["BEFORE"][1:], r.stderr  # the older generations
