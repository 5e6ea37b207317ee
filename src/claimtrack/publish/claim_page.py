"""A claim's page (`claims/ID.html`): the quote in its sentence, who said it where, figures,
deadline, the current rating and its explanation, the whole rating timeline, the evidence
with its archived copies, and the ClaimReview JSON-LD when the rating is marked up."""

from __future__ import annotations

from typing import Any

from ..claims import sentence_of
from ..formats import claimreview
from ..formats.html import esc, href, slug
from . import data
from .layout import claim_href, foot, head, quoted, rating
from .model import Site

ROOT = "../"


def render(
    details: data.Details,
    site: Site,
    members: list[dict[str, Any]],
    speeches: dict[int, dict[str, Any]],
    texts: dict[int, str],
) -> str:
    """The page of a group's head claim (its restatements shown with it)."""
    claim = members[0]
    speech = speeches[claim["speech_id"]]
    evidence, history, changed = _group_details(details, members)
    markup = _markup(site, claim, speech, changed)
    title = claimreview.claim_reviewed(claim)
    canonical = (
        f'<link rel="canonical" href="{esc(claimreview.permalink(site.base, claim["id"]))}">\n'
        if site.base
        else ""
    )
    parts = [
        head(site, f"{title} · {site.ui._('Fact check')}", ROOT, canonical + (markup or "")),
        f'<article class="claim r-{slug(claim["rating"])}" id="claim-{int(claim["id"])}">\n',
        f'<p class="meta">{esc(site.ui.f_("Claim {id}", id=claim["id"]))} · '
        f"{esc(site.ui.kind(claim['kind']))}{_topic(claim)}</p>\n",
        f"<h1>{quoted(title, speech.get('lang'))}</h1>\n",
    ]
    parts += [_quote(site, m, speeches.get(m["speech_id"], speech), texts) for m in members]
    parts += [
        _facts(site, claim, speech),
        _verdict(site, claim),
        _history(site, history, evidence),
        _evidence(site, evidence),
        "</article>\n",
        foot(site),
    ]
    return "".join(parts)


def _markup(
    site: Site, claim: dict[str, Any], speech: dict[str, Any], changed: str | None
) -> str | None:
    if site.org is None or site.base is None or not claimreview.marked_up(claim["rating"]):
        return None
    review = claimreview.review(
        claim,
        speech,
        site.org,
        url=claimreview.permalink(site.base, claim["id"]),
        modified=changed,
        labels=site.ui,
    )
    return claimreview.script(review)


def _topic(claim: dict[str, Any]) -> str:
    return f" · {esc(claim['topic'])}" if claim.get("topic") else ""


def _quote(site: Site, claim: dict[str, Any], speech: dict[str, Any], texts: dict[int, str]) -> str:
    lang = esc(speech.get("lang") or "")
    attr = f' lang="{lang}"' if lang else ""
    if claim["start"] is None:
        label = esc(site.ui._("Paraphrase: not the speaker's own words"))
        return (
            f'<p class="meta">{label}</p>\n'
            f'<blockquote class="sentence paraphrase"{attr}>{esc(claim["quote"])}</blockquote>\n'
        )
    text = texts.get(claim["speech_id"], "")
    sentence, qs, qe = sentence_of(text, claim["start"], claim["end"])
    if sentence[qs:qe] != claim["quote"]:  # the speech text is not the one quoted: quote alone
        sentence, qs, qe = claim["quote"], 0, len(claim["quote"])
    return (
        f'<blockquote class="sentence"{attr}>{esc(sentence[:qs])}<mark>{esc(sentence[qs:qe])}'
        f"</mark>{esc(sentence[qe:])}</blockquote>\n"
    )


def _row(label: str, value: str) -> str:
    return f"<dt>{esc(label)}</dt><dd>{value}</dd>\n" if value else ""


def figures(site: Site, found: list[dict[str, Any]]) -> str:
    out = []
    for f in found:
        comp = "" if f.get("comparator") in (None, "=") else str(f["comparator"])
        value = f.get("value")
        number = site.ui.number(value) if isinstance(value, int | float) else str(value)
        out.append(f"{comp}{number} {f.get('unit') or ''}".strip())
    return esc("; ".join(out))


def deadline(site: Site, claim: dict[str, Any]) -> str:
    end = claim.get("deadline_end")
    if not end:
        return ""
    start = claim.get("deadline_start")
    window = (
        site.ui.f_("{start} to {end}", start=site.ui.date(start), end=site.ui.date(end))
        if start and start != end
        else site.ui.f_("by {end}", end=site.ui.date(end))
    )
    said = f" ({quoted(claim['deadline_text'], None)})" if claim.get("deadline_text") else ""
    return esc(window) + said


def _facts(site: Site, claim: dict[str, Any], speech: dict[str, Any]) -> str:
    _ = site.ui._
    lang = speech.get("lang")
    speech_link = (
        f'<a href="{ROOT}speeches/{int(speech["id"])}.html">{quoted(speech["title"], lang)}</a>'
    )
    return (
        '<dl class="facts">\n'
        + _row(_("Speaker"), esc(speech.get("speaker")))
        + _row(_("Date"), esc(site.ui.date(speech.get("date"), "long")))
        + _row(_("Venue"), esc(speech.get("venue")))
        + _row(_("Speech"), speech_link)
        + _row(_("Source"), href(speech.get("url")))
        + _row(_("Figures"), figures(site, claim["figures"]))
        + _row(_("Deadline"), deadline(site, claim))
        + "</dl>\n"
    )


