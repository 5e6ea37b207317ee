"""Installable with its data: bundled datasets by name, confined dataset files, no database
left behind by a failed create, and (slow) the built wheel working from an empty folder."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from support import DATASET, ROOT, SPEECH, Cli


def test_dataset_list_names_the_bundled_speech(cli: Cli) -> None:
    r = cli("dataset", "list", "--json")
    assert r.exit_code == 0, r.stderr
    (row,) = [d for d in json.loads(r.stdout) if d["name"] == "gabala-2025"]
    assert (row["date"], row["lang"], row["claims"]) == ("2025-10-07", "kk", 51)
    r = cli("dataset", "list")
    assert r.exit_code == 0 and "gabala-2025" in r.stdout


def test_dataset_load_by_name_and_by_path_are_the_same(cli: Cli, tmp_path: Path) -> None:
    by_name = cli("dataset", "load", "gabala-2025", "--db", str(tmp_path / "a.db"), "--json")
    by_path = cli("dataset", "load", str(DATASET), "--db", str(tmp_path / "b.db"), "--json")
    assert by_name.exit_code == by_path.exit_code == 0, by_name.stderr + by_path.stderr
    assert json.loads(by_name.stdout) == json.loads(by_path.stdout)
    assert json.loads(by_name.stdout)["claims"] == 51


def dataset(folder: Path, file: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "claims.toml").write_text(
        f'[speech]\nfile = "{file}"\n\n[[claims]]\nquote = "x"\nkind = "statement"\n',
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ("/etc/passwd", "must name a file inside the dataset folder"),
        ("../secret.txt", "must name a file inside the dataset folder"),
        ("sub/../../secret.txt", "must name a file inside the dataset folder"),
        ("link.txt", "leads outside the dataset folder"),
    ],
    ids=["absolute", "dotdot", "nested-dotdot", "symlink-out"],
)
def test_dataset_files_stay_inside_their_folder(
    file: str, message: str, cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "secret.txt").write_text("Secret speech text.", encoding="utf-8")
    folder = dataset(tmp_path / "ds", file)
    (folder / "link.txt").symlink_to(tmp_path / "secret.txt")
    target = tmp_path / "new.db"
    r = cli("dataset", "load", str(folder), "--db", str(target))
    assert r.exit_code == 1 and message in r.stderr and r.stderr.count("\n") == 1, r.stderr
    assert not target.exists()


def test_an_unknown_dataset_name_lists_the_bundled_ones(cli: Cli, tmp_path: Path) -> None:
    r = cli("dataset", "load", "gabala-2052", "--db", str(tmp_path / "new.db"))
    assert r.exit_code == 1 and "bundled: gabala-2025" in r.stderr
    assert not (tmp_path / "new.db").exists()


def create_cases(tmp: Path) -> list[tuple[str, ...]]:
    (tmp / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp / "bad.jsonl").write_text('{"type": "claimtrack-export", "version": 1}\n{"type": "x"}\n')
    return [
        ("speech", "add", str(tmp / "empty.txt")),
        ("speech", "add", str(SPEECH), "--date", "2025-02-31"),
        ("import", str(tmp / "bad.jsonl")),  # fails after the database is opened
        ("import", str(tmp / "missing.jsonl")),
        ("dataset", "load", str(tmp / "nowhere")),
        ("extract", str(tmp / "empty.txt"), "--register"),
        ("config", "set", "no.such", "1"),
        ("config", "set", "flags.stale_days", "soon"),
    ]


@pytest.mark.parametrize("case", range(8))
def test_a_failed_create_leaves_no_database(case: int, cli: Cli, tmp_path: Path) -> None:
    args = create_cases(tmp_path)[case]
    target = tmp_path / "new.db"
    r = cli(*args, "--db", str(target))
    assert r.exit_code == 1 and r.stderr.startswith("Error: "), r.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("new.db")]


# the built wheel, installed in a fresh venv, from an empty folder (slow: ~35-60 s)


def sh(*args: str, cwd: Path, env: dict[str, str] | None = None, input: str | None = None) -> str:
    r = subprocess.run(
        args,
        cwd=cwd,
        env=env,
        input=input,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert r.returncode == 0, f"{args}: {r.stderr[-2000:]}"
    return r.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist built from the committed tree (git archive: what a clone has), the wheel
    built from that sdist (python -m build), installed with pip in a fresh venv; its bin/."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout (the sdist is built from the committed files)")
    work = tmp_path_factory.mktemp("wheel")
    tree = work / "tree"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "HEAD"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    sh(sys.executable, "-m", "build", "--outdir", str(work / "dist"), str(tree), cwd=work)
    (wheel,) = (work / "dist").glob("claimtrack-*.whl")
    (sdist,) = (work / "dist").glob("claimtrack-*.tar.gz")
    check_contents(wheel, sdist)
    venv = work / "venv"
    sh(sys.executable, "-m", "venv", str(venv), cwd=work)
    sh(str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel), cwd=work)
    return venv / "bin"


def check_contents(wheel: Path, sdist: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "claimtrack/datasets/gabala-2025/claims.toml" in names
    assert "claimtrack/datasets/gabala-2025/speech.kk.txt" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    with tarfile.open(sdist) as tar:
        top = {n.split("/", 2)[1] for n in tar.getnames() if n.count("/") >= 1}
    # what `make test` needs from a clean sdist
    assert {"LICENSE", "Makefile", "tests", "docs", "bench", "pyproject.toml", "src"} <= top


@pytest.mark.slow
def test_the_wheel_works_from_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {"PATH": f"{installed}:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    sh("claimtrack", "dataset", "load", "gabala-2025", cwd=empty, env=env)
    assert (empty / "claims.db").exists()
    assert "claimtrack report · 22 claims · 29 commitments" in sh(
        "claimtrack", "report", cwd=empty, env=env
    )
    assert "теміржол" in sh("claimtrack", "search", "ТЕМІРЖОЛ", cwd=empty, env=env)
    out = sh(
        "sh", "-c", "claimtrack report -o - --format json | python -m json.tool", cwd=empty, env=env
    )
    assert len(json.loads(out)["claims"]) == 51
    assert sorted(p.name for p in empty.iterdir() if not p.name.startswith("claims.db")) == []
