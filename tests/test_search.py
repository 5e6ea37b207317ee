"""Full-text search: FTS5 trigram indexes over claims and evidence, kept by triggers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from claimtrack import claims, search
from claimtrack.dataset import load
from claimtrack.db import open_db
from claimtrack.output.search import MATCH_STYLE, highlighted
from support import DATASET, NOW, Cli

RAILWAY = {17, 18, 20, 24}  # the bundled speech's claims that say "теміржол"


@pytest.fixture
def gabala(db: Database) -> Database:
    load(db, DATASET)
    return db


def add_page(db: Database, url: str, title: str | None, text: str | None) -> int:
    """A fetched evidence page as the fetcher stores it: its row and its main text."""
    text_hash = None
    if text is not None:
        text_hash = f"h{len(list(db.query('SELECT hash FROM texts')))}"
        db.table("texts").insert({"hash": text_hash, "text": text, "created_at": NOW})
    return int(
        db.table("pages")
        .insert(
            {"url": url, "status": "ok", "title": title, "text_hash": text_hash, "created_at": NOW}
        )
        .last_pk
    )


def ids(hits: list[dict[str, Any]], kind: str = "claim") -> set[int]:
    key = "id" if kind == "claim" else "page_id"
    return {h[key] for h in hits if h["type"] == kind}


def test_kazakh_capitals_find_the_suffixed_forms(gabala: Database) -> None:
    hits = search.search(gabala, "ТЕМІРЖОЛ", scope="claims")
    assert ids(hits) == RAILWAY
    by_id = {h["id"]: h for h in hits}
    assert by_id[18]["snippets"][0]["snippet"].count("⟦теміржол⟧ының") == 1


def test_the_cli_finds_the_railway_claims(gabala: Database, cli: Cli) -> None:
    r = cli("search", "ТЕМІРЖОЛ", "--json")
    assert r.exit_code == 0, r.stderr
    assert ids(json.loads(r.stdout)) == RAILWAY
    table = cli("search", "ТЕМІРЖОЛ")
    assert table.exit_code == 0 and "claim 18" in table.stdout and "теміржол" in table.stdout


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("Әлемдік нарық", "ӘЛЕМДІК"),
        ("ғылыми орталық", "ҒЫЛЫМ"),
        ("Қазақстанның экспорты", "қазақстан"),
        ("теңіз порты", "ТЕҢІЗ"),
        ("өңірлік саммит", "ӨҢІР"),
        ("Ұйымның хатшылығы", "ұйым"),
        ("Үкіметтің қаулысы", "ҮКІМЕТ"),
        ("Һижра", "һиж"),
        ("Іскерлік кеңес", "ІСКЕР"),
        ("строительство железной дороги", "ЖЕЛЕЗН"),
        ("Middle Corridor cargo", "corridor"),
    ],
)
def test_every_cased_letter_folds_in_notes_and_titles(
    db: Database, stored: str, query: str
) -> None:
    """Columns indexed as stored rely on the tokenizer's own Unicode case folding."""
    load(db, DATASET)
    claims.rate_claim(db, 1, "true", note=f"Per the ministry: {stored}.", now=NOW)
    page = add_page(db, "https://example.org/a", f"Report: {stored}", None)
    text_page = add_page(db, "https://example.org/b", None, f"Long text. {stored}. More text.")
    found = search.search(db, query)
    assert 1 in ids(found)
    assert {page, text_page} <= ids(found, "evidence")


def test_evidence_hits_carry_snippets_and_their_claims(gabala: Database) -> None:
    middle = ["Теміржол дәлізі арқылы жүк өсті."]
    body = " ".join(["Кіріспе сөйлем."] * 40 + middle + ["Соңы."] * 40)
    page = add_page(gabala, "https://example.org/rail", "Теміржол жаңалықтары", body)
    gabala.table("evidence").insert(
        {"claim_id": 17, "page_id": page, "url": "https://example.org/rail", "created_at": NOW}
    )
    (hit,) = search.search(gabala, "теміржол", scope="evidence")
    assert hit["page_id"] == page and hit["claim_ids"] == [17]
    fields = {s["field"]: s["snippet"] for s in hit["snippets"]}
    assert fields["title"] == "⟦Теміржол⟧ жаңалықтары"
    assert "⟦Теміржол⟧ дәлізі" in fields["text"] and len(fields["text"]) < len(body) // 4


def test_only_the_latest_main_text_of_a_page_counts(db: Database) -> None:
    page = add_page(db, "https://example.org/a", None, "старый текст про порт")
    db.table("texts").insert({"hash": "new", "text": "новый текст", "created_at": NOW})
    db.table("pages").update(page, {"text_hash": "new"})
    assert search.search(db, "порт", scope="evidence") == []
    assert ids(search.search(db, "НОВЫЙ", scope="evidence"), "evidence") == {page}


