"""Benchmark `claimtrack evidence fetch` against curl --parallel and lychee, on loopback only.

Serves N pages from bench/loopback_web.py (K loopback addresses 127.0.0.1…127.0.0.K, fixed
latency), then for each concurrency runs curl, lychee (throttling off) and claimtrack (a
fresh database, N evidence links; the timed run includes its database writes), then the
same command with nothing left to fetch (its fixed cost: start-up, imports, exit), then a
second claimtrack run of the same pages (all 304) to compare CPU time. All of that is
repeated `--repeat` times (the peers and claimtrack back to back each time) and the table
gives medians, with claimtrack's ratios to the peers' medians and the range of the per-run
ratios. Prints a Markdown table.

    .venv-bench/bin/python bench/bench_fetch.py --urls 2000 --latency 0.05 --concurrency 32 128
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pythons import claimtrack_python, compile_claimtrack

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


def lychee_path() -> str | None:
    return shutil.which("lychee", path=str(Path(sys.executable).parent)) or shutil.which("lychee")


def tools_once(n: int, work: Path) -> dict[str, tuple[float, float]]:
    """(wall, CPU) of curl and (when installed) lychee at `n` in flight."""
    got = {
        "curl --parallel": timed(
            ["curl", "-s", "--parallel", "--parallel-max", str(n), "-K", str(work / "curl.cfg")]
        )[:2]
    }
    lychee = lychee_path()
    if lychee:
        got["lychee"] = timed(
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
        )[:2]
    return got


FIRST, FIXED, AGAIN = (
    "claimtrack (first fetch)",
    "claimtrack start-up and exit (nothing to fetch)",
    "claimtrack (again, 304)",
)


def claimtrack_once(args: argparse.Namespace, n: int, db: Path) -> dict[str, tuple[float, float]]:
    """First fetch (into a fresh database), fixed cost (nothing to fetch), then the 304 run."""
    per_host = args.per_host or max(1, -(-n // args.hosts))
    wall, cpu, counts = run_claimtrack(db, n, per_host, again=False)
    assert counts["fetched"] == args.urls, counts
    got = {FIRST: (wall, cpu)}
    got[FIXED] = run_claimtrack(db, n, per_host, again=False)[:2]
    wall, cpu, counts = run_claimtrack(db, n, per_host, again=True)
    assert counts["unchanged"] == args.urls, counts
    got[AGAIN] = (wall, cpu)
    return got


def median_rows(
    args: argparse.Namespace, n: int, runs: list[dict[str, tuple[float, float]]]
) -> list[str]:
    """One row per tool: median wall and CPU over the runs; claimtrack's rows compare its
    median with the peers' medians, and give the range of the paired per-run ratios."""
    wall = {k: statistics.median(r[k][0] for r in runs) for k in runs[0]}
    cpu = {k: statistics.median(r[k][1] for r in runs) for k in runs[0]}
    peers = [k for k in runs[0] if not k.startswith("claimtrack")]

    def versus(mine: str, less: str | None = None) -> str:
        parts = []
        for peer in peers:
            ratios = [r[peer][0] / (r[mine][0] - (r[less][0] if less else 0.0)) for r in runs]
            spread = f" (runs {min(ratios):.2f}–{max(ratios):.2f})" if len(runs) > 1 else ""
            mine_wall = wall[mine] - (wall[less] if less else 0.0)
            parts.append(f"{wall[peer] / mine_wall:.2f}× {peer.split()[0]}{spread}")
        return ", ".join(parts)

    rows = []
    for key in runs[0]:
        rate = f"{args.urls / wall[key]:.0f}" if key != FIXED else ""
        note = ""
        if key == FIRST:
            note = versus(FIRST)
        elif key == FIXED:
            note = f"first run less this: {args.urls / (wall[FIRST] - wall[FIXED]):.0f} URL/s, "
            note += versus(FIRST, FIXED)
        elif key == AGAIN:
            ratios = [r[AGAIN][1] / r[FIRST][1] for r in runs]
            note = f"CPU {cpu[AGAIN] / cpu[FIRST]:.2f}× first"
            if len(runs) > 1:
                note += f" (runs {min(ratios):.2f}–{max(ratios):.2f})"
            note += f", {cpu[AGAIN] / args.urls * 1000:.2f} ms a URL"
        rows.append(f"| {key} | {n} | {wall[key]:.2f} | {rate} | {cpu[key]:.2f} | {note} |")
    return rows


def bench(args: argparse.Namespace, port: int, work: Path) -> list[str]:
    urls = [f"http://127.0.0.{1 + i % args.hosts}:{port}/p/{i}" for i in range(args.urls)]
    (work / "urls.txt").write_text("\n".join(urls) + "\n")
    (work / "curl.cfg").write_text("".join(f'url = "{u}"\noutput = "/dev/null"\n' for u in urls))
    rows = []
    for n in args.concurrency:
        runs = []
        for run in range(args.repeat):  # each run: the peers, then claimtrack, back to back
            got = tools_once(n, work)
            db = work / f"bench-{n}-{run}.db"
            make_db(db, urls)
            got.update(claimtrack_once(args, n, db))
            runs.append(got)
        rows += median_rows(args, n, runs)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--hosts", type=int, default=32, help="loopback addresses to spread over")
    parser.add_argument("--per-host", type=int, default=0, help="0: concurrency / hosts")
    parser.add_argument("--distinct", type=int, default=0, help="distinct bodies (0: all differ)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[32, 128])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each tool; medians")
    args = parser.parse_args()
    compile_claimtrack()
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
        f", {os.cpu_count()} CPUs; median of {args.repeat} runs each\n"
    )
    print("| tool | in flight | wall s | URL/s | CPU s (user+sys) | note |")
    print("|---|---:|---:|---:|---:|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
