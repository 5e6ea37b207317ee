"""`claimtrack evidence fetch|show|snapshot|import|export` through the command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter
from web import make_pdf

import claimtrack.cli.evidence
import claimtrack.cli.fetching  # noqa: F401
from claimtrack.cli import app

from .conftest import page_row
from .test_fetch import ARTICLE

runner = CliRunner()
HOSTILE = [
    (
        "[bold]Boom[/bold] [link=http://evil]x[/link]",
        "[bold]Boom[/bold] [link=http://evil]x[/link]",
    ),
    ("\x1b[31mRed\x1b[0m \x1b]8;;http://evil\x07click\x1b]8;;\x07", "Red click"),
]


def run(*args: str, db: Path):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [*args, "--db", str(db)])


def test_fetch_prints_a_summary_and_json_counts(httpserver: HTTPServer, db_path, link):  # type: ignore[no-untyped-def]
    httpserver.expect_request("/ok").respond_with_data(ARTICLE, content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("", 410)
    link(httpserver.url_for("/ok"), httpserver.url_for("/gone"))
    r = run("evidence", "fetch", "--allow-private", db=db_path)
    assert r.exit_code == 0, r.output
    assert r.stdout == "Fetched 1, unchanged 0, failed 1 (http-410 1)\n"
    assert "/gone" in r.stderr
    r = run("evidence", "fetch", "--all", "--allow-private", "--json", db=db_path)
    data = json.loads(r.stdout)
    assert (data["fetched"], data["failed"], data["failed_by_reason"]) == (1, 1, {"http-410": 1})
    assert data["results"][0]["outcome"] in ("unchanged", "fetched", "failed")


def test_fetch_without_allow_private_never_reaches_loopback(httpserver: HTTPServer, db_path, link):  # type: ignore[no-untyped-def]
    httpserver.expect_request("/").respond_with_data("secret")
    link(httpserver.url_for("/"), f"http://127.0.0.1:{httpserver.port}/")
    r = run("evidence", "fetch", "--json", db=db_path)
    assert r.exit_code == 0
    assert json.loads(r.stdout)["failed_by_reason"] == {"blocked-private": 2}
    assert httpserver.log == []


def test_a_failed_page_is_fetched_again(httpserver: HTTPServer, db_path, link):  # type: ignore[no-untyped-def]
    """The refusal says "pass --allow-private to fetch it": a plain fetch with it does (as it
    retries any page whose last fetch failed); a page fetched fine is not fetched again."""
    httpserver.expect_request("/page").respond_with_data(ARTICLE, content_type="text/html")
    link(httpserver.url_for("/page"))
    refused = json.loads(run("evidence", "fetch", "--json", db=db_path).stdout)
    assert refused["failed_by_reason"] == {"blocked-private": 1}
    assert "pass --allow-private" in refused["results"][0]["error"]
    retried = run("evidence", "fetch", "--allow-private", db=db_path)
    assert retried.stdout == "Fetched 1, unchanged 0, failed 0\n"
    assert run("evidence", "fetch", "--allow-private", db=db_path).stdout == (
        "Fetched 0, unchanged 0, failed 0\n"
    )
    assert [entry[0].path for entry in httpserver.log] == ["/page"]


def test_snapshot_of_a_page_that_failed_points_to_import(httpserver: HTTPServer, db_path, link):  # type: ignore[no-untyped-def]
    httpserver.expect_request("/gone").respond_with_data("", 404)
    link(httpserver.url_for("/gone"))
    run("evidence", "fetch", "--allow-private", db=db_path)
    r = run("evidence", "snapshot", "1", db=db_path)
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: No snapshot of evidence 1: its page could not be fetched (http-404). "
        "If you saved it by hand: claimtrack evidence import 1 FILE\n"
    )


def test_fetch_for_one_claim_and_unknown_claim(httpserver: HTTPServer, db_path, link):  # type: ignore[no-untyped-def]
    r = run("evidence", "fetch", "--claim", "42", db=db_path)
    assert r.exit_code == 1 and "No claim with id 42" in r.stderr and r.stdout == ""


@pytest.mark.parametrize(("title", "shown"), HOSTILE)
def test_show_prints_hostile_titles_literally(
    httpserver: HTTPServer, db_path, db, link, title, shown
):  # type: ignore[no-untyped-def]
    html = f"<html><head><title>{title}</title></head><body><p>Body text here.</p></body></html>"
    httpserver.expect_request("/t").respond_with_data(html, content_type="text/html")
    link(httpserver.url_for("/t"))
    run("evidence", "fetch", "--allow-private", db=db_path)
    r = run("evidence", "show", "1", db=db_path)
    assert r.exit_code == 0
    assert shown in r.stdout and "\x1b" not in r.stdout and "\x07" not in r.stdout


def test_script_in_title_stays_text(httpserver: HTTPServer, db_path, db, link):  # type: ignore[no-untyped-def]
    html = (
        "<html><head><title>A &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; B</title>"
        "</head><body><h1>x</h1></body></html>"
    )
    httpserver.expect_request("/s").respond_with_data(html, content_type="text/html")
    (pid,) = link(httpserver.url_for("/s"))
    run("evidence", "fetch", "--allow-private", db=db_path)
    assert page_row(db, pid)["title"] == "A </title><script>alert(1)</script> B"
    r = run("evidence", "show", "1", "--json", db=db_path)
    assert json.loads(r.stdout)["title"] == "A </title><script>alert(1)</script> B"
    assert "</title><script>alert(1)</script>" in run("evidence", "show", "1", db=db_path).stdout


def test_show_and_snapshot(httpserver: HTTPServer, db_path, link, tmp_path):  # type: ignore[no-untyped-def]
    httpserver.expect_request("/a").respond_with_data(ARTICLE, content_type="text/html")
    link(httpserver.url_for("/a"))
    run("evidence", "fetch", "--allow-private", db=db_path)
    r = run("evidence", "show", "1", db=db_path)
    assert "Budget 2025 passed" in r.stdout and "ok (HTTP 200)" in r.stdout
    assert "passed the budget" in r.stdout and "2025-03-14" in r.stdout
    r = run("evidence", "snapshot", "1", db=db_path)
    assert r.stdout == ARTICLE
    target = tmp_path / "saved.html"
    r = run("evidence", "snapshot", "1", "-o", str(target), db=db_path)
    assert r.exit_code == 0 and target.read_text() == ARTICLE and r.stdout == ""


def test_snapshot_before_fetch_is_a_user_error(db_path, link):  # type: ignore[no-untyped-def]
    link("https://example.org/x")
    r = run("evidence", "snapshot", "1", db=db_path)
    assert r.exit_code == 1 and "evidence fetch" in r.stderr
    r = run("evidence", "show", "9", db=db_path)
    assert r.exit_code == 1 and "No evidence with id 9" in r.stderr


def test_import_html_pdf_and_warc(db_path, db, link, tmp_path):  # type: ignore[no-untyped-def]
    (pid,) = link("https://blocked.example/article")
    html = tmp_path / "page.html"
    html.write_text(ARTICLE)
    r = run("evidence", "import", "1", str(html), db=db_path)
    assert r.exit_code == 0 and "Budget 2025 passed" in r.stdout
    assert page_row(db, pid)["status"] == "ok"
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(make_pdf("Roads built: 1200 km", title="Annual Report"))
    run("evidence", "import", "1", str(pdf), db=db_path)
    assert page_row(db, pid)["title"] == "Annual Report"
    warc = tmp_path / "saved.warc.gz"
    with warc.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                "https://blocked.example/article",
                "response",
                payload=io.BytesIO(ARTICLE.replace("Budget 2025", "Budget 2026").encode()),
                http_headers=http,
            )
        )
    r = run("evidence", "import", "1", str(warc), "--json", db=db_path)
    assert r.exit_code == 0 and json.loads(r.stdout)["title"] == "Budget 2026 passed"


def test_export_warc_round_trips(httpserver: HTTPServer, db_path, link, tmp_path):  # type: ignore[no-untyped-def]
    httpserver.expect_request("/a").respond_with_data(ARTICLE, content_type="text/html")
    httpserver.expect_request("/p").respond_with_data(
        make_pdf("x", title="T"), content_type="application/pdf"
    )
    link(httpserver.url_for("/a"), httpserver.url_for("/p"))
    run("evidence", "fetch", "--allow-private", db=db_path)
    target = tmp_path / "all.warc.gz"
    r = run("evidence", "export", "--warc", str(target), db=db_path)
    assert r.exit_code == 0 and "Exported 2 snapshots" in r.stderr
    with target.open("rb") as fh:
        records = [
            (rec.rec_headers.get_header("WARC-Target-URI"), rec.content_stream().read())
            for rec in ArchiveIterator(fh)
            if rec.rec_type == "response"
        ]
    assert records[0] == (httpserver.url_for("/a"), ARTICLE.encode())
    assert records[1][1].startswith(b"%PDF-")


def test_help_and_output_do_not_import_the_fetch_engine() -> None:
    code = (
        "import sys, claimtrack.cli.fetching, claimtrack.output.fetching, claimtrack.fetch;"
        "heavy = [m for m in ('httpx', 'aiohttp', 'trafilatura', 'pypdf', 'warcio') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_extract_fills_pending_texts_and_show_reads_them_meanwhile(  # type: ignore[no-untyped-def]
    httpserver: HTTPServer, db_path, db, link
):
    httpserver.expect_request("/a").respond_with_data(ARTICLE, content_type="text/html")
    (pid,) = link(httpserver.url_for("/a"))
    assert run("evidence", "fetch", "--allow-private", db=db_path).exit_code == 0
    text_hash = page_row(db, pid)["text_hash"]
    # as a big run leaves a page whose extraction could not keep up: stored, text pending
    db.execute("UPDATE pages SET text_pending = 1, text_hash = NULL")
    db.execute("UPDATE fetches SET text_hash = NULL")
    db.conn.commit()
    shown = json.loads(run("evidence", "show", "1", "--json", db=db_path).stdout)
    assert "passed the budget" in shown["excerpt"] and shown["text_pending"] == 1
    assert page_row(db, pid)["text_pending"] == 1  # show only reads

    r = run("evidence", "extract", db=db_path)
    assert (r.exit_code, r.stdout) == (0, "Extracted 1 main text (1 page)\n")
    row = page_row(db, pid)
    assert (row["text_pending"], row["text_hash"]) == (0, text_hash)
    assert db.execute("SELECT text_hash FROM fetches").fetchall() == [(text_hash,)]
    r = run("evidence", "extract", "--json", db=db_path)
    assert json.loads(r.stdout) == {"bodies": 0, "pages": 0, "without_text": 0, "missing": 0}
    assert run("evidence", "extract", db=db_path).stdout == "No main texts pending\n"
    assert run("evidence", "extract", "--quiet", db=db_path).stdout == ""
