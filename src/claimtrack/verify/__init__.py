"""The verification assistant: a claim's figures found in its evidence texts, with a
suggested stance per link (issue #19). Plain data only; output/verify.py renders it.

`match_claims(db, [3])` → for claim 3, each evidence link's suggestion ("supports",
"contradicts", "no figure found") with every claim figure's places in the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import settings
from . import stance, store

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlite_utils import Database

    from .match import Text

FLAG = "evidence-figure-changed"
MARKS = {"holds": "holds", "differs": "differs", None: "unknown"}


def tolerance_of(db: Database, tolerance: float | None) -> float:
    return float(settings.get(db, "match.tolerance") if tolerance is None else tolerance)


def match_claims(
    db: Database, claim_ids: Iterable[int] | None = None, tolerance: float | None = None
) -> list[dict[str, Any]]:
    """Each claim (all when none is named) with, per evidence link, the suggested stance and
    the places where each claim figure's quantity appears."""
    tol = tolerance_of(db, tolerance)
    claims = store.claims_of(db, claim_ids)
    quotes = {c["id"]: store.claim_figures(c) for c in claims}
    links = store.links_of(db, list(quotes))
    wanted = {lk["text_hash"]: lk["lang"] for lk in links if lk["text_hash"]}
    dims: dict[str, set[str]] = {}
    for lk in links:
        if lk["text_hash"]:
            dims.setdefault(lk["text_hash"], set()).update(_dims(quotes[lk["claim"]]))
    texts = store.evidence_texts(db, wanted, dims)
    by_claim: dict[int, list[dict[str, Any]]] = {}
    for lk in links:
        by_claim.setdefault(lk["claim"], []).append(lk)
    out = []
    for claim in claims:
        quote = quotes[claim["id"]]
        figures = [stance.figure_dict(quote, i) for i in range(len(quote.places))]
        results = [_link(quote, lk, texts, tol) for lk in by_claim.get(claim["id"], [])]
        out.append(
            {
                "claim": claim["id"],
                "quote": claim["quote"],
                "figures": figures,
                "reason": None if figures else stance.NO_FIGURES,
                "tolerance": tol,
                "links": results,
            }
        )
    return out


def _dims(quote: Text) -> set[str]:
    """The dimensions a claim's figures may be found in (multipliers meet percentages)."""
    out = {p.q.dim for p in quote.places}
    return out | ({"percent", "times"} if out & {"percent", "times"} else set())


def _link(
    quote: Text, link: dict[str, Any], texts: dict[str, Text | None], tol: float
) -> dict[str, Any]:
    head = {"evidence": link["evidence"], "url": link["url"], "page": link["page"]}
    head["recorded_stance"] = link["stance"]
    if not quote.places:
        return head | stance.nothing(stance.NO_FIGURES)
    key = link["text_hash"]
    if not key or key not in texts:
        return head | stance.nothing(stance.NO_TEXT)
    text = texts[key]
    if text is None:
        return head | stance.nothing(stance.NO_LANGUAGE)
    return head | stance.suggest(quote, text, tol)


def figure_marks(db: Database, claim_id: int) -> list[dict[str, Any]]:
    """Per claim figure, a mark per evidence link: "holds" (✓), "differs" (✗), "unknown" (?).
    For `show CLAIM` and the reports; render with output.verify.marks_table/marks_line."""
    (claim,) = match_claims(db, [claim_id])
    out = []
    for i, figure in enumerate(claim["figures"]):
        marks = []
        for link in claim["links"]:
            verdict = link["figures"][i]["verdict"] if link["figures"] else None
            marks.append({"evidence": link["evidence"], "url": link["url"], "mark": MARKS[verdict]})
        out.append({"figure": figure, "marks": marks})
    return out


def changed_figures(
    db: Database, page_id: int, old_text_hash: str | None, new_text_hash: str | None
) -> list[dict[str, Any]]:
    """The claims linked to a re-fetched page whose matched figure changed between the old
    and the new text: another value found, or another verdict. For `refresh`, which records
    an event and the flag FLAG for each. [] when either text is missing."""
    if not old_text_hash or not new_text_hash or old_text_hash == new_text_hash:
        return []
    rows = db.query("SELECT id, claim_id, url, page_id FROM evidence WHERE page_id = ?", [page_id])
    links = list(rows)
    if not links:
        return []
    tol = tolerance_of(db, None)
    (lang,) = [r["lang"] for r in db.query("SELECT lang FROM pages WHERE id = ?", [page_id])] or [
        None
    ]
    texts = store.evidence_texts(db, {old_text_hash: lang, new_text_hash: lang})
    claims = {c["id"]: c for c in store.claims_of(db, [lk["claim_id"] for lk in links])}
    out = []
    for lk in links:
        quote = store.claim_figures(claims[lk["claim_id"]])
        before, after = texts.get(old_text_hash), texts.get(new_text_hash)
        if not quote.places or before is None or after is None:
            continue
        old, new = stance.suggest(quote, before, tol), stance.suggest(quote, after, tol)
        for a, b in zip(old["figures"], new["figures"], strict=True):
            if _found(a) != _found(b):
                out.append(
                    {
                        "claim": lk["claim_id"],
                        "evidence": lk["id"],
                        "figure": a["figure"],
                        "old": _found(a),
                        "new": _found(b),
                    }
                )
    return out


def _found(result: dict[str, Any]) -> dict[str, Any]:
    place = result["places"][0] if result["places"] else None
    return {
        "verdict": MARKS[result["verdict"]],
        "value": place["value"] if place else None,
        "text": place["text"] if place else None,
    }
