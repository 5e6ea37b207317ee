"""Candidates of our own kk/ru/en test texts against hand-checked expected tables."""

from __future__ import annotations

import tomllib
from datetime import date
from typing import Any

import pytest

from claimtrack.extract import Candidate, extract

from .conftest import TEXTS

REF = date(2025, 10, 7)
LANGS = ("kk", "ru", "en")
NOT_CLAIMS = {
    "kk": ["тоғыз жолдың торабы", "V отырысын", "ПРЕЗИДЕНТ", "Фото:", "Қасым-Жомарт Тоқаев:"],
    "ru": ["Семь раз отмерь", "ХХ съезд", "Читайте также", "ГЛАВА"],
    "en": ["V Consultative", "Photo:", "PRESIDENT"],
}


def _run(lang: str) -> tuple[str, list[Candidate], list[dict[str, Any]]]:
    text = (TEXTS / f"{lang}.txt").read_text(encoding="utf-8")
    cases = tomllib.loads((TEXTS / f"{lang}.expected.toml").read_text(encoding="utf-8"))["case"]
    return text, extract(text, lang, REF), cases


def _figures(c: Candidate) -> list[dict[str, Any]]:
    return [
        {"value": f.value, "comparator": f.comparator, "unit": f.unit or "", "kind": f.kind}
        for f in c.figures
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_expected_table(lang: str) -> None:
    text, found, cases = _run(lang)
    claims = [c for c in found if c.kind != "statement"]
    assert len(claims) == len(cases), [c.quote for c in claims]
    for case, cand in zip(cases, claims, strict=True):
        assert cand.quote.startswith(case["find"])
        assert cand.kind == case["kind"], cand.quote
        assert _figures(cand) == case["figures"], cand.quote
        assert (cand.deadline or "") == case["deadline"], cand.quote
        assert (cand.deadline_start or "") == case["deadline_start"], cand.quote
        assert text[cand.start : cand.end] == cand.quote


@pytest.mark.parametrize("lang", LANGS)
def test_not_claims(lang: str) -> None:
    text, found, _ = _run(lang)
    for phrase in NOT_CLAIMS[lang]:
        at = text.index(phrase)
        hits = [c for c in found if c.start <= at < c.end and c.kind != "statement"]
        assert all(not c.figures for c in hits), phrase


@pytest.mark.parametrize("lang", LANGS)
def test_language_is_detected(lang: str) -> None:
    text, found, _ = _run(lang)
    assert [c.to_dict() for c in extract(text, None, REF)] == [c.to_dict() for c in found]


def test_clause_split() -> None:
    text = "190 plants opened last year, and in 2026 another 200 are planned."
    past, future = extract(text, "en", REF)
    assert (past.kind, past.figures[0].value, past.figures[0].period) == (
        "quantitative",
        190,
        "last year",
    )
    assert (future.kind, future.figures[0].value, future.deadline) == (
        "commitment",
        200,
        "2026-12-31",
    )


def test_relative_deadline_needs_the_date() -> None:
    (cand,) = extract("Келесі жылы 200 мектеп салынады.", "kk", None)
    assert cand.kind == "commitment" and cand.deadline is None
    assert cand.deadline_text == "Келесі жылы" and "speech date" in cand.reason


def test_json_fields() -> None:
    (cand,) = extract("Inflation must not exceed 5 percent.", "en", REF)
    assert set(cand.to_dict()) == {
        "kind",
        "quote",
        "start",
        "end",
        "figures",
        "deadline",
        "deadline_start",
        "deadline_text",
        "deadline_inherited",
        "confidence",
        "reason",
    }
    assert "must" in cand.reason and 0 < cand.confidence <= 1
