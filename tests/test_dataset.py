"""The bundled Gabala 2025 dataset loads through the library and says what it should."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from sqlite_utils import Database

from claimtrack import dataset
from claimtrack.scales import scale_for
from support import DATASET, SPEECH, Cli

ENTRIES = tomllib.loads((DATASET / "claims.toml").read_text(encoding="utf-8"))["claims"]
TEXT = SPEECH.read_text(encoding="utf-8")


def test_dataset_is_complete_and_valid() -> None:
    kinds = [e["kind"] for e in ENTRIES]
    assert 25 <= kinds.count("quantitative") + kinds.count("commitment") <= 40
    assert len({e["key"] for e in ENTRIES}) == len(ENTRIES)
    for e in ENTRIES:
        assert TEXT.count(e["quote"]) == 1, e["key"]
        assert e["rating"] in scale_for(e["kind"]), e["key"]
        assert e.get("rating_note"), e["key"]
        for ev in e.get("evidence", []):
            assert ev["url"].startswith(("https://", "http://")), e["key"]


def test_load_through_the_library(db: Database) -> None:
    counts = dataset.load(db, DATASET)
    assert counts["claims"] == len(ENTRIES)
    for row in db.query(
        "SELECT c.quote, c.start, c.end, s.text FROM claims c JOIN speeches s ON s.id = c.speech_id"
    ):
        assert row["text"][row["start"] : row["end"]] == row["quote"]
    again = dataset.load(db, DATASET)
    assert again == {"claims": 0, "existing": len(ENTRIES), "evidence": 0, "ratings": 0}


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("биыл", "2025-10-07", "2025-12-31"),
        ("келесі жылы", "2026-01-01", "2026-12-31"),
        ("келесі жылы сәуірде", "2026-04-01", "2026-04-30"),
        ("2040 жылға дейін", None, "2040-12-31"),
    ],
)
def test_bundled_deadlines_resolve(db: Database, phrase: str, start: str | None, end: str) -> None:
    dataset.load(db, DATASET)
    rows = [
        r
        for r in db.query(
            "SELECT deadline_text, deadline_start, deadline_end FROM claims"
            " WHERE deadline_text IS NOT NULL"
        )
        if r["deadline_text"].casefold() == phrase
    ]
    assert rows, phrase
    for r in rows:
        assert r["deadline_end"] == end
        if start is not None:
            assert r["deadline_start"] == start


def test_report_shows_every_claim(cli: Cli, isolated_db: Path) -> None:
    assert cli("dataset", "load", str(DATASET)).exit_code == 0
    data = json.loads(cli("report", "--all", "--json").stdout)
    assert {c["quote"] for c in data["claims"]} == {e["quote"] for e in ENTRIES}
    table = cli("report", "--all").stdout
    assert "left out" not in table and "more claims not shown" not in table


def test_a_paraphrase_in_a_dataset_loads_without_offsets(db: Database, tmp_path: Path) -> None:
    """A curated dataset may hold a paraphrase: loaded as written, with no offsets (unlike
    `claimtrack add`, which asks for --not-verbatim)."""
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "speech.kk.txt").write_bytes((DATASET / "speech.kk.txt").read_bytes())
    toml = (DATASET / "claims.toml").read_text(encoding="utf-8")
    first = tomllib.loads(toml)["claims"][0]["quote"]
    paraphrase = "A paraphrase of the first claim, not in the speech"
    (folder / "claims.toml").write_text(
        toml.replace(json.dumps(first, ensure_ascii=False), json.dumps(paraphrase), 1),
        encoding="utf-8",
    )
    assert paraphrase in (folder / "claims.toml").read_text(encoding="utf-8")
    assert dataset.load(db, folder)["claims"] == len(ENTRIES)
    row = next(iter(db.query("SELECT quote, start FROM claims WHERE quote = ?", [paraphrase])))
    assert row["start"] is None


def test_dataset_ratings_hold_as_of_the_datasets_date(db: Database) -> None:
    from claimtrack import dataset

    dataset.load(db, DATASET, now="2027-01-01T00:00:00Z")
    rated = {
        r["rated_at"] for r in db.query("SELECT rated_at FROM claims WHERE rated_at IS NOT NULL")
    }
    assert rated == {"2026-11-25"}
    as_of = {r["as_of"] for r in db.query("SELECT as_of FROM events WHERE type = 'rating'")}
    assert as_of == {"2026-11-25"}


def test_dataset_claim_contained_in_another_is_refused(db: Database, tmp_path: Path) -> None:
    from claimtrack import dataset
    from claimtrack.errors import InvalidInput

    shutil.copy(DATASET / "speech.kk.txt", tmp_path / "speech.kk.txt")
    (tmp_path / "claims.toml").write_text(
        '[speech]\nfile = "speech.kk.txt"\ndate = "2025-10-07"\n'
        '[[claims]]\nquote = "Габала қаласында өткен"\nkind = "statement"\n'
        '[[claims]]\nquote = "габала  ҚАЛАСЫНДА"\nkind = "statement"\n',
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput, match="contained in claim 1"):
        dataset.load(db, tmp_path)
    assert db["claims"].count == 0
