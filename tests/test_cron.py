"""Cron and systemd that work: docs/cron.md's crontab line run exactly as written (env -i, from
another directory), the units in contrib/ as the docs show them, and `refresh --wait`."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrack.lock import exclusive
from support import ROOT, Cli

CRON_DOC = ROOT / "docs" / "cron.md"
SPEECH = "We will build 5 new schools by 2020. We will open 3 hospitals by 2090.\n"


def cron_line() -> str:
    """The command of the crontab line in docs/cron.md (after the five time fields)."""
    block = CRON_DOC.read_text(encoding="utf-8").split("## crontab", 1)[1].split("```")[1]
    (line,) = [row for row in block.splitlines() if row.strip() and not row.startswith("#")]
    return re.split(r"\s+", line.strip(), maxsplit=5)[5]


@pytest.fixture
def site(tmp_path: Path, cli: Cli) -> Path:
    """/srv/factcheck as the docs have it: a .venv with claimtrack, and claims.db beside it.
    No evidence links, so the refresh fetches nothing (no test touches the internet)."""
    site = tmp_path / "factcheck"
    site.mkdir()
    (site / ".venv").symlink_to(Path(sys.executable).parent.parent)
    text = tmp_path / "speech.txt"
    text.write_text(SPEECH, encoding="utf-8")
    db = str(site / "claims.db")
    assert cli("speech", "add", str(text), "--date", "2019-01-01", "--db", db).exit_code == 0
    r = cli(
        "add", "We will open 3 hospitals by 2090", "--speech", "1", "--kind", "commitment",
        "--deadline", "by 2090", "--db", db,
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    return site


def run_cron(site: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    command = cron_line().replace("/srv/factcheck", str(site))
    return subprocess.run(
        ["env", "-i", "PATH=/usr/bin:/bin", f"HOME={tmp_path}", "/bin/sh", "-c", command],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_cron_line_is_silent_when_all_is_well(site: Path, tmp_path: Path) -> None:
    r = run_cron(site, tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    again = run_cron(site, tmp_path)
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")


def test_the_cron_line_mails_and_fails_on_an_overdue_promise(
    site: Path, tmp_path: Path, cli: Cli
) -> None:
    db = str(site / "claims.db")
    r = cli(
        "add", "We will build 5 new schools by 2020", "--speech", "1", "--kind", "commitment",
        "--deadline", "by 2020", "--db", db,
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    r = run_cron(site, tmp_path)
    assert r.returncode == 3 and r.stdout == ""
    assert r.stderr == (
        "refresh --fail-on: 1 claim flagged overdue (see: claimtrack list --flag overdue)\n"
    )


def test_the_cron_line_mails_an_error(tmp_path: Path) -> None:
    site = tmp_path / "factcheck"
    site.mkdir()
    (site / ".venv").symlink_to(Path(sys.executable).parent.parent)
    r = run_cron(site, tmp_path)  # no claims.db there
    assert r.returncode == 1 and r.stderr.startswith("Error: No database at claims.db")
    assert not (site / "claims.db").exists()


@pytest.mark.parametrize("unit", ["claimtrack-refresh.service", "claimtrack-refresh.timer"])
def test_the_docs_show_the_units_in_contrib(unit: str) -> None:
    text = (ROOT / "contrib" / "systemd" / unit).read_text(encoding="utf-8")
    assert f"```ini\n{text}```" in CRON_DOC.read_text(encoding="utf-8")


def test_the_service_treats_75_as_success_and_3_as_failure() -> None:
    from claimtrack.cli.refresh import FAIL_ON_EXIT
    from claimtrack.errors import LockedError

    service = (ROOT / "contrib" / "systemd" / "claimtrack-refresh.service").read_text()
    assert f"SuccessExitStatus={LockedError.exit_code}\n" in service
    assert str(FAIL_ON_EXIT) not in service.split("SuccessExitStatus=")[1].split("\n")[0]
    assert "refresh --quiet --wait --fail-on" in service  # --wait: 75 only after the hour


# refresh --wait


def test_wait_timeout_gives_up_with_75(cli: Cli, site: Path) -> None:
    db = site / "claims.db"
    with exclusive(db):
        r = cli("refresh", "--no-fetch", "--wait-timeout", "0.3", "--db", str(db))
    assert r.exit_code == 75
    assert r.stderr.startswith("Error: Another refresh is still running on")
    assert "after 0.3 s of waiting" in r.stderr


def test_wait_timeout_zero_does_not_wait(cli: Cli, site: Path) -> None:
    db = site / "claims.db"
    with exclusive(db):
        r = cli("refresh", "--no-fetch", "--wait-timeout", "0", "--db", str(db))
    assert r.exit_code == 75 and "(wait for it, or use --wait)" in r.stderr


def test_wait_gets_the_lock_once_it_is_free(cli: Cli, site: Path) -> None:
    db = site / "claims.db"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    assert holder.stdout.readline() == "locked\n"  # the other refresh holds the lock
    waiter = subprocess.Popen(
        [str(Path(sys.executable).with_name("claimtrack")), "refresh", "--no-fetch", "--wait"]
        + ["--db", str(db), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    opened_lock(waiter, Path(f"{db}.refresh-lock"))
    assert waiter.poll() is None  # it has the lock file open and waits for the lock
    holder.stdin.close()  # the holder ends, the kernel frees the lock
    holder.wait(timeout=60)
    out, err = waiter.communicate(timeout=120)
    assert waiter.returncode == 0, err
    assert '"changes"' in out


def opened_lock(proc: subprocess.Popen[str], lock: Path) -> None:
    """Until `proc` has the lock file open (it is then in flock's loop), or has ended."""
    fds = Path(f"/proc/{proc.pid}/fd")
    while proc.poll() is None:
        try:
            if any(os.readlink(fd) == str(lock) for fd in fds.iterdir()):
                return
        except OSError:  # an fd closed while we looked
            pass
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.05)


HOLD = """
import sys
from pathlib import Path
from claimtrack.lock import exclusive
with exclusive(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""
