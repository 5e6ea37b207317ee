"""The report as Markdown a newsroom can paste: summary, timeline, one section per claim.

All text from users and pages is escaped: Markdown punctuation gets a backslash and `&<>`
become entities, so a quote cannot inject HTML, links or formatting. URLs are `<…>`
autolinks only when they are http(s); anything else is shown as escaped text.
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote

from .. import report
from ..claims import Filters
from ..i18n import Ui, ui
from ..text import shorten, strip_controls

if TYPE_CHECKING:
    from sqlite_utils import Database

# Punctuation that can start formatting, links or HTML anywhere in a line …
_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!|~])")
# … and what only matters at the start of one (lists, breaks, setext headings).
_LEADING = re.compile(r"^(\d+)([.)])|^([-=])")
_SPACE = re.compile(r"\s+")
# Characters allowed unencoded inside an autolink.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
QUOTE_WIDTH = 120


def text(value: Any) -> str:
    """One line of inert Markdown text."""
    line = _SPACE.sub(" ", strip_controls("" if value is None else str(value))).strip()
    line = _SPECIAL.sub(r"\\\1", line)
    line = _LEADING.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", line)
    return html.escape(line, quote=False)


def link(url: str | None) -> str:
    if not url:
        return ""
    if re.match(r"(?i)https?://", url):
        return "<" + quote(strip_controls(url), safe=_URL_SAFE) + ">"
    return text(url)


def _summary(data: dict[str, Any], out: IO[str], t: Ui) -> None:
    out.write(f"# {text(t._('Claims report'))}\n\n")
    for s in data["speeches"]:
        known = [text(s["speaker"]) if s.get("speaker") else ""]
        known += [text(t.date(s["date"])) if s.get("date") else "", text(s.get("venue") or "")]
        said = ", ".join(part for part in known if part)  # a speech may lack any of them
        out.write(f"- **{text(s['title'])}**" + (f" — {said}" if said else ""))
        out.write(f" {link(s['url'])}\n" if s.get("url") else "\n")
    rate = data["kept_rate"]
    totals = data["totals"]
    line = t.f_(
        "As of {date}: {claims} claims and {commitments} commitments.",
        date=t.date(data["generated"]),
        claims=t.number(totals["claims"]),
        commitments=t.number(totals["commitments"]),
    )
    meter = (
        t._("No commitment settled yet.")
        if rate is None
        else t.f_("{share} of settled promises kept", share=t.percent(rate))
    )
    out.write(f"\n{text(line)} {text(t._('Promise meter:'))} {text(meter)}\n")
    for group, title in (("commitments", t._("Commitments")), ("claims", t._("Claims"))):
        out.write(f"\n| {text(title)} | {text(t._('count'))} |\n|---|---:|\n")
        for rating, n in data["counts"][group].items():
            out.write(f"| {text(t.rating(rating))} | {n} |\n")


def _timeline(db: Database, filters: Filters, today: date, out: IO[str], t: Ui) -> None:
    from .html import LABELS

    out.write(f"\n## {text(t._('Deadlines'))}\n")
    current = None
    for bucket, row in report.iter_timeline(db, filters, today):
        if bucket != current:
            out.write(f"\n### {text(t.f_(LABELS[bucket], days=report.UPCOMING_DAYS))}\n\n")
            current = bucket
        late = ""
        if bucket == "overdue":
            late = " " + text(t.n_("({n} day overdue)", "({n} days overdue)", row["days_overdue"]))
        quote = text(shorten(row["quote"], QUOTE_WIDTH))
        out.write(
            f"- {text(t.date(row['deadline_end']))}{late}: [{quote}](#claim-{int(row['id'])}) — "
            f"{text(t.rating(row['rating']))}\n"
        )
    if current is None:
        out.write(f"\n{text(t._('No open deadlines.'))}\n")


def _claim(db: Database, c: dict[str, Any], out: IO[str], t: Ui) -> None:
    """One claim's section; every value is escaped, also those that can only arrive by
    import (kind, dates, flags), since an import can store any text there."""
    cid = int(c["id"])
    topic = f" · {text(c['topic'])}" if c.get("topic") else ""
    heading = f"{text(t.f_('Claim {id}', id=cid))} · {text(t.kind(c['kind']))}{topic}"
    out.write(f'\n<a id="claim-{cid}"></a>\n### {heading}\n\n')
    out.write(f"> {text(c['quote'])}\n\n**{text(t._('Rating'))}:** {text(t.rating(c['rating']))}")
    out.write(f" ({text(t.date(c['rated_at']))})\n" if c.get("rated_at") else "\n")
    if c.get("rating_note"):
        out.write(f"\n**{text(t._('Note'))}:** {text(c['rating_note'])}\n")
    if c.get("deadline_end"):
        start = t.date(c.get("deadline_start")) or "…"
        window = t.f_("{start} to {end}", start=start, end=t.date(c["deadline_end"]))
        out.write(
            f"\n**{text(t._('Deadline'))}:** {text(window)} ({text(c.get('deadline_text'))})\n"
        )
    if c["flags"]:
        out.write(f"\n**{text(t._('Flags'))}:** {text(', '.join(map(t.flag, c['flags'])))}\n")
    evidence = report.evidence_links(db, cid) if c["evidence_count"] else []
    if evidence:
        out.write(f"\n**{text(t._('Evidence'))}:**\n\n")
    for e in evidence:
        title = f" — {text(e['title'])}" if e.get("title") else ""
        stance = f" ({text(t.stance(e['stance']))})" if e.get("stance") else ""
        out.write(f"- {link(e['url'])}{title}{stance}\n")


def write(
    db: Database, filters: Filters, today: date, out: IO[str], labels: Ui | None = None
) -> int:
    """The Markdown document, claims in speech order, written as read; returns the count."""
    t = labels or ui()
    _summary(report.head(db, filters, today), out, t)
    _timeline(db, filters, today, out, t)
    out.write(f"\n## {text(t._('Claims'))}\n")
    n = 0
    for claim in report.iter_claims(db, filters, today):
        _claim(db, claim, out, t)
        n += 1
    if not n:
        out.write(f"\n{text(t._('No claims match.'))}\n")
    return n
