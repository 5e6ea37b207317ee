"""The data types of the publishing package, imported by every other module of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..i18n import Ui

# The file in the output directory recording what was published (for --changed-only).
MANIFEST = ".claimtrack-publish.json"


@dataclass(frozen=True)
class Site:
    """What every page needs to know: where it goes, in which language, for whom."""

    out: Path
    ui: Ui
    today: date
    base: str | None = None  # the site's address, ending in "/"; None: no absolute links
    org: dict[str, Any] | None = None  # the ClaimReview author; None: no markup
    speech_ids: tuple[int, ...] = ()  # only these speeches (empty: all)


@dataclass
class Result:
    """What a publish run did: files written (relative paths), files left as they were."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    claims: int = 0
    reviews: int = 0
