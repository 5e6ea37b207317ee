"""Finding a claim figure's quantity in an evidence text and comparing the two.

For each claim figure, every evidence figure of the same dimension (after unit conversion)
is a candidate; its relevance is the weight of the concepts the claim and the place share
(context.py), none when the two state different years. The most relevant candidate that
bears the claim out is its match; failing one, a clearly relevant candidate that does not is
a contradiction; else the quantity was not found.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass, field, replace
from typing import Any

from .context import Context, years_of
from .quantities import LOWER, UPPER, Quantity, as_dim, difference, holds, quantity

R_MIN = 0.45  # a place this relevant may be the claim's quantity
R_STRONG = 0.9  # a place this relevant that disagrees contradicts the claim
ALPHA = 0.7  # a matching place must be at least this share as relevant as the best one
PERIOD_BONUS = 0.3  # both state the same year
COVER = 0.5  # share of the claim's concept weight a place must have nearby
NAME = 0.4  # weight of a shared proper name against a shared concept
HEAD_NEAR = 0.6  # how near a count's word for what it counts must be
ALPHA_CLOSE = 0.5  # the same for a place whose value is within CLOSE of the claim's
CLOSE = 0.2
VALUE_ONLY = 0.01  # how close a distinctive value alone must be
MAX_PLACES = 3
SNIPPET = 160
Row = tuple[float, str, str | None, str, int, int]  # value, comparator, unit, kind, start, end


@dataclass(frozen=True)
class Place:
    """A figure in a text, as a quantity with its text, years and direction."""

    q: Quantity
    value: float
    unit: str | None
    text: str
    years: frozenset[int]
    direction: int
    head: str | None = None


@dataclass
class Text:
    """An evidence (or claim) text with its places and context, built once."""

    text: str
    ctx: Context
    places: list[Place]
    by_dim: dict[str, list[Place]] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        text: str,
        rows: Sequence[Row],
        heads: bool = False,
        dims: Set[str] | None = None,
        parts: dict[str, Any] | None = None,
    ) -> Text:
        """The text's places; only those of the dimensions `dims` when given (the others
        still count where a year or a word belongs). `parts`: its context as scanned before."""
        ctx = Context.of(text, parts)
        quants = [(r, quantity(*r)) for r in rows]
        kept = _ranges([(r, q) for r, q in quants if q is not None])
        years = years_of(ctx, [(q.start, q.end) for _, q in kept])
        ctx.figures = [q.start for _, q in kept]
        places = [
            Place(q, r[0], r[2], text[q.start : q.end], frozenset(y), _direction(ctx, q))
            for (r, q), y in zip(kept, years, strict=True)
            if dims is None or q.dim in dims
        ]
        if heads:
            places = [
                replace(p, head=ctx.head(p.q.start, p.q.end)) if p.q.dim == "count" else p
                for p in places
            ]
        out = cls(text, ctx, places)
        for p in places:
            out.by_dim.setdefault(p.q.dim, []).append(p)
        return out


def _direction(ctx: Context, q: Quantity) -> int:
    return ctx.direction(q.start, q.end) if q.dim in ("percent", "pp", "times") else 0


def _ranges(items: list[tuple[Row, Quantity]]) -> list[tuple[Row, Quantity]]:
    """Join a lower bound and the upper bound right after it ("10–12 %") into one range."""
    out: list[tuple[Row, Quantity]] = []
    i = 0
    while i < len(items):
        row, q = items[i]
        if i + 1 < len(items):
            nrow, nq = items[i + 1]
            if (
                q.comparator in LOWER
                and nq.comparator in UPPER
                and nq.dim == q.dim
                and 0 <= nq.start - q.end <= 8
                and q.low <= nq.high
            ):
                joined = Quantity(q.dim, q.low, nq.high, "=", q.start, nq.end)
                out.append((row, joined))
                i += 2
                continue
        out.append((row, q))
        i += 1
    return out


@dataclass(frozen=True)
class Candidate:
    place: Place
    relevance: float
    holds: bool
    difference: float
    by_value: bool = False  # a distinctive value matched, nothing else


def concepts_of(claim: Text, place: Place) -> dict[str, float]:
    """The claim's concepts for one of its figures: all of them, nearer ones weighing more."""
    return {c: 0.5 + 0.5 * w for c, w in claim.ctx.near(place.q.start, place.q.end).items()}


