"""The report: counts per rating, deadline timeline and the claims, as plain data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from . import scales
from .claims import Filters, _where, decode
from .text import sort_key

if TYPE_CHECKING:
    from sqlite_utils import Database

UPCOMING_DAYS = 90

CLAIM_SQL = """
SELECT c.id, c.speech_id, c.kind, c.quote, c.topic, c.figures, c.rating, c.rating_note,
       c.rated_at, c.deadline_start, c.deadline_end, c.deadline_text, c.start, c.end,
       (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id) AS evidence_count,
       (SELECT max(p.checked_at) FROM evidence e JOIN pages p ON p.id = e.page_id
        WHERE e.claim_id = c.id) AS last_check,
       (SELECT group_concat(flag, ',') FROM flags f WHERE f.claim_id = c.id) AS flag_list,
       c.group_id, c.summary,
       (SELECT json_group_array(g.quote) FROM (SELECT quote FROM claims g WHERE g.group_id =
        c.group_id AND g.removed_at IS NULL ORDER BY g.id) g) AS group_quotes
FROM claims c
"""


def _row(row: dict[str, Any]) -> dict[str, Any]:
    """A claim row of the report: figures decoded, flags a list, `verbatim` (False for a
    paraphrase), and `quotes`: every quote of its same-promise group (its own when alone)."""
    import json

    row = decode(row)
    flags = row.pop("flag_list")
    row["flags"] = sorted(flags.split(",")) if flags else []
    quotes = json.loads(row.pop("group_quotes") or "[]")
    row["quotes"] = quotes if row["group_id"] is not None and quotes else [row["quote"]]
    return row


def iter_claims(db: Database, filters: Filters, today: date) -> Iterator[dict[str, Any]]:
    """Claims matching the filters, one at a time (memory does not grow with the count)."""
    where, params = _where(filters, today)
    for row in db.query(CLAIM_SQL + where + " ORDER BY c.id", params):
        yield _row(row)


def rating_counts(db: Database, filters: Filters, today: date) -> dict[str, dict[str, int]]:
    where, params = _where(filters, today)
    rows = db.query(
        f"SELECT c.kind = 'commitment' AS promise, c.rating, count(*) AS n FROM claims c "
        f"{where} GROUP BY 1, 2",
        params,
    )
    counts: dict[str, dict[str, int]] = {
        "claims": dict.fromkeys(scales.VERDICTS, 0),
        "commitments": dict.fromkeys(scales.PROMISES, 0),
    }
    for r in rows:
        counts["commitments" if r["promise"] else "claims"][r["rating"]] = r["n"]
    return counts


def kept_rate(promises: dict[str, int]) -> float | None:
    """Share of rated-and-settled commitments that were kept (compromise counts half)."""
    settled = promises["kept"] + promises["compromise"] + promises["broken"]
    if not settled:
        return None
    return round((promises["kept"] + 0.5 * promises["compromise"]) / settled, 3)


def timeline(db: Database, filters: Filters, today: date) -> dict[str, list[dict[str, Any]]]:
    """Commitments with deadlines: overdue, due in the next 90 days, later; by date."""
    where, params = _where(filters, today)
    extra = "c.kind = 'commitment' AND c.deadline_end IS NOT NULL"
    where = f"{where} AND {extra}"
    soon = (today + timedelta(days=UPCOMING_DAYS)).isoformat()
    out: dict[str, list[dict[str, Any]]] = {"overdue": [], "upcoming": [], "later": []}
    sql = (
        "SELECT c.id, c.quote, c.rating, c.deadline_start, c.deadline_end, c.deadline_text"
        f" FROM claims c {where} ORDER BY c.deadline_end, c.id"
    )
    for r in db.query(sql, params):
        if r["rating"] in scales.RESOLVED_PROMISES:
            continue
        if r["deadline_end"] < today.isoformat():
            r["days_overdue"] = (today - date.fromisoformat(r["deadline_end"])).days
            out["overdue"].append(r)
        elif r["deadline_end"] <= soon:
            out["upcoming"].append(r)
        else:
            out["later"].append(r)
    return out


def speeches_for(db: Database, filters: Filters) -> list[dict[str, Any]]:
    sql = "SELECT id, title, speaker, date, venue, lang, url FROM speeches"
    if filters.speech_id is not None:
        return list(db.query(sql + " WHERE id = ?", [filters.speech_id]))
    return list(db.query(sql + " ORDER BY date, id"))


def summary(db: Database, filters: Filters, today: date) -> dict[str, Any]:
    """Everything but the claim rows: cheap however many claims there are."""
    return {**head(db, filters, today), "timeline": timeline(db, filters, today)}


def grouped(rows: list[dict[str, Any]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """Rows grouped by kind (in scale order) then topic (Kazakh-aware sort)."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row["kind"], row["topic"] or ""), []).append(row)
    order = {k: i for i, k in enumerate(scales.KINDS)}
    keys = sorted(groups, key=lambda k: (order[k[0]], sort_key(k[1])))
    return [(kind, topic, groups[(kind, topic)]) for kind, topic in keys]


