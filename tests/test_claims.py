"""Claims: offsets, duplicates, search, ratings with history, edits."""

from __future__ import annotations

from datetime import date

import pytest
from sqlite_utils import Database

from claimtrack import claims
from claimtrack.claims import Filters
from claimtrack.errors import DeadlineError, Duplicate, InvalidInput, NotFound
from support import NOW

QUOTE = "Соңғы 5 жылда Орта дәліз арқылы тасымалданатын жүк көлемі 6 есе өсті."
PROMISE = "Қазақстан Біріккен Ұлттар Ұйымының қолдауымен келесі жылы сәуірде Өңірлік саммит"


def add(
    db: Database, speech_id: int, quote: str = QUOTE, kind: str = "quantitative", **kw: object
) -> dict:  # type: ignore[type-arg]
    return claims.add_claim(db, speech_id=speech_id, quote=quote, kind=kind, now=NOW, **kw)  # type: ignore[arg-type]


def test_offsets_point_into_the_speech(db: Database, speech_id: int) -> None:
    row = add(db, speech_id)
    text = db["speeches"].get(speech_id)["text"]
    assert text[row["start"] : row["end"]] == QUOTE
    assert row["rating"] == "unrated"


def test_quote_found_despite_whitespace_differences(db: Database, speech_id: int) -> None:
    row = add(db, speech_id, quote="Соңғы 5 жылда   Орта\nдәліз арқылы")
    text = db["speeches"].get(speech_id)["text"]
    assert text[row["start"] : row["end"]] == "Соңғы 5 жылда Орта дәліз арқылы"
    assert row["quote"] == "Соңғы 5 жылда Орта дәліз арқылы"


def test_quote_not_in_speech_is_refused_unless_a_paraphrase(db: Database, speech_id: int) -> None:
    paraphrase = "85% of freight between Asia and Europe passes Kazakhstan"
    with pytest.raises(InvalidInput, match="not in the text of speech .*--not-verbatim"):
        add(db, speech_id, quote=paraphrase)
    assert db["claims"].count == 0
    row = add(db, speech_id, quote=paraphrase, verbatim=False)
    assert row["quote"] == paraphrase and row["start"] is None and row["end"] is None


def test_a_quote_typed_with_other_dashes_and_quotation_marks_is_found(
    db: Database, speech_id: int
) -> None:
    """A hyphen for the speech's dash, straight quotes for «»: found, and the speech's own
    characters are stored; typed that way again, it is the same claim."""
    start = db["speeches"].get(speech_id)["text"].index("«Достық – Мойынты»")
    typed = '"Достық - Мойынты"'
    row = add(db, speech_id, quote=typed)
    assert row["quote"] == "«Достық – Мойынты»"
    assert (row["start"], row["end"]) == (start, start + len("«Достық – Мойынты»"))
    with pytest.raises(Duplicate):
        add(db, speech_id, quote="«Достық-Мойынты»")


def test_same_claim_twice_is_refused_with_existing_id(db: Database, speech_id: int) -> None:
    first = add(db, speech_id)
    with pytest.raises(Duplicate, match=f"claim {first['id']}"):
        add(db, speech_id, quote=QUOTE.upper())
    assert db["claims"].count == 1


def test_commitment_deadline_resolves_to_window(db: Database, speech_id: int) -> None:
    row = add(db, speech_id, quote=PROMISE, kind="commitment", deadline="келесі жылы сәуірде")
    assert (row["deadline_start"], row["deadline_end"]) == ("2026-04-01", "2026-04-30")
    assert row["deadline_text"] == "келесі жылы сәуірде"
    assert row["rating"] == "not-yet-rated"


def test_unreadable_deadline_changes_nothing(db: Database, speech_id: int) -> None:
    with pytest.raises(DeadlineError, match="next blursday"):
        add(db, speech_id, quote=PROMISE, kind="commitment", deadline="next blursday")
    assert db["claims"].count == 0 and db["events"].count == 0


def test_search_is_case_insensitive_for_kazakh(db: Database, speech_id: int) -> None:
    add(db, speech_id, quote="Бұдан басқа тағы да екі маңызды теміржол салынып жатыр.")
    add(db, speech_id)
    found = claims.list_claims(db, Filters(search="ТЕМІРЖОЛ"))
    assert [r["quote"] for r in found] == [
        "Бұдан басқа тағы да екі маңызды теміржол салынып жатыр."
    ]
    assert len(claims.list_claims(db, Filters(search="ОРТА ДӘЛІЗ"))) == 1


def test_rating_moves_back_and_forth_with_events(db: Database, speech_id: int) -> None:
    row = add(db, speech_id, quote=PROMISE, kind="commitment", deadline="келесі жылы сәуірде")
    for rating in ("in-the-works", "kept", "in-the-works"):
        claims.rate_claim(db, row["id"], rating, note=f"now {rating}", by="aigerim", now=NOW)
    moves = [(e["old"], e["new"]) for e in claims.history(db, row["id"]) if e["type"] == "rating"]
    assert moves == [
        ("not-yet-rated", "in-the-works"),
        ("in-the-works", "kept"),
        ("kept", "in-the-works"),
    ]
    assert claims.get_claim(db, row["id"])["rating"] == "in-the-works"


