"""The pages that list claims: the index (summary bars, deadlines with their quotes, all
claims), one pre-rendered page per rating and per kind (filters without JavaScript), and
one page per speech. Each group of restatements is counted and listed once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from .. import report, scales
from ..formats.html import esc, href, slug
from ..i18n import N_
from ..text import shorten
from .layout import claim_href, foot, head, quoted, rating
from .model import Site

QUOTE_WIDTH = 160
BUCKETS = {
    "overdue": N_("Overdue"),
    "upcoming": N_("Due in the next {days} days"),
    "later": N_("Later"),
}


def pages(
    site: Site, heads: list[dict[str, Any]], speeches: list[dict[str, Any]]
) -> Iterator[tuple[str, str]]:
    """(relative path, HTML) of every list page."""
    langs = {s["id"]: s.get("lang") for s in speeches}
    made: Cards = {}
    links = filter_links(site, heads)
    yield "index.html", index(site, heads, speeches, langs, made, links)
    for value in dict.fromkeys(scales.VERDICTS + scales.PROMISES):
        rows = [c for c in heads if c["rating"] == value]
        if rows:
            title = site.ui.rating(value)
            yield (
                f"ratings/{value}.html",
                listing(site, title, rows, langs, links, f"r:{value}", made),
            )
    for kind in scales.KINDS:
        rows = [c for c in heads if c["kind"] == kind]
        if rows:
            title = site.ui.kind(kind)
            yield f"kinds/{kind}.html", listing(site, title, rows, langs, links, f"k:{kind}", made)
    for s in speeches:
        rows = [c for c in heads if c["speech_id"] == s["id"]]
        yield f"speeches/{int(s['id'])}.html", speech_page(site, s, rows, langs, made)


def counts(heads: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    out = {
        "commitments": dict.fromkeys(scales.PROMISES, 0),
        "claims": dict.fromkeys(scales.VERDICTS, 0),
    }
    for c in heads:
        out["commitments" if c["kind"] == "commitment" else "claims"][c["rating"]] += 1
    return out


def _bars(site: Site, values: dict[str, int], root: str | None) -> str:
    """Rating bars; with a `root`, each rating links its filter page (of the whole site)."""
    top = max(values.values(), default=0) or 1
    out = ['<div class="bars">\n']
    for value, n in values.items():
        name = esc(site.ui.rating(value))
        label = (
            f'<a href="{root}ratings/{value}.html">{name}</a>' if n and root is not None else name
        )
        out.append(
            f'<span class="c-{slug(value)}">{label}</span>'
            f'<span class="n">{esc(site.ui.number(n))}</span>'
            f'<span class="bar c-{slug(value)}" role="img" aria-label="{n}">'
            f'<span style="width:{100 * n / top:.1f}%"></span></span>\n'
        )
    return "".join(out) + "</div>\n"


def _summary(site: Site, heads: list[dict[str, Any]], root: str | None) -> str:
    _ = site.ui._
    found = counts(heads)
    rate = report.kept_rate(found["commitments"])
    meter = (
        _("No commitment settled yet.")
        if rate is None
        else site.ui.f_("{share} of settled promises kept", share=site.ui.percent(rate))
    )
    total_p, total_c = sum(found["commitments"].values()), sum(found["claims"].values())
    return (
        f'<section id="summary">\n<h2>{esc(_("Summary"))}</h2>\n'
        f"<h3>{esc(site.ui.f_('Commitments ({n})', n=site.ui.number(total_p)))}</h3>\n"
        f'<p class="meter">{esc(meter)}</p>\n{_bars(site, found["commitments"], root)}'
        f"<h3>{esc(site.ui.f_('Claims ({n})', n=site.ui.number(total_c)))}</h3>\n"
        f"{_bars(site, found['claims'], root)}</section>\n"
    )


def deadlines(site: Site, heads: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Open commitments with a deadline, by bucket and date (as the report counts them)."""
    today = site.today
    soon = (today + timedelta(days=report.UPCOMING_DAYS)).isoformat()
    out: dict[str, list[dict[str, Any]]] = {b: [] for b in BUCKETS}
    rows = [
        c
        for c in heads
        if c["kind"] == "commitment"
        and c.get("deadline_end")
        and c["rating"] not in scales.RESOLVED_PROMISES
    ]
    for c in sorted(rows, key=lambda c: (c["deadline_end"], c["id"])):
        if c["deadline_end"] < today.isoformat():
            out["overdue"].append(c)
        else:
            out["upcoming" if c["deadline_end"] <= soon else "later"].append(c)
    return out


