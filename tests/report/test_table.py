"""The terminal dashboard: snapshots at 80 and 120 columns on the bundled dataset."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rich.console import Console
from sqlite_utils import Database

from claimtrack import report
from claimtrack.claims import Filters
from claimtrack.i18n import ui
from claimtrack.output import report as out

from .conftest import TODAY

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("CLAIMTRACK_UPDATE_SNAPSHOTS") == "1"


def rendered(
    db: Database, width: int, *, limit: int | None = 50, wide: bool = False, lang: str = "en"
) -> str:
    con = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    data = report.dashboard(db, Filters(), TODAY, limit)
    out.render(data, wide=wide, con=con, labels=ui(lang))
    text = con.export_text(styles=False)
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
@pytest.mark.parametrize("width", [80, 120])
def test_table_snapshot(gabala: Database, width: int, lang: str) -> None:
    """Regenerate with CLAIMTRACK_UPDATE_SNAPSHOTS=1 pytest tests/report -k snapshot."""
    got = rendered(gabala, width, lang=lang)
    path = SNAPSHOTS / (f"report-{width}.txt" if lang == "en" else f"report-{lang}-{width}.txt")
    if UPDATE:
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with CLAIMTRACK_UPDATE_SNAPSHOTS=1"
    assert got == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
@pytest.mark.parametrize("width", [80, 100, 120, 160])
def test_table_fits_the_width(gabala: Database, width: int, lang: str) -> None:
    for line in rendered(gabala, width, limit=None, lang=lang).splitlines():
        assert len(line) <= width, line


def test_table_says_how_many_rows_it_left_out(gabala: Database) -> None:
    text = rendered(gabala, 80, limit=5)
    assert "… 46 more claims not shown (use --all or --limit N)" in text
    assert "46 more" not in rendered(gabala, 80, limit=None)


def test_wide_shows_full_quotes(gabala: Database) -> None:
    end = gabala["claims"].get(50)["quote"].split()[-1]
    assert end == "көзқарас»."
    assert end not in rendered(gabala, 80, limit=None)
    assert end in rendered(gabala, 80, limit=None, wide=True)


def test_timeline_is_ordered_and_skips_settled_commitments(gabala: Database) -> None:
    buckets = report.timeline_head(gabala, Filters(), TODAY, None)
    assert [r["id"] for r in buckets["overdue"]["rows"]] == [50]
    assert [r["id"] for r in buckets["upcoming"]["rows"]] == [36]
    assert [r["id"] for r in buckets["later"]["rows"]] == [8]
    old = report.timeline(gabala, Filters(), TODAY)
    assert {k: [r["id"] for r in v] for k, v in old.items()} == {
        k: [r["id"] for r in v["rows"]] for k, v in buckets.items()
    }


def test_report_command_filters_and_flags(cli, gabala: Database) -> None:  # type: ignore[no-untyped-def]
    r = cli("report", "--flag", "overdue")
    assert r.exit_code == 0, r.stderr
    assert "#50" in r.stdout and "evidence-dead" not in r.stdout
    r = cli("report", "--flag", "nonsense")
    assert r.exit_code == 2
    r = cli("report", "--rating", "nonsense")
    assert r.exit_code == 1 and "Unknown rating 'nonsense'" in r.stderr and r.stdout == ""


def test_table_to_a_file(cli, gabala: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "report.txt"
    r = cli("report", "-o", str(target))
    assert r.exit_code == 0, r.stderr
    text = target.read_text(encoding="utf-8")
    assert "promise meter: 83% kept" in text and "\x1b" not in text
    assert [p.name for p in tmp_path.glob("*report.txt*")] == ["report.txt"]  # no temporary file
