"""Evidence life cycle (#14 item 5): `evidence fetch` schedules the next check as `refresh`
does; a page imported by hand is archived — refresh never re-fetches it, `evidence-dead`
never flags it, and only `evidence fetch --all` (or its id, from the library) fetches it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimtrack.db import open_db
from servers import Web, serve
from support import Cli

from .conftest import STATEMENT
from .test_page_failures import register


@pytest.fixture
def web() -> Iterator[Web]:
    with serve(Web(statuses={"/page/404": 404, "/page/410": 410})) as w:
        yield w


def _page(path: Path, page_id: int) -> dict[str, object]:
    db = open_db(path)
    try:
        return dict(db.table("pages").get(page_id))
    finally:
        db.close()


def test_a_refresh_right_after_a_fetch_fetches_nothing(
    cli: Cli, isolated_db: Path, web: Web
) -> None:
    register(cli)
    urls = [web.url(f"/page/{n}") for n in range(5)]
    assert cli("evidence", "add", "1", *urls).exit_code == 0
    assert cli("evidence", "fetch", "--allow-private").exit_code == 0
    assert len(web.log) == 5
    assert all(_page(isolated_db, n)["next_fetch_at"] for n in range(1, 6))
    r = cli("refresh", "--allow-private", "--json")
    assert r.exit_code == 0, r.stderr
    assert len(web.log) == 5, web.log
    fetch = json.loads(r.stdout)["fetch"]  # every count present (#17), all zero
    assert fetch["fetched"] == fetch["unchanged"] == fetch["failed"] == 0


def test_an_imported_page_is_archived(
    cli: Cli, isolated_db: Path, web: Web, tmp_path: Path
) -> None:
    register(cli)
    assert cli("add", STATEMENT, "--speech", "1", "--kind", "statement").exit_code == 0
    # link 1 (page 1): saved by hand, its site now answers 404; link 2 (page 2): plain 404
    assert cli("evidence", "add", "1", web.url("/page/404")).exit_code == 0
    assert cli("evidence", "add", "2", web.url("/page/410")).exit_code == 0
    saved = tmp_path / "article.html"
    saved.write_text("<html><head><title>Saved</title></head><body><p>Roads.</p></body></html>")
    r = cli("evidence", "import", "1", str(saved))
    assert r.exit_code == 0, r.stderr
    assert _page(isolated_db, 1)["archived"] == 1
    assert _page(isolated_db, 2)["archived"] == 0

    assert cli("evidence", "fetch", "--allow-private").exit_code == 0
    assert web.log == ["/page/410"], "the archived page is not fetched"
    for year in (2026, 2027, 2028):  # refresh after refresh: never fetched
        r = cli("refresh", "--allow-private", "--now", f"{year}-01-01", "--json")
        assert r.exit_code == 0, r.stderr
    assert "/page/404" not in web.log
    assert _page(isolated_db, 1)["status"] == "ok"

    for _ in range(3):  # asked explicitly: fetched, fails, and still is never dead
        assert cli("evidence", "fetch", "--all", "--allow-private").exit_code == 0
    assert web.log.count("/page/404") == 3
    assert _page(isolated_db, 1)["status"] == "failed"
    r = cli("refresh", "--no-fetch", "--now", "2028-06-01", "--json")
    assert r.exit_code == 0, r.stderr
    claims = {c["id"]: c for c in json.loads(cli("list", "--json").stdout)}
    assert "evidence-dead" not in (claims[1].get("flags") or []), claims[1]
    assert "evidence-dead" in (claims[2].get("flags") or []), claims[2]
    assert _page(isolated_db, 2)["status"] == "dead"
    assert _page(isolated_db, 1)["status"] == "failed"


def test_an_explicit_page_id_fetches_an_archived_page(
    cli: Cli, isolated_db: Path, web: Web, tmp_path: Path
) -> None:
    from claimtrack.fetch import fetch_pages

    register(cli)
    assert cli("evidence", "add", "1", web.url("/page/1")).exit_code == 0
    saved = tmp_path / "article.html"
    saved.write_text("<html><head><title>Saved</title></head><body><p>Roads.</p></body></html>")
    assert cli("evidence", "import", "1", str(saved)).exit_code == 0
    db = open_db(isolated_db)
    try:
        assert fetch_pages(db, None, allow_private=True).results == []
        (result,) = fetch_pages(db, [1], all=True, allow_private=True).results
    finally:
        db.close()
    assert result.outcome == "fetched" and web.log == ["/page/1"]
