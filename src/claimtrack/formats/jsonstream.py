"""The report as one JSON document, streamed: the summary, the timeline, then the claims.

Keys are those of `report.build`, in the same order; every claim is read, converted and
written one at a time, each on its own line of the `claims` array.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from .. import report
from ..claims import Filters
from .jsontext import array, dumps, indented

if TYPE_CHECKING:
    from sqlite_utils import Database


def _timeline(db: Database, filters: Filters, today: date, out: IO[str]) -> None:
    """Rows come from `iter_timeline` bucket after bucket, so each array is written in turn."""
    rows = report.iter_timeline(db, filters, today)
    pending = next(rows, None)

    def bucket_rows(bucket: str) -> Iterable[dict[str, Any]]:
        nonlocal pending
        while pending is not None and pending[0] == bucket:
            yield pending[1]
            pending = next(rows, None)

    out.write('  "timeline": {')
    for i, bucket in enumerate(report.BUCKETS):
        out.write(("," if i else "") + f'\n    "{bucket}": ')
        array(bucket_rows(bucket), out, "    ")
    out.write("\n  },\n")


def write(db: Database, filters: Filters, today: date, out: IO[str]) -> int:
    """The whole report, every claim included; returns the number of claims."""
    out.write("{\n")
    for key, value in report.head(db, filters, today).items():
        out.write(f"  {dumps(key)}: {indented(value)},\n")
    _timeline(db, filters, today, out)
    out.write('  "claims": ')
    n = array(report.iter_claims(db, filters, today), out, "  ")
    out.write(f',\n  "claims_total": {n},\n  "claims_left_out": 0\n}}\n')
    return n
