"""The benchmark suite in miniature: 30 URLs over 3 loopback hosts, counts not timings.

Serves bench/web.py in this process and runs the same three refreshes as
bench/bench_refresh.py (first, nothing changed, 5 % of html changed) on a database built by
its `build_db`, asserting the counts by kind that the web must produce.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import bench_refresh
import pytest
import web

from support import Cli

CHANGED = 0.05


def pick_pages() -> list[int]:
    """30 page numbers: 3 of each kind, and html pages both changed and unchanged."""
    kinds = [name for name, _ in web.MIX]
    chosen: list[int] = []
    for name in kinds:
        chosen += [n for n in range(5000) if web.kind(n) == name][:3]
    html = [n for n in range(5000) if web.kind(n) == "html"]
    chosen += [n for n in html if web.is_changed(n, CHANGED)][:3]
    chosen += [n for n in html if not web.is_changed(n, CHANGED)][:3]
    return chosen


@pytest.fixture
def served() -> Iterator[web.Running]:
    site = web.Site(hosts=3, latency=(0.001, 0.005), size_kb=(2, 8), slow=0.1)
    loop = asyncio.new_event_loop()
    listeners = loop.run_until_complete(web.serve(site))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield web.Running(listeners[0].sockets[0].getsockname()[1], site)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        for listener in listeners:
            listener.close()
        loop.close()


def refresh(cli: Cli, db: Path, day: int) -> dict:  # type: ignore[type-arg]
    argv = bench_refresh.refresh_cmd(db, day, concurrency=16, per_host=4)[3:]
    r = cli(*argv)
    assert r.exit_code == 0, r.stderr
    got: dict = json.loads(r.stdout)  # type: ignore[type-arg]
    assert got["fetch"].pop("texts_pending") == 0  # a small run extracts every new body
    return got


def test_three_refreshes_count_every_kind(cli: Cli, served: web.Running, tmp_path: Path) -> None:
    pages = pick_pages()
    assert len(pages) == 30 and len(set(pages)) == 30
    db = tmp_path / "bench.db"
    bench_refresh.build_db(db, [served.url(n) for n in pages])

    served.new_run(0)
    first = refresh(cli, db, 1)
    assert first["fetch"] == web.expected(pages, "first")
    assert first["fetch"] == {
        "fetched": 21,
        "unchanged": 0,
        "failed": 9,
        "failed_by_reason": {"http-404": 3, "http-410": 3, "http-5xx": 3},
    }

    served.new_run(0)
    again = refresh(cli, db, 3)
    assert again["fetch"] == web.expected(pages, "again")
    assert again["fetch"]["unchanged"] == 21 and again["fetch"]["fetched"] == 0
    dead = {c["change"] for c in again["changes"] if "evidence dead" in c["change"]}
    assert len(dead) == 6  # 404 and 410 twice in a row; the 500s are transient

    served.new_run(1, CHANGED)
    changed = refresh(cli, db, 5)
    assert changed["fetch"] == web.expected(pages, "again", CHANGED)
    assert changed["fetch"]["fetched"] == 3 and changed["fetch"]["unchanged"] == 18
    claims = {pos // bench_refresh.PER_CLAIM + 1 for pos, n in enumerate(pages)}
    touched = {
        pos // bench_refresh.PER_CLAIM + 1
        for pos, n in enumerate(pages)
        if web.is_changed(n, CHANGED)
    }
    assert changed["flags"].get("evidence-changed") == len(touched) <= len(claims)


def test_ideal_time_counts_hops_hosts_and_the_longest_page() -> None:
    site = web.Site(hosts=2, latency=(0.1, 0.1), slow=2.0)
    html = [n for n in range(100) if web.kind(n) == "html"][:8]
    assert web.ideal_seconds(site, html, 64, 4) == pytest.approx(0.1)
    assert web.ideal_seconds(site, html, 2, 4) == pytest.approx(0.4)
    slow = next(n for n in range(1000) if web.kind(n) == "slow")
    assert web.ideal_seconds(site, [slow], 64, 4) == pytest.approx(2.1)
