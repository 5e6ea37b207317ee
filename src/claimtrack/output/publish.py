"""What `claimtrack publish` prints: the files it wrote (for cron: nothing when quiet)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..publish.model import Result
from . import message, plural


def published(directory: Path, result: Result, *, quiet: bool, listed: bool) -> None:
    """The files written, one a line on stdout when `listed` (`--changed-only`, `-v`), then
    a summary on stderr; nothing at all with `quiet`."""
    if quiet:
        return
    for warning in result.warnings:
        message(f"Warning: {warning}")
    if listed:
        for rel in result.written:
            sys.stdout.write(f"{directory / rel}\n")
        for rel in result.removed:
            sys.stdout.write(f"removed {directory / rel}\n")
    message(
        f"Published {plural(result.claims, 'claim')} ({result.reviews} with ClaimReview) to"
        f" {directory}: {plural(len(result.written), 'file')} written, {result.unchanged}"
        " unchanged" + (f", {len(result.removed)} removed" if result.removed else "")
    )
