"""The evaluation gold itself: it parses, its hashes verify, every quote is in its text once.

No extractor runs here; the scores are printed by `make eval`, never asserted.
"""

from __future__ import annotations

from datetime import date

import pytest

from extract.eval.gold import KINDS, SETS, Gold, items_digest, load_set, text_digest

ANNOTATOR = "helper corpus, claimtrack session of 2026-12-08"
COMPARATORS = {"=", ">", "<", ">=", "<=", "~"}
FIGURE_KINDS = {"count", "percent", "multiplier", "money", "quantity", "year", "duration"}
ALL = [g for s in SETS for g in load_set(s)]


def _ids(golds: list[Gold]) -> list[str]:
    return [f"{g.set}/{g.name}" for g in golds]


@pytest.mark.parametrize("gold", ALL, ids=_ids(ALL))
def test_hashes_verify(gold: Gold) -> None:
    assert gold.header["annotator"] == ANNOTATOR
    assert gold.header["annotated_at"].endswith("Z")
    assert gold.header["items_sha256"] == items_digest(gold.speech, gold.claims), (
        "gold items changed without a new items_sha256"
    )
    assert gold.header["text_sha256"] == text_digest(gold.text), (
        "text changed without a new text_sha256"
    )


@pytest.mark.parametrize("gold", ALL, ids=_ids(ALL))
def test_items_are_well_formed(gold: Gold) -> None:
    assert gold.lang == gold.name.split("-")[0]
    date.fromisoformat(gold.speech["date"])
    for item in gold.claims:
        assert gold.text.count(item["quote"]) == 1, item["quote"]
        assert item["kind"] in KINDS
        for fig in item["figures"]:
            assert fig["comparator"] in COMPARATORS, item["quote"]
            assert fig["kind"] in FIGURE_KINDS, item["quote"]
        for key in ("deadline", "deadline_start"):
            if item[key]:
                assert item["kind"] == "commitment", item["quote"]
                date.fromisoformat(item[key])
        if item.get("inherited"):
            assert item["deadline"], item["quote"]
