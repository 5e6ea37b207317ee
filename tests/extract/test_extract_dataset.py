"""Recall and precision against the bundled, hand-registered dataset (gabala-2025)."""

from __future__ import annotations

import tomllib
from datetime import date

from claimtrack.extract import extract

from .conftest import BUNDLED

KINDS = ("quantitative", "commitment")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def measure() -> dict[str, object]:
    """Recall per kind, precision over quantitative+commitment candidates, and the misses."""
    text = (BUNDLED / "speech.kk.txt").read_text(encoding="utf-8")
    data = tomllib.loads((BUNDLED / "claims.toml").read_text(encoding="utf-8"))
    gold = []
    for entry in data["claims"]:
        at = text.index(entry["quote"])
        gold.append((entry["kind"], (at, at + len(entry["quote"])), entry))
    found = extract(text, data["speech"].get("lang"), date.fromisoformat(data["speech"]["date"]))
    misses = [
        e["quote"]
        for kind, span, e in gold
        if kind in KINDS
        and not any(c.kind == kind and _overlap((c.start, c.end), span) for c in found)
    ]
    claims = [c for c in found if c.kind in KINDS]
    right = [
        c
        for c in claims
        if any(kind == c.kind and _overlap((c.start, c.end), span) for kind, span, _ in gold)
    ]
    recall = {k: sum(1 for kind, _, _ in gold if kind == k) for k in KINDS}
    return {
        "recall": {
            k: 1 - sum(1 for m in misses if _kind(gold, m) == k) / n for k, n in recall.items()
        },
        "precision": len(right) / len(claims) if claims else 1.0,
        "misses": misses,
        "false": [c.quote for c in claims if c not in right],
    }


def _kind(gold: list[tuple[str, tuple[int, int], dict[str, object]]], quote: str) -> str:
    return next(kind for kind, _, e in gold if e["quote"] == quote)


def test_every_quantitative_claim_and_commitment_is_found() -> None:
    result = measure()
    assert result["misses"] == []
    assert result["precision"] >= 0.85, result["false"]


def test_figures_and_deadlines_of_the_dataset() -> None:
    text = (BUNDLED / "speech.kk.txt").read_text(encoding="utf-8")
    data = tomllib.loads((BUNDLED / "claims.toml").read_text(encoding="utf-8"))
    found = extract(text, "kk", date(2025, 10, 7))
    for entry in data["claims"]:
        at = text.index(entry["quote"])
        span = (at, at + len(entry["quote"]))
        hits = [c for c in found if c.kind == entry["kind"] and _overlap((c.start, c.end), span)]
        if entry.get("figures"):
            got = {(f.value, f.comparator, f.kind) for c in hits for f in c.figures}
            for fig in entry["figures"]:
                assert (fig["value"], fig["comparator"], fig["kind"]) in got, entry["quote"]
        if entry.get("deadline"):
            assert any(
                c.deadline_text and entry["deadline"].casefold()[:8] in c.deadline_text.casefold()
                for c in hits
            ), entry["quote"]
