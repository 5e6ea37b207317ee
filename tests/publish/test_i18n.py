"""The interface in kk, ru and en: every label translated, dates and numbers per language,
lang attributes on labels and quotes apart, and no Babel import for --help."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import html5lib
import pytest
from babel.messages.pofile import read_po
from sqlite_utils import Database

from claimtrack import i18n, settings
from claimtrack.errors import InvalidInput
from support import Cli
from test_startup import loaded_modules

from .conftest import BASE, run

SRC = Path(__file__).resolve().parents[2] / "src" / "claimtrack"
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def messages() -> set[str]:
    """Every msgid the code passes to _, f_, N_ and n_ (singular and plural)."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            count = {"_": 1, "f_": 1, "N_": 1, "n_": 2}.get(name or "", 0)
            for arg in node.args[:count]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
    return found


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_label_is_translated(lang: str) -> None:
    path = SRC / "locale" / lang / "LC_MESSAGES" / "claimtrack.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    translated: dict[str, list[str]] = {}
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        forms = list(m.string) if isinstance(m.string, tuple) else [m.string]
        assert all(forms) and not m.fuzzy, f"{lang}: {ids[0]!r} is not translated"
        for msgid in ids:
            translated[msgid] = forms
            for form in forms:  # the same {placeholders}, or .format() fails at run time
                assert set(PLACEHOLDER.findall(form)) == set(PLACEHOLDER.findall(msgid))
    missing = sorted(messages() - set(translated))
    assert missing == [], f"{lang} lacks {missing}"
    assert len(catalog.plural_forms) and catalog.num_plurals == (3 if lang == "ru" else 2)


@pytest.mark.parametrize(
    ("lang", "n", "text"),
    [
        ("ru", 1, "(просрочено на 1 день)"),
        ("ru", 3, "(просрочено на 3 дня)"),
        ("ru", 11, "(просрочено на 11 дней)"),
        ("ru", 21, "(просрочено на 21 день)"),
        ("kk", 5, "(5 күн кешікті)"),
        ("en", 1, "(1 day overdue)"),
        ("en", 209, "(209 days overdue)"),
    ],
)
def test_plural_forms(lang: str, n: int, text: str) -> None:
    assert i18n.ui(lang).n_("({n} day overdue)", "({n} days overdue)", n) == text


@pytest.mark.parametrize(
    ("lang", "date", "number", "percent"),
    [
        ("en", "October 7, 2025", "12,345", "83%"),
        ("ru", "7 октября 2025\u202fг.", "12\xa0345", "83\xa0%"),
        ("kk", "2025\u202fж. 7 қазан", "12\xa0345", "83%"),
    ],
)
def test_dates_and_numbers_per_language(lang: str, date: str, number: str, percent: str) -> None:
    t = i18n.ui(lang)
    assert t.date("2025-10-07T09:00:00Z", "long") == date
    assert t.number(12345) == number and t.percent(0.833) == percent


@pytest.mark.parametrize(
    ("option", "stored", "env", "expected"),
    [
        ("ru", "kk", "en_US.UTF-8", "ru"),
        (None, "kk", "ru_RU.UTF-8", "kk"),
        (None, None, "ru_RU.UTF-8", "ru"),
        (None, None, "kk_KZ.UTF-8", "kk"),
        (None, None, "de_DE.UTF-8", "en"),
        ("KK", None, None, "kk"),
    ],
)
def test_language_comes_from_option_then_setting_then_locale(
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    option: str | None,
    stored: str | None,
    env: str | None,
    expected: str,
) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    if env:
        monkeypatch.setenv("LANG", env)
    if stored:
        settings.set(db, "ui.lang", stored)
    assert i18n.resolve(option, db) == expected


def test_ui_lang_setting_is_checked(db: Database) -> None:
    with pytest.raises(InvalidInput, match="Unknown interface language 'fr'"):
        settings.set(db, "ui.lang", "fr")


def test_help_imports_no_babel(tmp_path: Path) -> None:
    from claimtrack.db import open_db

    open_db(tmp_path / "c.db").close()
    assert loaded_modules(["--help"], tmp_path / "c.db", heavy=("babel",)) == ""
    assert loaded_modules(["publish", "--help"], tmp_path / "c.db", heavy=("babel",)) == ""


@pytest.mark.parametrize(
    ("lang", "label", "date"),
    [
        ("kk", "Баға тарихы", "2025\u202fж. 7 қазан"),
        ("ru", "История оценок", "7 октября 2025\u202fг."),
        ("en", "Rating history", "October 7, 2025"),
    ],
)
def test_site_in_each_language(
    cli: Cli, site_db: Database, tmp_path: Path, lang: str, label: str, date: str
) -> None:
    out = tmp_path / lang
    run(cli, "publish", str(out), "--base-url", BASE, "--ui-lang", lang)
    tree = html5lib.parse((out / "claims" / "1.html").read_bytes(), namespaceHTMLElements=False)
    assert tree.get("lang") == lang  # the labels' language …
    quote = tree.find(".//blockquote")
    assert quote is not None and quote.get("lang") == "kk"  # … and the quote's, apart
    text = "".join(tree.itertext())
    assert label in text and date in text


@pytest.mark.parametrize(("lang", "label"), [("kk", "Мерзімдер"), ("ru", "Сроки")])
def test_reports_in_each_language(cli: Cli, site_db: Database, lang: str, label: str) -> None:
    for fmt in ("html", "markdown", "table"):
        r = run(cli, "report", "--format", fmt, "--ui-lang", lang)
        assert label in r.stdout, fmt
    html = run(cli, "report", "--format", "html", "--ui-lang", lang).stdout
    assert f'<html lang="{lang}">' in html and '<blockquote lang="kk">' in html


def test_english_needs_no_babel_and_agrees_with_it() -> None:
    from datetime import date, timedelta

    from babel.dates import format_date
    from babel.numbers import format_decimal, format_percent

    t = i18n.ui("en")
    for day in (date(2025, 1, 1) + timedelta(days=n) for n in range(0, 400, 7)):
        for form in ("medium", "long"):
            assert t.date(day.isoformat(), form) == format_date(day, form, locale="en")
    for n in (0, 7, 12345, 1234567, 12345.5):
        assert t.number(n) == format_decimal(n, locale="en")
    for share in (0, 0.05, 0.125, 0.833, 1):
        assert t.percent(share) == format_percent(share, locale="en")


def test_the_english_report_imports_no_babel(site_db: Database) -> None:
    import os

    db_path = Path(os.environ["CLAIMTRACK_DB"])
    assert loaded_modules(["report"], db_path, heavy=("babel",)) == ""
    assert loaded_modules(["report", "--ui-lang", "kk"], db_path, heavy=("babel",)) != ""
