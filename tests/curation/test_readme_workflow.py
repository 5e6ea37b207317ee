"""The README's typical workflow, run literally top to bottom, creates no duplicate.

Every command of the README's `A typical workflow` block runs as written, in a folder holding
speech.kk.txt, in order, and must succeed. Skipped, because they would reach the internet (no
test does): `evidence fetch`, `evidence extract` and `refresh`; fetching is tested against
loopback servers elsewhere (tests/fetch, tests/curation/test_cycle.py)."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from claimtrack.quotes import same_key
from support import ROOT, SPEECH, Cli

OFFLINE = ("claimtrack evidence fetch", "claimtrack evidence extract", "claimtrack refresh")


def workflow() -> list[list[str]]:
    """The commands of the README's workflow block, continuation lines joined."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## A typical workflow\s+```sh\n(.*?)```", readme, re.DOTALL)
    assert block, "README.md has its typical workflow"
    lines = block.group(1).replace("\\\n", " ").splitlines()
    out = []
    for line in lines:
        for command in line.split(";"):
            words = shlex.split(command, comments=True)
            if words and not command.strip().startswith(OFFLINE):
                assert words[0] == "claimtrack", line
                out.append(words[1:])
    return out


def test_the_readme_workflow_runs_and_makes_no_duplicate(
    cli: Cli, isolated_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(SPEECH, tmp_path / "speech.kk.txt")
    monkeypatch.chdir(tmp_path)
    commands = workflow()
    assert len(commands) > 10
    for words in commands:
        r = cli(*words)
        assert r.exit_code == 0, f"claimtrack {shlex.join(words)}: {r.stderr}"
    claims = json.loads(cli("list", "--json").stdout)
    keys = [same_key(c["quote"]) for c in claims]
    doubled = [
        (a["id"], b["id"])
        for a, ka in zip(claims, keys, strict=True)
        for b, kb in zip(claims, keys, strict=True)
        if a["id"] != b["id"] and ka in kb
    ]
    assert doubled == []
    # the ids the README names are the ones its commands made
    rated = json.loads(cli("show", "16", "--json").stdout)
    assert "6 есе өсті" in rated["quote"] and rated["rating"] == "mostly-true"
    assert rated["evidence"][0]["id"] == 1
    assert (tmp_path / "claims-backup.db").exists() and (tmp_path / "report.html").exists()
