"""One attempt at a page: conditional GET, redirects checked hop by hop, a capped body."""

from __future__ import annotations

import asyncio
import email.utils
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx

from .client import PinnedResolver, failure, open_client
from .decode import Body as Decoding
from .failures import page_failure
from .ssrf import FetchFailed, Target, check_target, split_origin
from .store import Body, Outcome

if TYPE_CHECKING:
    from .fetcher import Options

MAX_REDIRECTS = 10
KEPT_HEADERS = {
    "content-type",
    "content-length",
    "content-encoding",
    "content-language",
    "etag",
    "last-modified",
    "retry-after",
    "date",
    "cache-control",
    "server",
}
RETRY_STATUSES = {408, 429, 500, 502, 503, 504}


@dataclass
class Attempt:
    """The network side of one attempt, turned into a store.Outcome when it is final."""

    status: int | None = None
    final_url: str | None = None
    redirects: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    not_modified: bool = False
    error_kind: str | None = None
    error: str | None = None

    def outcome(self, started: str, elapsed_ms: int) -> Outcome:
        common: dict[str, Any] = {
            "started_at": started,
            "elapsed_ms": elapsed_ms,
            "http_status": self.status,
            "final_url": self.final_url,
            "redirects": self.redirects,
            "headers": self.headers,
        }
        if self.error_kind:
            return Outcome("failed", error=self.error, error_kind=self.error_kind, **common)
        if self.not_modified:
            return Outcome("unchanged", **common)
        body = Body(self.body or b"", self.headers.get("content-type"))
        return Outcome("fetched", body=body, **common)


def kept_headers(headers: httpx.Headers) -> dict[str, str]:
    """The headers worth storing (KEPT_HEADERS), repeated ones joined, in one pass."""
    kept: dict[str, str] = {}
    for name, value in headers.multi_items():  # names in lower case
        if name in KEPT_HEADERS:
            kept[name] = f"{kept[name]}, {value}" if name in kept else value
    return kept


def status_kind(status: int) -> str | None:
    if 200 <= status < 300:
        return None
    if status in (404, 410, 429):
        return f"http-{status}"
    return "http-5xx" if status >= 500 else "http-4xx"


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def retry_delay(attempt: Attempt, number: int, options: Options) -> float | None:
    """Seconds to wait before retrying, or None when the attempt is final."""
    retryable = attempt.status in RETRY_STATUSES or attempt.error_kind == "connect"
    if not retryable or number >= options.retries:
        return None
    backoff = options.backoff * (1 << number)
    asked = retry_after(attempt.headers.get("retry-after"))
    if asked is None:
        return backoff
    return None if asked > options.max_retry_after else max(asked, backoff)


def has_body(page: dict[str, Any]) -> bool:
    """Whether the page's last body is stored (`stored` from store.select_pages; a page
    given without it is taken at its raw hash)."""
    return bool(page.get("raw_hash")) and bool(page.get("stored", True))


class Session:
    """The run's httpx client, its pinned resolver and the hosts the guard has checked."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.resolver = PinnedResolver()
        self.targets: dict[tuple[str, str, int], Target | FetchFailed] = {}

    async def __aenter__(self) -> Session:
        o = self.options
        self.client = open_client(
            self.resolver,
            concurrency=o.concurrency,
            per_host=o.per_host,
            timeouts=o.timeouts,
            idle=o.idle,
        )
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.client.aclose()

    def host_key(self, url: str) -> str:
        try:
            return split_origin(url)[1]
        except FetchFailed:
            return ""

    async def check(self, url: str) -> Target:
        """Check a hop's URL (once per origin per run); the address to connect to."""
        origin = split_origin(url)
        found = self.targets.get(origin)
        if found is None:
            try:
                found = await check_target(
                    url, allow_private=self.options.allow_private, resolver=self.options.resolver
                )
            except FetchFailed as exc:
                found = exc
            self.targets[origin] = found
        if isinstance(found, FetchFailed):
            raise found
        return found

    async def attempt(self, page: dict[str, Any]) -> Attempt:
        result = Attempt()
        try:
            async with asyncio.timeout(self.options.timeouts.total):
                try:
                    await self._follow(page, result)
                except (httpx.HTTPError, httpx.InvalidURL) as exc:
                    raise failure(exc) from exc
        except TimeoutError:
            result.error_kind = "timeout"
            result.error = f"No complete response within {self.options.timeouts.total:g} s"
        except FetchFailed as exc:
            result.error_kind, result.error = exc.kind, str(exc)
        except Exception as exc:  # e.g. a redirect to an invalid IDNA host: the page's own
            failed = page_failure(exc, "fetch")  # (a bug of claimtrack's is raised again)
            result.error_kind, result.error = failed.kind, str(failed)
        if result.error_kind:
            result.body = None
        return result

    def _conditional(self, page: dict[str, Any]) -> list[tuple[bytes, bytes]] | None:
        """If-None-Match / If-Modified-Since, only for a page whose body is stored."""
        if not has_body(page):
            return None
        headers = []  # as bytes: httpx refuses a str header that is not ASCII
        for name, key in ((b"If-None-Match", "etag"), (b"If-Modified-Since", "last_modified")):
            if page.get(key):
                headers.append((name, page[key].encode("utf-8", "surrogateescape")))
        return headers or None

    async def _follow(self, page: dict[str, Any], result: Attempt) -> None:
        """Send the page's request, then each redirect httpx prepares (`next_request`),
        checking every hop with the guard and pinning its host to the checked address."""
        url = page["url"]
        target = await self.check(url)  # before httpx parses it: a refusal keeps its kind
        client = self.client
        request = client.get_request(url, self._conditional(page))
        seen = {url}
        for _ in range(MAX_REDIRECTS + 1):
            self.resolver.pin(request.url.raw_host.decode("ascii"), target.address)
            response = await client.send(request, stream=True)
            try:
                result.status, result.final_url = response.status_code, url
                result.headers = kept_headers(response.headers)
                if response.next_request is None:
                    await self._finish(response, page, result)
                    return
            finally:
                await response.aclose()
            request = response.next_request
            url = str(request.url)
            result.redirects.append(url)
            if url in seen:
                raise FetchFailed("redirect-loop", f"Redirect loop back to {url}")
            seen.add(url)
            target = await self.check(url)
        raise FetchFailed("too-many-redirects", f"More than {MAX_REDIRECTS} redirects")

    async def _finish(
        self, response: httpx.Response, page: dict[str, Any], result: Attempt
    ) -> None:
        if response.status_code == 304 and has_body(page):
            result.not_modified = True
            return
        kind = status_kind(response.status_code)
        if kind is not None:
            result.error_kind = kind
            result.error = f"HTTP {response.status_code} {response.reason_phrase}".strip()
            return
        result.body = await read_capped(response, self.options.max_bytes)


async def read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    """The decoded body, or FetchFailed('too-large') as soon as it passes `max_bytes`.

    The raw bytes are read (`aiter_raw`: httpx decodes nothing) and decoded by `decode.py`,
    so the cap holds for the decoded size too: a gzip/br/zstd bomb stops at the cap.
    """
    declared = response.headers.get("content-length", "")
    body = Decoding(response.headers.get("content-encoding"), max_bytes)
    if declared.isdigit() and int(declared) > max_bytes and not body.stages:
        raise FetchFailed(
            "too-large", f"Body of {int(declared):,} bytes is over the {max_bytes:,}-byte limit"
        )
    async for chunk in response.aiter_raw():
        body.feed(chunk)
    return body.finish()
