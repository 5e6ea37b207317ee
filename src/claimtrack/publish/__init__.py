"""`claimtrack publish`: the claims as a static fact-check site.

index.html (summary, deadlines with their quotes, all claims), ratings/*.html and
kinds/*.html (filters without JavaScript), speeches/ID.html, claims/ID.html (a stable
permalink per claim, with its ClaimReview JSON-LD), archive/PAGE.html and PAGE.warc.gz
(archived evidence), feed.xml (Atom feed of rating changes). See docs/publishing.md.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import InvalidInput
from ..formats import claimreview
from ..i18n import ui
from ..speeches import get_speech
from . import archive, claim_page, data, feed, lists
from .files import Output
from .model import Result, Site

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = ["Result", "publish"]


def publish(
    db: Database,
    out: Path,
    *,
    today: date,
    lang: str = "en",
    base_url: str | None = None,
    speech_ids: tuple[int, ...] = (),
    changed_only: bool = False,
) -> Result:
    """Write the site into `out`; with `changed_only`, only the files whose content changed."""
    for sid in speech_ids:
        get_speech(db, sid)
    if out.exists() and not out.is_dir():
        raise InvalidInput(f"{out} is not a directory")
    result = Result()
    site = _site(db, out, today, lang, base_url, tuple(speech_ids), result.warnings)
    speeches = data.speeches(db, site.speech_ids)
    output = Output(out, changed_only)
    context = json.dumps([__version__, site.ui.lang, site.base, site.org, speeches])
    rebuild = not output.same_context(context)
    groups = data.groups(data.claims(db, site.speech_ids))
    heads = [members[0] for members in groups.values()]
    _claims(db, site, output, groups, speeches, rebuild)
    _archive(db, site, output, rebuild)
    for rel, page in lists.pages(site, heads, speeches):
        output.put(rel, page)
    changes = data.rating_changes(db, site.speech_ids, feed.ENTRIES)
    output.put("feed.xml", feed.render(site, changes, site.ui._("Rating changes")))
    result.removed = output.finish(context)
    result.written, result.unchanged = output.written, output.unchanged
    result.claims = len(heads)
    if site.org and site.base:
        result.reviews = sum(1 for c in heads if claimreview.marked_up(c["rating"]))
    return result


def _site(
    db: Database,
    out: Path,
    today: date,
    lang: str,
    base_url: str | None,
    speech_ids: tuple[int, ...],
    warnings: list[str],
) -> Site:
    base = claimreview.base_url(db, base_url)
    org: dict[str, Any] | None = None
    try:
        org = claimreview.publisher(db)
    except InvalidInput as exc:
        warnings.append(f"No ClaimReview markup: {exc}")
    if base is None:
        warnings.append(
            "No ClaimReview markup and no absolute links: pass --base-url URL"
            " or claimtrack config set site.base_url URL"
        )
    return Site(out=out, ui=ui(lang), today=today, base=base, org=org, speech_ids=speech_ids)


def _claims(
    db: Database,
    site: Site,
    output: Output,
    groups: dict[int, list[dict[str, Any]]],
    speeches: list[dict[str, Any]],
    rebuild: bool,
) -> None:
    prints = data.fingerprints(db, site.speech_ids)
    by_id = {s["id"]: s for s in speeches}
    texts: dict[int, str] = {}
    details = data.Details(db, site.speech_ids if rebuild or not output.changed_only else None)
    for head_id, members in groups.items():
        rel = f"claims/{int(head_id)}.html"
        key = "|".join(prints.get(m["id"], "") for m in members)
        for m in members[1:]:
            output.put(f"claims/{int(m['id'])}.html", claim_page.restatement(site, m, head_id))
        if not rebuild and output.same_inputs(rel, key):
            continue
        for sid in {m["speech_id"] for m in members} - texts.keys():
            texts[sid] = data.speech_text(db, sid)
        page = claim_page.render(details, site, members, by_id, texts)
        output.put(rel, page, key)


def _archive(db: Database, site: Site, output: Output, rebuild: bool) -> None:
    for page in data.archived_pages(db, site.speech_ids):
        rel = f"archive/{int(page['id'])}"
        key = "\x1f".join(map(str, page.values()))
        if not rebuild and output.same_inputs(rel + ".html", key):
            if not page["raw_hash"] or output.same_inputs(rel + ".warc.gz", key):
                continue
        output.put(rel + ".html", archive.text_page(db, site, page), key)
        if page["raw_hash"]:
            output.put(rel + ".warc.gz", archive.warc_record(db, page), key)
