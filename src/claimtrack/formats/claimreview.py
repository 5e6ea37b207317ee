"""schema.org ClaimReview: the rules shared by `report --format claimreview` (a JSON array)
and the JSON-LD embedded in every published claim page.

- `url` is the claim's permalink on the published site (`site.base_url` + `claims/ID.html`);
- `datePublished` is the rating's effective date (`rate --as-of`), `dateModified` the last
  change to the claim (its newest event);
- `author` is the publisher organisation (`publisher.name`, `publisher.url`, optional
  `publisher.logo`), which need not be the site's address;
- unrated and unverifiable claims are not marked up; a commitment only once it is settled
  (kept, compromise, stalled, broken): "in the works" is not a verdict;
- `claimReviewed` is the claim's summary, else its quote shortened at a word boundary to 75
  characters; `inLanguage` is the quote's language; `alternateName` is the rating in words.

The numeric mapping is in RATINGS (1 worst, 5 best) and docs/publishing.md. JSON-LD inside a
`<script>` tag escapes `<`, `>` and `&` as \\u003c, \\u003e, \\u0026 so no text can end it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from .. import report, settings
from ..claims import Filters
from ..config import is_web_url
from ..errors import InvalidInput
from ..i18n import N_, Ui, ui
from ..text import shorten
from .jsontext import dumps

if TYPE_CHECKING:
    from sqlite_utils import Database

BEST, WORST = 5, 1
SUMMARY_WIDTH = 75
# rating -> (ratingValue, alternateName); a rating not here is not marked up
RATINGS: dict[str, tuple[int, str]] = {
    "true": (5, N_("True")),
    "mostly-true": (4, N_("Mostly true")),
    "half-true": (3, N_("Half true")),
    "mostly-false": (2, N_("Mostly false")),
    "false": (1, N_("False")),
    "misleading": (1, N_("Misleading")),
    "kept": (5, N_("Promise kept")),
    "compromise": (3, N_("Compromise")),
    "stalled": (2, N_("Promise stalled")),
    "broken": (1, N_("Promise broken")),
}


def publisher(db: Database) -> dict[str, Any]:
    """The publishing organisation from the settings, or a one-line error saying how to set it."""
    name = str(settings.get(db, "publisher.name") or "").strip()
    url = str(settings.get(db, "publisher.url") or "").strip()
    logo = str(settings.get(db, "publisher.logo") or "").strip()
    if not name or not is_web_url(url):
        raise InvalidInput(
            "ClaimReview needs a publisher: claimtrack config set publisher.name 'Your newsroom'"
            " and claimtrack config set publisher.url https://your.site/page"
        )
    org: dict[str, Any] = {"@type": "Organization", "name": name, "url": url}
    if is_web_url(logo):
        org["logo"] = {"@type": "ImageObject", "url": logo}
    return org


def base_url(db: Database, option: str | None = None) -> str | None:
    """The site's address ending in `/`: --base-url, else `site.base_url`; None if neither."""
    value = (option if option is not None else str(settings.get(db, "site.base_url") or "")).strip()
    if not value:
        return None
    if not is_web_url(value):
        raise InvalidInput(f"The site address must start with https:// (or http://), not '{value}'")
    return value if value.endswith("/") else value + "/"


def permalink(base: str, claim_id: int) -> str:
    return f"{base}claims/{int(claim_id)}.html"


def marked_up(rating: str) -> bool:
    return rating in RATINGS


def claim_reviewed(claim: dict[str, Any]) -> str:
    summary = (claim.get("summary") or "").strip()
    return summary or shorten(claim["quote"], SUMMARY_WIDTH)


def _claim(speech: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if speech.get("speaker"):
        item["author"] = {"@type": "Person", "name": speech["speaker"]}
    if speech.get("date"):
        item["datePublished"] = speech["date"]
    if speech.get("url") and is_web_url(speech["url"]):
        work: dict[str, Any] = {"@type": "CreativeWork", "url": speech["url"]}
        if speech.get("date"):
            work["datePublished"] = speech["date"]
        if speech.get("title"):
            work["headline"] = speech["title"]
        item["appearance"] = [work]
        item["firstAppearance"] = work
    return item


def review(
    claim: dict[str, Any],
    speech: dict[str, Any],
    org: dict[str, Any],
    *,
    url: str,
    modified: str | None = None,
    labels: Ui | None = None,
) -> dict[str, Any]:
    """The ClaimReview of one claim whose rating is marked up (see `marked_up`)."""
    value, name = RATINGS[claim["rating"]]
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim_reviewed(claim),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": (labels or ui()).f_(name),
        },
        "itemReviewed": _claim(speech),
        "author": org,
    }
    published = (claim.get("rated_at") or "")[:10]
    if published:
        out["datePublished"] = published
        out["dateModified"] = max(published, (modified or "")[:10])
    out["inLanguage"] = speech.get("lang") or _language_of(claim["quote"])
    return out


def inert(text: str) -> str:
    """JSON text with `<`, `>` and `&` escaped: the same value, unable to end a `<script>`."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def script(data: dict[str, Any]) -> str:
    """`data` as a JSON-LD `<script>` element whose text cannot close the tag."""
    text = inert(json.dumps(data, ensure_ascii=False))
    return f'<script type="application/ld+json">\n{text}\n</script>\n'


def last_change(db: Database, claim_id: int) -> str | None:
    rows = list(db.query("SELECT max(at) AS at FROM events WHERE claim_id = ?", [claim_id]))
    return rows[0]["at"] if rows else None


def _extra(db: Database, claim_id: int) -> dict[str, Any]:
    """The columns the report rows leave out: summary, group and retraction."""
    sql = "SELECT summary, group_id, removed_at FROM claims WHERE id = ?"
    return dict(next(iter(db.query(sql, [claim_id]))))


def shown(claim: dict[str, Any]) -> bool:
    """A claim that gets a review of its own: not retracted, not a restatement of another."""
    group = claim.get("group_id")
    return claim.get("removed_at") is None and (group is None or group == claim["id"])


def iter_reviews(
    db: Database, filters: Filters, today: date, labels: Ui | None = None
) -> Iterator[dict[str, Any]]:
    org = publisher(db)
    base = require_base(db)
    speeches = {s["id"]: s for s in report.speeches_for(db, Filters())}
    for claim in report.iter_claims(db, filters, today):
        if not marked_up(claim["rating"]):
            continue
        claim = {**claim, **_extra(db, claim["id"])}
        if shown(claim):
            url, modified = permalink(base, claim["id"]), last_change(db, claim["id"])
            speech = speeches[claim["speech_id"]]
            yield review(claim, speech, org, url=url, modified=modified, labels=labels)


def require_base(db: Database) -> str:
    base = base_url(db)
    if base is None:
        raise InvalidInput(
            "ClaimReview needs the address of the published claim pages:"
            " claimtrack config set site.base_url https://your.site/factcheck/"
        )
    return base


def write(
    db: Database, filters: Filters, today: date, out: IO[str], labels: Ui | None = None
) -> int:
    """A JSON array of ClaimReview objects, streamed; returns how many."""
    publisher(db)  # refuse before writing anything
    require_base(db)
    n = 0
    out.write("[")
    for item in iter_reviews(db, filters, today, labels):
        out.write(("," if n else "") + "\n  " + inert(dumps(item)))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


def _language_of(quote: str) -> str:
    """The quote's language, when its speech has none recorded (the one detector)."""
    from ..languages import detect

    return detect(quote)
