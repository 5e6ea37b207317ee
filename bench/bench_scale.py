"""Scaling curves: throughput against concurrency, and time/memory against URLs and claims.

  sweep   --sweep-urls pages at each --concurrency: curl --parallel, lychee and a first
          `claimtrack refresh` (100 distinct bodies, 4–40 KB, 20–300 ms hosts: this measures
          the fetch engine and the store, not trafilatura);
  urls    a first refresh of 1k, 10k, 50k evidence URLs (2–20 ms hosts, so the 50k point
          fits in the suite's time; 100 distinct bodies) on a fresh database each;
  claims  `refresh --no-fetch` (every flag recomputed) on 1k, 10k, 100k claims built by
          bench/bench_report.py's `synthetic`, first (flags set) and second run (steady).

Each claimtrack run is a fresh child: wall, CPU, peak RSS; and the database size after it.
Writes docs/bench-throughput.png and docs/bench-scaling.png (matplotlib, bench-only).

    .venv/bin/python bench/bench_scale.py --json bench/out/scale.json
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_refresh as br  # noqa: E402
import web  # noqa: E402
from pythons import claimtrack_python  # noqa: E402

# claimtrack runs in the project's venv, not the bench tools' (see pythons.py)
br.CLAIMTRACK = [claimtrack_python(), "-m", "claimtrack"]

DOCS = HERE.parent / "docs"


def sweep(args: argparse.Namespace, work: Path) -> list[dict[str, Any]]:
    site = web.Site(hosts=50, latency=(0.02, 0.3), size_kb=(4, 40), distinct=100, slow=0.3)
    pages = range(args.sweep_urls)
    rows = []
    with web.running(site) as served:
        urls = [served.url(i) for i in pages]
        for c in args.concurrency:
            per_host = max(4, math.ceil(c / site.hosts))
            row: dict[str, Any] = {"concurrency": c, "per_host": per_host}
            row["ideal_s"] = web.ideal_seconds(site, pages, c, per_host)
            served.new_run(0)
            row["curl"] = br.curl(urls, c, work)
            served.new_run(0)
            row["lychee"] = br.lychee(urls, c, per_host, work)
            db = work / f"sweep-{c}.db"
            br.build_db(db, urls)
            served.new_run(0)
            row["claimtrack"] = br.refresh(
                db, 1, work / "sweep.json", concurrency=c, per_host=per_host
            )
            br.check(row["claimtrack"]["counts"], web.expected(pages, "first"), f"sweep {c}")
            rows.append(row)
            print(f"sweep {c}: {json.dumps(row)}", file=sys.stderr)
    return rows


def url_curve(args: argparse.Namespace, work: Path) -> list[dict[str, Any]]:
    site = web.Site(hosts=50, latency=(0.002, 0.02), size_kb=(4, 40), distinct=100, slow=0.5)
    rows = []
    with web.running(site) as served:
        for n in args.urls:
            pages = range(n)
            db = work / f"urls-{n}.db"
            br.build_db(db, [served.url(i) for i in pages])
            served.new_run(0)
            row = br.refresh(db, 1, work / "urls.json")
            row["urls"] = n
            row["ideal_s"] = web.ideal_seconds(site, pages, 64, 4)
            row["counts_ok"] = br.check(row["counts"], web.expected(pages, "first"), f"{n}")
            rows.append(row)
            db.unlink()
            print(f"urls {n}: {json.dumps(row)}", file=sys.stderr)
    return rows


def claim_curve(args: argparse.Namespace, work: Path) -> list[dict[str, Any]]:
    from bench_report import synthetic

    rows = []
    for n in args.claims:
        db = work / f"claims-{n}.db"
        synthetic(db, n)
        cmd = [*br.CLAIMTRACK, "refresh", "--no-fetch", "--db", str(db), "--json"]
        row: dict[str, Any] = {"claims": n}
        for label, day in (("first", "2026-11-25"), ("again", "2026-11-26")):
            stats = br.measure([*cmd, "--now", day], work / "claims.json")
            stats["db_mib"] = br.db_mib(db)
            row[label] = stats
        rows.append(row)
        print(f"claims {n}: {json.dumps(row)}", file=sys.stderr)
    return rows


def growth(xs: list[float], ys: list[float]) -> list[float]:
    """Local exponent between consecutive points: 1.0 is linear, 2.0 quadratic."""
    return [
        math.log(ys[i + 1] / ys[i]) / math.log(xs[i + 1] / xs[i])
        for i in range(len(xs) - 1)
        if ys[i] > 0 and ys[i + 1] > 0
    ]


def plots(result: dict[str, Any], folder: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = result["sweep_urls"]
    rows = result["sweep"]
    cs = [r["concurrency"] for r in rows]
    fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=110)
    for tool, style in (("curl", "s--"), ("lychee", "^--"), ("claimtrack", "o-")):
        if all(r.get(tool) for r in rows):
            ax.plot(cs, [n / r[tool]["wall"] for r in rows], style, label=tool)
    ax.plot(cs, [n / r["ideal_s"] for r in rows], ":", color="grey", label="ideal")
    ax.set(xscale="log", xlabel="requests in flight", ylabel="URLs / s")
    ax.set_xticks(cs, [str(c) for c in cs])
    ax.set_xticks([], minor=True)  # no overlapping minor labels on the log axis
    ax.set_title(f"Throughput, {n:,} URLs over 50 loopback hosts (20–300 ms)", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    throughput = folder / "bench-throughput.png"
    fig.savefig(throughput)
    plt.close(fig)

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2), dpi=110)
    urls = result["urls"]
    xs = [r["urls"] for r in urls]
    left.plot(xs, [r["wall"] for r in urls], "o-", label="wall s")
    left.plot(xs, [r["cpu"] for r in urls], "s-", label="CPU s")
    left.plot(xs, [r["ideal_s"] for r in urls], ":", color="grey", label="ideal")
    left.plot(xs, [urls[0]["cpu"] * x / xs[0] for x in xs], "--", color="lightgrey", label="linear")
    left.set(xscale="log", yscale="log", xlabel="evidence URLs", ylabel="seconds")
    left.set_title("First refresh against URL count (2–20 ms hosts)", fontsize=10)
    claims = result["claims"]
    cx = [r["claims"] for r in claims]
    right.plot(cx, [r["first"]["wall"] for r in claims], "o-", label="wall s, 1st (flags set)")
    right.plot(cx, [r["again"]["wall"] for r in claims], "s-", label="wall s, 2nd (steady)")
    right.plot(
        cx,
        [claims[-1]["first"]["wall"] * x / cx[-1] for x in cx],
        "--",
        color="lightgrey",
        label="linear",
    )
    right.set(xscale="log", yscale="log", xlabel="claims", ylabel="seconds")
    right.set_title("refresh --no-fetch against claim count", fontsize=10)
    for ax in (left, right):
        ax.grid(alpha=0.3, which="both")
        ax.legend(fontsize=8)
    fig.tight_layout()
    scaling = folder / "bench-scaling.png"
    fig.savefig(scaling)
    plt.close(fig)
    return [str(throughput), str(scaling)]


def tables(r: dict[str, Any]) -> str:
    n = r["sweep_urls"]
    out = [
        f"Throughput against concurrency ({n:,} URLs, URL/s; wall s in brackets):",
        "",
        "| in flight | per host | ideal | curl --parallel | lychee | claimtrack"
        " | claimtrack CPU s |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in r["sweep"]:
        cells = [
            f"{n / row[t]['wall']:.0f} ({row[t]['wall']:.1f})" if row.get(t) else "–"
            for t in ("curl", "lychee", "claimtrack")
        ]
        out.append(
            f"| {row['concurrency']} | {row['per_host']} | {n / row['ideal_s']:.0f} |"
            f" {' | '.join(cells)} | {row['claimtrack']['cpu']:.1f} |"
        )
    out += [
        "",
        "First refresh against URL count:",
        "",
        "| URLs | wall s | ideal s | CPU s | CPU ms/URL | peak RSS MiB | DB MiB | counts ok |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in r["urls"]:
        out.append(
            f"| {row['urls']:,} | {row['wall']:.1f} | {row['ideal_s']:.1f} | {row['cpu']:.1f} |"
            f" {row['cpu'] / row['urls'] * 1000:.2f} | {row['rss_mib']:.0f} |"
            f" {row['db_mib']:.1f} | {'yes' if row['counts_ok'] else 'NO'} |"
        )
    xs = [row["urls"] for row in r["urls"]]
    out.append("")
    for key in ("wall", "cpu", "rss_mib"):
        exps = growth(xs, [row[key] for row in r["urls"]])
        out.append(f"- growth exponent of {key} with URLs: {', '.join(f'{e:.2f}' for e in exps)}")
    out += [
        "",
        "`refresh --no-fetch` against claim count:",
        "",
        "| claims | 1st wall s | 1st CPU s | 1st RSS MiB | 2nd wall s | 2nd CPU s"
        " | 2nd RSS MiB | DB MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in r["claims"]:
        f, a = row["first"], row["again"]
        out.append(
            f"| {row['claims']:,} | {f['wall']:.2f} | {f['cpu']:.2f} | {f['rss_mib']:.0f} |"
            f" {a['wall']:.2f} | {a['cpu']:.2f} | {a['rss_mib']:.0f} | {a['db_mib']:.1f} |"
        )
    cx = [row["claims"] for row in r["claims"]]
    out.append("")
    for label in ("first", "again"):
        for key in ("wall", "rss_mib"):
            exps = growth(cx, [row[label][key] for row in r["claims"]])
            out.append(
                f"- growth exponent of {label} {key} with claims: "
                + ", ".join(f"{e:.2f}" for e in exps)
            )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16, 64, 256])
    parser.add_argument("--sweep-urls", type=int, default=2000)
    parser.add_argument("--urls", type=int, nargs="+", default=[1000, 10_000, 50_000])
    parser.add_argument("--claims", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--plots", type=Path, default=DOCS, help="folder for the PNGs")
    parser.add_argument("--no-plots", action="store_true")
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    args = parser.parse_args()
    started = time.perf_counter()
    result: dict[str, Any] = {"sweep_urls": args.sweep_urls}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        result["sweep"] = sweep(args, work)
        result["urls"] = url_curve(args, work)
        result["claims"] = claim_curve(args, work)
    result["seconds"] = time.perf_counter() - started
    if not args.no_plots:
        result["plots"] = plots(result, args.plots)
    print(tables(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
