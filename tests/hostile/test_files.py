"""Files one way (files.py): `-` for stdin and stdout everywhere, bounded reads, atomic writes."""

from __future__ import annotations

import gzip
import json
import os
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from claimtrack import files
from claimtrack.cli import app
from claimtrack.errors import InvalidInput
from support import DATASET, SPEECH, Cli

PAGE = b"<html><head><title>Saved by hand</title></head><body><p>Hello there.</p></body></html>"


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """(command path + parameter name, parameter) of every command; typer carries its own
    click (`typer.models` has its public types), so groups are told by their commands."""
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from walk(sub, (*path, name))
        return
    for param in command.params:
        yield (*path, param.name), param


def file_params() -> set[tuple[Any, ...]]:
    """Every parameter of every command that names a file (a Path), --db aside."""
    Cli()  # registers every command
    return {
        key
        for key, param in walk(typer.main.get_command(app))
        if isinstance(param.type, typer.models.TyperPath) and param.name != "db"
    }


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run in an empty directory; no file named `-` may appear in it."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    yield work
    assert not (work / "-").exists()


@pytest.fixture
def loaded(cli: Cli) -> Cli:
    r = cli("dataset", "load", str(DATASET))
    assert r.exit_code == 0, r.stderr
    r = cli("evidence", "import", "1", "-", input=PAGE)  # type: ignore[arg-type]
    assert r.exit_code == 0, r.stderr
    return cli


def speech_add(cli: Cli) -> None:
    r = cli("speech", "add", "-", "--json", input=SPEECH.read_text(encoding="utf-8"))
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["title"]


def extract(cli: Cli) -> None:
    r = cli("extract", "-", "--json", input="Келесі жылы 5 жаңа мектеп саламыз.\n")
    assert r.exit_code == 0, r.stderr
    assert isinstance(json.loads(r.stdout), list | dict)


def evidence_add(cli: Cli) -> None:
    r = cli("evidence", "add", "1", "--from-file", "-", input="# a\nhttps://example.org/one\n")
    assert r.exit_code == 0, r.stderr
    r = cli("evidence", "list", "1", "--json")
    assert "https://example.org/one" in r.stdout


def evidence_import(cli: Cli) -> None:
    r = cli("evidence", "import", "2", "-", "--json", input=PAGE)  # type: ignore[arg-type]
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["title"] == "Saved by hand"


def import_(cli: Cli) -> None:
    exported = cli("export").stdout
    r = cli("import", "-", "--db", "restored.db", "--json", input=exported)
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["claims"] == 51


def dataset_load(cli: Cli) -> None:
    """claims.toml on stdin; the speech file it names is read from the current folder."""
    (Path.cwd() / "speech.kk.txt").write_bytes(SPEECH.read_bytes())
    toml = (DATASET / "claims.toml").read_text(encoding="utf-8")
    r = cli("dataset", "load", "-", "--db", "fresh.db", "--json", input=toml)
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["claims"] == 51


def report(cli: Cli) -> None:
    r = cli("report", "-o", "-", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert len(json.loads(r.stdout)["claims"]) == 51 and r.stderr == ""


def export(cli: Cli) -> None:
    r = cli("export", "-o", "-")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout.splitlines()[0])["type"] == "claimtrack-export"


def snapshot(cli: Cli) -> None:
    r = cli("evidence", "snapshot", "1", "-o", "-")
    assert r.exit_code == 0, r.stderr
    assert r.stdout_bytes == PAGE


def warc(cli: Cli) -> None:
    r = cli("evidence", "export", "--warc", "-")
    assert r.exit_code == 0, r.stderr
    assert gzip.decompress(r.stdout_bytes).startswith(b"WARC/1")


def db_backup(cli: Cli) -> None:
    """An SQLite file cannot be a stream: `-` is refused in one line, no file named `-`."""
    r = cli("db", "backup", "-")
    assert r.exit_code == 1 and "db backup writes an SQLite file, which - cannot be" in r.stderr
    assert "export --with-snapshots -o -" in r.stderr


def db_restore(cli: Cli) -> None:
    r = cli("db", "restore", "-", input="")
    assert r.exit_code == 1 and "db restore reads an SQLite file, which - cannot be" in r.stderr


def publish(cli: Cli) -> None:
    """A site is a folder of files: `-` is refused in one line, no folder named `-`."""
    r = cli("publish", "-")
    assert r.exit_code == 1 and "publish writes a folder of pages, which - cannot be" in r.stderr
    assert not Path("-").exists()


