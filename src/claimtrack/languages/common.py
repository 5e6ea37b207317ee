"""Symbols every language writes the same way: %, currency signs and codes, ≈ and ≥."""

from __future__ import annotations

from .model import Comparator, Unit

UNITS: tuple[Unit, ...] = (
    (r"%|‰", "%", "percent"),
    (r"₸|kzt\b", "KZT", "money"),
    (r"\$|usd\b", "USD", "money"),
    (r"€|eur\b", "EUR", "money"),
    (r"£|gbp\b", "GBP", "money"),
    (r"₽|rub\b", "RUB", "money"),
    (r"m²|м²", "m2", "quantity"),
    (r"km²|км²", "km2", "quantity"),
    (r"m³|м³", "m3", "quantity"),
    (r"teu\b", "container", "quantity"),
)
# A currency written before the amount: "$5", "US$2.5 billion", "R45 billion", "₸3 трлн".
CURRENCY_BEFORE: dict[str, str] = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "₸": "KZT",
    "kzt": "KZT",
    "£": "GBP",
    "gbp": "GBP",
    "₽": "RUB",
    "rub": "RUB",
    "r": "ZAR",
    "¥": "CNY",
    "cny": "CNY",
}
PRE: tuple[Comparator, ...] = (
    (r"≤|=<|<=", "<="),
    (r"≥|>=|=>", ">="),
    (r">", ">"),
    (r"<", "<"),
    (r"~|≈|±|\bc\.|\bca\.", "~"),
)
