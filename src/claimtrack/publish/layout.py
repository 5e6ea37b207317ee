"""The frame of every page: head with the CSP, the site's stylesheet, navigation, footer.

Pages are self-contained (inline CSS, no script but the inert JSON-LD, no external
resource) and link each other by relative paths, so the site works from any directory of
any static host, and from disk.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..formats.html import esc, slug
from ..formats.html_style import CSP, stylesheet
from .model import Site

SITE_CSS = """
nav.top { display: flex; flex-wrap: wrap; gap: .3rem 1rem; margin-bottom: 1rem;
  font-size: .95rem; }
.pills { display: flex; flex-wrap: wrap; gap: .3rem; margin: .5rem 0; padding: 0;
  list-style: none; }
.pills a { display: inline-block; border: 1px solid var(--line); border-radius: 1rem;
  padding: .1rem .6rem; text-decoration: none; font-size: .9rem; }
.pills a[aria-current] { background: var(--fg); color: var(--bg); }
.bars a { color: inherit; } article.claim h1 { font-size: 1.25rem; }
mark { background: #fff3b0; color: #1f2328; padding: 0 .1rem; }
.sentence { font-size: 1.05rem; border-left: .25rem solid var(--line); margin: .5rem 0;
  padding: .2rem .8rem; }
.paraphrase { font-style: italic; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
ol.history { list-style: none; padding-left: 0; border-left: 2px solid var(--line); }
ol.history li { margin: 0 0 .8rem; padding-left: .8rem; }
.dead { text-decoration: line-through; }
.badge { font-size: .8rem; border: 1px solid; border-radius: .2rem; padding: 0 .3rem; }
.archive pre { white-space: pre-wrap; font: inherit; }
@media print { nav.top, .pills { display: none; } a { color: inherit; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: .8rem; }
  .claim { break-inside: avoid; } }
"""


def head(site: Site, title: str, root: str, extra: str = "") -> str:
    """From the doctype to the opening of the main element; `root` leads back to the top."""
    return (
        f'<!doctype html>\n<html lang="{esc(site.ui.lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n{extra}"
        f'<link rel="alternate" type="application/atom+xml" href="{root}feed.xml">\n'
        f"<style>{_css()}</style>\n</head>\n<body>\n{nav(site, root)}<main>\n"
    )


@cache
def _css() -> str:
    return stylesheet() + SITE_CSS


def nav(site: Site, root: str) -> str:
    _ = site.ui._
    return (
        f'<nav class="top"><a href="{root}index.html">{esc(_("All claims"))}</a>'
        f'<a href="{root}index.html#deadlines">{esc(_("Deadlines"))}</a>'
        f'<a href="{root}feed.xml">{esc(_("Rating changes (Atom feed)"))}</a></nav>\n'
    )


def foot(site: Site, dated: bool = False) -> str:
    """The footer; `dated` pages (the lists) say the day they were made."""
    made = esc(site.ui._("Made with claimtrack."))
    asof = esc(site.ui.f_("As of {date}.", date=site.ui.date(site.today, "long"))) if dated else ""
    return f'</main>\n<footer class="muted"><p>{asof} {made}</p></footer>\n</body>\n</html>\n'


def rating(site: Site, value: str) -> str:
    """A rating in words, coloured, with its class (never colour alone)."""
    return f'<span class="rating c-{slug(value)}">{esc(site.ui.rating(value))}</span>'


def quoted(text: Any, lang: str | None) -> str:
    """Text in the speech's language, with its own lang attribute."""
    attr = f' lang="{esc(lang)}"' if lang else ""
    return f"<span{attr}>{esc(text)}</span>"


def claim_href(root: str, claim_id: int) -> str:
    return f"{root}claims/{int(claim_id)}.html"
