"""Rendering of search results: each hit with its snippets, matches highlighted."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from ..search import CLOSE, OPEN
from . import console, message, print_json, safe
from .claims import rating_text

MATCH_STYLE = "bold reverse"
FIELD = {"quote": "", "rating_note": "rating note", "note": "note", "title": "title", "text": ""}


def highlighted(snippet: str) -> Text:
    """A snippet as rich Text: the parts between OPEN and CLOSE in MATCH_STYLE (a style on
    Text, never markup: the snippet is hostile text)."""
    out = Text()
    for i, part in enumerate(snippet.replace(CLOSE, OPEN).split(OPEN)):
        out.append_text(safe(part, style=MATCH_STYLE if i % 2 else ""))
    return out


def hits(rows: list[dict[str, Any]], query: str, as_json: bool) -> None:
    if as_json:
        print_json(rows)
        return
    if not rows:
        message(f"Nothing found for '{query}' (see: claimtrack search --help)")
        return
    con = console()
    for row in rows:
        head = Text()
        if row["type"] == "claim":
            head.append(f"claim {row['id']}", style="bold")
            head.append(f"  {row['kind']} · ")
            head.append_text(rating_text(row["rating"]))
            if row.get("topic"):
                head.append_text(safe(f" · {row['topic']}"))
        else:
            head.append(f"page {row['page_id']}  ", style="bold")
            head.append_text(safe(row["url"]))
            if row["claim_ids"]:
                head.append(f"  (claims {', '.join(map(str, row['claim_ids']))})", style="dim")
        con.print(head)
        for snippet in row["snippets"]:
            line = Text("  ")
            if FIELD.get(snippet["field"]):
                line.append(f"{FIELD[snippet['field']]}: ", style="dim")
            line.append_text(highlighted(snippet["snippet"]))
            con.print(line)
