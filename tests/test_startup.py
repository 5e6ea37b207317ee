"""Start-up stays light: --help and report import no HTTP, date or HTML library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("httpx", "dateparser", "trafilatura", "lxml", "pypdf", "warcio", "aiohttp", "htmldate")

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
