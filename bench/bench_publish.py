"""Benchmark of `claimtrack publish` on a synthetic database: 10,000 claims, 30,000
evidence links (3,000 pages with an archived copy), a rating event per rated claim.

Measures the wall time of (1) a full publish into an empty directory, (2) `--changed-only`
with nothing changed, (3) `--changed-only` after one `claimtrack rate`; each as a command in
a fresh child process (start-up included), as [wall seconds, CPU seconds]. Targets (issue 16):
(1) <= 30 s, (3) <= 2 s.

    .venv/bin/python bench/bench_publish.py
    .venv/bin/python bench/bench_publish.py --claims 1000 --keep /tmp/bench-publish
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from pythons import claimtrack_python

from claimtrack import scales
from claimtrack.db import open_db
from claimtrack.fetch.store import pack, sha256, text_hash

TODAY = date(2026, 11, 25)
NOW = "2025-10-08T09:00:00Z"
TOPICS = ("economy", "transport", "digital", "energy", "water", "education", "экология")
WORDS = "Қазақстан түркі мемлекеттері ұйымы жобалар теміржол энергия цифрлық саммит".split()
CLI = [claimtrack_python(), "-m", "claimtrack"]  # the project's venv (pythons.py)
PAGE = "<html><head><title>Page {i}</title></head><body><article><p>{text}</p></article></body>"


def _claims(
    rnd: random.Random, n: int
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    claims, events = [], []
    for i in range(1, n + 1):
        kind = rnd.choice(scales.KINDS)
        rating = rnd.choice(scales.scale_for(kind))
        deadline = None
        if kind == "commitment" and rnd.random() < 0.6:
            deadline = (TODAY + timedelta(days=rnd.randint(-900, 3000))).isoformat()
        quote = " ".join(rnd.choices(WORDS, k=rnd.randint(6, 30))) + f" {i}."
        claims.append(
            (i, 1, kind, quote, quote.casefold(), rnd.choice(TOPICS), deadline, "[]", rating)
            + ("A note.", NOW, NOW, NOW)
        )
        events.append((NOW, i, "created", None, kind, None))
        if rating != scales.default_rating(kind):
            events.append((NOW, i, "rating", scales.default_rating(kind), rating, "A note."))
    return claims, events


def synthetic(path: Path, n: int, links: int, archived: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    db = open_db(path)
    claims, events = _claims(rnd, n)
    pages, snapshots, texts = [], [], []
    for p in range(1, links + 1):
        status = "dead" if p % 50 == 0 else "ok" if p <= archived else "pending"
        raw = th = None
        if p <= archived:
            text = " ".join(rnd.choices(WORDS, k=300))
            body = PAGE.format(i=p, text=text).encode()
            raw, th = sha256(body), text_hash(text)
            snapshots.append((raw, "text/html", len(body), *pack(body), NOW))
            texts.append((th, text, NOW))
        pages.append((p, f"https://example.org/e/{p}", status, f"Page {p}", raw, th, NOW, NOW))
    evidence = [
        (e, 1 + (e - 1) % n, e, f"https://example.org/e/{e}", NOW) for e in range(1, links + 1)
    ]
    with db.conn:
        db.execute(
            "INSERT INTO speeches (id, title, speaker, date, lang, url, text, content_hash,"
            " created_at) VALUES (1, 'Synthetic speech', 'Speaker', '2025-10-07', 'kk',"
            " 'https://example.org/speech', 'text', 'hash', ?)",
            [NOW],
        )
        db.conn.executemany(
            "INSERT INTO claims (id, speech_id, kind, quote, norm, topic, deadline_end, figures,"
            " rating, rating_note, rated_at, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            claims,
        )
        db.conn.executemany(
            "INSERT INTO events (at, claim_id, type, old, new, note) VALUES (?, ?, ?, ?, ?, ?)",
            events,
        )
        db.conn.executemany(
            "INSERT INTO pages (id, url, status, title, raw_hash, text_hash, fetched_at,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            pages,
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO snapshots (hash, content_type, size, encoding, body,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            snapshots,
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO texts (hash, text, created_at) VALUES (?, ?, ?)", texts
        )
        db.conn.executemany(
            "INSERT INTO evidence (id, claim_id, page_id, url, created_at) VALUES (?, ?, ?, ?, ?)",
            evidence,
        )
    db.execute("INSERT INTO settings (key, value) VALUES ('publisher.name', '\"Bench\"')")
    db.execute(
        "INSERT INTO settings (key, value) VALUES ('publisher.url', '\"https://b.example/\"')"
    )
    db.conn.commit()
    db.close()


def rate_one(db: Path) -> None:
    """`claimtrack rate` one claim to another rating on its scale."""
    conn = open_db(db)
    row = next(iter(conn.query("SELECT id, kind, rating FROM claims WHERE id = 7")))
    conn.close()
    other = next(r for r in scales.scale_for(row["kind"])[1:] if r != row["rating"])
    subprocess.run([*CLI, "rate", "7", other, "--db", str(db)], check=True, capture_output=True)


def timed(*argv: str) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one command in a child process: on
    a shared machine the CPU time says what the command costs, the wall time what it took."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([*CLI, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return round(wall, 2), round(cpu, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--links", type=int, default=30_000)
    parser.add_argument("--archived", type=int, default=3_000)
    parser.add_argument("--keep", type=Path, help="Folder for the database and the site")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db, site = folder / "publish.db", folder / "site"
        if not db.exists():
            synthetic(db, args.claims, args.links, args.archived)
        common = ["--db", str(db), "--base-url", "https://b.example/site/", "--ui-lang", "kk"]
        result: dict[str, object] = {"claims": args.claims, "links": args.links}
        result["full_s"] = timed("publish", str(site), *common)
        result["changed_only_nothing_s"] = timed("publish", str(site), "--changed-only", *common)
        rate_one(db)
        result["changed_only_one_rating_s"] = timed("publish", str(site), "--changed-only", *common)
        result["files"] = sum(1 for p in site.rglob("*") if p.is_file())
        result["load_average"] = [round(x, 1) for x in os.getloadavg()]
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
