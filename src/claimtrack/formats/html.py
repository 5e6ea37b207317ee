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
from ..i18n import N_, Ui, ui
from ..text import shorten, strip_controls
from .html_style import CSP, stylesheet

if TYPE_CHECKING:
    from sqlite_utils import Database

LABELS = {
    "overdue": N_("Overdue"),
    "upcoming": N_("Due in the next {days} days"),
    "later": N_("Later"),
}
QUOTE_WIDTH = 120


def esc(value: Any) -> str:
    text = "" if value is None else str(value)
    if not text.isprintable():  # controls and format characters (bidi, zero-width) are not
        text = strip_controls(text)
    return html.escape(text, quote=True)


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


def lang_attr(lang: str | None) -> str:
    return f' lang="{esc(lang)}"' if lang else ""


def _head(data: dict[str, Any], out: IO[str], t: Ui) -> None:
    speeches = data["speeches"]
    title = t._("Claims report") + (f" · {speeches[0]['title']}" if len(speeches) == 1 else "")
    out.write(
        f'<!doctype html>\n<html lang="{esc(t.lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n<style>{stylesheet()}</style>\n</head>\n<body>\n"
    )


def _header(data: dict[str, Any], out: IO[str], t: Ui) -> None:
    out.write(f"<header>\n<h1>{esc(t._('Claims report'))}</h1>\n")
    for s in data["speeches"]:
        venue = f" · {esc(s['venue'])}" if s.get("venue") else ""
        out.write(
            f'<p class="speech"><strong{lang_attr(s["lang"])}>{esc(s["title"])}</strong><br>'
            f'<span class="meta">{esc(s["speaker"])} · {esc(t.date(s["date"], "long"))}{venue}'
            f"{' · ' + href(s['url']) if s.get('url') else ''}</span></p>\n"
        )
    if not data["speeches"]:
        out.write(f"<p>{esc(t._('No speeches yet.'))}</p>\n")
    asof = t.f_("As of {date}.", date=t.date(data["generated"], "long"))
    out.write(f'<p class="muted">{esc(asof)}</p>\n</header>\n')


def _bars(counts: dict[str, int], out: IO[str], t: Ui) -> None:
    top = max(counts.values(), default=0) or 1
    out.write('<div class="bars">\n')
    for rating, n in counts.items():
        out.write(
            f'<span class="c-{slug(rating)}">{esc(t.rating(rating))}</span>'
            f'<span class="n">{esc(t.number(n))}</span>'
            f'<span class="bar c-{slug(rating)}" role="img" aria-label="{n}">'
            f'<span style="width:{100 * n / top:.1f}%"></span></span>\n'
        )
    out.write("</div>\n")


def _summary(data: dict[str, Any], out: IO[str], t: Ui) -> None:
    rate = data["kept_rate"]
    meter = (
        t._("No commitment settled yet.")
        if rate is None
        else t.f_("{share} of settled promises kept", share=t.percent(rate))
    )
    totals = data["totals"]
    out.write(f'<section id="summary">\n<h2>{esc(t._("Summary"))}</h2>\n')
    commitments = t.f_("Commitments ({n})", n=t.number(totals["commitments"]))
    out.write(f'<h3>{esc(commitments)}</h3>\n<p class="meter">{esc(meter)}</p>\n')
    _bars(data["counts"]["commitments"], out, t)
    out.write(f"<h3>{esc(t.f_('Claims ({n})', n=t.number(totals['claims'])))}</h3>\n")
    _bars(data["counts"]["claims"], out, t)
    out.write("</section>\n")


def _timeline(
    db: Database, filters: Filters, today: date, out: IO[str], t: Ui, lang: str | None
) -> None:
    out.write(f'<section id="deadlines">\n<h2>{esc(t._("Deadlines"))}</h2>\n')
    current = None
    for bucket, r in report.iter_timeline(db, filters, today):
        if bucket != current:
            label = t.f_(LABELS[bucket], days=report.UPCOMING_DAYS)
            out.write(("</ul>\n" if current else "") + f"<h3>{esc(label)}</h3>\n")
            out.write('<ul class="timeline">\n')
            current = bucket
        late = ""
        if bucket == "overdue":
            late = " " + esc(t.n_("({n} day overdue)", "({n} days overdue)", r["days_overdue"]))
        quote = shorten(r["quote"], QUOTE_WIDTH)
        out.write(
            f"<li><time>{esc(t.date(r['deadline_end']))}</time>{late}: "
            f'<a href="#claim-{int(r["id"])}"{lang_attr(lang)}>{esc(quote)}</a> · '
            f'<span class="c-{slug(r["rating"])}">{esc(t.rating(r["rating"]))}</span></li>\n'
        )
    empty = f'<p class="muted">{esc(t._("No open deadlines."))}</p>\n'
    out.write("</ul>\n" if current else empty)
    out.write("</section>\n")


