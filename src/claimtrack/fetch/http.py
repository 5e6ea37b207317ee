"""One attempt at a page: conditional GET, redirects checked hop by hop, a capped body."""

from __future__ import annotations

import asyncio
import email.utils
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any

import aiohttp
from yarl import URL

from .client import PinnedResolver, failure, open_session, read_timeout
from .decode import Body as Decoding
from .ssrf import FetchFailed, Target, check_target, split_origin
from .store import Body, Outcome

if TYPE_CHECKING:
    from .fetcher import Options

MAX_REDIRECTS = 10
KEPT_HEADERS = (
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
)
RETRY_STATUSES = {408, 429, 500, 502, 503, 504}
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024


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


class Session:
    """The run's connection pool, its pinned resolver and the hosts the guard has checked."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.resolver = PinnedResolver()
        self.targets: dict[tuple[str, str, int], Target | FetchFailed] = {}
        self.timeout = read_timeout(options.timeouts)

    async def __aenter__(self) -> Session:
        o = self.options
        self.client = open_session(self.resolver, concurrency=o.concurrency, per_host=o.per_host)
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.client.close()

    def host_key(self, url: str) -> str:
        try:
            return split_origin(url)[1]
        except FetchFailed:
            return ""

    async def check(self, url: str) -> None:
        """Check a hop's URL (once per origin per run) and pin its host to that address."""
        origin = split_origin(url)
        if origin not in self.targets:
            try:
                target: Target | FetchFailed = await check_target(
                    url, allow_private=self.options.allow_private, resolver=self.options.resolver
                )
            except FetchFailed as exc:
                target = exc
            self.targets[origin] = target
        found = self.targets[origin]
        if isinstance(found, FetchFailed):
            raise found
        self.resolver.pin(found.host, found.address)

    async def attempt(self, page: dict[str, Any]) -> Attempt:
        result = Attempt()
        try:
            async with asyncio.timeout(self.options.timeouts.total):
                try:
                    await self._follow(page, result)
                except (aiohttp.ClientError, OSError, ValueError) as exc:
                    raise failure(exc) from exc
        except TimeoutError:
            result.error_kind = "timeout"
            result.error = f"No complete response within {self.options.timeouts.total:g} s"
        except FetchFailed as exc:
            result.error_kind, result.error = exc.kind, str(exc)
        if result.error_kind:
            result.body = None
        return result

    def _conditional(self, page: dict[str, Any]) -> dict[str, str] | None:
        if not page.get("raw_hash"):
            return None
        headers = {}
        if page.get("etag"):
            headers["If-None-Match"] = page["etag"]
        if page.get("last_modified"):
            headers["If-Modified-Since"] = page["last_modified"]
        return headers or None

    async def _follow(self, page: dict[str, Any], result: Attempt) -> None:
        url, seen = page["url"], {page["url"]}
        headers = self._conditional(page)
        for _ in range(MAX_REDIRECTS + 1):
            await self.check(url)
            async with self.client.get(
                url, headers=headers, allow_redirects=False, timeout=self.timeout
            ) as response:
                result.status, result.final_url = response.status, url
                got = response.headers
                result.headers = {k: ", ".join(got.getall(k)) for k in KEPT_HEADERS if k in got}
                location = got.get("location")
                if not (response.status in REDIRECTS and location):
                    await self._finish(response, page, result)
                    return
            url = str(URL(url).join(URL(location.strip())))
            result.redirects.append(url)
            if url in seen:
                raise FetchFailed("redirect-loop", f"Redirect loop back to {url}")
            seen.add(url)
        raise FetchFailed("too-many-redirects", f"More than {MAX_REDIRECTS} redirects")

    async def _finish(
        self, response: aiohttp.ClientResponse, page: dict[str, Any], result: Attempt
    ) -> None:
        if response.status == 304 and page.get("raw_hash"):
            result.not_modified = True
            return
        kind = status_kind(response.status)
        if kind is not None:
            result.error_kind = kind
            result.error = f"HTTP {response.status} {response.reason or ''}".strip()
            return
        result.body = await read_capped(response, self.options.max_bytes)


async def read_capped(response: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    """The decoded body, or FetchFailed('too-large') as soon as it passes `max_bytes`.

    The cap holds for the decoded size too: a gzip/br/zstd bomb stops at the cap.
    """
    declared = response.headers.get("content-length", "")
    body = Decoding(response.headers.get("content-encoding"), max_bytes)
    if declared.isdigit() and not body.stages:
        if int(declared) > max_bytes:
            raise FetchFailed(
                "too-large",
                f"Body of {int(declared):,} bytes is over the {max_bytes:,}-byte limit",
            )
        return await response.read()  # the parser stops at the declared length
    async for chunk in response.content.iter_chunked(CHUNK):
        body.feed(chunk)
    return body.finish()
