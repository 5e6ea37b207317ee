"""The language registry: one table, one detector, a new language added by one file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from claimtrack import languages
from claimtrack.deadlines import find_time_expressions
from claimtrack.errors import InvalidInput
from claimtrack.extract import extract, find_figures

from .lang_de import GERMAN


@pytest.fixture
def german() -> Iterator[None]:
    languages.register(GERMAN)
    yield
    languages.unregister("de")


def test_built_in_languages() -> None:
    assert languages.codes() == ("kk", "ru", "en")
    assert all(languages.get(code).code == code for code in languages.codes())


def test_unknown_language_is_refused() -> None:
    with pytest.raises(InvalidInput, match="Unknown language 'xx'"):
        languages.get("xx")
    with pytest.raises(InvalidInput, match="Unknown language 'xx'"):
        extract("5 км", "xx")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Биыл елімізде 20 мектеп салынады.", "kk"),
        ("В этом году будет построено 20 школ.", "ru"),
        ("Twenty schools will be built this year.", "en"),
        ("2026", "en"),
        ("", "en"),
        # one Kazakh name in a Russian paragraph does not make it Kazakh
        ("Президент Касым-Жомарт Тоқаев провёл совещание с правительством "
         "и поручил ускорить строительство дорог в регионах страны.", "ru"),
        ("Қасым-Жомарт Тоқаев said the country would build 20 schools next year.", "en"),
    ],
)  # fmt: skip
def test_detect(text: str, lang: str) -> None:
    assert languages.detect(text) == lang


def test_a_fourth_language_from_one_file(german: None) -> None:
    assert "de" in languages.codes()
    assert languages.detect("Die Regierung wird fünf Schulen für Bürger bauen.") == "de"
    text = "Die Regierung wird bis 2030 mehr als 5 Milliarden Euro investieren."
    (cand,) = extract(text, "de", date(2025, 10, 7))
    assert cand.kind == "commitment"
    assert [(f.value, f.comparator, f.unit) for f in cand.figures] == [(5 * 10**9, ">", "EUR")]
    assert cand.deadline == "2030-12-31"
    assert text[cand.start : cand.end] == cand.quote


def test_a_fourth_language_leaves_the_others_alone(german: None) -> None:
    (fig,) = find_figures("5 млрд теңге", "kk")
    assert (fig.value, fig.unit) == (5 * 10**9, "KZT")
    (when,) = find_time_expressions("2030 жылға дейін", "kk", date(2025, 10, 7))
    assert when.window is not None and when.window.end == date(2030, 12, 31)


def test_a_bad_code_is_refused() -> None:
    with pytest.raises(InvalidInput, match="2-3 lower-case letters"):
        languages.register(
            languages.Language(
                "Deutsch", "German", "a-z", "", GERMAN.numbers, GERMAN.figures,
                GERMAN.cues, GERMAN.sentences, GERMAN.time,
            )
        )  # fmt: skip
