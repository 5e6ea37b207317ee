"""Fixtures of the curation tests: the bundled speech registered through the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from support import SPEECH, Cli

PROMISE = "Қазақстан Біріккен Ұлттар Ұйымының қолдауымен келесі жылы сәуірде Өңірлік саммит"
OTHER = "Габала қаласында"


def ok(cli: Cli, *args: str) -> Any:
    """Run a command that must succeed; its --json output parsed (None without --json)."""
    r = cli(*args)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout) if "--json" in args else None


@pytest.fixture
def speech(cli: Cli, isolated_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("USER", "aigerim")
    ok(cli, "speech", "add", str(SPEECH), "--date", "2025-10-07", "--speaker", "Tokayev")
    return isolated_db
