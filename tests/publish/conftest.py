"""The bundled dataset published as a site, with ratings, a dead link and archived copies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from claimtrack.db import open_db
from support import Cli

ROOT = Path(__file__).resolve().parents[2]
DATASET = ROOT / "src" / "claimtrack" / "datasets" / "gabala-2025"
BASE = "https://factcheck.example/gabala-2025/"
HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script></script>"
HOSTILE_TITLE = "</title><script>alert(3)</script>"
SAVED = """<!doctype html><html lang="en"><head><title>{title}</title>
<script>alert('raw page script')</script></head><body><article><h1>{title}</h1>
<p>The summit in Gabala brought together the leaders of the Organization of Turkic States,
who adopted the Gabala Declaration and agreed on new transport corridors across the region.</p>
<p>{body} The declaration also covers energy, trade, digital cooperation and the environment,
with follow-up meetings planned for the coming year in Astana and Budapest.</p>
</article></body></html>"""


def run(cli: Cli, *args: str) -> Any:
    r = cli(*args)
    assert r.exit_code == 0, r.stderr
    return r


def build(cli: Cli, db_path: Path, tmp: Path, hostile: bool = True) -> Database:
    """Load the dataset with the CLI, rate a few claims twice, archive some evidence; the
    texts are `hostile` (markup in notes and titles) unless pictures are wanted."""
    run(cli, "dataset", "load", str(DATASET))
    run(cli, "config", "set", "publisher.name", "Factcheck Test")
    run(cli, "config", "set", "publisher.url", "https://factcheck.example/")
    run(cli, "config", "set", "publisher.logo", "https://factcheck.example/logo.png")
    for evidence_id, title in ((1, "Саммит ОТГ"), (2, HOSTILE_TITLE), (3, "Astana Times")):
        page = tmp / f"saved-{evidence_id}.html"
        body = HOSTILE if hostile else "Leaders signed the declaration on 7 October 2025."
        page.write_text(SAVED.format(title=title, body=body), encoding="utf-8")
        run(cli, "evidence", "import", str(evidence_id), str(page))
    run(cli, "rate", "1", "mostly-true", "--note", "First look.", "--by", "Aida")
    note = HOSTILE if hostile else "The summit's final declaration confirms the date and place."
    run(cli, "rate", "1", "true", "--note", note, "--evidence", "1", "--by", "Aida")
    db = open_db(db_path)
    db.execute("UPDATE pages SET status = 'dead' WHERE id = 3")
    if hostile:
        db.execute("UPDATE pages SET title = ? WHERE id = 2", [HOSTILE_TITLE])  # as pages may
    db.conn.commit()
    return db


@pytest.fixture
def site_db(cli: Cli, isolated_db: Path, tmp_path: Path) -> Database:
    return build(cli, isolated_db, tmp_path)
