"""The verification gold set parses, its hashes verify, and each annotation points into its text."""

from __future__ import annotations

import eval_match
import pytest

GOLD = eval_match.load_gold()
HELDOUT = eval_match.load_gold("heldout")


def test_gold_header_and_size() -> None:
    assert GOLD["annotator"] and GOLD["date"]
    assert len(GOLD["pair"]) >= 70
    assert {p["split"] for p in GOLD["pair"]} == {"dev", "test"}
    assert {p["claim_lang"] for p in GOLD["pair"]} == {"kk", "ru", "en"}


def test_heldout_header_and_size() -> None:
    assert HELDOUT["annotator"] and HELDOUT["date"] and len(HELDOUT["pair"]) >= 30
    assert {p["split"] for p in HELDOUT["pair"]} == {"heldout"}


@pytest.mark.parametrize(
    ("pair", "text"),
    [(p, g["text"][p["evidence"]]) for g in (GOLD, HELDOUT) for p in g["pair"]],
    ids=lambda v: v["id"] if isinstance(v, dict) else "",
)
def test_annotation_points_into_texts(pair: dict[str, object], text: str) -> None:
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
