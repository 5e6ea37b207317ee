"""Throughput of `claimtrack.extract.extract` per language, on one core.

Run: PYTHONPATH=src .venv/bin/python bench/bench_extract.py [--mb 1.0] [--repeat 5]
Each language's text is its own development texts (tests/extract/texts, heldout and
eval/dev; the bundled speech for kk) repeated to --mb megabytes of UTF-8, read with that
language given; the median of --repeat runs is reported, and a mixed text read with the
language detected.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

from claimtrack.extract import extract

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests" / "extract"
REF = date(2025, 10, 7)


def sources(lang: str) -> list[Path]:
    found = [TESTS / "texts" / f"{lang}.txt"]
    found += sorted((TESTS / "heldout").glob(f"{lang}-*.txt"))
    found += sorted((TESTS / "eval" / "dev").glob(f"{lang}-*.txt"))
    if lang == "kk":
        found.append(ROOT / "src" / "claimtrack" / "datasets" / "gabala-2025" / "speech.kk.txt")
    return [p for p in found if p.exists()]


def corpus(paths: list[Path], megabytes: float) -> str:
    base = "\n".join(p.read_text(encoding="utf-8") for p in paths) + "\n"
    size = int(megabytes * 1_000_000)
    return (base * (size // len(base.encode()) + 1)).encode()[:size].decode("utf-8", "ignore")


def measure(text: str, lang: str | None, repeat: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds over `repeat` runs, and the number of candidates.

    On a shared machine the CPU time (this process only) is the steadier of the two."""
    extract(text[:20_000], lang, REF)  # warm up: compile the regexes
    walls, cpus, count = [], [], 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        count = len(extract(text, lang, REF))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    runs: list[tuple[str, str | None, list[Path]]] = [
        (lang, lang, sources(lang)) for lang in ("en", "ru", "kk")
    ]
    runs.append(("mixed", None, [p for lang in ("kk", "ru", "en") for p in sources(lang)]))
    for name, lang, paths in runs:
        text = corpus(paths, args.mb)
        size = len(text.encode()) / 1_000_000
        wall, cpu, count = measure(text, lang, args.repeat)
        print(
            f"{name:5} {size:.2f} MB ({len(text):,} characters), {count} candidates, median of "
            f"{args.repeat}: wall {wall:.2f} s = {size / wall:.2f} MB/s, "
            f"CPU {cpu:.2f} s = {size / cpu:.2f} MB/s"
        )


if __name__ == "__main__":
    main()
