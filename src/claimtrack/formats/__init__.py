"""Report formats written to a text stream: json, csv, markdown, html and claimreview.

Each writer iterates the claims one at a time (`report.iter_claims`) and writes as it goes,
so memory does not grow with the number of claims. The terminal table lives in `output`.
"""

from __future__ import annotations

from datetime import date
from importlib import import_module
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

    from ..claims import Filters

# format name -> module in this package with `write(db, filters, today, out) -> int`
WRITERS = {
    "json": "jsonstream",
    "csv": "csv_",
    "markdown": "markdown",
    "html": "html",
    "claimreview": "claimreview",
}


# formats with labels for people, written in the interface language
LABELLED = ("markdown", "html", "claimreview")


def write(
    fmt: str, db: Database, filters: Filters, today: date, out: IO[str], lang: str = "en"
) -> int:
    """Write the report in `fmt` to `out`; returns the number of claims (or reviews) written.
    `lang` (kk, ru, en) is the language of the labels, dates and numbers."""
    module = import_module(f"{__name__}.{WRITERS[fmt]}")
    if fmt in LABELLED:
        from ..i18n import ui

        n: int = module.write(db, filters, today, out, ui(lang))
        return n
    n = module.write(db, filters, today, out)
    return n
