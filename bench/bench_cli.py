"""Start-up and everyday commands, with hyperfine: medians over repeated runs.

`claimtrack --help` side by side with `sqlite-utils --help` (same run, same venv);
`claimtrack report` and `claimtrack list --json` on a 10,000-claim database
(bench/bench_report.py's `synthetic`);
`claimtrack extract FILE --json` on 1 MB of speech text (bench/bench_extract.py's `corpus`).

  .venv/bin/python bench/bench_cli.py --json bench/out/cli.json
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pythons import claimtrack_bin  # noqa: E402

BIN = claimtrack_bin()  # the project's venv, not the bench tools' (see pythons.py)


def hyperfine(commands: dict[str, str], runs: int, out: Path) -> dict[str, dict[str, float]]:
    """Median, mean and stddev (s) of each command, run alternately by hyperfine."""
    cmd = ["hyperfine", "--warmup", "2", "--runs", str(runs), "-N", "--export-json", str(out)]
    for name, line in commands.items():
        cmd += ["-n", name, line]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    results = json.loads(out.read_text())["results"]
    return {
        r["command"]: {"median": r["median"], "mean": r["mean"], "stddev": r["stddev"] or 0.0}
        for r in results
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    args = parser.parse_args()
    if shutil.which("hyperfine") is None:
        sys.exit("hyperfine is not installed (apt-get install hyperfine)")
    from bench_extract import corpus
    from bench_report import synthetic

    ct, su = BIN / "claimtrack", BIN / "sqlite-utils"
    result: dict[str, Any] = {"claims": args.claims, "mb": args.mb}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / "claims.db"
        synthetic(db, args.claims)
        speech = work / "speech.txt"
        speech.write_text(corpus(args.mb), encoding="utf-8")
        result["help"] = hyperfine(
            {"claimtrack --help": f"{ct} --help", "sqlite-utils --help": f"{su} --help"},
            args.runs,
            work / "help.json",
        )
        result["commands"] = hyperfine(
            {
                "claimtrack report": f"{ct} report --db {db}",
                "claimtrack list --json": f"{ct} list --json --db {db}",
            },
            max(3, args.runs // 2),
            work / "commands.json",
        )
        extract = f"{ct} extract {speech} --json --db {work / 'x.db'}"
        result["commands"].update(
            hyperfine({f"claimtrack extract ({args.mb:g} MB)": extract}, 3, work / "x.json")
        )
    print(table(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1))


def table(r: dict[str, Any]) -> str:
    lines = ["| command | median s | mean ± sd s |", "|---|---:|---:|"]
    for group in ("help", "commands"):
        for name, s in r[group].items():
            lines.append(f"| `{name}` | {s['median']:.3f} | {s['mean']:.3f} ± {s['stddev']:.3f} |")
    h = r["help"]
    ratio = h["claimtrack --help"]["median"] / h["sqlite-utils --help"]["median"]
    lines.append(f"\n- `claimtrack --help` = {ratio:.2f} × `sqlite-utils --help` (target ≤ 0.8)")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
