"""Fixtures for fetch tests: a migrated database with one claim, and real loopback servers.

Every server here listens on 127.0.0.1 only; no test sends traffic anywhere else.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from claimtrack.db import open_db
from claimtrack.evidence import add_evidence
from servers import RawServer

NOW = "2026-01-02T03:04:05Z"


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMTRACK_DB", str(tmp_path / "env.db"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "x.db"
    db = open_db(path)
    sid = (
        db["speeches"]
        .insert(
            {
                "title": "Address",
                "text": "Roads will be built.",
                "content_hash": "h",
                "created_at": NOW,
            }
        )
        .last_pk
    )
    db["claims"].insert(
        {
            "speech_id": sid,
            "kind": "promise",
            "quote": "Roads will be built.",
            "norm": "roads",
            "rating": "unrated",
            "created_at": NOW,
            "updated_at": NOW,
        }
    )
    db.conn.commit()
    db.conn.close()
    return path


@pytest.fixture
def db(db_path: Path) -> Database:
    return open_db(db_path)


@pytest.fixture
def link(db: Database) -> Callable[..., list[int]]:
    """Link URLs to claim 1; returns their page ids."""

    def add(*urls: str) -> list[int]:
        return [int(r["page_id"]) for r in add_evidence(db, 1, list(urls), now=NOW)]

    return add


@pytest.fixture
def raw_server() -> Iterator[Callable[[Callable[[socket.socket], None]], RawServer]]:
    servers: list[RawServer] = []

    def start(handler: Callable[[socket.socket], None]) -> RawServer:
        servers.append(RawServer(handler))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def page_row(db: Database, page_id: int) -> dict[str, Any]:
    return next(iter(db.query("SELECT * FROM pages WHERE id = ?", [page_id])))
