"""`claimtrack browse`: Datasette with the project's metadata, driven by its own test client."""

from __future__ import annotations

import asyncio
import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from claimtrack import browse
from claimtrack.dataset import load
from support import DATASET, NOW, Cli

NEEDS_DATASETTE = pytest.mark.skipif(
    importlib.util.find_spec("datasette") is None,
    reason="datasette is not installed (pip install 'claimtrack[datasette]')",
)
METADATA = Path(browse.__file__).parent / "datasette_files" / "metadata.yml"


@pytest.fixture
def gabala(db: Database) -> Database:
    load(db, DATASET)
    db.table("texts").insert(
        {"hash": "ab12", "text": "Жаңа теміржолының құрылысы.", "created_at": NOW}
    )
    db.table("snapshots").insert({"hash": "cd34", "body": b"x", "size": 1, "created_at": NOW})
    db.execute("UPDATE pages SET text_hash = 'ab12', raw_hash = 'cd34', status = 'ok' WHERE id = 1")
    db.execute("UPDATE pages SET status = 'dead', http_status = 404 WHERE id = 2")
    db.conn.commit()
    return db


def test_the_metadata_names_real_tables_and_its_queries_run(gabala: Database) -> None:
    """Read without Datasette: the shipped file's tables exist, its canned queries run."""
    text = METADATA.read_text(encoding="utf-8")
    tables = set(re.findall(r"^      (\w+):$", text, re.M))
    queries = {
        "overdue_commitments",
        "dead_links",
        "changed_evidence",
        "promise_meter",
        "claims_with_flags",
    }
    assert queries <= tables
    assert tables - queries <= set(gabala.table_names()) | set(gabala.view_names())
    sqls = re.findall(r"sql: \|-\n((?:          .*\n)+)", text)
    assert len(sqls) == len(queries)
    for sql in sqls:
        list(gabala.query(sql))
    dead = list(gabala.query(sqls[1]))
    assert [row["page_id"] for row in dead] == [2]


def test_the_command_serves_this_database_from_this_python(tmp_path: Path) -> None:
    if importlib.util.find_spec("datasette") is None:
        with pytest.raises(browse.DatasetteMissing, match="claimtrack\\[datasette\\]"):
            browse.command(tmp_path / "c.db", tmp_path / "m.json", host="127.0.0.1", port=8001)
        return
    cmd = browse.command(tmp_path / "c.db", tmp_path / "m.json", host="127.0.0.1", port=8001)
    assert cmd[1:4] == ["-m", "datasette", "serve"] and str(tmp_path / "c.db") in cmd
    assert cmd[cmd.index("--host") + 1] == "127.0.0.1" and "--plugins-dir" in cmd


def test_browse_without_datasette_is_one_line(
    gabala: Database, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "datasette" else real(name)
    )
    r = cli("browse")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == (
        "Error: Datasette is not installed (install it with: pip install 'claimtrack[datasette]')\n"
    )


def serve(db_path: Path, *paths: str) -> list[Any]:
    """GET each path from Datasette as `claimtrack browse` configures it."""
    import json

    from datasette.app import Datasette

    meta = json.loads(browse.write_metadata(db_path, db_path.parent).read_text(encoding="utf-8"))
    ds = Datasette([str(db_path)], metadata=meta, plugins_dir=str(browse.plugins_dir()))

    async def get_all() -> list[Any]:
        return [await ds.client.get(p) for p in paths]

    return asyncio.run(get_all())


@NEEDS_DATASETTE
def test_datasette_shows_search_views_links_and_queries(
    gabala: Database, isolated_db: Path
) -> None:
    gabala.close()
    (claims_page, searched, page, texts, overdue, dead, changed, claims_json) = serve(
        isolated_db,
        "/claims/claims",
        "/claims/claims.json?_search=ТЕМІРЖОЛ&_shape=objects",
        "/claims/pages/1",
        "/claims/page_texts.json?_search=теміржол&_shape=objects",
        "/claims/overdue_commitments.json?_shape=objects",
        "/claims/dead_links.json?_shape=objects",
        "/claims/changed_evidence.json?_shape=objects",
        "/claims/claims.json?_shape=objects&_size=1",
    )
    assert all(r.status_code == 200 for r in (claims_page, searched, page, texts, overdue, dead))
    html = claims_page.text
    assert 'name="_search"' in html  # the FTS search box
    assert "rated on the promise scale" in html  # the table's description
    assert "col-norm" not in html and "col-quote" in html  # helper column hidden on the page
    assert "norm" in claims_json.json()["rows"][0]  # … but not from the JSON API
    assert {r["id"] for r in searched.json()["rows"]} == {17, 18, 20, 24}
    assert 'href="/claims/texts/ab12"' in page.text  # hash columns link to their rows
    assert 'href="/claims/snapshots/cd34"' in page.text
    assert [r["page_id"] for r in texts.json()["rows"]] == [1]
    assert "теміржолының" in texts.json()["rows"][0]["text"]
    assert [r["page_id"] for r in dead.json()["rows"]] == [2]
    assert changed.status_code == 200 and changed.json()["rows"] == []
