"""JSON, CSV, Markdown and ClaimReview: parse back, escaping, streaming, files, stats."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sqlite_utils import Database

from claimtrack import report, stats
from claimtrack.claims import Filters
from claimtrack.errors import InvalidInput
from claimtrack.formats import claimreview, csv_, markdown, write

from .conftest import HOSTILE, TODAY

SCHEMA = json.loads((Path(__file__).parent / "claimreview.schema.json").read_text("utf-8"))


def written(fmt: str, db: Database, filters: Filters | None = None) -> str:
    buf = io.StringIO()
    write(fmt, db, filters or Filters(), TODAY, buf)
    return buf.getvalue()


def expected(db: Database, filters: Filters | None = None) -> list[dict[str, Any]]:
    return list(report.iter_claims(db, filters or Filters(), TODAY))


def test_json_parses_back_to_the_same_claims(gabala: Database) -> None:
    data = json.loads(written("json", gabala))
    assert list(data) == [
        "generated",
        "speeches",
        "counts",
        "totals",
        "kept_rate",
        "timeline",
        "claims",
        "claims_total",
        "claims_left_out",
    ]
    assert data["claims"] == expected(gabala)
    assert data["claims_total"] == 51 and data["claims_left_out"] == 0
    assert data["generated"] == "2026-11-25" and data["kept_rate"] == 0.833
    assert {k: [r["id"] for r in v] for k, v in data["timeline"].items()} == {
        "overdue": [50],
        "upcoming": [36],
        "later": [8],
    }


def test_json_of_nothing_is_valid(gabala: Database) -> None:
    data = json.loads(written("json", gabala, Filters(rating="false")))
    assert data["claims"] == [] and data["timeline"] == {"overdue": [], "upcoming": [], "later": []}


def test_json_flag_and_format_json_agree(cli, gabala: Database) -> None:  # type: ignore[no-untyped-def]
    a, b = cli("report", "--json"), cli("report", "--format", "json")
    assert a.exit_code == b.exit_code == 0
    assert a.stdout == b.stdout and json.loads(a.stdout)["claims_total"] == 51
    r = cli("report", "--json", "--format", "csv")
    assert r.exit_code == 2


def uncell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(csv_.FORMULA) else value


def test_csv_parses_back_to_the_same_claims(gabala: Database) -> None:
    text = written("csv", gabala)
    assert text.startswith("\ufeffid,speech_id,kind,")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert len(rows) == 51
    for row, claim in zip(rows, expected(gabala), strict=True):
        assert int(row["id"]) == claim["id"] and uncell(row["quote"]) == claim["quote"]
        assert json.loads(row["figures"] or "[]") == claim["figures"]
        assert (row["flags"].split(";") if row["flags"] else []) == claim["flags"]
        assert int(row["evidence_count"]) == claim["evidence_count"]
        for key in ("kind", "topic", "rating", "rating_note", "rated_at", "deadline_end"):
            assert (row[key] or None) == claim[key], key


def test_csv_file_is_utf8_with_bom_and_kazakh_intact(cli, gabala: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "claims.csv"
    r = cli("report", "--format", "csv", "-o", str(target))
    assert r.exit_code == 0 and "Wrote 51 claims" in r.stderr and r.stdout == ""
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "Әзербайжан".encode() in raw
    with target.open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 51


def test_csv_neutralises_formulas(gabala: Database) -> None:
    assert csv_.cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert csv_.cell("-5 %") == "'-5 %" and csv_.cell("Қазақстан") == "Қазақстан"


def test_markdown_has_summary_timeline_and_claims(gabala: Database) -> None:
    md = written("markdown", gabala)
    assert (
        md.startswith("# Claims report\n") and "Promise meter: 83% of settled promises kept" in md
    )
    assert "## Deadlines" in md and "](#claim-50)" in md  # the deadline's quote links the claim
    assert md.count("\n### Claim ") == 51
    assert (
        "<https://astanatimes.com/2025/10/president-tokayev-proposes-expanding-integration-at-ots-summit/>"
        in md
    )


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        (HOSTILE, "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;"),
        ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
        ("**bold** _it_ `code`", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\`"),
        ("1. not a list", "1\\. not a list"),
        ("- not a list", "\\- not a list"),
        ("# not a heading", "\\# not a heading"),
        ("line\nbreak\x1b[31m", "line break"),
    ],
)
def test_markdown_escapes_text(raw: str, safe: str) -> None:
    assert markdown.text(raw) == safe


def test_markdown_links_only_http(gabala: Database) -> None:
    assert markdown.link("javascript:alert(1)") == "javascript:alert(1)"
    assert markdown.link("https://x.example/a b<c>") == "<https://x.example/a%20b%3Cc%3E>"


def test_claimreview_validates_against_the_schema(publisher: Database) -> None:
    reviews = json.loads(written("claimreview", publisher))
    jsonschema.Draft202012Validator(SCHEMA).validate(reviews)
    rated = [c for c in expected(publisher) if c["rating"] in claimreview.RATINGS]
    assert [r["url"] for r in reviews] == [
        f"https://factcheck.example/gabala-2025/claims/{c['id']}.html" for c in rated
    ]
    first = reviews[0]
    assert first["author"] == {
        "@type": "Organization",
        "name": "Factcheck Test",
        "url": "https://factcheck.example/",
    }
    assert first["itemReviewed"]["author"]["name"] == "Kassym-Jomart Tokayev"
    assert first["itemReviewed"]["appearance"][0]["url"] == "https://ayt.kz/archives/1998"
    assert (
        first["inLanguage"] == "kk" and first["datePublished"] == "2026-11-25"
    )  # the ratings hold as of it
    names = {r["reviewRating"]["alternateName"] for r in reviews}
    assert {"Promise kept", "Compromise", "True", "Mostly true"} <= names
    assert "In the works" not in names  # a commitment is marked up only once settled
    assert all(len(r["claimReviewed"]) <= 75 for r in reviews)
    assert all(r["dateModified"] >= r["datePublished"] for r in reviews)


def test_claimreview_escapes_what_could_end_a_script_tag(publisher: Database) -> None:
    publisher.execute("UPDATE claims SET summary = '</script> & <b>' WHERE id = 1")
    publisher.conn.commit()
    text = written("claimreview", publisher)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)[0]["claimReviewed"] == "</script> & <b>"


def test_claimreview_needs_the_site_address(publisher: Database) -> None:
    publisher.execute("DELETE FROM settings WHERE key = 'site.base_url'")
    publisher.conn.commit()
    with pytest.raises(InvalidInput, match="site.base_url"):
        written("claimreview", publisher)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "https://", "https://a b.example/", "ftp://x.example/"]
)
def test_publisher_url_must_be_a_web_address(publisher: Database, url: str) -> None:
    publisher.execute(
        "UPDATE settings SET value = ? WHERE key = 'publisher.url'", [json.dumps(url)]
    )
    publisher.conn.commit()  # as an import could have stored it
    with pytest.raises(InvalidInput, match="publisher.url"):
        written("claimreview", publisher)


def test_claimreview_schema_rejects_a_broken_review(publisher: Database) -> None:
    reviews = json.loads(written("claimreview", publisher))
    del reviews[0]["reviewRating"]["alternateName"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(reviews, SCHEMA)


def test_claimreview_without_publisher_is_refused(cli, gabala: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="publisher.name"):
        written("claimreview", gabala)
    target = tmp_path / "cr.json"
    r = cli("report", "--format", "claimreview", "-o", str(target))
    assert r.exit_code == 1 and r.stdout == "" and r.stderr.count("\n") == 1
    assert "claimtrack config set publisher.name" in r.stderr
    assert not target.exists() and not list(tmp_path.glob("*cr.json*"))  # no temporary file


def test_output_to_an_unwritable_place(cli, gabala: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli("report", "--format", "html", "-o", str(tmp_path / "missing" / "r.html"))
    assert r.exit_code == 1 and r.stderr.startswith("Error: Cannot write")


def test_stats(cli, gabala: Database) -> None:  # type: ignore[no-untyped-def]
    data = stats.compute(gabala, TODAY)
    assert data["claims"] == 51
    assert data["kinds"] == {"quantitative": 6, "commitment": 29, "statement": 16}
    assert data["ratings"]["commitments"]["kept"] == 2
    assert data["flags"]["overdue"] == 1 and data["flags"]["evidence-dead"] == 1
    assert data["kept_rate"] == 0.833
    assert data["overdue"] == {"count": 1, "median_days": 209}
    r = cli("stats", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["claims"] == 51
    r = cli("stats")
    assert r.exit_code == 0 and "median days overdue" in r.stdout


def test_median_days_overdue_of_an_even_count(gabala: Database) -> None:
    gabala.execute("UPDATE claims SET deadline_end = '2026-11-20' WHERE id = 36")
    gabala.conn.commit()
    assert stats.overdue_days(gabala, TODAY) == {"count": 2, "median_days": 107}


IMPORTED = "=cmd|' /C calc'!A0 <script>alert(1)</script> [x](javascript:1) \x1b[31m"


@pytest.mark.parametrize("column", ["kind", "rated_at", "deadline_start", "deadline_end"])
def test_values_that_arrive_by_import_are_escaped(gabala: Database, column: str) -> None:
    """An import can store any text in columns the CLI only fills with known words or dates."""
    gabala.execute(f"UPDATE claims SET {column} = ? WHERE id = 2", [IMPORTED])
    gabala.execute("INSERT INTO flags (claim_id, flag, since) VALUES (2, ?, 'x')", [IMPORTED])
    gabala.conn.commit()
    md = written("markdown", gabala)
    assert "<script>" not in md and "\x1b" not in md
    assert re.search(r"(?<!\\)\]\(javascript", md) is None  # a link needs an unescaped ](
    text = written("csv", gabala).removeprefix("\ufeff")
    row = next(r for r in csv.DictReader(io.StringIO(text, newline="")) if r["id"] == "2")
    assert "\x1b" not in text
    for key in (column, "flags"):
        assert not row[key].startswith(csv_.FORMULA), key


def test_dashboard_topic_line_strips_controls(gabala: Database) -> None:
    from rich.console import Console

    from claimtrack.output import report as out

    gabala.execute(
        "UPDATE claims SET topic = ? WHERE id = 2", ["econ\x1b]8;;http://x\x07omy\x1b[2J"]
    )
    gabala.conn.commit()
    con = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    out.render(report.dashboard(gabala, Filters(), TODAY), con=con)
    text = con.export_text(styles=False)
    assert "\x1b" not in text and "\x07" not in text and "economy" in text


def test_markdown_of_a_speech_without_speaker_or_date_has_no_empty_fields(
    gabala: Database,
) -> None:
    gabala.execute("UPDATE speeches SET speaker = NULL, date = NULL, venue = NULL")
    gabala.conn.commit()
    line = next(x for x in written("markdown", gabala).splitlines() if x.startswith("- **"))
    assert " — , " not in line and not line.rstrip().endswith("—"), line
    assert line.endswith("<https://ayt.kz/archives/1998>"), line
