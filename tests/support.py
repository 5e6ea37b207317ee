"""Shared test constants and the in-process command-line runner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from claimtrack.cli import _register, app

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "src" / "claimtrack" / "datasets" / "gabala-2025"
SPEECH = DATASET / "speech.kk.txt"
NOW = "2025-10-08T09:00:00Z"


class Cli:
    """Runs the real command line in-process; stdout and stderr kept apart."""

    def __init__(self) -> None:
        _register()
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Any:
        return self.runner.invoke(app, list(args), input=input, catch_exceptions=False)
