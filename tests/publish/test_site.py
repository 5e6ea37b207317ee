"""The bundled dataset published as a site: valid HTML, ClaimReview read back with extruct
and checked against the schema, every internal link a file, archived evidence linked."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import extruct
import html5lib
import jsonschema
import pytest
from sqlite_utils import Database

from claimtrack.formats import claimreview
from support import Cli

from .conftest import BASE, HOSTILE, HOSTILE_TITLE, run

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "report" / "claimreview.schema.json").read_text()
)
SETTLED = {"kept", "compromise", "stalled", "broken"}


def publish(cli: Cli, out: Path, *args: str) -> Path:
    run(cli, "publish", str(out), "--base-url", BASE, "--ui-lang", "en", *args)
    return out


def parse(path: Path) -> object:
    """A strict HTML5 parse: any parse error (a stray tag, a bad attribute) fails the test."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(
        path.read_bytes(), transport_encoding="utf-8"
    )


def links(tree: object) -> list[str]:
    return [el.get("href") for el in tree.iter() if el.get("href")]  # type: ignore[attr-defined]


@pytest.fixture
def site(cli: Cli, site_db: Database, tmp_path: Path) -> Path:
    return publish(cli, tmp_path / "site")


def test_every_page_parses_and_every_internal_link_resolves(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 51 and (site / "index.html") in pages
    for page in pages:
        tree = parse(page)
        ids = {el.get("id") for el in tree.iter() if el.get("id")}  # type: ignore[attr-defined]
        assert not tree.findall(".//script[@src]") and not tree.findall(".//img")  # type: ignore[attr-defined]
        for href in links(tree):
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme and not parts.netloc, (page, href)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(site)} links {href}"
            if parts.fragment and target == page:
                assert parts.fragment in ids, f"{page.relative_to(site)} links #{parts.fragment}"


def test_claimreview_is_read_back_and_valid(site: Path, site_db: Database) -> None:
    shown = {
        r["id"]: r
        for r in site_db.query("SELECT * FROM claims WHERE removed_at IS NULL ORDER BY id")
    }
    reviews = []
    for cid, claim in shown.items():
        page = site / "claims" / f"{cid}.html"
        found = extruct.extract(
            page.read_text("utf-8"), base_url=BASE, syntaxes=["json-ld"], uniform=False
        )["json-ld"]
        marked = claimreview.marked_up(claim["rating"])
        assert len(found) == (1 if marked else 0), (cid, claim["rating"])
        for review in found:
            assert review["url"] == f"{BASE}claims/{cid}.html"
            assert review["datePublished"] == claim["rated_at"][:10]
            assert review["dateModified"] >= review["datePublished"]
            assert len(review["claimReviewed"]) <= 75 and review["inLanguage"] == "kk"
            assert review["author"]["url"] == "https://factcheck.example/"
            assert review["author"]["logo"]["url"] == "https://factcheck.example/logo.png"
            if claim["kind"] == "commitment":
                assert claim["rating"] in SETTLED
        reviews += found
    jsonschema.Draft202012Validator(SCHEMA).validate(reviews)
    names = {r["reviewRating"]["alternateName"] for r in reviews}
    assert {"Promise kept", "True"} <= names and "In the works" not in names
    assert not any(c["rating"] == "in-the-works" for c in shown.values()) or reviews


def test_claim_page_shows_the_timeline_and_archived_evidence(site: Path, site_db: Database) -> None:
    tree = parse(site / "claims" / "1.html")
    text = "".join(tree.itertext())  # type: ignore[attr-defined]
    history = tree.find(".//section[@id='history']")  # type: ignore[attr-defined]
    entries = history.findall(".//li")
    assert len(entries) == 4  # registered, rated by the dataset, mostly-true, then true
    assert "First look." in text and HOSTILE in text and "by Aida" in text
    assert entries[-1].find(".//a").get("href") == "#evidence-1"
    assert tree.find(".//mark") is not None  # the quote marked in its sentence
    dead = tree.find(".//li[@id='evidence-3']/span[@class='dead']")
    assert dead is not None, "the dead link is marked on the link"
    hrefs = links(tree)
    for page_id in (1, 2):
        assert f"../archive/{page_id}.html" in hrefs
        assert f"../archive/{page_id}.warc.gz" in hrefs


def test_every_claim_page_links_its_archived_evidence(site: Path, site_db: Database) -> None:
    rows = site_db.query(
        "SELECT e.claim_id, e.page_id FROM evidence e JOIN pages p ON p.id = e.page_id"
        " WHERE p.text_hash IS NOT NULL"
    )
    seen = 0
    for row in rows:
        hrefs = links(parse(site / "claims" / f"{row['claim_id']}.html"))
        assert f"../archive/{row['page_id']}.html" in hrefs
        seen += 1
    assert seen >= 3