def test_rating_from_the_wrong_scale_is_refused(db: Database, speech_id: int) -> None:
    row = add(db, speech_id)
    with pytest.raises(InvalidInput, match="'kept' is not a rating for a quantitative claim"):
        claims.rate_claim(db, row["id"], "kept")
    assert claims.get_claim(db, row["id"])["rating"] == "unrated"


def test_rating_cites_only_the_claims_evidence(db: Database, speech_id: int) -> None:
    from claimtrack.evidence import add_evidence

    row = add(db, speech_id)
    ev = add_evidence(db, row["id"], ["https://vestikavkaza.ru/amp/459540"], stance="supports")
    claims.rate_claim(db, row["id"], "mostly-true", evidence_ids=[ev[0]["id"]])
    assert claims.history(db, row["id"])[-1]["evidence_ids"] == [ev[0]["id"]]
    with pytest.raises(NotFound, match="Evidence 999 is not linked"):
        claims.rate_claim(db, row["id"], "true", evidence_ids=[999])


def test_unknown_claim(db: Database) -> None:
    with pytest.raises(NotFound, match="No claim with id 42"):
        claims.get_claim(db, 42)


def test_edit_records_each_field(db: Database, speech_id: int) -> None:
    row = add(db, speech_id, quote=PROMISE, kind="commitment")
    claims.edit_claim(
        db,
        row["id"],
        {"topic": "environment", "deadline": "келесі жылы"},
        note="per transcript",
        by="dana",
        now=NOW,
    )
    edits = [e for e in claims.history(db, row["id"]) if e["type"] == "edit"]
    assert {(e["field"], e["new"]) for e in edits} == {
        ("topic", "environment"),
        ("deadline", "келесі жылы"),
    }
    after = claims.get_claim(db, row["id"])
    assert after["deadline_end"] == "2026-12-31" and after["topic"] == "environment"


@pytest.mark.parametrize(
    ("rating", "expected"), [(None, "unrated"), ("mostly true", "mostly-true")]
)
def test_edit_kind_across_scales_keeps_the_old_rating_in_history(
    db: Database, speech_id: int, rating: str | None, expected: str
) -> None:
    row = add(db, speech_id, quote=PROMISE, kind="commitment")
    claims.rate_claim(db, row["id"], "kept")
    after = claims.edit_claim(db, row["id"], {"kind": "statement"}, rating=rating)
    assert (after["kind"], after["rating"]) == ("statement", expected)
    last = claims.history(db, row["id"])[-2:]
    assert [(e["type"], e["old"], e["new"]) for e in last] == [
        ("edit", "commitment", "statement"),
        ("rating", "kept", expected),
    ]
    assert last[0]["change_id"] == last[1]["change_id"]


def test_edit_rating_must_be_on_the_new_scale(db: Database, speech_id: int) -> None:
    row = add(db, speech_id, quote=PROMISE, kind="commitment")
    with pytest.raises(InvalidInput, match="not a rating for a statement"):
        claims.edit_claim(db, row["id"], {"kind": "statement"}, rating="kept")


def test_overdue_filter(db: Database, speech_id: int) -> None:
    row = add(db, speech_id, quote=PROMISE, kind="commitment", deadline="келесі жылы сәуірде")
    assert claims.list_claims(db, Filters(overdue=True), today=date(2026, 4, 30)) == []
    assert [
        r["id"] for r in claims.list_claims(db, Filters(overdue=True), today=date(2026, 5, 1))
    ] == [row["id"]]
    claims.rate_claim(db, row["id"], "kept")
    assert claims.list_claims(db, Filters(overdue=True), today=date(2026, 5, 1)) == []


@pytest.mark.parametrize("bad", ["", "   ", "a\x00b", "x" * 20_001])
def test_bad_quote(db: Database, speech_id: int, bad: str) -> None:
    with pytest.raises(InvalidInput):
        add(db, speech_id, quote=bad)
    assert db["claims"].count == 0


def test_locating_a_quote_of_many_spaced_dashes_takes_no_exponential_time() -> None:
    """Possessive quantifiers: 40 spaced dashes against a text of them is a linear scan (it
    was 2^40 tries: a hang), and a typed '--' is an em dash; no spaces around the span."""
    assert claims.locate("- " * 40 + "x", "- " * 5_000) is None
    text = "2030 жылға дейін — жаңа жолдар саламыз."
    assert claims.locate("дейін -- жаңа", text) == (11, 23)
    assert claims.locate("- жаңа жолдар", text) == (17, 30)
    assert claims.locate('"', "«Достық»") is None
