"""find_time_expressions: every time phrase of a sentence or text, with exact spans."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.deadlines import TimeExpression, find_time_expressions

REF = date(2025, 10, 7)
D = date.fromisoformat
SPEECH = (
    Path(__file__).resolve().parent.parent
    / "src"
    / "claimtrack"
    / "datasets"
    / "gabala-2025"
    / "speech.kk.txt"
)


def _found(text: str, lang: str | None = None, ref: date | None = REF) -> list[tuple[str, str]]:
    return [(t.text, t.role) for t in find_time_expressions(text, lang, ref)]


SENTENCES = [
    (
        "Қазақстан келесі жылы сәуірде Өңірлік саммит өткізуді жоспарлап отыр.",
        "kk",
        [("келесі жылы сәуірде", "deadline")],
    ),
    (
        "Біз 2040 жылға дейінгі Түркі әлемінің даму бағдарын іске асыруымыз қажет.",
        "kk",
        [("2040 жылға дейінгі", "deadline")],
    ),
    (
        "Соңғы 5 жылда Орта дәліз арқылы тасымалданатын жүк көлемі 6 есе өсті.",
        "kk",
        [("Соңғы 5 жылда", "period")],
    ),
    (
        "Биыл қыркүйекте Алматыда өткен конференция нәтижелері растады.",
        "kk",
        [("Биыл қыркүйекте", "date")],
    ),
    (
        "Бағдарлама аясында жыл басынан бері 400 мыңнан астам студент білім алды.",
        "kk",
        [("жыл басынан бері", "period")],
    ),
    (
        "Правительство завершит строительство до конца года, а школу откроет в апреле "
        "следующего года.",
        "ru",
        [("до конца года", "deadline"), ("в апреле следующего года", "deadline")],
    ),
    (
        "За последние пять лет экспорт вырос вдвое, в 2026 году ожидается рост.",
        "ru",
        [("За последние пять лет", "period"), ("в 2026 году", "deadline")],
    ),
    (
        "We will finish the road by 2030 and open the school next April.",
        "en",
        [("by 2030", "deadline"), ("next April", "deadline")],
    ),
    (
        "Over the past five years exports grew; within six weeks we may know more.",
        "en",
        [("Over the past five years", "period"), ("within six weeks", "deadline")],
    ),
    ("Last year the plan failed.", "en", [("Last year", "date")]),
    # mixed languages with lang=None
    (
        "Келесі жылы, i.e. next year, в следующем году.",
        None,
        [("Келесі жылы", "deadline"), ("next year", "deadline"), ("в следующем году", "deadline")],
    ),
]


@pytest.mark.parametrize(("text", "lang", "expected"), SENTENCES)
def test_sentences(text: str, lang: str | None, expected: list[tuple[str, str]]) -> None:
    found = find_time_expressions(text, lang, REF)
    assert [(t.text, t.role) for t in found] == expected
    for t in found:
        assert text[t.start : t.end] == t.text
        assert t.window is not None and t.window.text == t.text


NOT_TIMES = [
    ("Елдеріміз тоғыз жолдың торабы – Еуразия төрінде орналасқан.", "kk"),
    ("Саммиттің ХІІ отырысы өтті, V meeting.", None),
    ("Жүк көлемін 5 есе арттырады, 400 мың студент, 2500 адам.", "kk"),
    ("We may march on; 2000 people came in 1500 cars.", "en"),
    ("30 жылдан астам уақыт шешімін таппаған шиеленіс.", "kk"),
    ("Қазан қаласында кездесу өтті.", "kk"),
    ("They will fall behind in years.", "en"),
    ("", None),
]


@pytest.mark.parametrize(("text", "lang"), NOT_TIMES)
def test_not_time_expressions(text: str, lang: str | None) -> None:
    assert find_time_expressions(text, lang, REF) == []


def test_windows_in_a_sentence() -> None:
    [t] = find_time_expressions("Келесі жылы осы палатаға Қазақстан төраға болады.", "kk", REF)
    assert t == TimeExpression(0, 11, "Келесі жылы", "deadline", t.window)
    assert t.window is not None and (t.window.start, t.window.end) == (
        D("2026-01-01"),
        D("2026-12-31"),
    )


def test_relative_without_ref_has_no_window() -> None:
    found = find_time_expressions("келесі жылы және 2026 жылы", "kk", None)
    assert [(t.text, t.window is None) for t in found] == [
        ("келесі жылы", True),
        ("2026 жылы", False),
    ]


def test_whole_speech() -> None:
    found = _found(SPEECH.read_text(encoding="utf-8"), "kk")
    assert found == [
        ("Биыл қыркүйекте", "date"),
        ("2040 жылға дейінгі", "deadline"),
        ("Биыл", "deadline"),
        ("Келесі жылы", "deadline"),
        ("Соңғы 5 жылда", "period"),
        ("жыл басынан бері", "period"),
        ("келесі жылы", "deadline"),
        ("Соңғы жылдары", "period"),
        ("келесі жылы сәуірде", "deadline"),
    ]


def test_megabyte_is_read_whole() -> None:
    """A megabyte of dense text is read to the end (its speed is measured in bench/)."""
    speech = SPEECH.read_text(encoding="utf-8")
    dense = "До конца года и в апреле следующего года, by 2030, келесі жылы сәуірде. "
    big = ((speech + dense) * (1_000_000 // (len(speech) + len(dense)) + 1))[:1_000_000]
    find_time_expressions("warm up 2026", None, REF)
    found = find_time_expressions(big, None, REF)
    assert len(found) > 500 and found[-1].end > 990_000


PIECES = (
    list("0123456789 .,-–\n\t\x00\x1b\u200bİ")
    + list("абвгдеёжзийклмнопрстуфхцчшщыьэюяәғқңөұүһі")
    + list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    + ["келесі жылы ", "сәуірде", " до ", "года", " by ", "2026", "April ", "31 ", "ж.", "May"]
)
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, lang=st.sampled_from([None, "kk", "ru", "en", "xx"]), has_ref=st.booleans())
def test_never_raises_and_spans_are_exact(text: str, lang: str | None, has_ref: bool) -> None:
    found = find_time_expressions(text, lang, REF if has_ref else None)
    last_end = 0
    for t in found:
        assert text[t.start : t.end] == t.text
        assert t.start >= last_end  # left to right, no overlaps
        assert t.role in ("deadline", "period", "date")
        last_end = t.end


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_never_raises_on_any_unicode(text: str) -> None:
    for t in find_time_expressions(text, None, REF):
        assert text[t.start : t.end] == t.text
