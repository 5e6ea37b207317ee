"""`claimtrack evidence match` through the command line: suggestions, nothing-to-match cases,
tolerance, hostile text."""

from __future__ import annotations

import json

import pytest
from pytest_httpserver import HTTPServer
from sqlite_utils import Database

from claimtrack import settings, verify
from support import Cli

from .conftest import gold_text

SIX = "Орта дәлізбен жүк тасымалы 2019 жылдан бері 6 есе өсті."
CARGO = "Cargo on the Middle Corridor reached 4.5 million tonnes in 2024."


def run_json(cli: Cli, *args: str) -> list[dict]:  # type: ignore[type-arg]
    r = cli("evidence", "match", *args, "--json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)  # type: ignore[no-any-return]


def test_a_kazakh_claim_against_russian_and_kazakh_pages(cli: Cli, claim, link) -> None:  # type: ignore[no-untyped-def]
    cid = claim("kk", SIX)
    ru = link(cid, "https://mintrans.example/ru", gold_text("e01.ru.txt"), "ru")
    kk = link(cid, "https://news.example/kk", gold_text("e24.kk.txt"), None)
    (found,) = run_json(cli, str(cid))
    by_id = {lk["evidence"]: lk for lk in found["links"]}
    assert by_id[ru]["stance"] == "contradicts"
    (fig,) = by_id[ru]["figures"]
    assert fig["verdict"] == "differs"
    place = fig["places"][0]
    assert place["text"] == "5,2 раза" and place["comparator_holds"] is False
    assert place["period"] == [2019] and place["difference"] == "different (15 %)"
    assert "5,2 раза" in place["snippet"]
    assert by_id[kk]["stance"] == "supports"
    assert by_id[kk]["figures"][0]["places"][0]["difference"] == "exact"

    r = cli("evidence", "match", str(cid))
    assert r.exit_code == 0 and r.stderr == ""
    assert "suggested: contradicts" in r.stdout and "suggested: supports" in r.stdout
    assert "✗ 6 есе" in r.stdout and "✓ 6 есе" in r.stdout


@pytest.mark.parametrize(
    ("text", "lang", "reason"),
    [
        (None, None, verify.stance.NO_TEXT),
        ("gold:e23.tr.txt", "tr", verify.stance.NO_LANGUAGE),
        ("gold:e23.tr.txt", None, verify.stance.NO_LANGUAGE),
        ("gold:e22.ru.txt", "ru", verify.stance.NO_PLACE),
    ],
    ids=["no-text", "turkish", "turkish-undeclared", "no-such-figure"],
)
def test_nothing_to_match_is_said_not_raised(cli: Cli, claim, link, text, lang, reason) -> None:  # type: ignore[no-untyped-def]
    cid = claim("en", CARGO)
    body = gold_text(text[5:]) if text else None
    link(cid, "https://example.org/page", body, lang)
    (found,) = run_json(cli, str(cid))
    (result,) = found["links"]
    assert result["stance"] == "no figure found" and result["reason"] == reason
    r = cli("evidence", "match", str(cid))
    assert r.exit_code == 0 and f"Nothing to match: {reason}" in r.stdout


def test_a_claim_without_figures(cli: Cli, claim, link) -> None:  # type: ignore[no-untyped-def]
    cid = claim("kk", "Елімізде бейбітшілік бар.")
    link(cid, "https://example.org/a", gold_text("e01.ru.txt"), "ru")
    (found,) = run_json(cli, str(cid))
    assert found["figures"] == [] and found["reason"] == verify.stance.NO_FIGURES
    assert found["links"][0]["stance"] == "no figure found"
    r = cli("evidence", "match", str(cid))
    assert r.exit_code == 0 and "Nothing to match: the claim states no figure" in r.stdout


def test_unknown_claim_is_a_one_line_error(cli: Cli, db: Database) -> None:
    r = cli("evidence", "match", "42")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.strip() == "Error: No claim with id 42 (see: claimtrack list)"


def test_no_claims_at_all(cli: Cli, db: Database) -> None:
    assert run_json(cli) == []
    assert cli("evidence", "match").stdout == "No claims to match\n"


def test_tolerance_option_and_setting(cli: Cli, claim, link, db: Database) -> None:  # type: ignore[no-untyped-def]
    cid = claim("en", "Cargo on the Middle Corridor reached 4.7 million tonnes in 2024.")
    link(cid, "https://example.org/ru", gold_text("e01.ru.txt"), "ru")
    (found,) = run_json(cli, str(cid))
    assert found["tolerance"] == 0.05 and found["links"][0]["stance"] == "supports"
    assert found["links"][0]["figures"][0]["places"][0]["difference"] == "within 4.4 %"
    (found,) = run_json(cli, str(cid), "--tolerance", "0.01")
    assert found["links"][0]["stance"] == "contradicts"
    settings.set(db, "match.tolerance", "0.02")
    (found,) = run_json(cli, str(cid))
    assert found["tolerance"] == 0.02 and found["links"][0]["stance"] == "contradicts"


@pytest.mark.parametrize("raw", ["1.5", "-0.1", "lots"])
def test_tolerance_setting_is_checked(cli: Cli, db: Database, raw: str) -> None:
    r = cli("config", "set", "match.tolerance", "--", raw)
    assert r.exit_code == 1 and r.stderr.startswith("Error: Setting 'match.tolerance'")


def test_hostile_page_text_is_shown_as_text(cli: Cli, claim, link) -> None:  # type: ignore[no-untyped-def]
    cid = claim("en", CARGO)
    evil = (
        "Ministry report.\nThe Middle Corridor [bold]carried[/bold] 4.5 million tonnes of "
        "cargo in 2024 \x1b[31m[link=http://evil]x[/link]\x1b[0m.\n" + "Filler text. " * 130
    )
    link(cid, "https://example.org/evil", evil, "en")
    r = cli("evidence", "match", str(cid))
    assert r.exit_code == 0 and "suggested: supports" in r.stdout
    assert "\x1b" not in r.stdout
    assert "[bold]carried[/bold]" in r.stdout and "[link=http://evil]x[/link]" in r.stdout


def test_a_page_fetched_from_a_local_server(
    cli: Cli, claim, httpserver: HTTPServer, db: Database
) -> None:  # type: ignore[no-untyped-def]
    body = "".join(f"<p>{p}</p>" for p in gold_text("e21.en.txt").split("\n\n"))
    html = f"<html><body><article>{body}</article></body></html>"
    httpserver.expect_request("/corridor").respond_with_data(html, content_type="text/html")
    cid = claim("kk", SIX)
    url = httpserver.url_for("/corridor")
    assert cli("evidence", "add", str(cid), url).exit_code == 0
    r = cli("evidence", "fetch", "--allow-private")
    assert r.exit_code == 0, r.stderr
    (found,) = run_json(cli, str(cid))
    assert found["links"][0]["stance"] == "supports"
    assert found["links"][0]["figures"][0]["places"][0]["text"] == "sixfold"