def _deadlines(site: Site, heads: list[dict[str, Any]], langs: dict[int, Any], root: str) -> str:
    _ = site.ui._
    out = [f'<section id="deadlines">\n<h2>{esc(_("Deadlines"))}</h2>\n']
    found = deadlines(site, heads)
    for bucket, label in BUCKETS.items():
        if not found[bucket]:
            continue
        out.append(f"<h3>{esc(site.ui.f_(label, days=report.UPCOMING_DAYS))}</h3>\n")
        out.append('<ul class="timeline">\n')
        for c in found[bucket]:
            late = ""
            if bucket == "overdue":
                days = (site.today - date.fromisoformat(c["deadline_end"])).days
                late = " " + esc(site.ui.n_("({n} day overdue)", "({n} days overdue)", days))
            out.append(
                f"<li><time>{esc(site.ui.date(c['deadline_end']))}</time>{late}: "
                f'<a href="{claim_href(root, c["id"])}">'
                f"{quoted(shorten(c['quote'], QUOTE_WIDTH), langs.get(c['speech_id']))}</a>"
                f" · {rating(site, c['rating'])}</li>\n"
            )
        out.append("</ul>\n")
    if len(out) == 1:
        out.append(f'<p class="muted">{esc(_("No open deadlines."))}</p>\n')
    return "".join(out) + "</section>\n"


Links = list[tuple[str, str, str, int]]  # (key, path from the top, name, count)


def filters(site: Site, links: Links, root: str, current: str) -> str:
    """Links to the pre-rendered pages: all, each rating present, each kind present."""
    items = "".join(
        f'<li><a href="{root}{link}"{" aria-current=page" if key == current else ""}>'
        f"{esc(name)} ({esc(site.ui.number(n))})</a></li>\n"
        for key, link, name, n in links
    )
    return f'<ul class="pills" aria-label="{esc(site.ui._("Filter"))}">\n{items}</ul>\n'


def filter_links(site: Site, heads: list[dict[str, Any]]) -> Links:
    _ = site.ui._
    found = counts(heads)
    links = [("", "index.html", _("All claims"), len(heads))]
    for group in ("commitments", "claims"):
        for value, n in found[group].items():
            if n:
                links.append((f"r:{value}", f"ratings/{value}.html", site.ui.rating(value), n))
    for kind in scales.KINDS:
        n = sum(1 for c in heads if c["kind"] == kind)
        if n:
            links.append((f"k:{kind}", f"kinds/{kind}.html", site.ui.kind(kind), n))
    return links


# (claim id, root) -> its card: a claim is on the index, its rating's, kind's and speech's page,
# the same card but for the relative link
Cards = dict[tuple[int, str], str]


def cards(
    site: Site, rows: list[dict[str, Any]], langs: dict[int, Any], root: str, made: Cards
) -> str:
    """One short card a claim: id, kind, quote (shortened), rating, flags; links to its page."""
    if not rows:
        return f'<p class="muted">{esc(site.ui._("No claims match."))}</p>\n'
    out = []
    for c in rows:
        key = (c["id"], root)
        if key not in made:
            top = made.get((c["id"], ""))
            if top is None:
                top = made[(c["id"], "")] = _card(site, c, langs, "")
            # the card's one link, from another depth (quotes are escaped: no `href="` in text)
            made[key] = top.replace('href="claims/', f'href="{root}claims/', 1)
        out.append(made[key])
    return "".join(out)


