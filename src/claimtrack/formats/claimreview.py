"""schema.org ClaimReview JSON-LD: one review per rated claim, as a JSON array.

Verdicts and promise ratings map to a 1–5 `ratingValue` (5 best); claims not yet rated or
rated unverifiable are skipped. See docs/reports.md for the table and the field sources.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urldefrag

from .. import report, settings
from ..claims import Filters
from ..errors import InvalidInput
from .jsontext import array

if TYPE_CHECKING:
    from sqlite_utils import Database

BEST, WORST = 5, 1
# rating -> (ratingValue, alternateName)
RATINGS: dict[str, tuple[int, str]] = {
    "true": (5, "True"),
    "mostly-true": (4, "Mostly true"),
    "half-true": (3, "Half true"),
    "mostly-false": (2, "Mostly false"),
    "false": (1, "False"),
    "misleading": (1, "Misleading"),
    "kept": (5, "Promise kept"),
    "compromise": (3, "Compromise"),
    "in-the-works": (3, "In the works"),
    "stalled": (2, "Stalled"),
    "broken": (1, "Promise broken"),
}


def publisher(db: Database) -> dict[str, str]:
    """The publishing organisation from the settings, or a one-line error saying how to set it."""
    name = str(settings.get(db, "publisher.name") or "").strip()
    url = str(settings.get(db, "publisher.url") or "").strip()
    if not name or not url.startswith(("http://", "https://")):
        raise InvalidInput(
            "ClaimReview needs a publisher: claimtrack config set publisher.name 'Your newsroom'"
            " and claimtrack config set publisher.url https://your.site/page"
        )
    return {"@type": "Organization", "name": name, "url": url}


def _claim(speech: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if speech.get("speaker"):
        item["author"] = {"@type": "Person", "name": speech["speaker"]}
    if speech.get("date"):
        item["datePublished"] = speech["date"]
    if speech.get("url"):
        work: dict[str, Any] = {"@type": "CreativeWork", "url": speech["url"]}
        if speech.get("date"):
            work["datePublished"] = speech["date"]
        if speech.get("title"):
            work["headline"] = speech["title"]
        item["appearance"] = [work]
        item["firstAppearance"] = work
    return item


def review(claim: dict[str, Any], speech: dict[str, Any], org: dict[str, str]) -> dict[str, Any]:
    """The ClaimReview of one rated claim (the caller skips ratings not in RATINGS)."""
    value, name = RATINGS[claim["rating"]]
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{urldefrag(org['url']).url}#claim-{claim['id']}",
        "claimReviewed": claim["quote"],
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": name,
        },
        "itemReviewed": _claim(speech),
        "author": org,
    }
    if claim.get("rated_at"):
        out["datePublished"] = claim["rated_at"][:10]
    if speech.get("lang"):
        out["inLanguage"] = speech["lang"]
    return out


def iter_reviews(db: Database, filters: Filters, today: date) -> Iterator[dict[str, Any]]:
    org = publisher(db)
    speeches = {s["id"]: s for s in report.speeches_for(db, Filters())}
    for claim in report.iter_claims(db, filters, today):
        if claim["rating"] in RATINGS:
            yield review(claim, speeches[claim["speech_id"]], org)


def write(db: Database, filters: Filters, today: date, out: IO[str]) -> int:
    """A JSON array of ClaimReview objects, streamed; returns how many."""
    publisher(db)  # refuse before writing anything
    n = array(iter_reviews(db, filters, today), out, "")
    out.write("\n")
    return n
