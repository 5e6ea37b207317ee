"""Hostile text is never interpreted by the terminal: rendered to a recorded rich console.

Every output module's `console()` is replaced by one that records and claims to be a colour
terminal (the worst case: styles and hyperlinks would be emitted). The hostile claim text,
note and speech title must come out as literal characters, with no escape sequence, OSC 8
hyperlink, bidi override or NUL from the input. The HTML report is covered in a real headless
browser by tests/report/test_html.py::test_hostile_text_is_shown_not_run.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from support import Cli

MARKUP = "[bold red]Шабуыл[/bold red] [link=https://evil.example]click[/link]"
ESCAPES = "\x1b[31mRED\x1b[0m \x1b]8;;https://evil.example\x07link\x1b]8;;\x07 \x1b[2J\x07"
TEXT = f"{MARKUP} {ESCAPES} \u202egnp.exe\u202c NUL\x00? 👩🏽‍🚀 é́"

MODULES = ["claims", "evidence", "extract", "fetching", "refresh", "report", "speeches"]


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[Console]:
    consoles: list[Console] = []

    def factory(stderr: bool = False, width: int | None = None) -> Console:
        con = Console(
            file=io.StringIO(),
            force_terminal=True,
            color_system="truecolor",
            width=width or 160,
            record=True,
            highlight=False,
            emoji=False,
            markup=False,
        )
        consoles.append(con)
        return con

    import importlib

    for name in MODULES:
        module = importlib.import_module(f"claimtrack.output.{name}")
        monkeypatch.setattr(module, "console", factory)
    return consoles


@pytest.fixture
def hostile(cli: Cli, isolated_db: Path, tmp_path: Path) -> Path:
    speech = tmp_path / "speech.txt"
    speech.write_text(TEXT.replace("\x00", "") + "\nКелесі жылы 5 жаңа жол салынады.\n")
    assert cli("speech", "add", str(speech), "--date", "2025-10-07").exit_code == 0
    r = cli("add", TEXT.replace("\x00", ""), "--speech", "1", "--kind", "statement")
    assert r.exit_code == 0, r.stderr
    assert cli("rate", "1", "false", "--note", TEXT.replace("\x00", "")).exit_code == 0
    return isolated_db


COMMANDS = [
    ["list"],
    ["show", "1"],
    ["history", "1"],
    ["report", "--wide"],
    ["speech", "list"],
    ["speech", "show", "1", "--text"],
    ["extract", "--speech", "1"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(a))
def test_hostile_text_is_printed_literally(
    cli: Cli, hostile: Path, recorded: list[Console], args: list[str]
) -> None:
    r = cli(*args)
    assert r.exit_code == 0, r.stderr
    assert recorded, "the command printed through rich"
    text = "".join(c.export_text(styles=False) for c in recorded)
    ansi = "".join(c.export_text(styles=True) for c in recorded)
    if args[0] in ("list", "show", "report", "speech"):
        assert "Шабуыл" in text
    for bad in ("\x1b]8;", "evil.example\x07", "\x1b[2J", "\x1b[31mRED", "\u202e", "\x00", "\x07"):
        assert bad not in ansi, (args, bad)
    # markup stays text: the brackets are printed, never turned into a style or a link
    assert "[link=" in text or args[0] in ("extract", "history") or "click" not in text


def test_shown_claim_keeps_the_markup_literally(
    cli: Cli, hostile: Path, recorded: list[Console]
) -> None:
    cli("show", "1")
    text = "".join(c.export_text(styles=False) for c in recorded)
    flat = "".join(text.split())
    assert "".join(MARKUP.split()) in flat
    assert "REDlinkgnp.exe" in flat.replace(" ", "")  # escapes removed whole, text kept
