"""Held-out measurement: the extractor against hand-annotated gold for unseen texts.

The texts in `heldout/` (two per language) and their `*.gold.toml` were written and annotated by
reading, before the extractor was run on them; they are a blind test, not a regression table.
A candidate matches a gold item when their spans overlap and their kinds agree. Figures are
compared as multisets of (value, comparator, kind), units separately, over the figures of the
matching candidates that lie inside the gold span. Deadlines are compared (end and start) for
matched commitments where the gold or the candidate has one.

Print the table: .venv/bin/python tests/extract/test_heldout.py
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from claimtrack.extract import Candidate, extract

HELDOUT = Path(__file__).parent / "heldout"
LANGS = ("kk", "ru", "en")
KINDS = ("quantitative", "commitment")
THRESHOLDS = {
    "recall_q": 0.95,
    "recall_c": 0.9,
    "precision": 0.85,
    "figures": 0.9,
    "units": 0.9,
    "deadlines": 0.9,
}


@dataclass
class Score:
    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    candidates: int = 0
    right: int = 0
    figures: int = 0
    figures_right: int = 0
    units_right: int = 0
    deadlines: int = 0
    deadlines_right: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.found += other.found
        self.candidates += other.candidates
        self.right += other.right
        self.figures += other.figures
        self.figures_right += other.figures_right
        self.units_right += other.units_right
        self.deadlines += other.deadlines
        self.deadlines_right += other.deadlines_right
        self.problems += other.problems

    def rates(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 1.0

        return {
            "recall_q": ratio(self.found["quantitative"], self.gold["quantitative"]),
            "recall_c": ratio(self.found["commitment"], self.gold["commitment"]),
            "precision": ratio(self.right, self.candidates),
            "figures": ratio(self.figures_right, self.figures),
            "units": ratio(self.units_right, self.figures),
            "deadlines": ratio(self.deadlines_right, self.deadlines),
        }


def _overlap(a: Candidate, start: int, end: int) -> bool:
    return a.start < end and start < a.end


def _value(v: float) -> float:
    return round(float(v), 3)


def _gold_figures(item: dict[str, Any]) -> tuple[Counter[tuple[Any, ...]], Counter[str]]:
    figs = item["figures"]
    return (
        Counter((_value(f["value"]), f["comparator"], f["kind"]) for f in figs),
        Counter(f["unit"] or "" for f in figs),
    )


def _found_figures(
    hits: list[Candidate], start: int, end: int
) -> tuple[Counter[tuple[Any, ...]], Counter[str]]:
    figs = [f for c in hits for f in c.figures if start <= f.start and f.end <= end]
    return (
        Counter((_value(f.value), f.comparator, f.kind) for f in figs),
        Counter(f.unit or "" for f in figs),
    )


def score(name: str) -> Score:
    """Score one held-out text (`kk-1`, …) against its gold file."""
    text = (HELDOUT / f"{name}.txt").read_text(encoding="utf-8")
    gold = tomllib.loads((HELDOUT / f"{name}.gold.toml").read_text(encoding="utf-8"))
    ref = date.fromisoformat(gold["speech"]["date"])
    found = [c for c in extract(text, gold["speech"]["lang"], ref) if c.kind in KINDS]
    out = Score(candidates=len(found))
    spans = []
    for item in gold["claim"]:
        start = text.index(item["quote"])
        end = start + len(item["quote"])
        spans.append((item["kind"], start, end))
        out.gold[item["kind"]] += 1
        hits = [c for c in found if c.kind == item["kind"] and _overlap(c, start, end)]
        if not hits:
            out.problems.append(f"{name} MISSED {item['kind']}: {item['quote']}")
            continue
        out.found[item["kind"]] += 1
        _score_figures(out, name, item, hits, start, end)
        _score_deadline(out, name, item, hits)
    for c in found:
        if any(kind == c.kind and _overlap(c, s, e) for kind, s, e in spans):
            out.right += 1
        else:
            out.problems.append(f"{name} FALSE {c.kind}: {c.quote}")
    return out


def _score_figures(
    out: Score, name: str, item: dict[str, Any], hits: list[Candidate], start: int, end: int
) -> None:
    want, want_units = _gold_figures(item)
    got, got_units = _found_figures(hits, start, end)
    out.figures += 1
    out.figures_right += want == got
    out.units_right += want_units == got_units
    if want != got or want_units != got_units:
        out.problems.append(
            f"{name} FIGURES {item['quote'][:60]!r}: want {sorted(want.elements())} "
            f"{sorted(want_units.elements())}, got {sorted(got.elements())} "
            f"{sorted(got_units.elements())}"
        )


def _score_deadline(out: Score, name: str, item: dict[str, Any], hits: list[Candidate]) -> None:
    if item["kind"] != "commitment":
        return
    want = (item["deadline"], item["deadline_start"])
    got = [(c.deadline or "", c.deadline_start or "") for c in hits]
    if want == ("", "") and all(g == ("", "") for g in got):
        return
    out.deadlines += 1
    if want in got:
        out.deadlines_right += 1
    else:
        out.problems.append(f"{name} DEADLINE {item['quote'][:60]!r}: want {want}, got {got}")


def measure() -> dict[str, Score]:
    """Scores per language and overall ("all")."""
    scores = {lang: Score() for lang in (*LANGS, "all")}
    for path in sorted(HELDOUT.glob("*.gold.toml")):
        name = path.name.removesuffix(".gold.toml")
        one = score(name)
        scores[name.split("-")[0]].add(one)
        scores["all"].add(one)
    return scores


def table(scores: dict[str, Score]) -> str:
    head = f"{'':4} {'recall q':>12} {'recall c':>12} {'precision':>12} {'figures':>12}"
    head += f" {'units':>12} {'deadlines':>12}"
    rows = [head]
    for lang, s in scores.items():
        r = s.rates()
        cells = [
            f"{s.found['quantitative']}/{s.gold['quantitative']}={r['recall_q']:.2f}",
            f"{s.found['commitment']}/{s.gold['commitment']}={r['recall_c']:.2f}",
            f"{s.right}/{s.candidates}={r['precision']:.2f}",
            f"{s.figures_right}/{s.figures}={r['figures']:.2f}",
            f"{s.units_right}/{s.figures}={r['units']:.2f}",
            f"{s.deadlines_right}/{s.deadlines}={r['deadlines']:.2f}",
        ]
        rows.append(f"{lang:4} " + " ".join(f"{c:>12}" for c in cells))
    return "\n".join(rows)


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    return measure()


def test_gold_quotes_are_unique() -> None:
    for path in sorted(HELDOUT.glob("*.gold.toml")):
        text = path.with_name(path.name.replace(".gold.toml", ".txt")).read_text(encoding="utf-8")
        for item in tomllib.loads(path.read_text(encoding="utf-8"))["claim"]:
            assert text.count(item["quote"]) == 1, item["quote"]
            assert item["kind"] in KINDS


@pytest.mark.parametrize("metric", list(THRESHOLDS))
def test_heldout_threshold(scores: dict[str, Score], metric: str) -> None:
    print("\n" + table(scores))
    overall = scores["all"]
    assert overall.rates()[metric] >= THRESHOLDS[metric], "\n".join(overall.problems)


if __name__ == "__main__":
    result = measure()
    print(table(result))
    print("\n".join(result["all"].problems))
