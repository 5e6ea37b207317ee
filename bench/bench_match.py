"""Time of `evidence match` for the bundled dataset's claims against 1,000 evidence texts of 20 KB.

Builds a database in a temporary folder: `dataset load gabala-2025`, then 1,000 evidence
pages, each with its own 20 KB main text (paragraphs of the gold-set texts in kk, ru and en,
shuffled, with their numbers varied so no two texts are alike), linked round-robin to the
dataset's claims. Times `verify.match_claims(db)` over every claim: first with no figures
cached (each text parsed once and its figures stored: "cold"), then again ("warm").

    PYTHONPATH=src .venv/bin/python bench/bench_match.py [--pages 1000] [--kb 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from pathlib import Path

from claimtrack import dataset, verify
from claimtrack.db import open_db
from claimtrack.fetch.store import write_text

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "verify" / "gold" / "texts"
NOW = "2026-12-08T02:00:00+00:00"


def paragraphs() -> list[tuple[str, str]]:
    out = []
    for path in sorted(GOLD.glob("*.txt")):
        lang = path.name.split(".")[1]
        if lang in ("kk", "ru", "en"):
            out += [(lang, p) for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return out


def make_text(rng: random.Random, pool: list[tuple[str, str]], size: int) -> tuple[str, str]:
    """A text of about `size` characters in one language, its digits varied."""
    lang = rng.choice(("kk", "ru", "en"))
    mine = [p for lang_, p in pool if lang_ == lang]
    parts: list[str] = []
    while sum(len(p) + 2 for p in parts) < size:
        para = rng.choice(mine)
        parts.append(re.sub(r"\d", lambda m: str((int(m.group()) + rng.randint(0, 9)) % 10), para))
    return lang, "\n\n".join(parts)[:size]


def build(folder: Path, pages: int, kb: int, seed: int = 19) -> Path:
    path = folder / "bench.db"
    db = open_db(path, create=True)
    dataset.load(db, dataset.read("gabala-2025"), now=NOW)
    claims = [r["id"] for r in db.query("SELECT id FROM claims ORDER BY id")]
    rng = random.Random(seed)
    pool = paragraphs()
    with db.atomic():
        for n in range(pages):
            lang, text = make_text(rng, pool, kb * 1000)
            key = write_text(db, text, NOW)
            page = (
                db.table("pages")
                .insert(
                    {
                        "url": f"https://bench.example/{n}",
                        "status": "ok",
                        "lang": lang,
                        "text_hash": key,
                        "created_at": NOW,
                    }
                )
                .last_pk
            )
            db.table("evidence").insert(
                {
                    "claim_id": claims[n % len(claims)],
                    "page_id": page,
                    "url": f"https://bench.example/{n}",
                    "created_at": NOW,
                }
            )
    db.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--kb", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = build(Path(tmp), args.pages, args.kb)
        db = open_db(path)
        claims = db.execute("SELECT count(*) FROM claims").fetchone()[0]
        start, cpu = time.perf_counter(), time.process_time()
        result = verify.match_claims(db)
        cold, cold_cpu = time.perf_counter() - start, time.process_time() - cpu
        warm = warm_cpu = float("inf")
        for _ in range(args.repeat):
            start, cpu = time.perf_counter(), time.process_time()
            result = verify.match_claims(db)
            warm = min(warm, time.perf_counter() - start)
            warm_cpu = min(warm_cpu, time.process_time() - cpu)
        links = sum(len(c["links"]) for c in result)
        stances: dict[str, int] = {}
        for c in result:
            for lk in c["links"]:
                stances[lk["stance"]] = stances.get(lk["stance"], 0) + 1
        print(
            f"{claims} claims, {links} links to {args.pages} texts of {args.kb} KB: "
            f"cold (parse + cache) {cold:.2f} s wall / {cold_cpu:.2f} s CPU, warm best of "
            f"{args.repeat} {warm:.2f} s wall / {warm_cpu:.2f} s CPU; {stances}"
        )


if __name__ == "__main__":
    main()
