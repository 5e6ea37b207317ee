"""The evaluation harness: the gold parses, its hashes verify, every quote is in its text once,
and the scoring is right on a tiny synthetic case.

No extractor runs here; the scores are printed by `make eval`, never asserted.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from claimtrack.extract import Candidate, Figure
from extract.eval import evaluate
from extract.eval.evaluate import Score, score
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
            assert item["deadline"] or item["deadline_start"], item["quote"]


# --- the scoring itself, on a tiny synthetic case (no extractor runs) ---

TEXT = "Exports grew 5% last year. We will build 3 schools by 2030. The plant opened in May.\n"


def _gold(claims: list[dict[str, object]]) -> Gold:
    speech = {"lang": "en", "date": "2026-01-15", "genre": "synthetic"}
    return Gold("en-x", "dev", TEXT, {}, speech, claims)


def _claim(quote: str, kind: str, figures: list[dict[str, object]], window: tuple[str, str]):
    return {
        "quote": quote,
        "kind": kind,
        "figures": figures,
        "deadline": window[0],
        "deadline_start": window[1],
    }


def _cand(quote: str, kind: str, figures: list[Figure], window: tuple[str, str] = ("", "")):
    start = TEXT.index(quote)
    return Candidate(
        kind,
        quote,
        start,
        start + len(quote),
        figures,
        deadline=window[0] or None,
        deadline_start=window[1] or None,
    )


def _fig(text: str, value: float, comparator: str, unit: str | None, kind: str) -> Figure:
    start = TEXT.index(text)
    return Figure(value, comparator, unit, kind, text, start, start + len(text))


GOLD = _gold(
    [
        _claim(
            "Exports grew 5% last year.",
            "quantitative",
            [{"value": 5, "comparator": "=", "unit": "%", "kind": "percent"}],
            ("", ""),
        ),
        _claim(
            "We will build 3 schools by 2030.",
            "commitment",
            [{"value": 3, "comparator": "=", "unit": "", "kind": "count"}],
            ("2030-12-31", "2026-01-15"),
        ),
        _claim("The plant opened in May.", "statement", [], ("", "")),
    ]
)


def test_score_all_right() -> None:
    found = [
        _cand("Exports grew 5% last year.", "quantitative", [_fig("5%", 5, "=", "%", "percent")]),
        _cand(
            "We will build 3 schools by 2030.",
            "commitment",
            [_fig("3", 3, "=", None, "count")],
            ("2030-12-31", "2026-01-15"),
        ),
        _cand("The plant opened in May.", "statement", []),
    ]
    s = score(GOLD, found)
    fr = s.fractions()
    assert (fr["recall_q"], fr["recall_c"], fr["recall_s"]) == ((1, 1), (1, 1), (1, 1))
    assert fr["precision"] == (3, 3)
    assert fr["figures"] == (2, 2)
    assert fr["deadlines"] == (1, 1)
    assert s.problems == []


def test_score_counts_misses_false_positives_and_wrong_fields() -> None:
    found = [
        # right span, wrong comparator
        _cand("Exports grew 5% last year.", "quantitative", [_fig("5%", 5, "~", "%", "percent")]),
        # the commitment read as a quantitative claim: a miss and a false positive
        _cand(
            "We will build 3 schools by 2030.", "quantitative", [_fig("3", 3, "=", None, "count")]
        ),
        # a statement nobody annotated
        _cand("The plant opened in May.", "commitment", [], ("2026-05-31", "2026-05-01")),
    ]
    s = score(GOLD, found)
    fr = s.fractions()
    assert fr["recall_q"] == (1, 1)
    assert fr["recall_c"] == (0, 1)
    assert fr["recall_s"] == (0, 1)
    assert fr["precision"] == (1, 3)
    assert fr["figures"] == (0, 1)
    assert fr["deadlines"] == (0, 0)
    kinds = sorted(p.split()[1] for p in s.problems)
    assert kinds == ["FALSE", "FALSE", "FIGURES", "MISSED", "MISSED"]


def test_score_deadline_window_and_shared_figures() -> None:
    # two clause candidates over one gold item: one window right is enough; a figure they share
    # (same offsets) counts once
    three = _fig("3", 3, "=", None, "count")
    found = [
        _cand("We will build 3 schools", "commitment", [three]),
        _cand("3 schools by 2030.", "commitment", [three], ("2030-12-31", "2026-01-15")),
    ]
    s = score(GOLD, found)
    assert s.fractions()["figures"] == (1, 1)
    assert s.fractions()["deadlines"] == (1, 1)
    wrong = [_cand("We will build 3 schools by 2030.", "commitment", [three], ("2030-12-31", ""))]
    assert score(GOLD, wrong).fractions()["deadlines"] == (0, 1)


def test_test_set_details_need_their_own_flag(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = Score(candidates=1, problems=["secret FALSE commitment: x"])
    monkeypatch.setattr(evaluate, "measure", lambda name: {"all": fake})
    evaluate.main(["--set", "test", "--details"])
    assert "secret" not in capsys.readouterr().out
    evaluate.main(["--set", "test", "--details-test"])
    assert "secret" in capsys.readouterr().out
    evaluate.main(["--set", "dev", "--details", "--json"])
    assert json.loads(capsys.readouterr().out)["dev"]["problems"] == fake.problems
