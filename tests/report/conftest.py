"""The bundled dataset, loaded with pinned deadlines and figures, a fixed clock and flags.

Report tests test the report: deadline windows and figures are pinned here (to the windows
docs/deadlines.md gives for these phrases) so a change in the resolver or the figure
extractor does not move the report snapshots.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from claimtrack import claims, dataset

DATASET = Path(__file__).resolve().parents[2] / "src" / "claimtrack" / "datasets" / "gabala-2025"
NOW = "2025-10-08T09:00:00Z"
TODAY = date(2026, 11, 25)

# phrase in claims.toml -> (deadline_start, deadline_end), speech of 2025-10-07
PINNED_DEADLINES = {
    "2040 жылға дейін": (None, "2040-12-31"),
    "биыл": ("2025-01-01", "2025-12-31"),
    "келесі жылы": ("2026-01-01", "2026-12-31"),
    "келесі жылы сәуірде": ("2026-04-01", "2026-04-30"),
}
HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script>"
HOSTILE_TITLE = "</title><script>alert(3)</script>"


def pinned_deadline(
    phrase: str | None, speech: dict[str, Any], **_: object
) -> dict[str, str | None]:
    if phrase is None or not phrase.strip():
        return {"deadline_start": None, "deadline_end": None, "deadline_text": None}
    start, end = PINNED_DEADLINES[phrase.strip().lower()]
    return {"deadline_start": start, "deadline_end": end, "deadline_text": phrase.strip()}


def load_dataset(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setattr(claims, "resolve_deadline", pinned_deadline)
    monkeypatch.setattr(claims, "figures_for", lambda quote, lang: [])
    dataset.load(db, DATASET, now=NOW)
    overdue = db.query(
        "SELECT id FROM claims WHERE kind = 'commitment' AND deadline_end < ?"
        " AND rating NOT IN ('kept', 'compromise', 'broken')",
        [TODAY.isoformat()],
    )
    rows = [{"claim_id": r["id"], "flag": "overdue", "since": NOW} for r in overdue]
    rows += [
        {"claim_id": 1, "flag": "evidence-dead", "since": NOW},
        {"claim_id": 2, "flag": "stale", "since": NOW},
    ]
    db["flags"].insert_all(rows)
    db.execute(
        "UPDATE pages SET status = 'ok', checked_at = '2026-11-20T06:00:00Z'"
        " WHERE id IN (SELECT page_id FROM evidence WHERE claim_id = 1)"
    )
    db.conn.commit()
    return db


@pytest.fixture
def gabala(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """The bundled dataset in the test's database (the one `cli` uses too)."""
    return load_dataset(db, monkeypatch)


@pytest.fixture
def publisher(gabala: Database) -> Database:
    from claimtrack import settings

    settings.set(gabala, "publisher.name", "Factcheck Test")
    settings.set(gabala, "publisher.url", "https://factcheck.example/")
    settings.set(gabala, "site.base_url", "https://factcheck.example/gabala-2025/")
    return gabala
