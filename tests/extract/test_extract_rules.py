"""The rules of issue 15, one table per class, on sentences of our own (kk, ru, en)."""

from __future__ import annotations

from datetime import date

import pytest

from claimtrack.extract import extract, find_figures

REF = date(2026, 3, 3)


def _kinds(text: str, lang: str) -> list[str]:
    return [c.kind for c in extract(text, lang, REF)]


def _figs(text: str, lang: str) -> list[tuple[float, str, str | None]]:
    return [(f.value, f.comparator, f.unit) for f in find_figures(text, lang)]


# 1. Identical sentences only are merged; a shared figure value never drops a sentence.
@pytest.mark.parametrize(
    ("text", "lang", "count"),
    [
        ("We will invest 300 billion tenge in roads. The 300 billion tenge will also create "
         "8,000 jobs by 2028.", "en", 2),
        ("Жолдарға 300 миллиард теңге бөлеміз. Бұл 300 миллиард теңге 2028 жылға дейін 8 мың "
         "жұмыс орнын ашады.", "kk", 2),
        ("Мы построим 40 школ. Мы построим 40 школ.", "ru", 1),
        ("Мы построим 40 школ. Кроме того, мы построим 40 больниц.", "ru", 2),
    ],
)  # fmt: skip
def test_dedup_identical_sentences_only(text: str, lang: str, count: int) -> None:
    assert len([c for c in extract(text, lang, REF) if c.kind != "statement"]) == count


# 2. Commitment phrasings.
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The minister called for a new water code.", "en"),
        ("The president urged governors to finish the bridges.", "en"),
        ("It is necessary to modernise the grid.", "en"),
        ("The region needs to build more schools.", "en"),
        ("The company pledges to cut emissions.", "en"),
        ("The plan aims for full coverage.", "en"),
        ("The ministry has set an ambitious target for exports.", "en"),
        ("The agency plans to open new offices.", "en"),
        ("The new law is to enter into force soon.", "en"),
        ("Ministry to build new hospitals in the north", "en"),
        ("Президент поручил ускорить строительство дорог.", "ru"),
        ("Глава государства потребовал навести порядок в тарифах.", "ru"),
        ("Необходимо завершить реформу.", "ru"),
        ("Нам предстоит обновить сети.", "ru"),
        ("Министерству поручено подготовить закон.", "ru"),
        ("Президент жол салуды тапсырды.", "kk"),
        ("Бұл бастаманы толық қолдау білдіремін.", "kk"),
        ("Бұл мәселені қолға алу керек.", "kk"),
        ("Әкімдер жұмысты аяқтауы тиіс.", "kk"),
    ],
)
def test_commitment_phrasings(text: str, lang: str) -> None:
    assert _kinds(text, lang) == ["commitment"], text


# 3. Forecasts are quantitative claims about the future; a dateline is no deadline.
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Exports are expected to reach $12 billion by the end of the year.", "en"),
        ("Analysts expect output to grow to 3 million tonnes next year.", "en"),
        ("По прогнозу министерства, рост составит 5% по итогам года.", "ru"),
        ("Ожидается, что экспорт превысит 80 млрд долларов в следующем году.", "ru"),
        ("Биыл экспорт 5 миллиард долларға жетеді деп күтілуде.", "kk"),
    ],
)
def test_forecasts_are_quantitative(text: str, lang: str) -> None:
    (cand,) = extract(text, lang, REF)
    assert cand.kind == "quantitative" and cand.deadline is None, cand.reason


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Астана, 3 марта.", "ru"), ("Almaty, 12 May.", "en"), ("Ақтөбе, 5 маусым.", "kk")],
)
def test_dateline_is_no_candidate(text: str, lang: str) -> None:
    assert extract(text, lang, REF) == []


