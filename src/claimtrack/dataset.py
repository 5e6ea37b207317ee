"""Loading a bundled dataset (a speech plus a reviewable TOML of its claims).

It goes through the same library calls the commands use: speech add, add, evidence add, rate.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import claims, evidence, speeches
from .db import transaction
from .errors import Duplicate, InvalidInput
from .quotes import same_key

if TYPE_CHECKING:
    from sqlite_utils import Database

BY = "claimtrack dataset"


def read(path: Path) -> dict[str, Any]:
    file = path / "claims.toml" if path.is_dir() else path
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"No dataset at {file}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{file} is not a valid dataset: {exc}") from None
    if "speech" not in data or "claims" not in data:
        raise InvalidInput(f"{file} needs a [speech] table and [[claims]] entries")
    _check_shape(file, data)
    data["_dir"] = file.parent
    return data


def _check_shape(file: Path, data: dict[str, Any]) -> None:
    """The fields the loader reads exist and have their types, before anything is written."""
    from .editing import check_as_of

    speech, entries = data["speech"], data["claims"]
    for holder in (data, *(e for e in entries if isinstance(e, dict))):
        if "rated_as_of" in holder:  # a TOML date (unquoted) or text
            holder["rated_as_of"] = check_as_of(str(holder["rated_as_of"]))
    if not isinstance(speech, dict) or not isinstance(speech.get("file"), str):
        raise InvalidInput(f'{file}: [speech] needs file = "speech.txt" (the text beside it)')
    if not isinstance(entries, list):
        raise InvalidInput(f"{file}: claims must be [[claims]] entries")
    for n, entry in enumerate(entries, 1):
        evidence_ = entry.get("evidence", []) if isinstance(entry, dict) else None
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("quote"), str)
            or not isinstance(entry.get("kind"), str)
            or not isinstance(evidence_, list)
            or not all(isinstance(ev, dict) and isinstance(ev.get("url"), str) for ev in evidence_)
        ):
            raise InvalidInput(
                f"{file}: claim {n} needs quote and kind (text), and evidence entries with a url"
            )


def load(db: Database, path: Path, now: str | None = None) -> dict[str, int]:
    """Load the dataset at `path`; loading it twice adds nothing the second time."""
    data = read(path)
    meta = data["speech"]
    text = speeches.read_text_file(data["_dir"] / meta["file"])
    speech, _ = speeches.add_speech(
        db,
        text,
        title=meta.get("title"),
        speaker=meta.get("speaker"),
        date=meta.get("date"),
        venue=meta.get("venue"),
        lang=meta.get("lang"),
        url=meta.get("url"),
        now=now,
    )
    counts = {"claims": 0, "existing": 0, "evidence": 0, "ratings": 0}
    with transaction(db):
        for entry in data["claims"]:
            as_of = entry.get("rated_as_of", data.get("rated_as_of"))
            _load_claim(db, speech["id"], entry, counts, now, as_of)
    return counts


def _load_claim(
    db: Database,
    speech_id: int,
    entry: dict[str, Any],
    counts: dict[str, int],
    now: str | None,
    as_of: str | None,
) -> None:
    """One [[claims]] entry: added (or found: the duplicate rule of `add`), its evidence
    linked, rated as of `as_of` (the dataset's `rated_as_of`, or the entry's own)."""
    try:
        claim = claims.add_claim(
            db,
            speech_id=speech_id,
            quote=entry["quote"],
            kind=entry["kind"],
            deadline=entry.get("deadline"),
            topic=entry.get("topic"),
            by=BY,
            figures=entry.get("figures"),
            source="dataset",
            now=now,
            verbatim=False,  # a curated dataset may hold a paraphrase: kept without offsets
        )
        counts["claims"] += 1
    except Duplicate as dup:
        claim = claims.get_claim(db, dup.existing_id)
        if same_key(claim["quote"]) != same_key(entry["quote"]):  # contained, not the same
            raise InvalidInput(
                f"Dataset claim '{entry['quote'][:60]}' is contained in claim {claim['id']}"
                " (a duplicate by the rule of `claimtrack add`); nothing loaded"
            ) from None
        counts["existing"] += 1
    ids: list[int] = []
    for ev in entry.get("evidence", []):
        rows = evidence.add_evidence(
            db,
            claim["id"],
            [ev["url"]],
            stance=ev.get("stance"),
            note=ev.get("note"),
            title=ev.get("title"),
            by=BY,
            now=now,
        )
        counts["evidence"] += sum(1 for r in rows if r["created"])
        ids.extend(r["id"] for r in rows)
    rating = entry.get("rating")
    if rating and rating != claim["rating"]:
        claims.rate_claim(
            db,
            claim["id"],
            rating,
            note=entry.get("rating_note"),
            evidence_ids=ids,
            by=BY,
            now=now,
            as_of=as_of,
        )
        counts["ratings"] += 1
