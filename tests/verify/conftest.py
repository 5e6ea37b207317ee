"""A database with claims in kk, ru and en, linked to evidence pages whose texts are stored
as a fetch stores them (`texts` row, `pages.text_hash`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlite_utils import Database

from claimtrack.claims import add_claim
from claimtrack.evidence import add_evidence
from claimtrack.fetch.store import write_text
from claimtrack.speeches import add_speech

NOW = "2026-12-08T02:00:00+00:00"
GOLD_TEXTS = Path(__file__).parent / "gold" / "texts"
SPEECH = {
    "kk": "Орта дәлізбен жүк тасымалы 2019 жылдан бері 6 есе өсті. Елімізде бейбітшілік бар.",
    "en": "Cargo on the Middle Corridor reached 4.5 million tonnes in 2024.",
}

Link = Callable[[int, str, str | None, str | None], int]


@pytest.fixture
def claim(db: Database) -> Callable[[str, str], int]:
    """Register the sentence `quote` of a one-speech-per-language speech as a claim."""
    speeches: dict[str, int] = {}

    def make(lang: str, quote: str) -> int:
        if lang not in speeches:
            row, _ = add_speech(db, SPEECH[lang], lang=lang, date="2025-10-07", now=NOW)
            speeches[lang] = int(row["id"])
        row = add_claim(
            db, speech_id=speeches[lang], quote=quote, kind="quantitative", now=NOW, verbatim=False
        )
        return int(row["id"])

    return make


@pytest.fixture
def link(db: Database) -> Link:
    """Link a URL to a claim; give its page `text` (None: not fetched) and `lang`."""

    def make(claim_id: int, url: str, text: str | None, lang: str | None) -> int:
        (row,) = add_evidence(db, claim_id, [url], now=NOW)
        if text is not None:
            with db.atomic():
                key = write_text(db, text, NOW)
                db.table("pages").update(
                    row["page_id"], {"text_hash": key, "lang": lang, "status": "ok"}
                )
        return int(row["id"])

    return make


def gold_text(name: str) -> str:
    return (GOLD_TEXTS / name).read_text(encoding="utf-8")
