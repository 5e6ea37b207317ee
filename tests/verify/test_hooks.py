"""What `show`, the reports and `refresh` get from the matcher: marks and changed figures."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from claimtrack import verify
from claimtrack.fetch.store import write_text
from claimtrack.output.verify import marks_line, marks_plain

from .conftest import NOW, gold_text

SIX = "Орта дәлізбен жүк тасымалы 2019 жылдан бері 6 есе өсті."


def test_figure_marks_per_link(db: Database, claim, link) -> None:  # type: ignore[no-untyped-def]
    cid = claim("kk", SIX)
    ru = link(cid, "https://example.org/ru", gold_text("e01.ru.txt"), "ru")
    kk = link(cid, "https://example.org/kk", gold_text("e24.kk.txt"), "kk")
    none = link(cid, "https://example.org/none", None, None)
    (item,) = verify.figure_marks(db, cid)
    assert item["figure"]["text"] == "6 есе"
    assert [(m["evidence"], m["mark"]) for m in item["marks"]] == [
        (ru, "differs"),
        (kk, "holds"),
        (none, "unknown"),
    ]
    assert marks_plain([item]) == f"6 есе: ✗ #{ru} ✓ #{kk} ? #{none}"
    assert marks_line([item]).plain == f"6 есе  ✗ #{ru}  ✓ #{kk}  ? #{none}"


def test_a_claim_without_figures_has_no_marks(db: Database, claim, link) -> None:  # type: ignore[no-untyped-def]
    cid = claim("kk", "Елімізде бейбітшілік бар.")
    link(cid, "https://example.org/ru", gold_text("e01.ru.txt"), "ru")
    assert verify.figure_marks(db, cid) == []


def test_changed_figures_after_a_revision(db: Database, claim, link) -> None:  # type: ignore[no-untyped-def]
    cid = claim("kk", SIX)
    old_text = gold_text("e24.kk.txt")
    eid = link(cid, "https://example.org/kk", old_text, "kk")
    page = db.execute("SELECT page_id FROM evidence WHERE id = ?", [eid]).fetchone()[0]
    new_text = old_text.replace("6 есе өсті", "5,2 есе өсті")
    with db.atomic():
        old, new = write_text(db, old_text, NOW), write_text(db, new_text, NOW)
        same = write_text(db, old_text.replace("Ақпарат үшін", "Анықтама үшін"), NOW)
    (change,) = verify.changed_figures(db, page, old, new)
    assert change["claim"] == cid and change["evidence"] == eid
    assert change["figure"]["text"] == "6 есе"
    assert change["old"] == {"verdict": "holds", "value": 6, "text": "6 есе"}
    assert change["new"]["verdict"] == "differs" and change["new"]["value"] == 5.2
    assert verify.changed_figures(db, page, old, same) == []
    assert verify.changed_figures(db, page, old, None) == []
    assert verify.FLAG == "evidence-figure-changed"


def test_matching_a_read_only_database_works_uncached(db: Database, claim, link, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cid = claim("kk", SIX)
    link(cid, "https://example.org/kk", gold_text("e24.kk.txt"), "kk")
    db.close()
    ro = Database(sqlite3.connect(f"file:{tmp_path / 'claims.db'}?mode=ro", uri=True))
    (found,) = verify.match_claims(ro, [cid])
    assert found["links"][0]["stance"] == "supports"
    assert ro.execute("SELECT count(*) FROM text_figures").fetchone()[0] == 0


def test_show_marks_each_figure_per_evidence_link(db: Database, claim, link) -> None:  # type: ignore[no-untyped-def]
    from support import Cli

    cid = claim("kk", SIX)
    ru = link(cid, "https://example.org/ru", gold_text("e01.ru.txt"), "ru")
    kk = link(cid, "https://example.org/kk", gold_text("e24.kk.txt"), "kk")
    cli = Cli()
    shown = cli("show", str(cid), "--json")
    assert shown.exit_code == 0, shown.stderr
    import json

    (item,) = json.loads(shown.stdout)["figure_marks"]
    assert [(m["evidence"], m["mark"]) for m in item["marks"]] == [(ru, "differs"), (kk, "holds")]
    table = cli("show", str(cid))
    assert f"✗ #{ru}  ✓ #{kk}" in table.stdout and "in evidence" in table.stdout
