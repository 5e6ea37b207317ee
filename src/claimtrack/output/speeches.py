"""Rendering of speeches."""

from __future__ import annotations

import shlex
from typing import Any

from rich.table import Table

from . import console, message, plural, print_json, safe


def added(
    row: dict[str, Any], created: bool, as_json: bool, differs: dict[str, str] | None = None
) -> None:
    if as_json:
        extra = {"created": created, "differs": differs or {}}
        print_json({k: v for k, v in row.items() if k != "text"} | extra)
        return
    verb = "Registered" if created else "Already registered as"
    message(f"{verb} speech {row['id']}: {row['title']}")
    if differs:
        options = " ".join(f"--{k} {shlex.quote(v)}" for k, v in differs.items())
        message(
            f"The metadata given is not stored (same text, registered earlier with other"
            f" {', '.join(differs)}); to change it: claimtrack speech edit {row['id']} {options}"
        )


def edited(row: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json({k: v for k, v in row.items() if k != "text"})
        return
    message(f"Updated speech {row['id']}: {row['title']} ({row['date'] or 'no date'})")
    if row["deadlines"]:
        ids = ", ".join(str(i) for i in row["deadlines"])
        message(f"Deadlines re-resolved for the new date: claims {ids}")


def removed(row: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json({k: v for k, v in row.items() if k != "text"})
        return
    purged = f", and purged its {row['claims_purged']} claim(s)" if row["claims_purged"] else ""
    message(f"Removed speech {row['id']}: {row['title']}{purged}")


def listing(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print_json(rows)
        return
    if not rows:
        message("No speeches yet (add one: claimtrack speech add FILE --date YYYY-MM-DD)")
        return
    table = Table(box=None, pad_edge=False)
    for name, justify in (
        ("id", "right"),
        ("date", "left"),
        ("lang", "left"),
        ("claims", "right"),
        ("speaker", "left"),
        ("title", "left"),
    ):
        table.add_column(name, justify=justify, no_wrap=name in ("id", "date", "lang"))  # type: ignore[arg-type]
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["date"] or "",
            r["lang"] or "",
            str(r["claims"]),
            safe(r["speaker"]),
            safe(r["title"]),
        )
    console().print(table)


def detail(row: dict[str, Any], with_text: bool, as_json: bool) -> None:
    if as_json:
        print_json(row if with_text else {k: v for k, v in row.items() if k != "text"})
        return
    table = Table.grid(padding=(0, 2))
    for key in ("id", "title", "speaker", "date", "venue", "lang", "url", "content_hash"):
        table.add_row(key, safe(row.get(key) or ""))
    table.add_row("length", plural(len(row["text"]), "character"))
    con = console()
    con.print(table)
    if with_text:
        con.print()
        con.print(safe(row["text"]))
