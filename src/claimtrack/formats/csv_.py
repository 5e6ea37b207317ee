"""The claims as CSV: one row per claim, a header row, UTF-8 with a BOM (so Excel reads
Kazakh text as UTF-8). Lists (figures, flags) are JSON and `;`-joined text respectively."""

from __future__ import annotations

import csv
import json
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from .. import report
from ..claims import Filters
from ..text import strip_controls

if TYPE_CHECKING:
    from sqlite_utils import Database

BOM = "\ufeff"
COLUMNS = (
    "id",
    "speech_id",
    "kind",
    "topic",
    "quote",
    "figures",
    "deadline_start",
    "deadline_end",
    "deadline_text",
    "rating",
    "rating_note",
    "rated_at",
    "flags",
    "evidence_count",
    "last_check",
)
# A cell starting with one of these is a formula to a spreadsheet.
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """Text as a spreadsheet may show it: controls stripped, formulas neutralised with a `'`."""
    if not isinstance(value, str):
        return value
    text = strip_controls(value)
    return "'" + text if text.startswith(FORMULA) else text


def row_for(claim: dict[str, Any]) -> dict[str, Any]:
    out = {k: cell(claim.get(k)) for k in COLUMNS}
    figures = json.dumps(claim["figures"], ensure_ascii=False) if claim["figures"] else ""
    out["figures"] = cell(figures)
    out["flags"] = cell(";".join(claim["flags"]))  # flags can arrive by import: text as any other
    return out


def write(db: Database, filters: Filters, today: date, out: IO[str]) -> int:
    """Write the header and one row per claim, as each is read; returns the row count."""
    out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    n = 0
    for claim in report.iter_claims(db, filters, today):
        writer.writerow(row_for(claim))
        n += 1
    return n