def _filters(data: dict[str, Any], out: IO[str], t: Ui) -> None:
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
    out.write(f'<div class="filters" aria-label="{esc(t._("Filter by rating"))}">\n')
    out.write(f'<label for="f-all">{esc(t._("all"))}</label>\n')
    for group in ("commitments", "claims"):
        for rating, n in data["counts"][group].items():
            if n:
                label = f"{t.rating(rating)} ({t.number(n)})"
                out.write(f'<label for="f-{slug(rating)}">{esc(label)}</label>\n')
    out.write("</div>\n")


def _claim(db: Database, c: dict[str, Any], out: IO[str], t: Ui, lang: str | None) -> None:
    cid = int(c["id"])
    rating = c["rating"]
    out.write(f'<article class="claim r-{slug(rating)}" id="claim-{cid}">\n')
    topic = f" · {esc(c['topic'])}" if c.get("topic") else ""
    label = esc(t.f_("Claim {id}", id=cid))
    out.write(f'<div class="meta">{label} · {esc(t.kind(c["kind"]))}{topic}</div>\n')
    out.write(f"<blockquote{lang_attr(lang)}>{esc(c['quote'])}</blockquote>\n")
    rated = c.get("rated_at") and f' <span class="meta">{esc(t.date(c["rated_at"]))}</span>' or ""
    out.write(f'<p><span class="rating c-{slug(rating)}">{esc(t.rating(rating))}</span>{rated}')
    if c["flags"]:
        out.write(f' <span class="flag">⚑ {esc(", ".join(map(t.flag, c["flags"])))}</span>')
    out.write("</p>\n")
    if c.get("rating_note"):
        out.write(f"<p>{esc(c['rating_note'])}</p>\n")
    if c.get("deadline_end"):
        start = t.date(c.get("deadline_start")) or "…"
        window = t.f_("{start} to {end}", start=start, end=t.date(c["deadline_end"]))
        said = f" (<span{lang_attr(lang)}>{esc(c['deadline_text'])}</span>)"
        out.write(f'<p class="meta">{esc(t._("Deadline"))}: {esc(window)}{said}</p>\n')
    evidence = report.evidence_links(db, cid) if c["evidence_count"] else []
    if evidence:
        out.write("<ul>\n")
    for e in evidence:
        title = f" — {esc(e['title'])}" if e.get("title") else ""
        stance = (
            f' <span class="meta">({esc(t.stance(e["stance"]))})</span>' if e.get("stance") else ""
        )
        out.write(f"<li>{href(e['url'])}{title}{stance}</li>\n")
    out.write("</ul>\n</article>\n" if evidence else "</article>\n")


def write(
    db: Database, filters: Filters, today: date, out: IO[str], labels: Ui | None = None
) -> int:
    """The HTML document, claims in speech order, written as read; returns the count."""
    t = labels or ui()
    data = report.head(db, filters, today)
    langs = {s["id"]: s["lang"] for s in report.speeches_for(db, Filters())}
    one = data["speeches"][0]["lang"] if len(data["speeches"]) == 1 else None
    _head(data, out, t)
    _header(data, out, t)
    _summary(data, out, t)
    _timeline(db, filters, today, out, t, one)
    out.write(f'<section id="claims">\n<h2>{esc(t._("Claims"))}</h2>\n')
    _filters(data, out, t)
    out.write('<div class="list">\n')
    n = 0
    for claim in report.iter_claims(db, filters, today):
        _claim(db, claim, out, t, langs.get(claim["speech_id"]))
        n += 1
    if not n:
        out.write(f'<p class="muted">{esc(t._("No claims match."))}</p>\n')
    out.write("</div>\n</section>\n")
    made = esc(t._("Made with claimtrack."))
    out.write(f'<footer class="muted"><p>{made}</p></footer>\n</body>\n</html>\n')
    return n