def test_triggers_follow_edits_ratings_and_notes(gabala: Database) -> None:
    claims.rate_claim(gabala, 2, "true", note="Confirmed by the Foreign Ministry.", now=NOW)
    assert 2 in ids(search.search(gabala, "foreign ministry"))
    claims.rate_claim(gabala, 2, "true", note="Other wording.", now=NOW)
    # the earlier note stays in the claim's history, which search covers too
    hit = next(h for h in search.search(gabala, "foreign ministry") if h["id"] == 2)
    assert [s["field"] for s in hit["snippets"]] == ["note"]
    claims.edit_claim(gabala, 17, {"quote": "жаһандық қауіпсіздік"}, note="shorter", now=NOW)
    assert 17 not in ids(search.search(gabala, "халықаралық теміржол"))
    page = add_page(gabala, "https://example.org/t", "Old title", None)
    gabala.table("pages").update(page, {"title": "Жаңа тақырып"})
    assert search.search(gabala, "old title", scope="evidence") == []
    assert ids(search.search(gabala, "ЖАҢА", scope="evidence"), "evidence") == {page}


def test_the_migration_indexes_existing_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = open_db(path)  # data written by today's code, then taken back to before search:
    load(old, DATASET)  # its indexes, triggers and view gone, m005 not applied
    add_page(old, "https://example.org/x", "Бурение скважин", "Текст о бурении скважин.")
    for table in ("claims", "events", "pages", "texts"):
        old.table(table).disable_fts()
        for suffix in ("ai", "ad", "au"):
            old.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
    old.execute("DROP VIEW page_texts")
    old.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_full_text_search'")
    old.conn.commit()
    assert "claims_fts" not in old.table_names()
    old.close()
    reopened = open_db(path)
    assert ids(search.search(reopened, "ТЕМІРЖОЛ")) == RAILWAY
    assert len(search.search(reopened, "СКВАЖИН", scope="evidence")) == 1


def test_a_short_query_scans_the_quotes(gabala: Database) -> None:
    assert not search.indexed("ЕО")
    hits = search.search(gabala, "5 ")  # "5 " folds to "5": shorter than a trigram
    assert hits and all("5" in h["quote"] for h in hits)
    with pytest.raises(search.InvalidInput, match="at least 3 characters"):
        search.search(gabala, "ЕО", scope="evidence")


@pytest.mark.parametrize(
    "query", ['"', 'AND OR NOT "x', "NEAR(a b)", "col : x", "*", "теміржол*", "a' OR 1=1 --"]
)
def test_fts_syntax_in_a_query_is_only_text(gabala: Database, query: str) -> None:
    assert isinstance(search.search(gabala, query), list)


@pytest.mark.parametrize("query", ["", "   ", "\x1b[2J"])
def test_an_empty_query_is_an_error(gabala: Database, cli: Cli, query: str) -> None:
    r = cli("search", query)
    assert r.exit_code == 1 and r.stderr.startswith("Error: Nothing to search for")


def test_nothing_found_is_an_empty_json_list(gabala: Database, cli: Cli) -> None:
    r = cli("search", "ничего такого нет", "--json")
    assert (r.exit_code, json.loads(r.stdout)) == (0, [])


def test_hostile_text_cannot_fake_or_break_a_highlight(db: Database) -> None:
    title = "⟦fake⟧ \x1b[31mred\x1b[0m \ue000 порт \ue001 end"
    add_page(db, "https://example.org/h", title, None)
    (hit,) = search.search(db, "порт", scope="evidence")
    snippet = hit["snippets"][0]["snippet"]
    assert "\x1b" not in snippet and snippet.count("⟦") == snippet.count("⟧") == 1
    assert "⟦порт⟧" in snippet and "fake" in snippet


def test_the_terminal_highlight_is_a_style_never_markup() -> None:
    text = highlighted("[bold]x[/bold] ⟦теміржол⟧ [link=http://e.vil]y")
    assert text.plain == "[bold]x[/bold] теміржол [link=http://e.vil]y"
    (span,) = text.spans
    assert (text.plain[span.start : span.end], span.style) == ("теміржол", MATCH_STYLE)


def test_list_and_report_search_use_the_index(gabala: Database, cli: Cli) -> None:
    claims.rate_claim(gabala, 5, "kept", note="Ministry: the Turkic academy opened.", now=NOW)
    listed = cli("list", "--search", "TURKIC ACADEMY", "--json")
    assert [c["id"] for c in json.loads(listed.stdout)] == [5]
    listed = cli("list", "--search", "ТЕМІРЖОЛ", "--json")
    assert {c["id"] for c in json.loads(listed.stdout)} == RAILWAY
    report = cli("report", "--search", "ТЕМІРЖОЛ", "--format", "json")
    assert report.exit_code == 0, report.stderr
    assert {c["id"] for c in json.loads(report.stdout)["claims"]} == RAILWAY


def test_limit_and_scope(gabala: Database, cli: Cli) -> None:
    assert len(search.search(gabala, "теміржол", limit=2)) == 2
    r = cli("search", "теміржол", "--in", "evidence", "--json")
    assert (r.exit_code, json.loads(r.stdout)) == (0, [])
    bad = cli("search", "теміржол", "--limit", "0")
    assert bad.exit_code == 1 and "--limit must be at least 1" in bad.stderr
