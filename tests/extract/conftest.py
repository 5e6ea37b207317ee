"""Fixtures for the extractor tests: a migrated database in tmp_path, the test texts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from claimtrack.db import open_db

TEXTS = Path(__file__).parent / "texts"
REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "src" / "claimtrack" / "datasets" / "gabala-2025"


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMTRACK_DB", str(tmp_path / "env.db"))


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_db(tmp_path / "claims.db")
    yield database
    database.conn.close()
