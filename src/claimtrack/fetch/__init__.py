"""Fetching evidence pages: the SSRF guard, the async engine, extraction and storage.

`fetch_pages` is the entry point. Importing this package is cheap: httpx,
trafilatura and pypdf load only when a fetch or an extraction runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .fetcher import FetchSummary, PageResult, fetch_pages

__all__ = ["FetchSummary", "PageResult", "fetch_pages"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import fetcher

        return getattr(fetcher, name)
    raise AttributeError(name)
