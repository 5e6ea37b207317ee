"""register(): all candidates in one transaction; duplicates skipped; bad deadlines noted."""

from __future__ import annotations

from datetime import date

import pytest
from sqlite_utils import Database

from claimtrack.extract import Candidate, extract, register
from claimtrack.speeches import add_speech

TEXT = "Келесі жылы 200 мектеп салынады. Биыл экспорт 15 пайызға өсті."


def test_register_and_skip_duplicates(db: Database) -> None:
    speech, _ = add_speech(db, TEXT, date="2025-10-07", lang="kk")
    found = extract(TEXT, "kk", date(2025, 10, 7))
    first = register(db, speech["id"], found, by="test")
    assert len(first.added) == 2 and first.skipped == []
    row = db["claims"].get(first.added[0])
    assert row["source"] == "extract" and row["deadline_end"] == "2026-12-31"
    again = register(db, speech["id"], found)
    assert again.added == [] and sorted(again.skipped) == sorted(first.added)


def test_min_confidence(db: Database) -> None:
    speech, _ = add_speech(db, TEXT, lang="kk")
    result = register(db, speech["id"], extract(TEXT, "kk", None), min_confidence=0.99)
    assert result.added == [] and result.filtered == 2


def test_unreadable_deadline_does_not_abort(db: Database) -> None:
    speech, _ = add_speech(db, TEXT, lang="kk")
    cand = Candidate(
        "commitment",
        "Келесі жылы 200 мектеп салынады.",
        0,
        32,
        deadline_text="blursday of never",
        confidence=0.8,
    )
    result = register(db, speech["id"], [cand])
    assert len(result.added) == 1 and "blursday" in result.notes[0]
    assert db["claims"].get(result.added[0])["deadline_end"] is None


def test_all_or_nothing(db: Database) -> None:
    speech, _ = add_speech(db, TEXT, lang="kk")
    good = extract(TEXT, "kk", None)
    bad = Candidate("not-a-kind", "x", 0, 1, confidence=1.0)
    with pytest.raises(Exception, match="Unknown kind"):
        register(db, speech["id"], [*good, bad])
    assert db["claims"].count == 0
