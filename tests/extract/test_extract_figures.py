"""Figures: numbers, scales, units, comparators, shares and multipliers (table-driven)."""

from __future__ import annotations

import pytest

from claimtrack.extract.figures import find_figures

CASES = [
    # text, lang, [(value, comparator, unit, kind)]
    ("400 мыңнан астам студент", "kk", [(400000, ">", None, "count")]),
    ("30 жылдан астам уақыт", "kk", [(30, ">", "year", "duration")]),
    ("бес жылда", "kk", [(5, "=", "year", "duration")]),
    ("екі маңызды теміржол салынып жатыр", "kk", [(2, "=", None, "count")]),
    ("көлемін 5 есе арттыру", "kk", [(5, "=", "times", "multiplier")]),
    ("екі есе артты", "kk", [(2, "=", "times", "multiplier")]),
    ("10,8 триллион теңге", "kk", [(10_800_000_000_000, "=", "KZT", "money")]),
    ("$4,8 трлн", "kk", [(4_800_000_000_000, "=", "USD", "money")]),
    ("2,5 млн тонна", "kk", [(2_500_000, "=", "t", "quantity")]),
    ("150 мың шаршы метр", "kk", [(150_000, "=", "m2", "quantity")]),
    ("20 мыңға жуық контейнер", "kk", [(20_000, "~", "container", "quantity")]),
    ("шамамен 2 миллион адам", "kk", [(2_000_000, "~", None, "count")]),
    ("экспорттың үштен бірі", "kk", [(33.3, "~", "%", "percent")]),
    ("15 пайызға өсті", "kk", [(15, "=", "%", "percent")]),
    ("3 пайыздан аспауға тиіс", "kk", [(3, "<=", "%", "percent")]),
    ("40-тан астам ел", "kk", [(40, ">", None, "count")]),
    ("екі жүз елу мың адам", "kk", [(250_000, "=", None, "count")]),
    ("400\u202f000 тонна", "kk", [(400_000, "=", "t", "quantity")]),
    ("1 500 шақырым", "kk", [(1500, "=", "km", "quantity")]),
    ("в 6 раз", "ru", [(6, "=", "times", "multiplier")]),
    ("вдвое", "ru", [(2, "=", "times", "multiplier")]),
    ("почти половина экспорта", "ru", [(50, "~", "%", "percent")]),
    ("около 300 тысяч человек", "ru", [(300_000, "~", None, "count")]),
    ("более 40 процентов", "ru", [(40, ">", "%", "percent")]),
    ("свыше пяти тысяч", "ru", [(5000, ">", None, "count")]),
    ("до 5%", "ru", [(5, "<=", "%", "percent")]),
    ("не должен превышать 3 процентов", "ru", [(3, "<=", "%", "percent")]),
    ("5,2 млн тонн", "ru", [(5_200_000, "=", "t", "quantity")]),
    ("211,000 tonnes", "en", [(211_000, "=", "t", "quantity")]),
    ("1.5 trillion dollars", "en", [(1_500_000_000_000, "=", "USD", "money")]),
    ("more than 12%", "en", [(12, ">", "%", "percent")]),
    ("nearly a third", "en", [(33.3, "~", "%", "percent")]),
    ("half of all exports", "en", [(50, "=", "%", "percent")]),
    ("increased sixfold", "en", [(6, "=", "times", "multiplier")]),
    ("grew 6 times", "en", [(6, "=", "times", "multiplier")]),
    ("tripled", "en", [(3, "=", "times", "multiplier")]),
    ("halved", "en", [(0.5, "=", "times", "multiplier")]),
    ("up to 500 grants", "en", [(500, "<=", None, "count")]),
    ("at least 20 days", "en", [(20, ">=", "day", "duration")]),
    ("two hundred and fifty thousand people", "en", [(250_000, "=", None, "count")]),
    ("about 4.6 percent", "en", [(4.6, "~", "%", "percent")]),
    ("$2 billion", "en", [(2_000_000_000, "=", "USD", "money")]),
]

NOT_FIGURES = [
    ("тоғыз жолдың торабы", "kk"),
    ("ХІІ саммитіне қатысты", "kk"),
    ("Біріншіден, бірге", "kk"),
    ("12-ші съезд", "kk"),
    ("Во-первых, один из", "ru"),
    ("12 октября", "ru"),
    ("XX съезд", "ru"),
    ("First of all, the V Consultative Meeting", "en"),
    ("the 12th summit on 7 October", "en"),
    ("COVID-19 and 5G and C5+1", "en"),
    ("on the one hand, the two countries", "en"),
]


@pytest.mark.parametrize(("text", "lang", "expected"), CASES)
def test_figures(text: str, lang: str, expected: list[tuple[float, str, str | None, str]]) -> None:
    found = [(f.value, f.comparator, f.unit, f.kind) for f in find_figures(text, lang)]
    assert found == expected


@pytest.mark.parametrize(("text", "lang"), NOT_FIGURES)
def test_not_figures(text: str, lang: str) -> None:
    assert find_figures(text, lang) == []


def test_year_only_when_nothing_else() -> None:
    assert [f.kind for f in find_figures("Мерзімі: 2026.", "kk")] == ["year"]
    (fig,) = find_figures("2026 жылы 200 мектеп", "kk")
    assert (fig.kind, fig.value, fig.period) == ("count", 200, "2026 жылы")


def test_period_and_offsets() -> None:
    text = "Соңғы 5 жылда жүк көлемі 6 есе өсті."
    (fig,) = find_figures(text, "kk")
    assert fig.period == "Соңғы 5 жылда"
    assert text[fig.start : fig.end] == fig.text == "6 есе"
    assert fig.to_dict()["value"] == 6 and isinstance(fig.to_dict()["value"], int)
