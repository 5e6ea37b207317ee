"""A figure as a comparable quantity: one dimension, one base unit, bounds and a comparator.

`quantity(Figure(4.5e6, "=", "t", …))` and the figure of "4 500 мың тонна" both come out as
4,500,000 of "mass" (tonnes); "2.9 GW" and "2 903 МВт" as MW of "power". Multipliers and
percentages meet where a checker expects: "6 есе" is "+500 %".
"""

from __future__ import annotations

from dataclasses import dataclass

# unit -> (dimension, factor to the dimension's base unit)
UNITS: dict[str, tuple[str, float]] = {
    "%": ("percent", 1),
    "pp": ("pp", 1),
    "times": ("times", 1),
    "t": ("mass", 1),
    "km": ("length", 1),
    "mi": ("length", 1.609344),
    "m2": ("area", 1),
    "km2": ("area", 1e6),
    "ha": ("area", 1e4),
    "m3": ("volume", 1),
    "l": ("volume", 1e-3),
    "container": ("teu", 1),
    "MW": ("power", 1),
    "GW": ("power", 1000),
    "kWh": ("energy", 1),
    "barrel": ("barrel", 1),
    "year": ("duration", 365.25),
    "month": ("duration", 30.44),
    "week": ("duration", 7),
    "day": ("duration", 1),
    "hour": ("duration", 1 / 24),
}
BOUND_SLACK = 0.2  # how far past "more than X" / "under X" a value may still be meant
LOWER = frozenset({">", ">="})  # the value is a lower bound
UPPER = frozenset({"<", "<="})


@dataclass(frozen=True)
class Quantity:
    """`low`..`high` in the base unit of `dim` (equal unless a range); `comparator` as stated."""

    dim: str
    low: float
    high: float
    comparator: str
    start: int
    end: int

    @property
    def value(self) -> float:
        return self.low if self.low == self.high else (self.low + self.high) / 2


def dimension(unit: str | None, kind: str) -> tuple[str, float] | None:
    """The dimension and base factor of a figure's unit; None for years (never quantities)."""
    if kind == "year":
        return None
    if kind == "money":
        return f"money:{unit}", 1
    if unit is None:
        return "count", 1
    return UNITS.get(unit, (f"unit:{unit}", 1))


def quantity(
    value: float, comparator: str, unit: str | None, kind: str, start: int, end: int
) -> Quantity | None:
    dim = dimension(unit, kind)
    if dim is None:
        return None
    base = float(value) * dim[1]
    return Quantity(dim[0], base, base, comparator, start, end)


def as_dim(q: Quantity, dim: str) -> Quantity | None:
    """`q` expressed in `dim`: itself, a multiplier as a percentage increase (6 times is
    +500 %) or the reverse, else None. Percentages under 100 are not read as multipliers."""
    if q.dim == dim:
        return q
    if q.dim == "percent" and dim == "times" and q.low >= 100:
        return Quantity(dim, 1 + q.low / 100, 1 + q.high / 100, q.comparator, q.start, q.end)
    if q.dim == "times" and dim == "percent" and q.low >= 2:
        return Quantity(dim, (q.low - 1) * 100, (q.high - 1) * 100, q.comparator, q.start, q.end)
    return None


def rounding(value: float) -> float:
    """Half the unit of the last significant digit, relative: "30" → 5/30, "29.6" → 0.05/29.6."""
    if value == 0:
        return 0.0
    text = f"{abs(value):.6g}"
    digits = text.rstrip("0").rstrip(".") if "." in text else text
    if "." in digits:
        unit = 10.0 ** -len(digits.split(".")[1])
    else:
        unit = 10.0 ** (len(digits) - len(digits.rstrip("0")))
    return unit / 2 / abs(value)


def difference(claim: Quantity, found: Quantity) -> float:
    """Relative difference of the claim's value from the found value or range (0 inside it)."""
    v = claim.value
    if found.low <= v <= found.high:
        return 0.0
    near = found.low if v < found.low else found.high
    return abs(v - near) / max(abs(near), 1e-12)


def holds(claim: Quantity, found: Quantity, tolerance: float) -> bool:
    """Whether the found quantity bears the claim out: its comparator, within the tolerance."""
    v, comp, fcomp = claim.value, claim.comparator, found.comparator
    if comp in LOWER:
        if fcomp in UPPER:
            return found.high > v
        return found.high > v or (found.high >= v and (comp == ">=" or fcomp in LOWER))
    if comp in UPPER:
        if fcomp in LOWER:
            return found.low < v
        return found.low < v or (found.low <= v and (comp == "<=" or fcomp in UPPER))
    tol = tolerance
    if "~" in (comp, fcomp):
        tol += min(rounding(v), tolerance)
    if fcomp in LOWER and found.low == found.high:  # "more than X" is a little over X
        return found.low * (1 - tol) <= v <= found.low * (1 + tol + BOUND_SLACK)
    if fcomp in UPPER and found.low == found.high:
        return found.high * (1 - tol - BOUND_SLACK) <= v <= found.high * (1 + tol)
    return difference(claim, found) <= tol + 1e-9
