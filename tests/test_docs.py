"""Every command has help text and is documented in docs/cli.md; docs exist."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

from claimtrack.cli import _register, app

DOCS = Path(__file__).resolve().parent.parent / "docs"


def commands() -> Iterator[tuple[str, Any]]:
    _register()
    root = typer.main.get_command(app)

    def walk(cmd: Any, path: str) -> Iterator[tuple[str, Any]]:
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                yield from walk(sub, f"{path} {name}")
        else:
            yield path, cmd

    yield from walk(root, "claimtrack")


ALL = list(commands())


@pytest.mark.parametrize(("path", "cmd"), ALL, ids=[p for p, _ in ALL])
def test_command_has_help_and_is_documented(path: str, cmd: Any) -> None:
    assert (cmd.help or "").strip(), f"{path} has no help text"
    assert f"### `{path}`" in (DOCS / "cli.md").read_text(encoding="utf-8"), (
        f"{path} is not documented in docs/cli.md"
    )


@pytest.mark.parametrize("name", ["cli.md", "data-model.md", "ratings.md", "architecture.md"])
def test_docs_exist(name: str) -> None:
    assert len((DOCS / name).read_text(encoding="utf-8")) > 500


def test_read_commands_offer_json() -> None:
    readers = {
        "list",
        "show",
        "history",
        "report",
        "speech list",
        "speech show",
        "evidence list",
        "config list",
        "config get",
    }
    for path, cmd in ALL:
        if path.removeprefix("claimtrack ") in readers:
            assert any("--json" in p.opts for p in cmd.params), f"{path} lacks --json"
