"""The Atom feed of rating changes (`feed.xml`): the newest changes first, each linking
the claim's page. Entry ids are stable, so a feed reader shows each change once."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ..formats.html import esc
from ..text import shorten, strip_controls
from .model import Site

ENTRIES = 100


def _text(value: Any) -> str:
    return escape(strip_controls("" if value is None else str(value)))


def _stamp(value: str) -> str:
    """An event time as RFC 3339 (the events table stores UTC as ...Z or with a space)."""
    value = value.replace(" ", "T")
    return value if value.endswith("Z") or "+" in value[10:] else value + "Z"


def _link(site: Site, claim_id: int) -> str:
    return f"{site.base or ''}claims/{int(claim_id)}.html"


def render(site: Site, changes: list[dict[str, Any]], title: str) -> str:
    ui = site.ui
    updated = _stamp(changes[0]["at"]) if changes else f"{site.today.isoformat()}T00:00:00Z"
    base = site.base or "urn:claimtrack:"
    here = site.base or ""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{esc(ui.lang)}">\n'
        f"<title>{_text(title)}</title>\n<id>{_text(base + 'feed.xml')}</id>\n"
        f"<updated>{updated}</updated>\n"
        f'<link rel="self" href={quoteattr(here + "feed.xml")}/>\n'
        f"<link href={quoteattr(here + 'index.html')}/>\n"
    ]
    for ev in changes:
        cid = ev["group_id"] or ev["claim_id"]
        what = ui.f_(
            "Claim {id}: {old} → {new}",
            id=ev["claim_id"],
            old=ui.rating(ev["old"] or ""),
            new=ui.rating(ev["new"] or ""),
        )
        said = ev.get("summary") or shorten(ev["quote"], 75)
        note = f"\n{ev['note']}" if ev.get("note") else ""
        entry_id = f"{base}claims/{int(ev['claim_id'])}.html#event-{int(ev['id'])}"
        out.append(
            f"<entry>\n<title>{_text(what)}</title>\n"
            f"<id>{_text(entry_id)}</id>\n"
            f"<updated>{_stamp(ev['at'])}</updated>\n"
            f"<link href={quoteattr(_link(site, cid))}/>\n"
            f"<author><name>{_text(ev.get('by') or 'claimtrack')}</name></author>\n"
            f"<summary>{_text(said + note)}</summary>\n</entry>\n"
        )
    return "".join(out) + "</feed>\n"
