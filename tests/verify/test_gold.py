"""The verification gold set parses, its hashes verify, and each annotation points into its text."""

from __future__ import annotations

import eval_match
import pytest

GOLD = eval_match.load_gold()


def test_gold_header_and_size() -> None:
    assert GOLD["annotator"] and GOLD["date"]
    assert len(GOLD["pair"]) >= 70
    assert {p["split"] for p in GOLD["pair"]} == {"dev", "test"}
    assert {p["claim_lang"] for p in GOLD["pair"]} == {"kk", "ru", "en"}


@pytest.mark.parametrize("pair", GOLD["pair"], ids=lambda p: p["id"])
def test_annotation_points_into_texts(pair: dict[str, object]) -> None:
    text = GOLD["text"][pair["evidence"]]
    assert 1_500 <= len(text) <= 6_000
    assert pair["stance"] in eval_match.STANCES
    for fig in pair["figures"]:  # type: ignore[attr-defined]
        assert fig["claim"] in pair["claim"]  # type: ignore[operator]
        assert all(found in text for found in fig["found"])
        if pair["stance"] == "no-figure-found":
            assert fig["found"] == []


def test_an_edited_annotation_fails_the_hash() -> None:
    pairs = [dict(p) for p in GOLD["pair"]]
    assert eval_match.gold_digest(pairs, GOLD["texts"]) == GOLD["sha256"]
    pairs[0]["stance"] = "supports" if pairs[0]["stance"] != "supports" else "contradicts"
    assert eval_match.gold_digest(pairs, GOLD["texts"]) != GOLD["sha256"]
