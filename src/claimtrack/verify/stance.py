"""A claim against one evidence text: each claim figure's places and the suggested stance.

The suggestion is "supports" when some claim figure is borne out and none is contradicted,
"contradicts" when a claim figure's quantity is stated with another value, else
"no figure found". It is a suggestion for the checker, never a rating.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from ..extract.figures import Figure, find_figures
from .lang import LANGS
from .match import Row, Text, candidates, concepts_of, decide, describe

SUPPORTS, CONTRADICTS, NOTHING = "supports", "contradicts", "no figure found"
NO_FIGURES = "the claim states no figure (years are not quantities)"
NO_TEXT = "the evidence page has no text (not fetched, failed or still extracting)"
NO_LANGUAGE = "the evidence text is not in Kazakh, Russian or English"
NO_PLACE = "none of the claim's quantities appears in the evidence text"


def rows(figures: Sequence[Figure]) -> list[Row]:
    return [(f.value, f.comparator, f.unit, f.kind, f.start, f.end) for f in figures]


def parse(text: str, lang: str) -> list[Row]:
    """The figures of a text as rows (what the figure cache stores)."""
    return rows([_unit_after_stop(text, f, lang) for f in find_figures(text, lang)])


EXTRA_UNIT = re.compile(r"\.?[ \u00a0]?(?:ДФЭ|TEU)\b", re.IGNORECASE)
UNIT_AFTER = re.compile(r"\.[ \u00a0]?([^\W\d][^\s,;:()]*(?:[ \u00a0][^\W\d][^\s,;:()]*)?)")


def _unit_after_stop(text: str, f: Figure, lang: str) -> Figure:
    """ "56 тыс. ДФЭ": the parser stops at the abbreviation's full stop; read the unit after it
    the way the parser reads units (by parsing "2 ДФЭ")."""
    if f.unit is not None or f.kind != "count":
        return f
    word = EXTRA_UNIT.match(text, f.end)
    if word:  # units the parser does not know
        end = word.end()
        return replace(f, unit="container", kind="quantity", text=text[f.start : end], end=end)
    m = UNIT_AFTER.match(text, f.end) if f.scale > 1 else None
    if not m:
        return f
    probe = find_figures("2 " + m.group(1), lang)
    if len(probe) != 1 or probe[0].unit is None or probe[0].start != 0:
        return f
    end = m.start(1) + probe[0].end - 2
    return replace(f, unit=probe[0].unit, kind=probe[0].kind, text=text[f.start : end], end=end)


def claim_text(quote: str, lang: str | None, keep: Callable[[Figure], bool] | None = None) -> Text:
    """A claim quote with its figures (those `keep` accepts), ready to match."""
    figures = find_figures(quote, lang if lang in LANGS else "en")
    return Text.of(quote, rows([f for f in figures if keep is None or keep(f)]), heads=True)


def figure_dict(claim: Text, i: int) -> dict[str, Any]:
    p = claim.places[i]
    return {
        "text": p.text,
        "value": p.value,
        "comparator": p.q.comparator,
        "unit": p.unit,
        "period": sorted(p.years) or None,
    }


def suggest(claim: Text, evidence: Text, tolerance: float) -> dict[str, Any]:
    """The stance a checker may give this evidence, with every claim figure's places."""
    out = []
    verdicts = []
    for i, figure in enumerate(claim.places):
        found = candidates(figure, concepts_of(claim, figure), evidence, tolerance)
        verdict, shown = decide(found, figure)
        verdicts.append(verdict)
        out.append(
            {
                "figure": figure_dict(claim, i),
                "verdict": verdict,
                "places": [describe(c, figure, evidence, tolerance) for c in shown],
            }
        )
    if "differs" in verdicts:
        stance, reason = CONTRADICTS, None
    elif "holds" in verdicts:
        stance, reason = SUPPORTS, None
    else:
        stance, reason = NOTHING, NO_PLACE if claim.places else NO_FIGURES
    return {"stance": stance, "reason": reason, "figures": out}


def nothing(reason: str) -> dict[str, Any]:
    return {"stance": NOTHING, "reason": reason, "figures": []}
