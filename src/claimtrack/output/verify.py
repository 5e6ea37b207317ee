"""Rendering of `evidence match` and of the figure marks (✓ ✗ ?) of a claim's detail.

Quotes, snippets and URLs are hostile: always through `safe()`, never markup.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from . import console, print_json, safe

if TYPE_CHECKING:
    from rich.text import Text

SYMBOLS = {"holds": "✓", "differs": "✗", "unknown": "?"}
VERDICT_MARK = {"holds": "holds", "differs": "differs", None: "unknown"}
STANCE_STYLE = {"supports": "green", "contradicts": "red"}


def matches(claims: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print_json(claims)
        return
    if not claims:
        sys.stdout.write("No claims to match\n")
        return
    out = console()
    for claim in claims:
        out.print(claim_block(claim), soft_wrap=True)


def claim_block(claim: dict[str, Any]) -> Text:
    from rich.text import Text

    text = Text()
    text.append(f"Claim {claim['claim']}: ", style="bold")
    text.append_text(safe(_short(claim["quote"], 140)))
    text.append(f"  (tolerance {claim['tolerance'] * 100:g} %)\n")
    if claim["reason"]:
        text.append(f"  Nothing to match: {claim['reason']}\n")
        return text
    if not claim["links"]:
        text.append(
            "  Nothing to match: the claim has no evidence (see: claimtrack evidence add)\n"
        )
        return text
    for link in claim["links"]:
        text.append_text(link_block(link))
    return text


def link_block(link: dict[str, Any]) -> Text:
    from rich.text import Text

    text = Text("  ")
    text.append(f"evidence {link['evidence']}  ", style="bold")
    text.append_text(safe(link["url"]))
    text.append("  suggested: ")
    text.append(link["stance"], style=STANCE_STYLE.get(link["stance"], ""))
    text.append("\n")
    if link["reason"]:
        text.append(f"    Nothing to match: {link['reason']}\n")
    for result in link["figures"]:
        text.append_text(figure_block(result))
    return text


def figure_block(result: dict[str, Any]) -> Text:
    from rich.text import Text

    figure = result["figure"]
    mark = SYMBOLS[VERDICT_MARK[result["verdict"]]]
    text = Text(f"    {mark} ")
    text.append_text(safe(figure["text"], style="bold"))
    if not result["places"]:
        text.append("  not found in this text\n")
        return text
    text.append("\n")
    for place in result["places"]:
        text.append("      ")
        text.append_text(safe(place["text"], style="bold"))
        text.append(f"  {place['difference']}")
        text.append(", comparator holds" if place["comparator_holds"] else ", does not hold")
        if place["period"]:
            text.append(f", period {', '.join(str(y) for y in place['period'])}")
        text.append("\n        ")
        text.append_text(safe(place["snippet"], style="dim"))
        text.append("\n")
    return text


def marks_line(marks: list[dict[str, Any]]) -> Text:
    """One line per claim figure: its text, then ✓ / ✗ / ? and the evidence id per link
    (from verify.figure_marks), for the claim detail of `show`."""
    from rich.text import Text

    text = Text()
    for i, item in enumerate(marks):
        if i:
            text.append("\n")
        text.append_text(safe(item["figure"]["text"], style="bold"))
        for mark in item["marks"]:
            text.append(f"  {SYMBOLS[mark['mark']]} #{mark['evidence']}")
        if not item["marks"]:
            text.append("  (no evidence)")
    return text


def marks_plain(marks: list[dict[str, Any]]) -> str:
    """The same marks as plain text (reports, site): "6 есе: ✓ #7 ✗ #8"."""
    lines = []
    for item in marks:
        cells = " ".join(f"{SYMBOLS[m['mark']]} #{m['evidence']}" for m in item["marks"])
        lines.append(f"{item['figure']['text']}: {cells or '(no evidence)'}")
    return "\n".join(lines)


def _short(value: str, width: int) -> str:
    flat = " ".join(value.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