def test_the_archived_copy_is_the_main_text_never_the_raw_page(site: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    page = (site / "archive" / "2.html").read_text("utf-8")
    tree = parse(site / "archive" / "2.html")
    assert tree.findall(".//script") == []  # type: ignore[attr-defined]
    assert "raw page script" not in page and "Gabala Declaration" in page
    assert HOSTILE_TITLE in "".join(tree.itertext())  # type: ignore[attr-defined]
    with (site / "archive" / "2.warc.gz").open("rb") as fh:
        bodies = [
            r.content_stream().read() for r in ArchiveIterator(fh) if r.rec_type == "response"
        ]
    assert len(bodies) == 1 and b"raw page script" in bodies[0]


def test_json_ld_cannot_close_its_script_tag(cli: Cli, site_db: Database, tmp_path: Path) -> None:
    site_db.execute("UPDATE claims SET summary = ? WHERE id = 1", ["</script><b>x</b> & co"])
    site_db.conn.commit()
    page = (publish(cli, tmp_path / "s") / "claims" / "1.html").read_text("utf-8")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert script and "\\u003c/script\\u003e\\u003cb\\u003ex" in script[1]
    assert "\\u0026 co" in script[1] and json.loads(script[1])["claimReviewed"].startswith("</s")
    assert page.count("</script>") == 1


def test_atom_feed_lists_rating_changes(site: Path) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.parse(site / "feed.xml").getroot()
    entries = feed.findall("a:entry", ns)
    assert entries and len({e.findtext("a:id", namespaces=ns) for e in entries}) == len(entries)
    first = entries[0]
    assert first.find("a:link", ns).get("href") == f"{BASE}claims/1.html"  # type: ignore[union-attr]
    assert "Mostly true → True" in (first.findtext("a:title", namespaces=ns) or "")


def test_changed_only_rewrites_what_changed(cli: Cli, site_db: Database, tmp_path: Path) -> None:
    out = publish(cli, tmp_path / "site")
    r = run(cli, "publish", str(out), "--base-url", BASE, "--ui-lang", "en", "--changed-only")
    assert r.stdout == "" and "0 files written" in r.stderr
    run(cli, "rate", "5", "broken", "--note", "Checked again.")
    r = run(cli, "publish", str(out), "--base-url", BASE, "--ui-lang", "en", "--changed-only")
    written = {Path(line).relative_to(out).as_posix() for line in r.stdout.splitlines()}
    assert "claims/5.html" in written and "feed.xml" in written and "index.html" in written
    assert not any(w.startswith(("claims/1.", "archive/")) for w in written)
    assert "Checked again." in (out / "claims" / "5.html").read_text("utf-8")
    r = run(cli, "publish", str(out), "-q", "--base-url", BASE, "--changed-only")
    assert r.stdout == "" and r.stderr == ""


def test_retracted_claims_are_not_published(cli: Cli, site_db: Database, tmp_path: Path) -> None:
    out = publish(cli, tmp_path / "site")
    assert (out / "claims" / "7.html").exists()
    site_db.execute("UPDATE claims SET removed_at = '2026-01-01T00:00:00Z' WHERE id = 7")
    site_db.conn.commit()
    r = run(cli, "publish", str(out), "--base-url", BASE, "--changed-only")
    assert not (out / "claims" / "7.html").exists() and "removed" in r.stdout
    assert "claims/7.html" not in (out / "index.html").read_text("utf-8")


def test_a_group_of_restatements_is_shown_once(cli: Cli, site_db: Database, tmp_path: Path) -> None:
    run(cli, "link", "11", "12", "--same-as")  # two commitments: one promise, restated
    note = "Restated at the council: the same promise"
    run(cli, "rate", "12", "in-the-works", "--note", note, "--by", "dana")
    out = publish(cli, tmp_path / "site")
    quotes = [r["quote"] for r in site_db.query("SELECT quote FROM claims WHERE id IN (11, 12)")]
    page = "".join(parse(out / "claims" / "11.html").itertext())  # type: ignore[attr-defined]
    assert all(q in page for q in quotes)
    assert note in page  # the group's one timeline holds every member's ratings
    index = (out / "index.html").read_text("utf-8")
    assert 'href="claims/11.html"' in index and 'href="claims/12.html"' not in index
    assert 'url=../claims/11.html"' in (out / "claims" / "12.html").read_text("utf-8")


def test_publish_without_a_publisher_warns_and_marks_nothing_up(
    cli: Cli, db: Database, tmp_path: Path
) -> None:
    from .conftest import DATASET

    run(cli, "dataset", "load", str(DATASET))
    r = run(cli, "publish", str(tmp_path / "site"))
    assert "Warning: No ClaimReview markup" in r.stderr
    assert "application/ld+json" not in (tmp_path / "site" / "claims" / "1.html").read_text()


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--base-url", "javascript:alert(1)"], "must start with https://"),
        (["--speech", "99"], "No speech with id 99"),
        (["--ui-lang", "de"], "Unknown interface language 'de'"),
    ],
)
def test_bad_publish_arguments(
    cli: Cli, site_db: Database, tmp_path: Path, args: list[str], error: str
) -> None:
    r = cli("publish", str(tmp_path / "site"), *args)
    assert r.exit_code == 1 and error in r.stderr and r.stderr.count("\n") == 1


def test_changed_only_writes_again_a_page_deleted_by_hand(
    cli: Cli, site_db: Database, tmp_path: Path
) -> None:
    out = publish(cli, tmp_path / "site")
    (out / "claims" / "3.html").unlink()
    r = run(cli, "publish", str(out), "--base-url", BASE, "--ui-lang", "en", "--changed-only")
    assert r.stdout.splitlines() == [str(out / "claims" / "3.html")]
    assert (out / "claims" / "3.html").is_file()


def test_only_the_speeches_asked_for(cli: Cli, site_db: Database, tmp_path: Path) -> None:
    out = publish(cli, tmp_path / "site", "--speech", "1")
    assert len(list((out / "claims").glob("*.html"))) == 51
    assert [p.name for p in (out / "speeches").iterdir()] == ["1.html"]
    assert not list(out.rglob(".*.part"))  # no temporary file left behind