def candidates(
    figure: Place, concepts: dict[str, float], evidence: Text, tolerance: float
) -> list[Candidate]:
    """The evidence places that may state the claim figure's quantity, most relevant first."""
    out = []
    total = sum(w for c, w in concepts.items() if c[:5] != "name:")
    head = figure.head
    for dim, places in evidence.by_dim.items():
        for place in places:
            q = as_dim(place.q, figure.q.dim) if dim != figure.q.dim else place.q
            if q is not place.q and as_dim(figure.q, dim) is None:
                continue  # "+22 %" is no multiplier, "1.5 times" no percentage rise
            if q is None:
                continue
            if figure.years and place.years and not figure.years & place.years:
                continue  # another period
            near = evidence.ctx.near(place.q.start, place.q.end)
            shared = [c for c in concepts if c in near]
            if sum(concepts[c] for c in shared if c[:5] != "name:") < COVER * total or (
                head and near.get(head, 0.0) < HEAD_NEAR
            ):
                # the place lacks what the claim's figure is about, or counts something
                # else: only the very value, if distinctive, may still be the claim's
                diff = difference(figure.q, q)
                if distinctive(figure) and diff <= VALUE_ONLY and holds(figure.q, q, VALUE_ONLY):
                    out.append(Candidate(place, 0.0, True, diff, by_value=True))
                continue
            rel = sum(
                concepts[c]
                * near[c]
                * evidence.ctx.idf.get(c, 1.0)
                * (NAME if c[:5] == "name:" else 1)
                for c in shared
            )
            if figure.years and figure.years & place.years:
                rel = rel * 1.5 + PERIOD_BONUS
            ok = holds(figure.q, q, tolerance)
            if ok and figure.direction * place.direction < 0:
                ok = False  # "rose 3 %" against "3 % lower"
            out.append(Candidate(place, rel, ok, difference(figure.q, q)))
    out.sort(key=lambda c: -c.relevance)
    return out


def decide(found: list[Candidate], figure: Place) -> tuple[str | None, list[Candidate]]:
    """The verdict for one claim figure ("holds", "differs" or None) and the places to show,
    the deciding one first. A claim that names no year is about the best place's period:
    a place stated for an earlier year does not bear it out."""
    if not found:
        return None, []
    best = found[0].relevance
    since = min(found[0].place.years, default=0) if not figure.years else 0

    def floor(c: Candidate) -> float:
        # a value close to the claim's is a coincidence less often than one merely above a
        # "more than": it may win from a less relevant place
        return max(R_MIN, (ALPHA_CLOSE if c.difference <= CLOSE else ALPHA) * best)

    matching = [
        c
        for c in found
        if c.holds
        and c.relevance >= floor(c)
        and not (c.place.years and max(c.place.years) < since)
    ]
    shown = [c for c in found if c.relevance >= R_MIN]
    if matching:
        chosen = matching[0]
        return "holds", [chosen, *[c for c in shown if c is not chosen]][:MAX_PLACES]
    if best >= R_STRONG:
        return "differs", shown[:MAX_PLACES]
    by_value = [c for c in found if c.by_value]
    if by_value and not shown:
        return "holds", by_value[:1]
    return None, []


def distinctive(figure: Place) -> bool:
    """Whether a figure's value alone is unlikely to recur by chance: three significant digits
    ("23 270 тонн", "14.2 million"), or two with a unit of measure or money ("1.6 million ha")."""
    digits = f"{abs(figure.value):.6g}".split("e")[0].replace(".", "").strip("0")
    if len(digits) >= 3:
        return True
    return len(digits) == 2 and figure.q.dim not in ("count", "percent", "pp", "times")


def snippet(text: str, start: int, end: int, width: int = SNIPPET) -> str:
    """The text around a place, on one line, cut at word boundaries."""
    pad = max(0, (width - (end - start)) // 2)
    lo, hi = max(0, start - pad), min(len(text), end + pad)
    if lo > 0:
        lo = text.find(" ", lo, start) + 1 or lo
    if hi < len(text):
        cut = text.rfind(" ", end, hi)
        hi = cut if cut > 0 else hi
    body = " ".join(text[lo:hi].split())
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")


def describe(c: Candidate, figure: Place, evidence: Text, tolerance: float) -> dict[str, Any]:
    """One place as plain data: where, what it says, how far from the claim."""
    p = c.place
    if c.difference < 1e-9:
        label = "exact"
    elif c.difference <= tolerance + 1e-9:
        label = f"within {c.difference * 100:.1f} %"
    else:
        label = f"different ({c.difference * 100:.0f} %)"
    return {
        "start": p.q.start,
        "end": p.q.end,
        "text": p.text,
        "value": p.value,
        "unit": p.unit,
        "comparator": p.q.comparator,
        "difference": label,
        "comparator_holds": c.holds,
        "period": sorted(p.years) if figure.years and p.years else None,
        "relevance": round(c.relevance, 3),
        "snippet": snippet(evidence.text, p.q.start, p.q.end),
    }
