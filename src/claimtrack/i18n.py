"""The interface language of reports and the published site: kk, ru or en.

Labels are gettext messages (English msgids) in `locale/<lang>/LC_MESSAGES/claimtrack.po`,
shipped as package data and read at run time with Babel's PO reader (no build step: an
editable install and a wheel read the same file). Dates and numbers are formatted for the
language by Babel. Babel is imported only when a language is first used, never for `--help`.
"""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .errors import InvalidInput

if TYPE_CHECKING:
    from gettext import NullTranslations

    from sqlite_utils import Database

LANGS = ("kk", "ru", "en")
MONTHS = tuple(
    "January February March April May June July August September October November December".split()
)

DEFAULT = "en"


def N_(message: str) -> str:
    """Mark a message for translation where it is defined; translate it where it is shown."""
    return message


# Rating, kind and flag names as readers see them (the scales' spellings stay the data).
RATING_NAMES = {
    "unrated": N_("Unrated"),
    "true": N_("True"),
    "mostly-true": N_("Mostly true"),
    "half-true": N_("Half true"),
    "mostly-false": N_("Mostly false"),
    "false": N_("False"),
    "misleading": N_("Misleading"),
    "unverifiable": N_("Unverifiable"),
    "not-yet-rated": N_("Not yet rated"),
    "in-the-works": N_("In the works"),
    "stalled": N_("Stalled"),
    "compromise": N_("Compromise"),
    "kept": N_("Promise kept"),
    "broken": N_("Promise broken"),
}
KIND_NAMES = {
    "quantitative": N_("Quantitative"),
    "commitment": N_("Commitment"),
    "statement": N_("Statement"),
}
FLAG_NAMES = {
    "overdue": N_("overdue"),
    "due-soon": N_("due soon"),
    "evidence-dead": N_("evidence dead"),
    "evidence-changed": N_("evidence changed"),
    "evidence-figure-changed": N_("evidence figure changed"),
    "stale": N_("stale"),
}
STANCE_NAMES = {
    "supports": N_("supports"),
    "refutes": N_("refutes"),
    "context": N_("context"),
}
STATUS_NAMES = {
    "ok": N_("online"),
    "pending": N_("not fetched yet"),
    "failed": N_("could not be fetched"),
    "dead": N_("dead link"),
}


def check_lang(value: str) -> str:
    lang = value.strip().lower().replace("_", "-").split("-")[0]
    if lang not in LANGS:
        raise InvalidInput(f"Unknown interface language '{value}' (use one of: kk, ru, en)")
    return lang


def from_locale() -> str | None:
    """The language of the user's locale ($LC_ALL, $LC_MESSAGES, $LANG), if one we have."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            lang = value.split(".")[0].split("_")[0].lower()
            return lang if lang in LANGS else None
    found = locale.getlocale(locale.LC_MESSAGES)[0] if hasattr(locale, "LC_MESSAGES") else None
    lang = (found or "").split("_")[0].lower()
    return lang if lang in LANGS else None


def resolve(option: str | None, db: Database | None = None) -> str:
    """--ui-lang, else the `ui.lang` setting, else the locale, else English."""
    if option:
        return check_lang(option)
    if db is not None:
        from . import settings

        stored = str(settings.get(db, "ui.lang") or "")
        if stored:
            return check_lang(stored)
    return from_locale() or DEFAULT


@cache
def _translations(lang: str) -> NullTranslations:
    import gettext

    if lang == DEFAULT:
        return gettext.NullTranslations()
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = resources.files("claimtrack") / "locale" / lang / "LC_MESSAGES" / "claimtrack.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)  # fuzzy entries are left out, as msgfmt does
    buf.seek(0)
    return gettext.GNUTranslations(buf)


@dataclass(frozen=True)
class Ui:
    """Translated labels and formatted dates and numbers in one language."""

    lang: str

    def _(self, message: str) -> str:
        return _translations(self.lang).gettext(message)

    def n_(self, singular: str, plural: str, n: int, **values: Any) -> str:
        """The plural form for `n` (Russian has three), with {n} and `values` filled in."""
        text = _translations(self.lang).ngettext(singular, plural, n)
        return text.format(n=self.number(n), **values)

    def f_(self, message: str, **values: Any) -> str:
        return self._(message).format(**values)

    def rating(self, rating: str) -> str:
        return self._(RATING_NAMES.get(rating, rating))

    def kind(self, kind: str) -> str:
        return self._(KIND_NAMES.get(kind, kind))

    def flag(self, flag: str) -> str:
        return self._(FLAG_NAMES.get(flag, flag))

    def stance(self, stance: str) -> str:
        return self._(STANCE_NAMES.get(stance, stance))

    def status(self, status: str) -> str:
        return self._(STATUS_NAMES.get(status, status))

    def date(self, value: str | date | None, form: str = "medium") -> str:
        """An ISO date (or date-time, shown as its date) as the language writes it."""
        if not value:
            return ""
        day = value if isinstance(value, date) else value[:10]
        return _format_date(day, form, self.lang)

    def number(self, n: float) -> str:
        if self.lang == DEFAULT:  # English needs no locale data: the report starts faster
            return f"{n:,}"
        from babel.numbers import format_decimal

        return str(format_decimal(n, locale=self.lang))

    def percent(self, share: float) -> str:
        if self.lang == DEFAULT:
            return f"{share:.0%}"
        from babel.numbers import format_percent

        return str(format_percent(share, locale=self.lang))


@cache
def _format_date(value: str | date, form: str, lang: str) -> str:
    """Babel's format_date, once per day, form and language (a site repeats its dates)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value).date()
        except ValueError:
            return str(value)
    if lang == DEFAULT:  # CLDR's English patterns "MMM d, y" and "MMMM d, y", without Babel
        name = MONTHS[value.month - 1]
        month = name if form == "long" else name[:3]
        return f"{month} {value.day}, {value.year}"
    from babel.dates import format_date

    return str(format_date(value, form, locale=lang))


@cache
def ui(lang: str = DEFAULT) -> Ui:
    return Ui(check_lang(lang))
