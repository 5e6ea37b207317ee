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


def make_pdf(title: str, text: str) -> bytes:
    """A minimal valid PDF with one page of text and a /Title."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (" + title.encode() + b") >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
