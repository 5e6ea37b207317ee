"""Benchmark of `claimtrack report` on synthetic databases of 10k and 100k claims.

Measures (1) the wall time of the table dashboard (`report.dashboard` + render into a
120-column console), in process; (2) the wall time of `claimtrack report` as a command;
(3) the peak RSS of `claimtrack report --format json` and `--format csv` written to
/dev/null, each in a fresh child process (resource.getrusage(RUSAGE_CHILDREN)).

    .venv/bin/python bench/bench_report.py            # 10k and 100k
    .venv/bin/python bench/bench_report.py --sizes 1000 --keep /tmp/bench
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from pythons import claimtrack_python
from rich.console import Console

from claimtrack import report, scales
from claimtrack.claims import Filters
from claimtrack.db import open_db
from claimtrack.output import report as out

TODAY = date(2026, 11, 25)
NOW = "2025-10-08T09:00:00Z"
TOPICS = ("economy", "transport", "digital", "energy", "water", "education", "экология")
WORDS = "Қазақстан түркі мемлекеттері ұйымы жобалар теміржол энергия цифрлық саммит".split()
CLI = [claimtrack_python(), "-m", "claimtrack"]  # the project's venv (pythons.py)


def synthetic(path: Path, n: int, seed: int = 1) -> None:
    """A migrated database with `n` claims, evidence on a third, flags on a tenth."""
    rnd = random.Random(seed)
    db = open_db(path)
    db.execute(
        "INSERT INTO speeches (id, title, speaker, date, lang, url, text, content_hash,"
        " created_at) VALUES (1, 'Synthetic speech', 'Speaker', '2025-10-07', 'kk',"
        " 'https://example.org/speech', 'text', 'hash', ?)",
        [NOW],
    )
    claims, evidence, flags = [], [], []
    for i in range(1, n + 1):
        kind = rnd.choice(scales.KINDS)
        rating = rnd.choice(scales.scale_for(kind))
        deadline = None
        if kind == "commitment" and rnd.random() < 0.6:
            deadline = (TODAY + timedelta(days=rnd.randint(-900, 3000))).isoformat()
        quote = " ".join(rnd.choices(WORDS, k=rnd.randint(6, 30))) + f" {i}."
        claims.append(
            (
                i,
                1,
                kind,
                quote,
                quote.casefold(),
                rnd.choice(TOPICS),
                deadline,
                "[]",
                rating,
                "A note.",
                NOW,
                NOW,
                NOW,
            )
        )
        if i % 3 == 0:
            evidence.append((i, i, 1 + i % 500, f"https://example.org/e/{i % 500}", NOW))
        if i % 10 == 0:
            flags.append((i, rnd.choice(report.FLAGS), NOW))
    with db.conn:
        db.conn.executemany(
            "INSERT INTO pages (id, url, status, created_at) VALUES (?, ?, 'ok', ?)",
            [(p, f"https://example.org/e/{p - 1}", NOW) for p in range(1, 501)],
        )
        db.conn.executemany(
            "INSERT INTO claims (id, speech_id, kind, quote, norm, topic, deadline_end, figures,"
            " rating, rating_note, rated_at, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            claims,
        )
        db.conn.executemany(
            "INSERT INTO evidence (id, claim_id, page_id, url, created_at) VALUES (?, ?, ?, ?, ?)",
            evidence,
        )
        db.conn.executemany("INSERT INTO flags (claim_id, flag, since) VALUES (?, ?, ?)", flags)
    db.close()


def dashboard_seconds(path: Path) -> float:
    db = open_db(path)
    start = time.perf_counter()
    data = report.dashboard(db, Filters(), TODAY, 50)
    con = Console(width=120, file=io.StringIO(), color_system=None)
    out.render(data, con=con)
    return time.perf_counter() - start


def child(argv: list[str], db: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one command run in a fresh child process."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe, *CLI, *argv, "--db", str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, rss = run.stdout.split()
    return float(seconds), int(rss)


def measure(n: int, folder: Path) -> dict[str, float | int]:
    path = folder / f"claims-{n}.db"
    if not path.exists():
        synthetic(path, n)
    result: dict[str, float | int] = {"claims": n}
    result["dashboard_s"] = round(min(dashboard_seconds(path) for _ in range(3)), 3)
    seconds, rss = child(["report"], path)
    result["report_table_cmd_s"], result["report_table_rss_mib"] = round(seconds, 2), rss // 1024
    for fmt in ("json", "csv"):
        seconds, rss = child(["report", "--format", fmt], path)
        result[f"{fmt}_s"], result[f"{fmt}_rss_mib"] = round(seconds, 2), rss // 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--keep", type=Path, help="Folder for the synthetic databases")
    args = parser.parse_args()
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            print(json.dumps(measure(n, folder)), flush=True)
    print(f"# benchmark process baseline RSS {baseline // 1024} MiB", file=sys.stderr)


if __name__ == "__main__":
    main()
