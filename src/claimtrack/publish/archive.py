"""The archived copy of an evidence page, published with the site: its extracted main text
as a plain page (escaped, no script, no image, no link but the original's address), and
the stored response as a one-record WARC file to download. Never the raw page itself."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

from ..fetch.store import snapshot_body, text_of
from ..formats.html import esc, href
from ..i18n import N_
from .layout import foot, head, quoted
from .model import Site

if TYPE_CHECKING:
    from sqlite_utils import Database

ROOT = "../"
_PARAGRAPHS = re.compile(r"\n\s*\n|\n")


def text_page(db: Database, site: Site, page: dict[str, Any]) -> str:
    _ = site.ui._
    text = text_of(db, page["text_hash"]) or ""
    lang = page.get("lang")
    title = page.get("title") or page["url"]
    when = site.ui.date(page.get("fetched_at"), "long")
    paragraphs = "".join(f"<p>{esc(p.strip())}</p>\n" for p in _PARAGRAPHS.split(text) if p.strip())
    attr = f' lang="{esc(lang)}"' if lang else ""
    warc = (
        f' · <a href="{int(page["id"])}.warc.gz" download>{esc(_("WARC record"))}</a>'
        if page.get("raw_hash")
        else ""
    )
    return (
        head(site, f"{title} · {_('Archived copy')}", ROOT)
        + f'<article class="archive">\n<p class="meta">{esc(_("Archived copy"))}'
        + (f" · {esc(when)}" if when else "")
        + f"{warc}</p>\n<h1>{quoted(title, lang)}</h1>\n"
        + f'<p class="meta">{esc(_("Original address"))}: {href(page["url"])}</p>\n'
        + f'<p class="muted">{esc(_(NOTE))}</p>\n'
        + f"<div{attr}>\n{paragraphs}</div>\n</article>\n"
        + foot(site)
    )


NOTE = N_(
    "The main text claimtrack extracted from the page when it was fetched. The page's own"
    " layout, images and scripts are not published."
)


def warc_record(db: Database, page: dict[str, Any]) -> bytes:
    """The stored body of the page as one gzipped WARC response record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body, ctype = snapshot_body(db, page["raw_hash"])
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    headers = [
        ("Content-Type", ctype or "application/octet-stream"),
        ("Content-Length", str(len(body))),
    ]
    status = page.get("http_status") or 200
    http = StatusAndHeaders(f"{status} OK", headers, protocol="HTTP/1.1")
    stamp = (page.get("fetched_at") or "").replace(" ", "T")
    record = writer.create_warc_record(
        page.get("final_url") or page["url"],
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": stamp} if stamp else None,
    )
    writer.write_record(record)
    return out.getvalue()
