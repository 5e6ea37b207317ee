"""What matching reads from the database: claims, their evidence links and texts, and the
figures of each text (parsed once per text and parser, kept in `text_figures`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..db import transaction
from ..errors import DatabaseError, NotFound
from ..extract.figures import Figure, number
from . import stance
from .context import scan
from .lang import text_lang
from .match import Row, Text

if TYPE_CHECKING:
    from sqlite_utils import Database

LINKS_SQL = """
SELECT e.id AS evidence, e.claim_id AS claim, e.url, e.stance, p.id AS page, p.lang,
       p.text_hash, p.status
FROM evidence e JOIN pages p ON p.id = e.page_id
WHERE e.claim_id IN ({marks}) ORDER BY e.claim_id, e.id
"""


@cache
def parser_version() -> str:
    """A fingerprint of the figure parser's source: a changed parser re-reads every text."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*(here.parent / "extract").glob("*.py"), *here.glob("*.py")]):
        digest.update(path.read_bytes())  # the parser, and what verify/ reads around figures
    return digest.hexdigest()[:16]


def claims_of(db: Database, claim_ids: Iterable[int] | None) -> list[dict[str, Any]]:
    """The claims asked for (every claim not removed when none is), with the speech's language."""
    sql = (
        "SELECT c.id, c.quote, c.figures, s.lang"
        " FROM claims c JOIN speeches s ON s.id = c.speech_id"
    )
    if claim_ids is None:
        return list(db.query(sql + " WHERE c.removed_at IS NULL ORDER BY c.id"))
    ids = list(dict.fromkeys(claim_ids))
    found = {r["id"]: r for r in db.query(f"{sql} WHERE c.id IN ({_marks(ids)})", ids)}
    for claim_id in ids:
        if claim_id not in found:
            raise NotFound(f"No claim with id {claim_id} (see: claimtrack list)")
    return [found[i] for i in ids]


def links_of(db: Database, claim_ids: list[int]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for chunk in _chunks(claim_ids):
        out += db.query(LINKS_SQL.format(marks=_marks(chunk)), chunk)
    return out


def texts_of(db: Database, hashes: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in _chunks(list(dict.fromkeys(hashes))):
        sql = f"SELECT hash, text FROM texts WHERE hash IN ({_marks(chunk)})"
        out.update((r["hash"], r["text"]) for r in db.query(sql, chunk))
    return out


def evidence_texts(
    db: Database, wanted: dict[str, str | None], dims: dict[str, set[str]] | None = None
) -> dict[str, Text | None]:
    """For each text hash (with its page's declared language) the text ready to match, or
    None when it is in none of the three languages. Figures come from the cache; those not
    yet cached are parsed and stored, in one transaction."""
    texts = texts_of(db, wanted)
    version = parser_version()
    cached: dict[str, tuple[str | None, list[Row], dict[str, Any]]] = {}
    for chunk in _chunks(list(texts)):
        sql = (
            "SELECT hash, lang, figures FROM text_figures"
            f" WHERE parser = ? AND hash IN ({_marks(chunk)})"
        )
        for r in db.query(sql, [version, *chunk]):
            data = json.loads(r["figures"])
            cached[r["hash"]] = (r["lang"], [tuple(x) for x in data["rows"]], data["context"])
    fresh = []
    for key, text in texts.items():
        if key not in cached:
            lang = text_lang(text, wanted[key])
            cached[key] = (lang, stance.parse(text, lang) if lang else [], scan(text))
            fresh.append(key)
    if fresh:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [
            {
                "hash": k,
                "parser": version,
                "lang": cached[k][0],
                "figures": json.dumps({"rows": cached[k][1], "context": cached[k][2]}),
                "created_at": now,
            }
            for k in fresh
        ]
        try:
            with transaction(db):
                db.table("text_figures").upsert_all(rows, pk=("hash", "parser"))
        except DatabaseError:
            pass  # a cache: a read-only or busy database still gets its matches, uncached

    def ready(key: str) -> Text:
        _, rows, parts = cached[key]
        return Text.of(texts[key], rows, dims=dims.get(key, set()) if dims else None, parts=parts)

    return {k: ready(k) if cached[k][0] else None for k in texts}


def claim_figures(claim: dict[str, Any]) -> Text:
    """The claim's quote with the figures it keeps (the stored ones, which a user may edit)."""
    stored = json.loads(claim["figures"]) if claim.get("figures") else None
    if stored is None:
        return stance.claim_text(claim["quote"], claim["lang"])
    wanted = {(d.get("value"), d.get("unit")) for d in stored}

    def keep(f: Figure) -> bool:
        return (number(f.value), f.unit) in wanted

    return stance.claim_text(claim["quote"], claim["lang"], keep)


def _marks(items: list[Any]) -> str:
    return ", ".join("?" for _ in items)


def _chunks(items: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
