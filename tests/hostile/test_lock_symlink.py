"""The lock file beside the database is never opened through a symbolic link (issue #20).

A symlink planted at `claims.db.refresh-lock` used to be followed: the lock's pid was
written over its target (or a dangling link created the file it names). Now the command
stops with a one-line error and the target is untouched.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import Cli

from .conftest import dump


@pytest.mark.parametrize("command", [("refresh", "--no-fetch"), ("evidence", "fetch")])
@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-file", "dangling"])
def test_a_symlink_at_the_lock_is_refused(
    cli: Cli, loaded: Path, tmp_path: Path, command: tuple[str, ...], dangling: bool
) -> None:
    victim = tmp_path / "precious.txt"
    if not dangling:
        victim.write_text("keep me\n")
    lock = loaded.with_name(loaded.name + ".refresh-lock")
    lock.symlink_to(victim)
    before = dump(loaded)
    r = cli(*command)
    assert r.exit_code == 1, (r.stdout, r.stderr)
    assert r.stderr.startswith("Error: The lock file") and "symbolic link" in r.stderr
    assert r.stderr.count("\n") == 1
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_text() == "keep me\n"
    assert dump(loaded) == before
