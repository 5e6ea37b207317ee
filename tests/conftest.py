"""Shared fixtures: every test gets its own database file in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlite_utils import Database

from claimtrack.db import open_db
from support import NOW, SPEECH, Cli

# The suite runs on two cores beside other work: how fast hypothesis draws its inputs is no
# property of claimtrack (the fuzz tests load their own profile, tests/fuzz/conftest.py).
settings.register_profile("claimtrack", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("claimtrack")


@pytest.fixture(autouse=True)
def isolated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point CLAIMTRACK_DB at a fresh file so no test touches ./claims.db."""
    path = tmp_path / "claims.db"
    monkeypatch.setenv("CLAIMTRACK_DB", str(path))
    return path


@pytest.fixture
def db(isolated_db: Path) -> Iterator[Database]:
    database = open_db(isolated_db)
    yield database
    database.close()


@pytest.fixture
def speech_id(db: Database) -> int:
    from claimtrack.speeches import add_speech, read_text_file

    row, _ = add_speech(db, read_text_file(SPEECH), date="2025-10-07", speaker="Tokayev", now=NOW)
    return int(row["id"])


@pytest.fixture
def cli() -> Cli:
    return Cli()
