"""What `claimtrack publish` prints: the files it wrote (for cron: nothing when quiet)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..publish.model import Result
from . import message


def published(directory: Path, result: Result, *, quiet: bool, changed_only: bool) -> None:
    if quiet:
        return
    for warning in result.warnings:
        message(f"Warning: {warning}")
    if changed_only:
        for rel in result.written:
            sys.stdout.write(f"{directory / rel}\n")
        for rel in result.removed:
            sys.stdout.write(f"removed {directory / rel}\n")
    message(
        f"Published {result.claims} claims ({result.reviews} with ClaimReview) to {directory}:"
        f" {len(result.written)} files written, {result.unchanged} unchanged"
        + (f", {len(result.removed)} removed" if result.removed else "")
    )
