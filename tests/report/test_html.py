"""The HTML report opened in headless Chromium (skipped where Chromium is missing)."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from claimtrack import claims, evidence
from claimtrack.claims import Filters
from claimtrack.formats import html, write

from .cdp import Browser, find_chromium
from .conftest import HOSTILE, HOSTILE_TITLE, TODAY

VISIBLE = "[...document.querySelectorAll('article.claim')].filter(e => e.offsetParent).length"
FILTER_PROBES = {  # the rating filter works by CSS alone: pick "kept", then "all"
    "kept_shown": f"document.getElementById('f-kept').click(), {VISIBLE}",
    "all_shown": f"document.getElementById('f-all').click(), {VISIBLE}",
}
DOCS_SHOT = Path(__file__).resolve().parents[2] / "docs" / "report-screenshot.png"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    binary = find_chromium()
    if binary is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    b = Browser(binary, tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def html_file(db: Database, path: Path) -> Path:
    buf = io.StringIO()
    write("html", db, Filters(), TODAY, buf)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_html_report_renders_offline_without_errors(
    browser: Browser, gabala: Database, tmp_path: Path
) -> None:
    page = html_file(gabala, tmp_path / "report.html")
    shot = tmp_path / "report.png"
    visit = browser.visit(page.as_uri(), shot, probes=FILTER_PROBES)
    assert visit.values["kept_shown"] == 2 and visit.values["all_shown"] == 51
    assert visit.errors == [] and visit.dialogs == [] and visit.requests == []
    assert shot.stat().st_size > 10_000
    assert visit.values["claims"] == 51 and visit.values["scripts"] == 0
    assert visit.values["scroll_width"] <= 390, "the page scrolls sideways on a phone"
    assert "83% of settled promises kept" in visit.values["text"]
    if os.environ.get("CLAIMTRACK_UPDATE_SNAPSHOTS") == "1":
        desktop = tmp_path / "desktop.png"
        browser.visit(page.as_uri(), desktop, width=1000, height=1400)
        shutil.copy(desktop, DOCS_SHOT)


def test_hostile_text_is_shown_not_run(browser: Browser, gabala: Database, tmp_path: Path) -> None:
    claim = claims.add_claim(
        gabala, speech_id=1, quote=HOSTILE, kind="statement", figures=[], verbatim=False
    )
    evidence.add_evidence(
        gabala,
        claim["id"],
        ['https://evil.example/"><script>alert(4)</script>'],
        title=HOSTILE_TITLE,
    )
    claims.rate_claim(gabala, claim["id"], "false", note="<b onmouseover=alert(5)>note</b>")
    visit = browser.visit(html_file(gabala, tmp_path / "hostile.html").as_uri(), tmp_path / "h.png")
    assert visit.dialogs == [] and visit.errors == [] and visit.requests == []
    assert visit.values["scripts"] == 0 and visit.values["images"] == 0
    assert visit.values["onerror"] == 0
    text = visit.values["text"]
    assert HOSTILE in text and HOSTILE_TITLE in text and "<b onmouseover=alert(5)>note</b>" in text


def test_escape_covers_attributes() -> None:
    assert html.esc("\"><x>'") == "&quot;&gt;&lt;x&gt;&#x27;"
    assert html.href("javascript:alert(1)") == "javascript:alert(1)"
    assert html.href('https://a.example/?q="x"').startswith('<a href="https://a.example/?q=&quot;')