def build(db: Database, filters: Filters, today: date, limit: int | None = 50) -> dict[str, Any]:
    """The whole report; `limit` caps the claim rows (None for all)."""
    data = summary(db, filters, today)
    rows: list[dict[str, Any]] = []
    total = 0
    for row in iter_claims(db, filters, today):
        total += 1
        if limit is None or len(rows) < limit:
            rows.append(row)
    data["claims"] = rows
    data["claims_total"] = total
    data["claims_left_out"] = total - len(rows)
    return data


# --- Added for the report formats (table, json, csv, markdown, html, claimreview) ---

BUCKETS = ("overdue", "upcoming", "later")


def count_claims(db: Database, filters: Filters, today: date) -> int:
    where, params = _where(filters, today)
    return int(next(db.query(f"SELECT count(*) AS n FROM claims c {where}", params))["n"])


def first_claims(db: Database, filters: Filters, today: date, limit: int) -> list[dict[str, Any]]:
    """The first `limit` matching claims by id, without reading the others."""
    where, params = _where(filters, today)
    out = []
    for row in db.query(CLAIM_SQL + where + " ORDER BY c.id LIMIT ?", [*params, limit]):
        out.append(_row(row))
    return out


def iter_timeline(
    db: Database, filters: Filters, today: date
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Open commitments with deadlines as (bucket, row), by date: every overdue one comes
    first, then those due within UPCOMING_DAYS, then later ones (one pass, streaming)."""
    where, params = _where(filters, today)
    resolved = ",".join("?" * len(scales.RESOLVED_PROMISES))
    extra = f"c.kind = 'commitment' AND c.deadline_end IS NOT NULL AND c.rating NOT IN ({resolved})"
    where = f"{where} AND {extra}"
    sql = (
        "SELECT c.id, c.quote, c.rating, c.deadline_start, c.deadline_end, c.deadline_text"
        f" FROM claims c {where} ORDER BY c.deadline_end, c.id"
    )
    now, soon = today.isoformat(), (today + timedelta(days=UPCOMING_DAYS)).isoformat()
    for r in db.query(sql, [*params, *scales.RESOLVED_PROMISES]):
        if r["deadline_end"] < now:
            r["days_overdue"] = (today - date.fromisoformat(r["deadline_end"])).days
            yield "overdue", r
        else:
            yield ("upcoming" if r["deadline_end"] <= soon else "later"), r


def timeline_head(
    db: Database, filters: Filters, today: date, per_bucket: int | None
) -> dict[str, dict[str, Any]]:
    """Per bucket: how many deadlines it holds and the first `per_bucket` of them."""
    out: dict[str, dict[str, Any]] = {b: {"count": 0, "rows": []} for b in BUCKETS}
    for bucket, row in iter_timeline(db, filters, today):
        out[bucket]["count"] += 1
        if per_bucket is None or len(out[bucket]["rows"]) < per_bucket:
            out[bucket]["rows"].append(row)
    return out


def head(db: Database, filters: Filters, today: date) -> dict[str, Any]:
    """The summary without the timeline and the claims: a few grouped queries."""
    counts = rating_counts(db, filters, today)
    return {
        "generated": today.isoformat(),
        "speeches": speeches_for(db, filters),
        "counts": counts,
        "totals": {k: sum(v.values()) for k, v in counts.items()},
        "kept_rate": kept_rate(counts["commitments"]),
    }


def dashboard(
    db: Database, filters: Filters, today: date, limit: int | None = 50, timeline_limit: int = 10
) -> dict[str, Any]:
    """What the terminal dashboard shows; reads only the rows it shows (fast at 100k claims)."""
    data = head(db, filters, today)
    data["timeline"] = timeline_head(db, filters, today, timeline_limit)
    total = count_claims(db, filters, today)
    if limit is None:
        data["claims"] = list(iter_claims(db, filters, today))
    else:
        data["claims"] = first_claims(db, filters, today, limit)
    data["claims_total"] = total
    data["claims_left_out"] = total - len(data["claims"])
    return data


def evidence_links(db: Database, claim_id: int) -> list[dict[str, Any]]:
    """A claim's evidence: url, title (fetched, else the one given), stance, note, status."""
    sql = (
        "SELECT e.id, e.url, coalesce(p.title, e.title_hint) AS title, e.stance, e.note,"
        " p.status, p.checked_at FROM evidence e JOIN pages p ON p.id = e.page_id"
        " WHERE e.claim_id = ? ORDER BY e.id"
    )
    return list(db.query(sql, [claim_id]))
