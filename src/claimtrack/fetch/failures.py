"""One page's failure, never the run's: which exceptions belong to a page, and how they read.

Everything a fetch does with one page — parsing its URL and each redirect's (IDNA host names
included), the request, decoding the body, its charset, extracting its main text — may meet
what a hostile or broken page sends. Any exception from that work is recorded on the page
(status failed, a kind and a one-line reason) and the run goes on (`page_failure`).

Not hidden: a database error (the run's, not the page's), memory running out, and a bug of
claimtrack's own — an exception of a kind page data does not cause (AttributeError,
TypeError, KeyError, …) raised in claimtrack's code rather than in a dependency reading the
page. Those still end the run, with their traceback.
"""

from __future__ import annotations

import re
import sqlite3
import zlib

import httpx

from .content import NotText
from .ssrf import FetchFailed
from .workers import JobFailed

# What page data makes Python and the libraries raise, wherever it is raised.
PAGE_ERRORS: tuple[type[Exception], ...] = (
    UnicodeError,  # idna.IDNAError is one
    ValueError,
    LookupError,
    OverflowError,
    RecursionError,
    OSError,
    EOFError,
    zlib.error,
    httpx.HTTPError,
    httpx.InvalidURL,
    JobFailed,  # an extraction that raised in a worker process
)
MAX_REASON = 300
_SPACE = re.compile(r"\s+")


def page_failure(exc: Exception, phase: str) -> FetchFailed:
    """`exc`, raised while fetching (`phase` "fetch") or reading (`phase` "extract") one
    page, as that page's failure; re-raises it when it is not the page's (see above)."""
    if isinstance(exc, FetchFailed):
        return exc
    if isinstance(exc, sqlite3.Error | MemoryError):
        raise exc
    if not isinstance(exc, PAGE_ERRORS) and _raised_by_claimtrack(exc):
        raise exc
    if isinstance(exc, NotText):
        return FetchFailed("charset", one_line(str(exc)))
    if phase == "fetch" and isinstance(exc, UnicodeError | ValueError):
        return FetchFailed("bad-url", one_line(f"Invalid URL or host name: {_name(exc)}"))
    kind = "extract" if phase == "extract" else "error"
    what = "reading the page" if phase == "extract" else "fetching the page"
    return FetchFailed(kind, one_line(f"Error {what}: {_name(exc)}"))


def one_line(text: str) -> str:
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 1] + "…"


def _name(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _raised_by_claimtrack(exc: BaseException) -> bool:
    """Whether the innermost frame of the exception's traceback is claimtrack's code."""
    tb = exc.__traceback__
    if tb is None:
        return True
    while tb.tb_next is not None:
        tb = tb.tb_next
    module = str(tb.tb_frame.f_globals.get("__name__", ""))
    return module == "claimtrack" or module.startswith("claimtrack.")