def _card(site: Site, c: dict[str, Any], langs: dict[int, Any], root: str) -> str:
    flags = ""
    if c["flags"]:
        flags = f' <span class="flag">⚑ {esc(", ".join(site.ui.flag(f) for f in c["flags"]))}'
        flags += "</span>"
    label = esc(site.ui.f_("Claim {id}", id=c["id"]))
    quote = quoted(shorten(c["quote"], QUOTE_WIDTH), langs.get(c["speech_id"]))
    topic = " · " + esc(c["topic"]) if c.get("topic") else ""
    return (
        f'<article class="claim r-{slug(c["rating"])}" id="claim-{int(c["id"])}">'
        f'<div class="meta"><a href="{claim_href(root, c["id"])}">{label}</a> · '
        f"{esc(site.ui.kind(c['kind']))}{topic}</div>\n<blockquote>{quote}</blockquote>\n"
        f"<p>{rating(site, c['rating'])}{flags}</p></article>\n"
    )


def _speeches(site: Site, speeches: list[dict[str, Any]], root: str) -> str:
    out = []
    for s in speeches:
        lang = s.get("lang")
        venue = f" · {esc(s['venue'])}" if s.get("venue") else ""
        out.append(
            f'<p class="speech"><a href="{root}speeches/{int(s["id"])}.html">'
            f"<strong>{quoted(s['title'], lang)}</strong></a><br>"
            f'<span class="meta">{esc(s.get("speaker"))} · '
            f"{esc(site.ui.date(s.get('date'), 'long'))}{venue}</span></p>\n"
        )
    return "".join(out) or f"<p>{esc(site.ui._('No speeches yet.'))}</p>\n"


def index(
    site: Site,
    heads: list[dict[str, Any]],
    speeches: list[dict[str, Any]],
    langs: dict[int, Any],
    made: Cards,
    links: Links,
) -> str:
    _ = site.ui._
    return (
        head(site, _("Fact check"), "")
        + f"<header>\n<h1>{esc(_('Fact check'))}</h1>\n{_speeches(site, speeches, '')}</header>\n"
        + _summary(site, heads, "")
        + _deadlines(site, heads, langs, "")
        + f'<section id="claims">\n<h2>{esc(_("Claims"))}</h2>\n'
        + filters(site, links, "", "")
        + cards(site, heads, langs, "", made)
        + "</section>\n"
        + foot(site, dated=True)
    )


def listing(
    site: Site,
    title: str,
    rows: list[dict[str, Any]],
    langs: dict[int, Any],
    links: Links,
    key: str,
    made: Cards,
) -> str:
    root = "../"
    return (
        head(site, f"{title} · {site.ui._('Fact check')}", root)
        + f"<h1>{esc(title)}</h1>\n"
        + filters(site, links, root, key)
        + cards(site, rows, langs, root, made)
        + foot(site, dated=True)
    )


def speech_page(
    site: Site,
    speech: dict[str, Any],
    rows: list[dict[str, Any]],
    langs: dict[int, Any],
    made: Cards,
) -> str:
    _ = site.ui._
    root = "../"
    lang = speech.get("lang")
    facts = (
        f'<p class="meta">{esc(speech.get("speaker"))} · '
        f"{esc(site.ui.date(speech.get('date'), 'long'))}"
        f"{' · ' + esc(speech['venue']) if speech.get('venue') else ''}</p>\n"
    )
    source = f"<p>{esc(_('Source'))}: {href(speech['url'])}</p>\n" if speech.get("url") else ""
    return (
        head(site, f"{speech['title']} · {_('Fact check')}", root)
        + f"<h1>{quoted(speech['title'], lang)}</h1>\n{facts}{source}"
        + _summary(site, rows, None)  # the filter pages count every speech: not linked here
        + _deadlines(site, rows, langs, root)
        + f"<h2>{esc(_('Claims'))}</h2>\n"
        + cards(site, rows, langs, root, made)
        + foot(site, dated=True)
    )
