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
from ..text import strip_controls

if TYPE_CHECKING:
    from sqlite_utils import Database

# Punctuation that can start formatting, links or HTML anywhere in a line …
_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!|~])")
# … and what only matters at the start of one (lists, breaks, setext headings).
_LEADING = re.compile(r"^(\d+)([.)])|^([-=])")
_SPACE = re.compile(r"\s+")
# Characters allowed unencoded inside an autolink.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


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


def _summary(data: dict[str, Any], out: IO[str]) -> None:
    out.write("# Claims report\n\n")
    for s in data["speeches"]:
        out.write(f"- **{text(s['title'])}** — {text(s['speaker'])}, {text(s['date'])}")
        out.write(f", {text(s['venue'])}" if s.get("venue") else "")
        out.write(f" {link(s['url'])}\n" if s.get("url") else "\n")
    rate = data["kept_rate"]
    out.write(f"\nAs of {data['generated']}: {data['totals']['claims']} claims and ")
    out.write(f"{data['totals']['commitments']} commitments. Promise meter: ")
    out.write("no commitment settled yet.\n" if rate is None else f"{rate:.0%} kept.\n")
    for group, title in (("commitments", "Commitments"), ("claims", "Claims")):
        out.write(f"\n| {title} | count |\n|---|---:|\n")
        for rating, n in data["counts"][group].items():
            out.write(f"| {rating} | {n} |\n")


def _timeline(db: Database, filters: Filters, today: date, out: IO[str]) -> None:
    out.write("\n## Deadlines\n")
    labels = {
        "overdue": "Overdue",
        "upcoming": f"Due in the next {report.UPCOMING_DAYS} days",
        "later": "Later",
    }
    current = None
    for bucket, row in report.iter_timeline(db, filters, today):
        if bucket != current:
            out.write(f"\n### {labels[bucket]}\n\n")
            current = bucket
        late = f" ({row['days_overdue']} days overdue)" if bucket == "overdue" else ""
        out.write(
            f"- {row['deadline_end']}{late}: [claim {row['id']}](#claim-{row['id']}) — "
            f"{text(row['rating'])}\n"
        )
    if current is None:
        out.write("\nNo open deadlines.\n")


def _claim(db: Database, c: dict[str, Any], out: IO[str]) -> None:
    topic = f" · {text(c['topic'])}" if c.get("topic") else ""
    out.write(f'\n<a id="claim-{c["id"]}"></a>\n### Claim {c["id"]} · {c["kind"]}{topic}\n\n')
    out.write(f"> {text(c['quote'])}\n\n**Rating:** {text(c['rating'])}")
    out.write(f" ({c['rated_at'][:10]})\n" if c.get("rated_at") else "\n")
    if c.get("rating_note"):
        out.write(f"\n**Note:** {text(c['rating_note'])}\n")
    if c.get("deadline_end"):
        window = f"{c.get('deadline_start') or '…'} to {c['deadline_end']}"
        out.write(f"\n**Deadline:** {window} ({text(c.get('deadline_text'))})\n")
    if c["flags"]:
        out.write(f"\n**Flags:** {text(', '.join(c['flags']))}\n")
    evidence = report.evidence_links(db, c["id"]) if c["evidence_count"] else []
    if evidence:
        out.write("\n**Evidence:**\n\n")
    for e in evidence:
        title = f" — {text(e['title'])}" if e.get("title") else ""
        stance = f" ({text(e['stance'])})" if e.get("stance") else ""
        out.write(f"- {link(e['url'])}{title}{stance}\n")


def write(db: Database, filters: Filters, today: date, out: IO[str]) -> int:
    """The Markdown document, claims in speech order, written as read; returns the count."""
    _summary(report.head(db, filters, today), out)
    _timeline(db, filters, today, out)
    out.write("\n## Claims\n")
    n = 0
    for claim in report.iter_claims(db, filters, today):
        _claim(db, claim, out)
        n += 1
    if not n:
        out.write("\nNo claims match.\n")
    return n
