"""Equivalences a checker expects, figure against figure, through the real figure parser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrack.verify.lang import detect, text_lang
from claimtrack.verify.match import Text
from claimtrack.verify.quantities import Quantity, as_dim, difference, holds, rounding
from claimtrack.verify.stance import parse


def q_of(text: str, lang: str) -> Quantity:
    """The one quantity of a text, as the matcher reads it (a range is one quantity)."""
    (place,) = Text.of(text, parse(text, lang)).places
    return place.q


CASES = [
    # claim, its language, evidence, its language, holds at 5 %
    ("6 есе өсті", "kk", "вырос в 6 раз", "ru", True),
    ("grew sixfold", "en", "6 есе өсті", "kk", True),
    ("grew sixfold", "en", "рост на 500 %", "ru", True),
    ("6 есе өсті", "kk", "вырос в 5,2 раза", "ru", False),
    ("4,5 млн тонна", "kk", "4.5 million tonnes", "en", True),
    ("4 500 мың тонна", "kk", "4,5 млн тонн", "ru", True),
    ("10 200 мың тонна", "kk", "10.2 million tonnes", "en", True),
    ("2.9 GW", "en", "2 903 МВт", "ru", True),
    ("836 шақырым", "kk", "836 km", "en", True),
    ("12 тыс. км", "ru", "12 мың шақырым", "kk", True),
    ("$81.6 billion", "en", "81,6 млрд АҚШ долларына", "kk", True),
    ("141,4 миллиард доллар", "kk", "$141.4 bn", "en", True),
    ("403,000 tenge", "en", "403 тыс. тенге", "ru", True),
    ("about 30 %", "en", "29,6 %", "ru", True),
    ("about 30 %", "en", "34 %", "ru", False),
    ("400 мыңнан астам студент", "kk", "412,000 students", "en", True),
    ("400 мыңнан астам студент", "kk", "380,000 students", "en", False),
    ("более 450 тыс. студентов", "ru", "412,000 students", "en", False),
    ("11 %", "en", "10–12 %", "ru", True),
    ("20 %", "en", "10–12 %", "ru", False),
    ("в 4 раза", "ru", "more than four times", "en", True),
    ("2 млрд долларов", "ru", "1,2 млрд доллардан асты", "kk", False),
]


@pytest.mark.parametrize(("claim", "cl", "found", "fl", "expected"), CASES)
def test_equivalences(claim: str, cl: str, found: str, fl: str, expected: bool) -> None:
    a, b = q_of(claim, cl), q_of(found, fl)
    b = as_dim(b, a.dim) or b
    assert b.dim == a.dim
    assert holds(a, b, 0.05) is expected


@pytest.mark.parametrize(
    ("a", "b"),
    [("5 млн тонн", "$5 million"), ("22 %", "double"), ("836 km", "836 tonnes"), ("12", "12 %")],
)
def test_different_dimensions_do_not_meet(a: str, b: str) -> None:
    qa, qb = q_of(a, "ru" if any("а" <= c <= "я" for c in a) else "en"), q_of(b, "en")
    assert qa.dim != qb.dim and (as_dim(qb, qa.dim) is None or as_dim(qa, qb.dim) is None)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("в 2024 году", "ru"),
        ("2019 жылдан бері", "kk"),
        ("since 2019", "en"),
        ("7 октября 2025", "ru"),
    ],
)
def test_years_and_dates_are_never_quantities(text: str, lang: str) -> None:
    assert Text.of(text, parse(text, lang)).places == []


@pytest.mark.parametrize(
    ("text", "declared", "lang"),
    [
        ("Қазақстан Республикасының сыртқы сауда айналымы өсті. " * 5, None, "kk"),
        ("Объём перевозок по маршруту вырос в шесть раз. " * 5, None, "ru"),
        ("The volume of freight carried on the route grew sixfold in five years. " * 5, None, "en"),
        ("Türk Devletleri Teşkilatı üyesi ülkelerin bakanları toplandı. " * 5, None, None),
        ("Türk Devletleri Teşkilatı üyesi ülkelerin bakanları toplandı. " * 5, "en", None),
        ("12 345 678 — 2024", "ru-RU", "ru"),
        ("12 345 678 — 2024", "az", None),
    ],
)
def test_language_of_a_text(text: str, declared: str | None, lang: str | None) -> None:
    assert text_lang(text, declared) == lang


@given(st.floats(min_value=1e-3, max_value=1e12), st.sampled_from(["=", "~", ">", ">=", "<", "<="]))
def test_a_quantity_holds_against_itself(value: float, comparator: str) -> None:
    q = Quantity("mass", value, value, comparator, 0, 1)
    assert difference(q, q) == 0
    assert holds(q, Quantity("mass", value, value, "=", 0, 1), 0.0) is (
        comparator not in (">", "<")
    )
    assert 0 <= rounding(value) <= 0.5 + 1e-9


@given(st.text(max_size=300))
def test_detect_never_fails(text: str) -> None:
    assert detect(text) in (None, "kk", "ru", "en")
