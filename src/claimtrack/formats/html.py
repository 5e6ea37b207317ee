"""The report as one self-contained HTML file: inline CSS, no script, no external resource.

Every piece of text from users and pages goes through `esc` (html.escape with quotes), and
a Content-Security-Policy meta tag forbids scripts and any network fetch as a second line of
defence. Claims are written as they are read, so the file streams like the JSON.
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from .. import report
from ..claims import Filters
from ..text import strip_controls
from .html_style import CSP, stylesheet

if TYPE_CHECKING:
    from sqlite_utils import Database

LABELS = {
    "overdue": "Overdue",
    "upcoming": f"Due in the next {report.UPCOMING_DAYS} days",
    "later": "Later",
}


def esc(value: Any) -> str:
    return html.escape(strip_controls("" if value is None else str(value)), quote=True)


def slug(rating: str) -> str:
    """A rating as a CSS class part (ratings are known words; anything else is dropped)."""
    return re.sub(r"[^a-z-]", "", rating.lower())


def href(url: str | None) -> str:
    """A link for http(s) URLs; anything else is shown as text, never as a link."""
    if not url:
        return ""
    if re.match(r"(?i)https?://", url):
        return f'<a href="{esc(url)}" rel="nofollow noopener noreferrer">{esc(url)}</a>'
    return esc(url)


def _head(data: dict[str, Any], out: IO[str]) -> None:
    speeches = data["speeches"]
    lang = esc(speeches[0]["lang"]) if len(speeches) == 1 and speeches[0]["lang"] else "en"
    title = "Claims report" + (f" · {speeches[0]['title']}" if len(speeches) == 1 else "")
    out.write(
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n<style>{stylesheet()}</style>\n</head>\n<body>\n"
    )


def _header(data: dict[str, Any], out: IO[str]) -> None:
    out.write("<header>\n<h1>Claims report</h1>\n")
    for s in data["speeches"]:
        venue = f" · {esc(s['venue'])}" if s.get("venue") else ""
        out.write(
            f'<p class="speech"><strong>{esc(s["title"])}</strong><br>'
            f'<span class="meta">{esc(s["speaker"])} · {esc(s["date"])}{venue}'
            f"{' · ' + href(s['url']) if s.get('url') else ''}</span></p>\n"
        )
    if not data["speeches"]:
        out.write("<p>No speeches yet.</p>\n")
    out.write(f'<p class="muted">As of {esc(data["generated"])}.</p>\n</header>\n')


def _bars(counts: dict[str, int], out: IO[str]) -> None:
    top = max(counts.values(), default=0) or 1
    out.write('<div class="bars">\n')
    for rating, n in counts.items():
        out.write(
            f'<span class="c-{slug(rating)}">{esc(rating)}</span><span class="n">{n}</span>'
            f'<span class="bar c-{slug(rating)}" role="img" aria-label="{n}">'
            f'<span style="width:{100 * n / top:.1f}%"></span></span>\n'
        )
    out.write("</div>\n")


def _summary(data: dict[str, Any], out: IO[str]) -> None:
    rate = data["kept_rate"]
    meter = "no commitment settled yet" if rate is None else f"{rate:.0%} of settled promises kept"
    totals = data["totals"]
    out.write('<section id="summary">\n<h2>Summary</h2>\n')
    out.write(f'<h3>Commitments ({totals["commitments"]})</h3>\n<p class="meter">{meter}</p>\n')
    _bars(data["counts"]["commitments"], out)
    out.write(f"<h3>Claims ({totals['claims']})</h3>\n")
    _bars(data["counts"]["claims"], out)
    out.write("</section>\n")


def _timeline(db: Database, filters: Filters, today: date, out: IO[str]) -> None:
    out.write('<section id="deadlines">\n<h2>Deadlines</h2>\n')
    current = None
    for bucket, r in report.iter_timeline(db, filters, today):
        if bucket != current:
            out.write(("</ul>\n" if current else "") + f"<h3>{LABELS[bucket]}</h3>\n")
            out.write('<ul class="timeline">\n')
            current = bucket
        late = f" ({r['days_overdue']} days overdue)" if bucket == "overdue" else ""
        out.write(
            f"<li><time>{esc(r['deadline_end'])}</time>{late}: "
            f'<a href="#claim-{int(r["id"])}">claim {int(r["id"])}</a> · '
            f'<span class="c-{slug(r["rating"])}">{esc(r["rating"])}</span></li>\n'
        )
    out.write("</ul>\n" if current else '<p class="muted">No open deadlines.</p>\n')
    out.write("</section>\n")


def _filters(data: dict[str, Any], out: IO[str]) -> None:
    """Radio inputs first (siblings of the list, so CSS can filter it), then their labels."""
    present = [
        rating
        for group in ("commitments", "claims")
        for rating, n in data["counts"][group].items()
        if n
    ]
    out.write('<input class="f" type="radio" name="f" id="f-all" checked>\n')
    for rating in present:
        out.write(f'<input class="f" type="radio" name="f" id="f-{slug(rating)}">\n')
    out.write('<div class="filters" aria-label="Filter by rating">\n')
    out.write('<label for="f-all">all</label>\n')
    for group in ("commitments", "claims"):
        for rating, n in data["counts"][group].items():
            if n:
                out.write(f'<label for="f-{slug(rating)}">{esc(rating)} ({n})</label>\n')
    out.write("</div>\n")


def _claim(db: Database, c: dict[str, Any], out: IO[str]) -> None:
    cid = int(c["id"])
    rating = c["rating"]
    out.write(f'<article class="claim r-{slug(rating)}" id="claim-{cid}">\n')
    topic = f" · {esc(c['topic'])}" if c.get("topic") else ""
    out.write(f'<div class="meta">Claim {cid} · {esc(c["kind"])}{topic}</div>\n')
    out.write(f"<blockquote>{esc(c['quote'])}</blockquote>\n")
    rated = c.get("rated_at") and f' <span class="meta">{esc(c["rated_at"][:10])}</span>' or ""
    out.write(f'<p><span class="rating c-{slug(rating)}">{esc(rating)}</span>{rated}')
    if c["flags"]:
        out.write(f' <span class="flag">⚑ {esc(", ".join(c["flags"]))}</span>')
    out.write("</p>\n")
    if c.get("rating_note"):
        out.write(f"<p>{esc(c['rating_note'])}</p>\n")
    if c.get("deadline_end"):
        window = f"{c.get('deadline_start') or '…'} to {c['deadline_end']}"
        out.write(f'<p class="meta">Deadline: {esc(window)} ({esc(c["deadline_text"])})</p>\n')
    evidence = report.evidence_links(db, cid) if c["evidence_count"] else []
    if evidence:
        out.write("<ul>\n")
    for e in evidence:
        title = f" — {esc(e['title'])}" if e.get("title") else ""
        stance = f' <span class="meta">({esc(e["stance"])})</span>' if e.get("stance") else ""
        out.write(f"<li>{href(e['url'])}{title}{stance}</li>\n")
    out.write("</ul>\n</article>\n" if evidence else "</article>\n")


def write(db: Database, filters: Filters, today: date, out: IO[str]) -> int:
    """The HTML document, claims in speech order, written as read; returns the count."""
    data = report.head(db, filters, today)
    _head(data, out)
    _header(data, out)
    _summary(data, out)
    _timeline(db, filters, today, out)
    out.write('<section id="claims">\n<h2>Claims</h2>\n')
    _filters(data, out)
    out.write('<div class="list">\n')
    n = 0
    for claim in report.iter_claims(db, filters, today):
        _claim(db, claim, out)
        n += 1
    if not n:
        out.write('<p class="muted">No claims match.</p>\n')
    out.write("</div>\n</section>\n")
    out.write('<footer class="muted"><p>Made with claimtrack.</p></footer>\n</body>\n</html>\n')
    return n