CASES: dict[tuple[str, ...], Callable[[Cli], None]] = {
    ("speech", "add", "file"): speech_add,
    ("extract", "file"): extract,
    ("evidence", "add", "from_file"): evidence_add,
    ("evidence", "import", "file"): evidence_import,
    ("import", "file"): import_,
    ("dataset", "load", "name"): dataset_load,
    ("report", "output"): report,
    ("export", "output"): export,
    ("evidence", "snapshot", "output"): snapshot,
    ("evidence", "export", "warc"): warc,
    ("db", "backup", "file"): db_backup,
    ("db", "restore", "file"): db_restore,
    ("publish", "directory"): publish,
}


def test_every_file_parameter_has_a_case_with_dash() -> None:
    """A new command taking a file must accept `-`: add its case to CASES."""
    named = {("dataset", "load", "name")}  # a str: a bundled dataset's name, or a path
    assert file_params() | named == set(CASES)


def test_every_output_option_is_a_file_parameter() -> None:
    Cli()
    outputs = {
        key
        for key, param in walk(typer.main.get_command(app))
        if param.param_type_name == "option" and "-o" in param.opts
    }
    assert outputs and outputs <= set(CASES)


@pytest.mark.parametrize("key", sorted(CASES), ids="-".join)
def test_dash_is_stdin_or_stdout(key: tuple[str, ...], loaded: Cli, here: Path) -> None:
    CASES[key](loaded)
    made = [p.name for p in here.iterdir()]
    assert not [m for m in made if m == "-" or m.startswith(".")], made  # no `-`, no temporary


# bounded reads


def test_a_file_beyond_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(files.MAX_TEXT + 1)  # sparse: nothing to read
    with pytest.raises(InvalidInput, match="larger than 20,000,000 bytes, the limit for a speech"):
        files.read_bytes(big, limit=files.MAX_TEXT, what="a speech text")


@pytest.mark.parametrize(
    "args",
    [
        ("speech", "add", "/dev/zero"),
        ("extract", "/dev/zero"),
        ("evidence", "add", "1", "--from-file", "/dev/zero"),
    ],
    ids=["speech-add", "extract", "from-file"],
)
def test_dev_zero_gets_a_one_line_error(args: tuple[str, ...], cli: Cli) -> None:
    r = cli(*args)
    assert r.exit_code == 1 and r.stderr.count("\n") == 1, r.stderr
    assert "/dev/zero is larger than" in r.stderr and r.stdout == ""


def test_import_of_an_endless_line_is_refused(tmp_path: Path, cli: Cli) -> None:
    r = cli("import", "/dev/zero", "--db", str(tmp_path / "new.db"))
    assert r.exit_code == 1 and "is longer than 100,000,000 bytes" in r.stderr
    assert r.stderr.count("\n") == 1


def test_a_fifo_fed_forever_is_cut_at_the_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "speech.fifo"
    os.mkfifo(fifo)
    feeder = subprocess.Popen(["sh", "-c", f"yes 'Сөз.' > '{fifo}'"], stderr=subprocess.DEVNULL)
    try:
        with pytest.raises(InvalidInput, match="speech.fifo is larger than 1,000,000 bytes"):
            files.read_bytes(fifo, limit=1_000_000, what="a speech text")
    finally:
        feeder.kill()
        feeder.wait()


def test_lines_are_streamed_with_their_numbers(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"\xef\xbb\xbfone\ntwo\n\xff\n")
    with files.lines(path) as got, pytest.raises(InvalidInput, match="line 3 is not UTF-8"):
        assert next(got) == "one\n" and next(got) == "two\n"
        next(got)


# atomic writes


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), files.atomic_write(target) as fh:
        fh.write("half")
        raise RuntimeError("disk gone")
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["out.txt"]


def test_ctrl_c_removes_the_temporary_file(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt), files.atomic_write(tmp_path / "r.html") as fh:
        fh.write("<html>")
        raise KeyboardInterrupt
    assert os.listdir(tmp_path) == []


def test_a_rewrite_keeps_mode_and_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with files.atomic_write(link) as fh:
        fh.write("new")
    assert link.is_symlink() and real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["link.txt", "real.txt"]


def test_a_device_is_written_directly() -> None:
    with files.atomic_write("/dev/null", binary=True) as fh:
        fh.write(b"gone")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_missing_folder_is_a_one_line_error(cli: Cli, tmp_path: Path) -> None:
    cli("dataset", "load", str(DATASET))
    r = cli("export", "-o", str(tmp_path / "nowhere" / "x.jsonl"))
    assert r.exit_code == 1 and "Cannot write" in r.stderr and "No such file" in r.stderr
