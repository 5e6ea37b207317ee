"""resolve_deadline: one phrase in Kazakh, Russian or English read as a window of days."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from claimtrack.deadlines import Window, guess_lang, resolve_deadline
from claimtrack.errors import DeadlineError

REF = date(2025, 10, 7)  # the Gabala summit speech
D = date.fromisoformat


def _d(value: str | None) -> date | None:
    return D(value) if value else None


CASES = [
    # Kazakh
    ("биыл", "2025-10-07", "2025-12-31"),
    ("келесі жылы", "2026-01-01", "2026-12-31"),
    ("келесі жылы сәуірде", "2026-04-01", "2026-04-30"),
    ("2040 жылға дейін", "2025-10-07", "2040-12-31"),
    ("2040 жылға дейінгі", "2025-10-07", "2040-12-31"),
    ("сәуірде", "2026-04-01", "2026-04-30"),
    ("сәуірге", "2026-04-01", "2026-04-30"),
    ("сәуірге дейін", "2025-10-07", "2026-04-30"),
    ("қыркүйектен", "2026-09-01", None),
    ("қыркүйектен бастап", "2026-09-01", None),
    ("биыл қыркүйекте", "2025-09-01", "2025-09-30"),
    ("желтоқсанда", "2025-12-01", "2025-12-31"),
    ("2026 жылы", "2026-01-01", "2026-12-31"),
    ("2026 жылдан бастап", "2026-01-01", None),
    ("2026 жылғы 30 сәуірде", "2026-04-30", "2026-04-30"),
    ("жыл соңына дейін", "2025-10-07", "2025-12-31"),
    ("алдағы екі жылда", "2025-10-07", "2027-10-07"),
    ("алдағы 5 жылда", "2025-10-07", "2030-10-07"),
    ("үш жыл ішінде", "2025-10-07", "2028-10-07"),
    ("соңғы 5 жылда", "2020-10-07", "2025-10-07"),
    ("соңғы бес жылда", "2020-10-07", "2025-10-07"),
    ("жыл басынан бері", "2025-01-01", "2025-10-07"),
    ("соңғы жылдары", "2020-10-07", "2025-10-07"),
    ("келесі жылдың екінші жартысында", "2026-07-01", "2026-12-31"),
    ("2026 жылдың бірінші тоқсанында", "2026-01-01", "2026-03-31"),
    ("келесі жылдың көктемінде", "2026-03-01", "2026-05-31"),
    ("2026-2030 жылдары", "2026-01-01", "2030-12-31"),
    # Russian
    ("в этом году", "2025-10-07", "2025-12-31"),
    ("в следующем году", "2026-01-01", "2026-12-31"),
    ("в апреле следующего года", "2026-04-01", "2026-04-30"),
    ("в апреле", "2026-04-01", "2026-04-30"),
    ("к апрелю", "2025-10-07", "2026-04-30"),
    ("до апреля", "2025-10-07", "2026-04-30"),
    ("с апреля", "2026-04-01", None),
    ("апреля 2026 года", "2026-04-01", "2026-04-30"),
    ("30 апреля 2026 года", "2026-04-30", "2026-04-30"),
    ("до конца года", "2025-10-07", "2025-12-31"),
    ("к концу 2026 года", "2025-10-07", "2026-12-31"),
    ("в 2026 году", "2026-01-01", "2026-12-31"),
    ("до 2030 года", "2025-10-07", "2030-12-31"),
    ("до 2040 года", "2025-10-07", "2040-12-31"),
    ("в течение двух лет", "2025-10-07", "2027-10-07"),
    ("в течение года", "2025-10-07", "2026-10-07"),
    ("в первом квартале", "2026-01-01", "2026-03-31"),
    ("в четвёртом квартале", "2025-10-01", "2025-12-31"),
    ("во второй половине 2026 года", "2026-07-01", "2026-12-31"),
    ("осенью следующего года", "2026-09-01", "2026-11-30"),
    ("за последние пять лет", "2020-10-07", "2025-10-07"),
    ("с начала года", "2025-01-01", "2025-10-07"),
    ("в последние годы", "2020-10-07", "2025-10-07"),
    # English
    ("this year", "2025-10-07", "2025-12-31"),
    ("next year", "2026-01-01", "2026-12-31"),
    ("next April", "2026-04-01", "2026-04-30"),
    ("in April next year", "2026-04-01", "2026-04-30"),
    ("in April", "2026-04-01", "2026-04-30"),
    ("by 2030", "2025-10-07", "2030-12-31"),
    ("within six weeks", "2025-10-07", "2025-11-18"),
    ("in the next three years", "2025-10-07", "2028-10-07"),
    ("next autumn", "2026-09-01", "2026-11-30"),
    ("this winter", "2025-12-01", "2026-02-28"),
    ("by the end of the year", "2025-10-07", "2025-12-31"),
    ("by year-end", "2025-10-07", "2025-12-31"),
    ("in 2026", "2026-01-01", "2026-12-31"),
    ("2026 year", "2026-01-01", "2026-12-31"),
    ("by mid-2027", "2025-10-07", "2027-06-30"),
    ("in the first half of next year", "2026-01-01", "2026-06-30"),
    ("in Q3 2026", "2026-07-01", "2026-09-30"),
    ("from September", "2026-09-01", None),
    ("30 April 2026", "2026-04-30", "2026-04-30"),
    ("April 30, 2026", "2026-04-30", "2026-04-30"),
    ("over the past five years", "2020-10-07", "2025-10-07"),
    ("in the last 5 years", "2020-10-07", "2025-10-07"),
    ("since the start of the year", "2025-01-01", "2025-10-07"),
    ("in recent years", "2020-10-07", "2025-10-07"),
    # Any language
    ("2026-04-30", "2026-04-30", "2026-04-30"),
    ("30.04.2026", "2026-04-30", "2026-04-30"),
    ("  до конца года.  ", "2025-10-07", "2025-12-31"),
]


@pytest.mark.parametrize(("phrase", "start", "end"), CASES)
def test_resolve(phrase: str, start: str | None, end: str | None) -> None:
    assert resolve_deadline(phrase, REF) == Window(_d(start), _d(end), phrase)


@pytest.mark.parametrize(
    ("phrase", "lang", "start", "end"),
    [
        ("келесі жылы сәуірде", "kk", "2026-04-01", "2026-04-30"),
        ("2026 жылы", "kk", "2026-01-01", "2026-12-31"),  # no Kazakh-only letter
        ("в апреле", "ru", "2026-04-01", "2026-04-30"),
        ("next April", "en", "2026-04-01", "2026-04-30"),
        ("next April", "kk", "2026-04-01", "2026-04-30"),  # lang is tried first, not only
    ],
)
def test_resolve_with_lang(phrase: str, lang: str, start: str, end: str) -> None:
    assert resolve_deadline(phrase, REF, lang) == Window(D(start), D(end), phrase)


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("2040 жылға дейін", None, "2040-12-31"),  # open start without a speech date
        ("by 2030", None, "2030-12-31"),
        ("в 2026 году", "2026-01-01", "2026-12-31"),
        ("2026 жылғы 30 сәуірде", "2026-04-30", "2026-04-30"),
        ("2026-04-30", "2026-04-30", "2026-04-30"),
    ],
)
def test_absolute_phrases_need_no_ref(phrase: str, start: str | None, end: str) -> None:
    assert resolve_deadline(phrase, None) == Window(_d(start), D(end), phrase)


def test_past_deadline_has_open_start() -> None:
    assert resolve_deadline("by 2020", REF) == Window(None, D("2020-12-31"), "by 2020")


def test_month_on_or_after_ref_month() -> None:
    assert resolve_deadline("в октябре", REF).start == D("2025-10-01")
    assert resolve_deadline("қыркүйекте", REF).start == D("2026-09-01")
    assert resolve_deadline("next autumn", D("2025-03-01")).start == D("2025-09-01")


def test_dateparser_fallback_for_other_absolute_dates() -> None:
    window = resolve_deadline("the 30th of April, 2026", REF)
    assert (window.start, window.end) == (D("2026-04-30"), D("2026-04-30"))


ERRORS = [
    ("next blursday", REF, "Could not read a date in 'next blursday' (try 2026-04-30 or"),
    ("", REF, "No deadline phrase given"),
    ("   ", REF, "No deadline phrase given"),
    ("келесі жылы", None, "'келесі жылы' is relative and needs the speech date"),
    ("в апреле", None, "'в апреле' is relative and needs the speech date"),
    ("within six weeks", None, "(register the speech with --date)"),
    ("31 February", REF, "'31 February' is not a calendar date (February has no day 31"),
    ("31 February", None, "'31 February' is not a calendar date"),
    ("29 February 2025", REF, "(February 2025 has no day 29"),
    ("2026-02-30", REF, "(February has no day 30"),
    ("2026-13-01", REF, "'2026-13-01' has no month 13"),
    ("0 жылы", REF, "Year 0 in '0 жылы' is out of range (use a year from 1900 to 2200)"),
    ("до 99999 года", REF, "Year 99999 in 'до 99999 года' is out of range"),
    ("by 99999", REF, "Year 99999 in 'by 99999' is out of range"),
    ("2030-2026 жылдары", REF, "ends before it starts"),
    ("5 есе", REF, "Could not read a date in '5 есе'"),
]


@pytest.mark.parametrize(("phrase", "ref", "message"), ERRORS)
def test_errors(phrase: str, ref: date | None, message: str) -> None:
    with pytest.raises(DeadlineError) as caught:
        resolve_deadline(phrase, ref)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_error_message_is_one_line_for_hostile_input() -> None:
    with pytest.raises(DeadlineError) as caught:
        resolve_deadline("next\nblursday\x1b[31m" + "x" * 200, REF)
    assert "\n" not in str(caught.value) and "\x1b" not in str(caught.value)
    assert len(str(caught.value)) < 160


@pytest.mark.parametrize(
    ("text", "lang"),
    [("келесі жылы", "kk"), ("в следующем году", "ru"), ("next year", "en"), ("2026", "en")],
)
def test_guess_lang(text: str, lang: str) -> None:
    assert guess_lang(text) == lang


def test_import_is_cheap() -> None:
    code = (
        "import sys, claimtrack.deadlines;"
        "assert 'dateparser' not in sys.modules, 'dateparser imported';"
        "from claimtrack.deadlines import grammar;"
        "assert grammar.compile_rules.cache_info().currsize == 0, 'rules compiled at import'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
