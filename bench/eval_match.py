"""Precision and recall of the suggested stances on the verification gold set (issue #19).

Run: PYTHONPATH=src .venv/bin/python bench/eval_match.py [--split dev|test|all] [--show]
The gold set is tests/verify/gold/pairs.toml (annotated before the matcher was written); this
script checks its sha256 before scoring, so an edited annotation cannot pass unnoticed.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "verify" / "gold"
STANCES = ("supports", "contradicts", "no-figure-found")


def gold_digest(pairs: list[dict[str, Any]], texts: dict[str, str]) -> str:
    """sha256 of the canonical JSON of the annotations and of each text's sha256."""
    canon = json.dumps(
        {"pairs": pairs, "texts": texts}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canon.encode()).hexdigest()


def load_gold(folder: Path = GOLD) -> dict[str, Any]:
    """The gold set as parsed TOML, its texts read in; raises ValueError if a hash differs."""
    data = tomllib.loads((folder / "pairs.toml").read_text(encoding="utf-8"))
    texts = {}
    for name, digest in data["texts"].items():
        raw = (folder / "texts" / name).read_bytes()
        if hashlib.sha256(raw).hexdigest() != digest:
            raise ValueError(f"gold text {name} changed since it was annotated")
        texts[name] = raw.decode("utf-8")
    if gold_digest(data["pair"], data["texts"]) != data["sha256"]:
        raise ValueError("gold annotations changed since the header's sha256 was taken")
    data["text"] = texts
    return data
