"""Throughput of `claimtrack.extract.extract` on ~1 MB of speech text, on one core.

Run: PYTHONPATH=src .venv/bin/python bench/bench_extract.py [--mb 1.0] [--repeat 3]
The text is built from tests/extract/texts/{kk,ru,en}.txt and the bundled speech, repeated.
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from claimtrack.extract import extract

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "src" / "claimtrack" / "datasets" / "gabala-2025" / "speech.kk.txt",
    *(ROOT / "tests" / "extract" / "texts" / f"{lang}.txt" for lang in ("kk", "ru", "en")),
]


def corpus(megabytes: float) -> str:
    base = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES) + "\n"
    size = int(megabytes * 1_000_000)
    return (base * (size // len(base.encode()) + 1)).encode()[:size].decode("utf-8", "ignore")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = corpus(args.mb)
    size = len(text.encode()) / 1_000_000
    extract(text[:20_000], None, date(2025, 10, 7))  # warm up: compile the regexes
    best = float("inf")
    count = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        count = len(extract(text, None, date(2025, 10, 7)))
        best = min(best, time.perf_counter() - start)
    print(
        f"{size:.2f} MB ({len(text):,} characters), {count} candidates, best of "
        f"{args.repeat}: {best:.2f} s = {size / best:.2f} MB/s"
    )


if __name__ == "__main__":
    main()
