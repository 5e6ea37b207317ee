"""Property tests: any input yields valid candidates with text[start:end] == quote."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.extract import extract, find_figures
from claimtrack.scales import KINDS

from .conftest import TEXTS

PIECES = [
    "400 мыңнан астам",
    "5 есе",
    "келесі жылы",
    "ұсынамыз.",
    "будет открыт",
    "will build",
    "$4,8 трлн",
    "211,000",
    "1.5",
    "«",
    "»",
    "– ",
    "т.б.",
    "Mr.",
    "\n",
    "\x00",
    "\x1b[31m",
    "\u202e",
    "ХІІ",
    "2026 жылы",
    "%",
    " ",
    ".",
    "?",
    "Қасым-Жомарт Тоқаев:\n",
    "R45-billion",
    "US$2.5 ",
    "İstanbul",
    "ẞ",
    "каждый второй",
    "every second",
    "this summit",
    "осы форумға",
    "The summit will be held in April next year. ",
    "Астана, 3 марта.",
    "~",
    "≈",
    " is expected to reach ",
    "30 years since",
    "«Жоба 2030»",
]
TEXTISH = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=30).map(
    "".join
)


def _check(text: str, lang: str | None, ref: date | None) -> None:
    for cand in extract(text, lang, ref):
        assert text[cand.start : cand.end] == cand.quote
        assert cand.kind in KINDS and 0.0 <= cand.confidence <= 1.0
        assert cand.start <= cand.end
        for fig in cand.figures:
            assert cand.start <= fig.start <= fig.end <= cand.end
            assert text[fig.start : fig.end] == fig.text
        cand.to_dict()


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(st.text(), TEXTISH),
    lang=st.sampled_from([None, "kk", "ru", "en"]),
    ref=st.one_of(st.none(), st.dates(min_value=date(1, 1, 1))),
)
def test_any_text(text: str, lang: str | None, ref: date | None) -> None:
    _check(text, lang, ref)


@settings(deadline=None, max_examples=200)
@given(text=st.one_of(st.text(), TEXTISH), lang=st.sampled_from(["kk", "ru", "en"]))
def test_any_figures(text: str, lang: str) -> None:
    for fig in find_figures(text, lang):
        assert text[fig.start : fig.end] == fig.text
        fig.to_dict()


@settings(deadline=None, max_examples=2)
@given(seed=st.sampled_from(["kk", "ru", "en"]), noise=st.text(max_size=50))
def test_one_megabyte(seed: str, noise: str) -> None:
    base = (TEXTS / f"{seed}.txt").read_text(encoding="utf-8") + noise + "\n"
    text = (base * (1_000_000 // len(base) + 1))[:1_000_000]
    _check(text, None, date(2025, 10, 7))


def test_empty_and_blank() -> None:
    assert extract("", None, None) == []
    assert extract(" \n\t\n", "kk", None) == []
