"""Start-up stays light: --help and report import no HTTP, date or HTML library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("httpx", "dateparser", "trafilatura", "lxml", "pypdf", "warcio", "aiohttp", "htmldate")
# --help needs typer only: no database, rendering or parsing code.
NOT_FOR_HELP = (
    "sqlite_utils",
    "rich.console",
    "claimtrack.extract",
    "claimtrack.fetch",
    "claimtrack.deadlines",
    "claimtrack.output",
)

PROBE = """
import sys
sys.argv = {argv!r}
from claimtrack.cli import main
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})
print('HEAVY=' + ','.join(heavy), file=sys.stderr)
"""


def loaded_modules(argv: list[str], env_db: Path) -> str:
    code = PROBE.format(argv=["claimtrack", *argv], heavy=HEAVY)
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
    load(open_db(db_path), Path(__file__).parent.parent / "data" / "gabala-2025")
    assert loaded_modules(argv, db_path) == ""


def test_help_loads_no_library_code(tmp_path: Path) -> None:
    code = (
        "import sys\nsys.argv = ['claimtrack', '--help']\nfrom claimtrack.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"bad = sorted(m for m in sys.modules if m.startswith({NOT_FOR_HELP!r}))\n"
        "print('LOADED=' + ','.join(bad), file=sys.stderr)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={"CLAIMTRACK_DB": str(tmp_path / "x.db"), "PATH": "/usr/bin:/bin"},
    )
    assert "LOADED=\n" in r.stderr + "\n", r.stderr