# 4. Money: currency prefixes and symbols, hyphenated amounts, abbreviations fully scaled.
# 5. Comparators.
@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        ("a R45 billion fund", "en", [(45e9, "=", "ZAR")]),
        ("a R45-billion fund", "en", [(45e9, "=", "ZAR")]),
        ("US$2.5 billion in loans", "en", [(2.5e9, "=", "USD")]),
        ("a $3-million grant", "en", [(3e6, "=", "USD")]),
        ("€40 million", "en", [(40e6, "=", "EUR")]),
        ("₸500 billion", "en", [(500e9, "=", "KZT")]),
        ("5 тыс. тенге", "ru", [(5000, "=", "KZT")]),
        ("12,5 млрд долларов", "ru", [(12.5e9, "=", "USD")]),
        ("3 трлн тенге", "ru", [(3e12, "=", "KZT")]),
        ("approximately 40 schools", "en", [(40, "~", None)]),
        ("close to 2 million people", "en", [(2e6, "~", None)]),
        ("nearly 70%", "en", [(70, "~", "%")]),
        ("~15 km", "en", [(15, "~", "km")]),
        ("> 500 MW", "en", [(500, ">", "MW")]),
        ("около 300 км", "ru", [(300, "~", "km")]),
        ("порядка 20%", "ru", [(20, "~", "%")]),
        ("примерно в 320 млрд тенге", "ru", [(320e9, "~", "KZT")]),
        ("шамамен 40 мектеп", "kk", [(40, "~", None)]),
        ("40-қа жуық мектеп", "kk", [(40, "~", None)]),
        ("экспорт 5 миллиард доллардан асады", "kk", [(5e9, ">", "USD")]),
        ("экспорт 5 миллиард доллардан асты", "kk", [(5e9, ">", "USD")]),
        ("каждый второй житель", "ru", [(50, "=", "%")]),
        ("every second household", "en", [(50, "=", "%")]),
        ("әр екінші отбасы", "kk", [(50, "=", "%")]),
        ("инфляция снизилась до 8,1%", "ru", [(8.1, "=", "%")]),
        ("снизить инфляцию до 5%", "ru", [(5, "<=", "%")]),
        ("инфляция 6 пайызға дейін төмендеді", "kk", [(6, "=", "%")]),
        ("a 10-percentage-point rise", "en", [(10, "=", "pp")]),
        ("довести долю до 15%", "ru", [(15, "=", "%")]),
        ("үлесі 20 пайызға дейін ұлғаяды", "kk", [(20, "=", "%")]),
        ("каждый третий житель", "ru", [(33.3, "~", "%")]),
        ("интервал сократился до 11 минут", "ru", [(11, "=", "minute")]),
    ],
)
def test_money_and_comparators(text: str, lang: str, want: list[tuple[float, str, str]]) -> None:
    assert _figs(text, lang) == want


# 6. Spurious figures.
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Екі жақты келісімге қол қойылды.", "kk"),
        ("We held three-way talks with the neighbours.", "en"),
        ("Ондай мәселе бізде жоқ.", "kk"),
        ("Бірде-бір мектеп жабылмайды.", "kk"),
        ("This year marks 30 years since independence.", "en"),
        ("В этом году исполняется 35 лет со дня основания города.", "ru"),
        ("Биыл Тәуелсіздігімізге 35 жыл толады.", "kk"),
        ("The 2026 budget message was read in parliament.", "en"),
        ("«Цифрлық Қазақстан 2029» бағдарламасы талқыланды.", "kk"),
        ("Today I will speak about three priorities.", "en"),
        ("Хочу остановиться на трёх приоритетах.", "ru"),
        ("Бүгін үш басым бағытқа тоқталамын.", "kk"),
    ],
)
def test_spurious_figures(text: str, lang: str) -> None:
    assert [c.figures for c in extract(text, lang, REF) if c.figures] == [], text


# 7. A promise with figures is one candidate with both the figures and the deadline.
@pytest.mark.parametrize(
    ("text", "lang", "value", "deadline"),
    [
        ("We will invest more than 5 trillion tenge over the next four years.", "en", 5e12,
         "2030-03-03"),
        ("До 2030 года мы построим 200 школ.", "ru", 200, "2030-12-31"),
        ("2028 жылға дейін 300 мектеп салынады.", "kk", 300, "2028-12-31"),
    ],
)  # fmt: skip
def test_promise_with_figures(text: str, lang: str, value: float, deadline: str) -> None:
    (cand,) = extract(text, lang, REF)
    assert cand.kind == "commitment" and cand.deadline == deadline
    assert [f.value for f in cand.figures] == [value]


# 8. A deadline inherited from a nearby sentence's event: marked, less confident.
@pytest.mark.parametrize(
    ("text", "lang", "deadline"),
    [
        ("The summit will be held in April next year. We hope all members will take part in "
         "this summit.", "en", "2027-04-30"),
        ("Саммит пройдёт в мае следующего года. Мы приглашаем всех партнёров на этот саммит.",
         "ru", "2027-05-31"),
        ("Форум келесі жылы қыркүйекте өтеді. Барлық серіктестерді осы форумға шақырамыз.", "kk",
         "2027-09-30"),
    ],
)  # fmt: skip
def test_inherited_deadline(text: str, lang: str, deadline: str) -> None:
    last = extract(text, lang, REF)[-1]
    assert last.kind == "commitment" and last.deadline == deadline and last.deadline_inherited
    assert last.confidence < 0.8 and "inherited" in last.reason


def test_no_inheritance_without_a_reference_back() -> None:
    text = "The summit will be held in April next year. We will build new roads."
    last = extract(text, "en", REF)[-1]
    assert last.deadline is None and not last.deadline_inherited
