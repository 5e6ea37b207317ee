"""Claim kinds and the two rating scales."""

from __future__ import annotations

from .errors import InvalidInput

KINDS = ("quantitative", "commitment", "statement")

VERDICTS = (
    "unrated",
    "true",
    "mostly-true",
    "half-true",
    "mostly-false",
    "false",
    "misleading",
    "unverifiable",
)
PROMISES = ("not-yet-rated", "in-the-works", "stalled", "compromise", "kept", "broken")

# Promise ratings that settle a commitment: it can no longer become overdue.
RESOLVED_PROMISES = ("kept", "compromise", "broken")
UNRATED = ("unrated", "not-yet-rated")


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise InvalidInput(f"Unknown kind '{kind}' (use one of: {', '.join(KINDS)})")
    return kind


def scale_for(kind: str) -> tuple[str, ...]:
    return PROMISES if check_kind(kind) == "commitment" else VERDICTS


def default_rating(kind: str) -> str:
    return scale_for(kind)[0]


def normal_rating(rating: str) -> str:
    """A rating as typed ("Mostly true", "MOSTLY_TRUE") in the scales' spelling (mostly-true)."""
    return "-".join(rating.strip().lower().replace("_", " ").replace("-", " ").split())


def check_rating(kind: str, rating: str) -> str:
    """The rating in the scale's spelling; an error if it is not on the claim's scale."""
    scale = scale_for(kind)
    normal = normal_rating(rating)
    if normal not in scale:
        raise InvalidInput(
            f"'{rating}' is not a rating for a {kind} claim (use one of: {', '.join(scale)})"
        )
    return normal
