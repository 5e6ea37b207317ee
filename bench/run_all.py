"""The benchmark suite (`make bench`): every script in turn, tables to stdout and one summary.

Restarts itself in .venv-bench, created if needed with claimtrack and the bench-only tools of
bench/requirements.txt, while the claimtrack commands it times run in the Python that started
it, the project's .venv, which has no numpy (bench/pythons.py). Checks for curl, wrk and
hyperfine, then runs bench_refresh.py (workloads 1–3 + profile), bench_scale.py (workload 4 +
plots), bench_cli.py (workload 5) and bench_extract.py, each writing JSON to bench/out/. The
Markdown of every table, with the machine and the commands, goes to bench/out/summary.md.
Budget: under 10 minutes on 2 cores.

    .venv/bin/python bench/run_all.py              # the whole suite
    .venv/bin/python bench/run_all.py --quick      # a small version, about a minute
    .venv/bin/python bench/run_all.py --with-others   # also bench_fetch.py and bench_report.py
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BENCH_VENV = HERE.parent / ".venv-bench"
BENCH_PY = BENCH_VENV / "bin" / "python"
SHOWN = ".venv-bench/bin/python"  # how the summary names the Python of the scripts
sys.path.insert(0, str(HERE))

import pythons  # noqa: E402

FULL = {
    "refresh": ["bench_refresh.py", "--urls", "10000", "--profile-urls", "1000"],
    "scale": ["bench_scale.py"],
    "cli": ["bench_cli.py"],
    "extract": ["bench_extract.py", "--mb", "1.0"],
}
QUICK = {
    "refresh": ["bench_refresh.py", "--urls", "600", "--profile-urls", "200"],
    "scale": [
        "bench_scale.py",
        *("--sweep-urls", "300", "--urls", "300", "1000", "--claims", "1000", "3000"),
        *("--plots", str(OUT)),
    ],
    "cli": ["bench_cli.py", "--runs", "5", "--claims", "2000", "--mb", "0.2"],
    "extract": ["bench_extract.py", "--mb", "0.2"],
}
OTHERS = {
    "fetch": ["bench_fetch.py", "--urls", "2000", "--latency", "0.05", "--per-host", "4"],
    "report": ["bench_report.py", "--sizes", "10000", "100000"],
}


def in_bench_venv() -> bool:
    return Path(sys.prefix).resolve() == BENCH_VENV.resolve()


def ensure_bench_venv() -> None:
    """Restart in .venv-bench, creating it or installing what it lacks; claimtrack stays in
    the Python that started us ($BENCH_CLAIMTRACK_PYTHON for the scripts)."""
    if in_bench_venv():
        return
    os.environ.setdefault(pythons.ENV, sys.executable)
    if not BENCH_PY.exists():
        print(f"creating {BENCH_VENV.name} for the bench tools", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
    os.execv(BENCH_PY, [str(BENCH_PY), __file__, *sys.argv[1:]])


def ensure_tools() -> None:
    wanted = ("matplotlib", "pyinstrument", "claimtrack")
    missing = [m for m in wanted if importlib.util.find_spec(m) is None]
    if missing or not (BENCH_VENV / "bin" / "lychee").exists():
        print(
            f"installing claimtrack and bench/requirements.txt into {BENCH_VENV.name}",
            file=sys.stderr,
        )
        pip = [sys.executable, "-m", "pip", "install", "--quiet"]
        requirements = ["-e", str(HERE.parent), "-r", str(HERE / "requirements.txt")]
        subprocess.run([*pip, *requirements], check=True)
    for tool in ("curl", "wrk", "hyperfine"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed (Debian: apt-get install {tool})")


def machine() -> str:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
    model = next((line.split(":", 1)[1].strip() for line in lscpu if "Model name" in line), "?")
    mem = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1]
    return (
        f"{datetime.date.today()}: {os.cpu_count()} CPUs "
        f"({model}), {int(mem) / 2**20:.0f} GiB RAM, Python {platform.python_version()}, "
        f"Linux {platform.release()}"
    )


def run(name: str, argv: list[str]) -> tuple[str, float]:
    cmd = [sys.executable, str(HERE / argv[0]), *argv[1:]]
    if name in ("refresh", "scale", "cli"):
        cmd += ["--json", str(OUT / f"{name}.json")]
    print(f"\n## {name}: {' '.join([SHOWN, 'bench/' + argv[0], *argv[1:]])}\n")
    started = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
    seconds = time.perf_counter() - started
    print(done.stdout, end="")
    print(f"({seconds:.0f} s)", flush=True)
    return done.stdout, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, about a minute")
    parser.add_argument("--with-others", action="store_true", help="also fetch and report")
    parser.add_argument("--only", nargs="+", help="run only these (refresh scale cli extract)")
    args = parser.parse_args()
    ensure_bench_venv()
    ensure_tools()
    pythons.compile_claimtrack()  # every timed command starts from compiled bytecode
    OUT.mkdir(parents=True, exist_ok=True)
    plan = dict(QUICK if args.quick else FULL)
    if args.with_others:
        plan.update(OTHERS)
    if args.only:
        plan = {k: v for k, v in plan.items() if k in args.only}
    started = time.perf_counter()
    sections = [f"Machine: {machine()}", f"claimtrack runs in {pythons.claimtrack_python()}"]
    print("\n\n".join(sections))
    for name, argv in plan.items():
        text, seconds = run(name, argv)
        command = " ".join([SHOWN, "bench/" + argv[0], *argv[1:]])
        sections.append(f"## {name} ({seconds:.0f} s)\n\n`{command}`\n\n{text}")
    total = time.perf_counter() - started
    sections.append(f"Suite: {total:.0f} s (target < 600 s)")
    (OUT / "summary.md").write_text("\n\n".join(sections) + "\n")
    print(f"\nsuite: {total:.0f} s; summary in {OUT / 'summary.md'}")


if __name__ == "__main__":
    main()
