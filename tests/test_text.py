"""Search and sort keys for Kazakh, Russian and English text; hostile text."""

from __future__ import annotations

import pytest

from claimtrack.text import fold, shorten, sort_key, strip_controls


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ТЕМІРЖОЛ", "теміржол"),
        ("ӘҒҚҢӨҰҮҺІ", "әғқңөұүһі"),
        ("Қазақстан", "ҚАЗАҚСТАН"),
        ("ЖЕЛЕЗНАЯ ДОРОГА", "железная дорога"),
        ("Middle  Corridor", "middle corridor"),
        ("e\u0301", "\u00e9"),  # NFC
    ],
)
def test_fold_matches_across_case_and_normal_form(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_kazakh_alphabetical_sort() -> None:
    words = [
        "ұлт",
        "үкімет",
        "ақпан",
        "әлем",
        "бағдар",
        "ғылым",
        "газ",
        "қала",
        "кеңес",
        "өзен",
        "орта",
        "іс",
        "ию",
    ]
    assert sorted(words, key=sort_key) == [
        "ақпан",
        "әлем",
        "бағдар",
        "газ",
        "ғылым",
        "ию",
        "кеңес",
        "қала",
        "орта",
        "өзен",
        "ұлт",
        "үкімет",
        "іс",
    ]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("title\x1b]8;;http://evil\x07link\x1b]8;;\x07", "titlelink"),
        ("a\u202eb", "ab"),
        ("nul\x00byte", "nulbyte"),
        ("keep\ttab\nnewline", "keep\ttab\nnewline"),
    ],
)
def test_strip_controls(raw: str, clean: str) -> None:
    assert strip_controls(raw) == clean


def test_shorten_at_word_boundary() -> None:
    assert shorten("Соңғы 5 жылда Орта дәліз арқылы жүк көлемі 6 есе өсті", 30) == (
        "Соңғы 5 жылда Орта дәліз…"
    )
    assert shorten("short", 30) == "short"
