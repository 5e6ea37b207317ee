"""The evaluation sets' gold files: reading them and the digest that seals them.

Each text `NAME.txt` in `dev/` or `test/` has a gold file `NAME.gold.toml` with a `[gold]` header
(annotator, annotated_at, items_sha256, text_sha256), a `[speech]` table (lang, date, genre) and
one `[[claim]]` table per gold item (quote, kind, figures, deadline, deadline_start, and optional
inherited and note). `items_sha256` is the sha256 of the canonical JSON of the speech table and
the claims; `text_sha256` that of the text's UTF-8 bytes: a change to either without a new hash
fails `test_evaluate.py`, so any later change to the gold is visible in review.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EVAL = Path(__file__).parent
SETS = ("dev", "test")
KINDS = ("quantitative", "commitment", "statement")


@dataclass
class Gold:
    name: str
    set: str
    text: str
    header: dict[str, Any]
    speech: dict[str, Any]
    claims: list[dict[str, Any]]

    @property
    def lang(self) -> str:
        return str(self.speech["lang"])


def items_digest(speech: dict[str, Any], claims: list[dict[str, Any]]) -> str:
    """sha256 of the gold items as canonical JSON (sorted keys, no spaces, UTF-8)."""
    blob = json.dumps(
        {"speech": speech, "claim": claims},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load(path: Path, set_name: str) -> Gold:
    """One gold file and its text (`NAME.gold.toml` next to `NAME.txt`)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    name = path.name.removesuffix(".gold.toml")
    text = path.with_name(f"{name}.txt").read_text(encoding="utf-8")
    return Gold(name, set_name, text, data["gold"], data["speech"], data.get("claim", []))


def load_set(set_name: str, root: Path = EVAL) -> list[Gold]:
    return [load(p, set_name) for p in sorted((root / set_name).glob("*.gold.toml"))]
