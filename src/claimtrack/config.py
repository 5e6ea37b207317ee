"""Where the database lives, and the settings stored in it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .errors import InvalidInput

DEFAULT_DB = "claims.db"
ENV_DB = "CLAIMTRACK_DB"
MAX_DAYS = 36_500  # a century: day counts beyond it overflow date arithmetic
MAX_NUMBER = 10**12
# settings for which 0 means nothing sensible (no fetch at all, dead at once, no wait)
POSITIVE = {
    "refresh.interval_days",
    "flags.dead_after",
    "flags.dead_after_transient",
    "fetch.concurrency",
    "fetch.per_host",
    "fetch.timeout",
    "fetch.max_bytes",
}

# key -> (default, type, help)
SETTINGS: dict[str, tuple[Any, type, str]] = {
    "refresh.interval_days": (1.0, float, "Days between two fetches of one evidence page"),
    "refresh.max_backoff_days": (30.0, float, "Longest wait before retrying a dead link"),
    "flags.due_soon_days": (30, int, "A deadline within this many days is due-soon"),
    "flags.stale_days": (90, int, "A claim not rated or reviewed for this many days is stale"),
    "flags.dead_after": (2, int, "Consecutive 404/410/DNS failures before evidence is dead"),
    "flags.dead_after_transient": (5, int, "Consecutive timeouts/5xx before evidence is dead"),
    "fetch.concurrency": (64, int, "Fetches in flight at once"),
    "fetch.per_host": (4, int, "Fetches in flight per host"),
    "fetch.timeout": (30.0, float, "Total seconds allowed for one fetch"),
    "fetch.max_bytes": (10_000_000, int, "Largest body stored, in bytes"),
    "fetch.allow_private": (False, bool, "Allow loopback/private addresses (unsafe)"),
    "publisher.name": ("", str, "Organisation named as ClaimReview author"),
    "publisher.url": ("", str, "Organisation URL for ClaimReview"),
    "publisher.logo": ("", str, "Organisation logo URL for ClaimReview (optional)"),
    "site.base_url": ("", str, "Address the published site is served from (claimtrack publish)"),
    "ui.lang": ("", str, "Language of reports and the site: kk, ru or en (default: the locale)"),
    "user.name": ("", str, "Author of changes when --by is not given (else $USER)"),
    "match.tolerance": (0.05, float, "Relative difference a matched figure may have (0.05 = 5 %)"),
}
URL_SETTINGS = ("publisher.url", "publisher.logo", "site.base_url")


def db_path(option: Path | None = None) -> Path:
    """Resolve the database path: --db, then $CLAIMTRACK_DB, then ./claims.db."""
    if option is not None:
        return option
    env = os.environ.get(ENV_DB)
    return Path(env) if env else Path(DEFAULT_DB)


def parse_setting(key: str, raw: str) -> Any:
    if key not in SETTINGS:
        raise InvalidInput(f"Unknown setting '{key}' (see: claimtrack config list)")
    _, kind, _ = SETTINGS[key]
    if kind is bool:
        low = raw.strip().lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off"):
            return False
        raise InvalidInput(f"Setting '{key}' takes true or false, not '{raw}'")
    try:
        value = kind(raw)
    except ValueError:
        wanted = {int: "a whole number", float: "a number"}.get(kind, "text")
        raise InvalidInput(f"Setting '{key}' takes {wanted}, not '{raw}'") from None
    if kind in (int, float):
        _check_number(key, value)
    if key == "match.tolerance" and value > 1:
        raise InvalidInput(f"Setting '{key}' is a share between 0 and 1 (0.05 = 5 %), not {value}")
    if key in URL_SETTINGS and value:
        _check_url(key, value)
    if key == "ui.lang" and value:
        from .i18n import check_lang

        value = check_lang(value)
    return value


def is_web_url(value: str) -> bool:
    """An absolute http(s) address with a host and no space or control character in it."""
    from urllib.parse import urlsplit

    if not value or any(ch.isspace() or ord(ch) < 32 or ch in '<>"' for ch in value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(host)


def _check_url(key: str, value: str) -> None:
    if not is_web_url(value.strip()):
        raise InvalidInput(
            f"Setting '{key}' takes a web address starting with https:// (or http://), "
            f"not '{value}'"
        )


def _check_number(key: str, value: float) -> None:
    limit = MAX_DAYS if key.endswith("_days") else MAX_NUMBER
    if value != value or value in (float("inf"), float("-inf")):
        raise InvalidInput(f"Setting '{key}' takes a finite number, not {value}")
    if value < 0:
        raise InvalidInput(f"Setting '{key}' cannot be negative")
    if value == 0 and key in POSITIVE:
        raise InvalidInput(f"Setting '{key}' must be more than 0")
    if value > limit:
        raise InvalidInput(f"Setting '{key}' is at most {limit:,} (got {value:,})")