def _verdict(site: Site, claim: dict[str, Any]) -> str:
    _ = site.ui._
    out = f"<section>\n<h2>{esc(_('Rating'))}</h2>\n<p>{rating(site, claim['rating'])}"
    if claim.get("rated_at"):
        out += f' <span class="meta">{esc(site.ui.date(claim["rated_at"], "long"))}</span>'
    if claim["flags"]:
        flags = ", ".join(site.ui.flag(f) for f in claim["flags"])
        out += f' <span class="flag">⚑ {esc(flags)}</span>'
    out += "</p>\n"
    if claim.get("rating_note"):
        out += f"<p>{esc(claim['rating_note'])}</p>\n"
    return out + "</section>\n"


def _history(site: Site, events: list[dict[str, Any]], evidence: list[dict[str, Any]]) -> str:
    _ = site.ui._
    known = {e["id"] for e in evidence}
    out = [f'<section id="history">\n<h2>{esc(_("Rating history"))}</h2>\n<ol class="history">\n']
    for ev in events:
        when = f"<time>{esc(site.ui.date(ev['day'], 'long'))}</time>"
        if ev["type"] == "created":
            what = esc(_("Registered"))
        else:
            what = f"{rating(site, ev['old'] or '')} → {rating(site, ev['new'] or '')}"
        by = f' <span class="meta">{esc(site.ui.f_("by {who}", who=ev["by"]))}</span>'
        out.append(f"<li>{when}: {what}{by if ev.get('by') else ''}")
        if ev.get("note"):
            out.append(f"<br>{esc(ev['note'])}")
        cited = [
            f'<a href="#evidence-{int(i)}">{esc(site.ui.f_("evidence {id}", id=i))}</a>'
            for i in ev["evidence_ids"]
            if i in known
        ]
        if cited:
            out.append(f'<br><span class="meta">{esc(_("Cited:"))} {", ".join(cited)}</span>')
        out.append("</li>\n")
    return "".join(out) + "</ol>\n</section>\n"


def _evidence(site: Site, evidence: list[dict[str, Any]]) -> str:
    _ = site.ui._
    if not evidence:
        return f'<section id="evidence">\n<h2>{esc(_("Evidence"))}</h2>\n<p class="muted">' + (
            f"{esc(_('No evidence linked yet.'))}</p>\n</section>\n"
        )
    out = [f'<section id="evidence">\n<h2>{esc(_("Evidence"))}</h2>\n<ul>\n']
    for e in evidence:
        out.append(f'<li id="evidence-{int(e["id"])}">{_link(site, e)}')
        if e.get("title"):
            out.append(f" — {quoted(e['title'], None)}")
        details = [site.ui.stance(e["stance"])] if e.get("stance") else []
        details.append(site.ui.status(e["status"]))
        out.append(f' <span class="meta">({esc(", ".join(details))})</span>')
        if e.get("note"):
            out.append(f"<br>{esc(e['note'])}")
        if e.get("text_hash"):
            out.append("<br>" + _archived(site, e))
        out.append("</li>\n")
    return "".join(out) + "</ul>\n</section>\n"


def _link(site: Site, e: dict[str, Any]) -> str:
    link = href(e["url"])
    if e["status"] == "dead":
        badge = esc(site.ui._("dead link"))
        return f'<span class="dead">{link}</span> <span class="badge flag">{badge}</span>'
    return link


def _archived(site: Site, e: dict[str, Any]) -> str:
    _ = site.ui._
    page = int(e["page_id"])
    when = site.ui.date(e.get("fetched_at"), "long")
    text = site.ui.f_("Archived copy ({date})", date=when) if when else _("Archived copy")
    out = f'<a href="{ROOT}archive/{page}.html">{esc(text)}</a>'
    if e.get("raw_hash"):
        out += f' · <a href="{ROOT}archive/{page}.warc.gz" download>{esc(_("WARC record"))}</a>'
    return out


def restatement(site: Site, claim: dict[str, Any], head_id: int) -> str:
    """The page of a restatement: a pointer to its group's page, which shows its quote."""
    target = claim_href(ROOT, head_id)
    extra = f'<meta http-equiv="refresh" content="0; url={target}">\n'
    if site.base:
        link = claimreview.permalink(site.base, head_id)
        extra += f'<link rel="canonical" href="{esc(link)}">\n'
    said = site.ui.f_("This claim restates claim {id}.", id=head_id)
    return (
        head(site, said, ROOT, extra)
        + f'<p>{esc(said)} <a href="{target}">{esc(site.ui._("See its page"))}</a></p>\n'
        + f'<blockquote class="sentence">{esc(claim["quote"])}</blockquote>\n'
        + foot(site)
    )


def _group_details(
    details: data.Details, members: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str | None]:
    """The evidence, the rating timeline and the last change of every claim of a group (one
    promise restated): one timeline, in the order things happened."""
    evidence: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    changes: list[str] = []
    for member in members:
        links, events, changed = details.of(member["id"])
        evidence += links
        history += events
        changes += [changed] if changed else []
    return evidence, sorted(history, key=lambda e: e["id"]), max(changes, default=None)
