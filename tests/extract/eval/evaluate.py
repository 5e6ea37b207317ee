"""`make eval`: the extractor against the hand-written gold of the dev and test sets.

    .venv/bin/python tests/extract/eval/evaluate.py [--set dev|test|both] [--json]
        [--details] [--details-test]

Runs `claimtrack.extract.extract(text, lang, speech date)` — what `claimtrack extract` prints by
default (no --min-confidence) — on every text of the set and prints, per language and overall:
recall of the quantitative and of the commitment items, precision over every candidate
(statements included), figures right (value, comparator, unit) and deadlines in the right window.
`--details` lists the dev set's misses, false positives and wrong figures or deadlines; the test
set's items are listed only with `--details-test`, so that rules are never tuned on them.
Scoring rules: docs/extraction.md, "Evaluation (dev and test sets)". No score is asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from claimtrack.extract import Candidate, extract

if __package__:
    from .gold import SETS, Gold, load_set
else:  # run as a script: this directory is on sys.path
    from gold import SETS, Gold, load_set

LANGS = ("kk", "ru", "en")
COUNTED = ("quantitative", "commitment")
RATES = (
    ("recall_q", "recall q"),
    ("recall_c", "recall c"),
    ("precision", "precision"),
    ("figures", "figures"),
    ("deadlines", "deadlines"),
    ("recall_s", "statements"),
)


@dataclass
class Score:
    """Counts for one text, or summed over texts; `problems` are the per-item findings."""

    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    candidates: int = 0
    right: int = 0
    figures: int = 0
    figures_right: int = 0
    deadlines: int = 0
    deadlines_right: int = 0
    inherited: int = 0
    inherited_right: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (f.name for f in fields(self)):  # counters, counts and lists all add up
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def fractions(self) -> dict[str, tuple[int, int]]:
        return {
            "recall_q": (self.found["quantitative"], self.gold["quantitative"]),
            "recall_c": (self.found["commitment"], self.gold["commitment"]),
            "precision": (self.right, self.candidates),
            "figures": (self.figures_right, self.figures),
            "deadlines": (self.deadlines_right, self.deadlines),
            "recall_s": (self.found["statement"], self.gold["statement"]),
            "inherited": (self.inherited_right, self.inherited),
        }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _span(gold: Gold, item: dict[str, Any]) -> tuple[int, int]:
    start = gold.text.index(item["quote"])
    return start, start + len(item["quote"])


def _overlaps(c: Candidate, start: int, end: int) -> bool:
    return c.start < end and start < c.end


def _figure_key(value: float, comparator: str, unit: str | None) -> tuple[float, str, str]:
    return (round(float(value), 3), comparator, unit or "")


def score(gold: Gold, found: list[Candidate]) -> Score:
    """Score the candidates `found` in one text against its gold (a pure function)."""
    out = Score(candidates=len(found))
    spans = [(item["kind"], *_span(gold, item)) for item in gold.claims]
    for item, (kind, start, end) in zip(gold.claims, spans, strict=True):
        out.gold[kind] += 1
        hits = [c for c in found if c.kind == kind and _overlaps(c, start, end)]
        if not hits:
            out.problems.append(f"{gold.name} MISSED {kind}: {item['quote']}")
            continue
        out.found[kind] += 1
        if kind in COUNTED:
            _score_figures(out, gold.name, item, hits, (start, end))
        if kind == "commitment":
            _score_deadline(out, gold.name, item, hits)
    for c in found:
        if any(kind == c.kind and _overlaps(c, s, e) for kind, s, e in spans):
            out.right += 1
        else:
            out.problems.append(f"{gold.name} FALSE {c.kind}: {c.quote}")
    return out


def _score_figures(
    out: Score, name: str, item: dict[str, Any], hits: list[Candidate], span: tuple[int, int]
) -> None:
    """Gold figures against the figures of the matching candidates inside the gold span (a
    figure shared by two clause candidates counts once); items with no figure on either side
    are not counted."""
    want = Counter(_figure_key(f["value"], f["comparator"], f["unit"]) for f in item["figures"])
    seen = {(f.start, f.end): f for c in hits for f in c.figures}
    got = Counter(
        _figure_key(f.value, f.comparator, f.unit)
        for (s, e), f in seen.items()
        if span[0] <= s and e <= span[1]
    )
    if not want and not got:
        return
    out.figures += 1
    if want == got:
        out.figures_right += 1
    else:
        out.problems.append(
            f"{name} FIGURES {item['quote'][:70]!r}: want {sorted(want.elements())}, "
            f"got {sorted(got.elements())}"
        )


def _score_deadline(out: Score, name: str, item: dict[str, Any], hits: list[Candidate]) -> None:
    """Right when one matching candidate has the gold window (end and start); counted where
    the gold or a matching candidate has a window."""
    want = (item["deadline"], item["deadline_start"])
    got = [(c.deadline or "", c.deadline_start or "") for c in hits]
    if want == ("", "") and all(g == ("", "") for g in got):
        return
    out.deadlines += 1
    inherited = bool(item.get("inherited"))
    out.inherited += inherited
    if want in got:
        out.deadlines_right += 1
        out.inherited_right += inherited
    else:
        tag = " (inherited)" if inherited else ""
        out.problems.append(
            f"{name} DEADLINE{tag} {item['quote'][:70]!r}: want {want}, got {sorted(set(got))}"
        )


def measure(set_name: str) -> dict[str, Score]:
    """Scores of one set per language and overall ("all")."""
    scores = {lang: Score() for lang in (*LANGS, "all")}
    for gold in load_set(set_name):
        ref = date.fromisoformat(gold.speech["date"])
        one = score(gold, extract(gold.text, gold.lang, ref))
        scores[gold.lang].add(one)
        scores["all"].add(one)
    return scores


def table(set_name: str, scores: dict[str, Score]) -> str:
    width = 15
    rows = [f"{set_name:5}" + "".join(f"{label:>{width}}" for _, label in RATES)]
    for lang, s in scores.items():
        cells = []
        for key, _ in RATES:
            part, whole = s.fractions()[key]
            rate = _ratio(part, whole)
            cells.append(f"{part}/{whole}=" + (f"{rate:.2f}" if rate is not None else "–"))
        rows.append(f"{lang:5}" + "".join(f"{c:>{width}}" for c in cells))
    inh = scores["all"].fractions()["inherited"]
    rows.append(f"      inherited deadlines right: {inh[0]}/{inh[1]}")
    return "\n".join(rows)


def as_json(scores: dict[str, Score], details: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for lang, s in scores.items():
        fr = s.fractions()
        out[lang] = {k: {"right": a, "of": b, "rate": _ratio(a, b)} for k, (a, b) in fr.items()}
    if details:
        out["problems"] = scores["all"].problems
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=(*SETS, "both"), default="both")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--details", action="store_true", help="list the dev set's findings")
    parser.add_argument(
        "--details-test", action="store_true", help="also list the test set's findings"
    )
    args = parser.parse_args(argv)
    names = SETS if args.set == "both" else (args.set,)
    report: dict[str, Any] = {}
    for name in names:
        scores = measure(name)
        details = args.details_test if name == "test" else args.details
        if args.json:
            report[name] = as_json(scores, details)
            continue
        print(table(name, scores))
        if details:
            print("\n".join(scores["all"].problems))
        print()
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
