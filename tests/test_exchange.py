"""Export → import into an empty database → export is identical."""

from __future__ import annotations

from pathlib import Path

from support import DATASET, Cli


def test_round_trip(cli: Cli, isolated_db: Path, tmp_path: Path) -> None:
    assert cli("dataset", "load", str(DATASET)).exit_code == 0
    cli("rate", "1", "false", "--note", "changed my mind")
    cli("config", "set", "publisher.name", "Factcheck.kz")
    first = tmp_path / "first.jsonl"
    r = cli("export", "-o", str(first))
    assert r.exit_code == 0, r.stderr
    restored = tmp_path / "restored.db"
    r = cli("import", str(first), "--db", str(restored))
    assert r.exit_code == 0, r.stderr
    second = cli("export", "--db", str(restored)).stdout
    assert second == first.read_text(encoding="utf-8")
    assert second.count('"type": "claim"}') >= 40


def test_import_is_all_or_nothing(cli: Cli, isolated_db: Path, tmp_path: Path) -> None:
    assert cli("dataset", "load", str(DATASET)).exit_code == 0
    dump = tmp_path / "d.jsonl"
    cli("export", "-o", str(dump))
    lines = dump.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines[:30] + ["{not json"] + lines[30:]) + "\n")
    target = tmp_path / "t.db"
    r = cli("import", str(broken), "--db", str(target))
    assert r.exit_code == 1 and "Line 31 is not JSON" in r.stderr
    assert not target.exists()  # the database it created is removed
    assert cli("config", "list", "--db", str(target)).exit_code == 1  # it can't be opened
    cli("config", "set", "flags.stale_days", "30", "--db", str(target))
    r = cli("import", str(broken), "--db", str(target))  # into an existing, empty one
    assert r.exit_code == 1 and "Line 31 is not JSON" in r.stderr
    assert cli("list", "--json", "--db", str(target)).stdout.strip() == "[]"
    r = cli("import", str(dump))  # into the same, non-empty database
    assert r.exit_code == 1 and "import into an empty database" in r.stderr
