"""bench/bench_publish.py in miniature: its synthetic database publishes, counts not times."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import bench_publish

from claimtrack.db import open_db
from claimtrack.publish import publish


def test_the_benchmark_database_publishes(tmp_path: Path) -> None:
    path = tmp_path / "bench.db"
    bench_publish.synthetic(path, n=30, links=90, archived=10)
    db = open_db(path)
    out = tmp_path / "site"
    result = publish(db, out, today=date(2026, 11, 25), lang="kk", base_url="https://b.example/")
    assert result.claims == 30 and result.warnings == []
    assert len(list((out / "claims").glob("*.html"))) == 30
    assert len(list((out / "archive").glob("*.warc.gz"))) == 10
    again = publish(
        db,
        out,
        today=date(2026, 11, 25),
        lang="kk",
        changed_only=True,
        base_url="https://b.example/",
    )
    assert again.written == [] and again.unchanged == len(result.written)
