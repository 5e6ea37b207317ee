"""The published site in headless Chromium: no script runs whatever the quotes, notes and
titles say, no request leaves the page, nothing scrolls sideways on a phone; and the
screenshots in docs/ (CLAIMTRACK_UPDATE_SNAPSHOTS=1 regenerates them)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from claimtrack import claims, evidence
from support import Cli

from .conftest import BASE, HOSTILE, HOSTILE_TITLE, build, run

pytestmark = pytest.mark.slow

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PROBES = {
    "code": "[...document.scripts].filter(s => s.type !== 'application/ld+json').length",
    "handlers": "document.querySelectorAll('[onerror],[onload],[onmouseover],[onclick]').length",
}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from report.cdp import Browser, find_chromium

    binary = find_chromium()
    if binary is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    b = Browser(binary, tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def hostile_claim(db: Database) -> int:
    claim = claims.add_claim(
        db, speech_id=1, quote=HOSTILE, kind="statement", figures=[], verbatim=False
    )
    db.execute("UPDATE claims SET summary = ? WHERE id = ?", [HOSTILE, claim["id"]])
    db.conn.commit()
    evidence.add_evidence(
        db, claim["id"], ['https://evil.example/"><script>alert(4)</script>'], title=HOSTILE_TITLE
    )
    claims.rate_claim(db, claim["id"], "false", note="<b onmouseover=alert(5)>note</b>", by=HOSTILE)
    return int(claim["id"])


def test_hostile_site_runs_no_script_and_makes_no_request(
    browser: object, cli: Cli, site_db: Database, tmp_path: Path
) -> None:
    cid = hostile_claim(site_db)
    out = tmp_path / "site"
    run(cli, "publish", str(out), "--base-url", BASE, "--ui-lang", "en")
    pages = [
        out / "index.html",
        out / "claims" / f"{cid}.html",
        out / "claims" / "1.html",
        out / "archive" / "2.html",
        out / "ratings" / "false.html",
    ]
    for page in pages:
        visit = browser.visit(page.as_uri(), tmp_path / "shot.png", probes=PROBES)  # type: ignore[attr-defined]
        assert visit.dialogs == [] and visit.errors == [] and visit.requests == [], page
        assert visit.values["code"] == 0 and visit.values["handlers"] == 0
        assert visit.values["images"] == 0
        assert visit.values["scroll_width"] <= 390, f"{page.name} scrolls sideways on a phone"
    text = browser.visit(pages[1].as_uri(), tmp_path / "h.png").values["text"]  # type: ignore[attr-defined]
    assert HOSTILE in text and HOSTILE_TITLE in text and "<b onmouseover=alert(5)>note</b>" in text


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_site_reads_well_in_each_language(
    browser: object, cli: Cli, isolated_db: Path, tmp_path: Path, lang: str
) -> None:
    build(cli, isolated_db, tmp_path, hostile=False)
    out = tmp_path / "site"
    run(cli, "publish", str(out), "--base-url", BASE, "--ui-lang", lang)
    for name, page in (("index", out / "index.html"), ("claim", out / "claims" / "1.html")):
        for width, height in ((390, 844), (1200, 900)):
            shot = tmp_path / f"publish-{lang}-{name}-{width}.png"
            visit = browser.visit(page.as_uri(), shot, width=width, height=height)  # type: ignore[attr-defined]
            assert visit.errors == [] and visit.requests == []
            assert visit.values["scroll_width"] <= width and shot.stat().st_size > 10_000
            if os.environ.get("CLAIMTRACK_UPDATE_SNAPSHOTS") == "1":
                DOCS.mkdir(exist_ok=True)
                shutil.copy(shot, DOCS / shot.name)
