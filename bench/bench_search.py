"""Benchmark of full-text search (`claimtrack.search`) on a synthetic database.

Builds a migrated database of 100,000 claims and 50,000 evidence pages, each with a main text
(Kazakh, Russian and English words, ~2,000 characters), indexed by the triggers of migration
m005 as the rows go in; then times `search.search` in process for a rare word, a common one,
a capitalised Kazakh word, a phrase and a two-character query (the `instr` scan), each
`--runs` times: the median and the slowest. Also the wall time of `claimtrack search` as a
command (hyperfine, when installed).

    .venv/bin/python bench/bench_search.py
    .venv/bin/python bench/bench_search.py --claims 10000 --pages 5000 --keep /tmp/search.db
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pythons import claimtrack_python

from claimtrack import search
from claimtrack.db import open_db
from claimtrack.text import fold

NOW = "2025-10-08T09:00:00Z"
WORDS = (
    "Қазақстан түркі мемлекеттері ұйымы жобалар энергия цифрлық саммит тасымалдау жүк көлемі "
    "өсті инвестиция келісім ынтымақтастық экономика дәліз "
    "железной дороги строительство грузов объём инвестиции соглашение сотрудничество "
    "railway corridor cargo volume investment agreement summit cooperation growth"
).split()
RARE = "Бахты"  # one text in a thousand, one claim in a thousand
QUERIES = {
    "rare word": "бахты",
    "common word (~1/3 of rows)": "теміржол",
    "Kazakh capitals, suffixed": "ТЕМІРЖОЛЫ",
    "phrase": "железной дороги",
    "2 characters (instr scan)": "ЖҮ",
}


def text_of(rnd: random.Random, chars: int, i: int) -> str:
    words = rnd.choices(WORDS, k=chars // 9)
    if rnd.random() < 0.33:
        words.insert(rnd.randrange(len(words)), "теміржолының")
    if i % 1000 == 0:
        words.insert(rnd.randrange(len(words)), RARE + "–Аягөз")
    return " ".join(words) + "."


def synthetic(path: Path, n_claims: int, n_pages: int, chars: int, seed: int = 1) -> float:
    """The database; returns the seconds its rows (and their indexes) took to write."""
    rnd = random.Random(seed)
    db = open_db(path)
    started = time.perf_counter()
    with db.conn:
        db.execute(
            "INSERT INTO speeches (id, title, date, lang, text, content_hash, created_at)"
            " VALUES (1, 'Synthetic', '2025-10-07', 'kk', 'text', 'hash', ?)",
            [NOW],
        )
        claims = []
        for i in range(1, n_claims + 1):
            quote = text_of(rnd, 150, i) + f" {i}"
            claims.append((i, quote, fold(quote), "A note." if i % 7 else f"Note {RARE}"))
        db.conn.executemany(
            "INSERT INTO claims (id, speech_id, kind, quote, norm, rating, rating_note,"
            " created_at, updated_at) VALUES (?, 1, 'quantitative', ?, ?, 'unrated', ?, ?, ?)",
            [(*c, NOW, NOW) for c in claims],
        )
        db.conn.executemany(
            "INSERT INTO texts (hash, text, created_at) VALUES (?, ?, ?)",
            ((f"t{i}", text_of(rnd, chars, i), NOW) for i in range(1, n_pages + 1)),
        )
        db.conn.executemany(
            "INSERT INTO pages (id, url, status, title, text_hash, created_at)"
            " VALUES (?, ?, 'ok', ?, ?, ?)",
            (
                (i, f"https://example.org/{i}", text_of(rnd, 60, i), f"t{i}", NOW)
                for i in range(1, n_pages + 1)
            ),
        )
        db.conn.executemany(
            "INSERT INTO evidence (claim_id, page_id, url, created_at) VALUES (?, ?, ?, ?)",
            ((1 + i % n_claims, i, f"https://example.org/{i}", NOW) for i in range(1, n_pages + 1)),
        )
    seconds = time.perf_counter() - started
    db.close()
    return seconds


def time_queries(path: Path, runs: int) -> list[dict[str, object]]:
    db = open_db(path)
    out = []
    for label, query in QUERIES.items():
        hits = search.search(db, query)  # warm the page cache
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            search.search(db, query)
            times.append((time.perf_counter() - started) * 1000)
        out.append(
            {
                "query": label,
                "text": query,
                "hits": len(hits),
                "median_ms": round(statistics.median(times), 2),
                "max_ms": round(max(times), 2),
            }
        )
    db.close()
    return out


def command_ms(path: Path, runs: int) -> float | None:
    """`claimtrack search ТЕМІРЖОЛЫ --json` as a command: hyperfine's median, in ms."""
    if shutil.which("hyperfine") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "h.json"
        cmd = f"{claimtrack_python()} -m claimtrack search ТЕМІРЖОЛЫ --json --db {path}"
        subprocess.run(
            ["hyperfine", "-N", "--warmup", "2", "--runs", str(runs), "--export-json", report, cmd],
            check=True,
            capture_output=True,
        )
        return round(json.loads(report.read_text())["results"][0]["median"] * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=50_000)
    parser.add_argument("--chars", type=int, default=2000, help="characters of each main text")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the database at this path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "search.db"
        build = None
        if not path.exists():
            build = round(synthetic(path, args.claims, args.pages, args.chars), 1)
        rows = time_queries(path, args.runs)
        result = {
            "claims": args.claims,
            "pages": args.pages,
            "text_chars": args.chars,
            "build_seconds": build,
            "db_mb": round(path.stat().st_size / 1e6, 1),
            "queries": rows,
            "command_median_ms": command_ms(path, 10),
        }
    print(f"{'query':32} {'hits':>5} {'median ms':>10} {'max ms':>8}", file=sys.stderr)
    for r in rows:
        print(
            f"{r['query']:32} {r['hits']:>5} {r['median_ms']:>10} {r['max_ms']:>8}",
            file=sys.stderr,
        )
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
