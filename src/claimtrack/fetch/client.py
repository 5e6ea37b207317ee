"""The HTTP client of a fetch run: httpx's API over an aiohttp connection pool.

Measured here (bench/bench_fetch.py, 2,000 URLs at 50 ms): httpx 0.28's own async pool
spends ~2 ms of CPU a request and collapses as concurrency grows (encode/httpx#3215), while
aiohttp's pool keeps up with curl. So requests are built and decoded by httpx (headers,
gzip/br/zstd, URL joining) and sent by aiohttp, through one pool for the whole run whose
resolver only knows the addresses the SSRF guard has checked: a connection can only go to a
checked address, and TLS still verifies the host name (SNI = host name).
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import httpx
from aiohttp.abc import AbstractResolver, ResolveResult

from .. import PROJECT_URL, __version__
from .ssrf import FetchFailed

USER_AGENT = f"claimtrack/{__version__} (+{PROJECT_URL})"
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Timeouts:
    """Seconds: to connect, between two reads, and for a whole attempt."""

    connect: float = 10.0
    read: float = 20.0
    total: float = 30.0


class PinnedResolver(AbstractResolver):
    """Resolves only the hosts the guard has checked, to the address that was checked."""

    def __init__(self) -> None:
        self.addresses: dict[str, str] = {}

    def pin(self, host: str, address: str) -> None:
        self.addresses[host] = address

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        address = self.addresses.get(host.lower().strip("[]"))
        if address is None:
            raise OSError(f"{host} was not checked by the SSRF guard")
        fam = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [
            ResolveResult(
                hostname=host,
                host=address,
                port=port,
                family=fam,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
        ]

    async def close(self) -> None:
        return None


def _failure(exc: BaseException) -> FetchFailed:
    """An aiohttp or OS error as a FetchFailed with the kind stored on the page."""
    if isinstance(exc, aiohttp.ClientSSLError | ssl.SSLError):
        return FetchFailed("tls", f"TLS error: {exc}")
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return FetchFailed("timeout", "Timed out connecting")
    if isinstance(exc, aiohttp.ServerTimeoutError | TimeoutError):
        return FetchFailed("timeout", "Timed out waiting for the server")
    if isinstance(exc, aiohttp.ClientPayloadError):
        return FetchFailed("decode", f"Broken response body: {exc}")
    if isinstance(exc, aiohttp.ClientResponseError):
        return FetchFailed("connect", f"Invalid response: {exc.message}")
    return FetchFailed("connect", f"Connection failed: {exc}")


class _Body(httpx.AsyncByteStream):
    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self.response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self.response.content.iter_chunked(CHUNK):
                yield chunk
        except (aiohttp.ClientError, OSError) as exc:
            raise _failure(exc) from exc

    async def aclose(self) -> None:
        self.response.release()


class AiohttpTransport(httpx.AsyncBaseTransport):
    """An httpx transport sending through one aiohttp session (no redirects, no decoding)."""

    def __init__(self, session: aiohttp.ClientSession, timeouts: Timeouts) -> None:
        self.session = session
        self.timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=timeouts.connect, sock_read=timeouts.read
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await self.session.request(
                request.method,
                str(request.url),
                headers=list(request.headers.multi_items()),
                allow_redirects=False,
                auto_decompress=False,
                timeout=self.timeout,
            )
        except (aiohttp.ClientError, OSError) as exc:
            raise _failure(exc) from exc
        return httpx.Response(
            status_code=response.status,
            headers=list(response.raw_headers),
            stream=_Body(response),
            request=request,
            extensions={"http_version": b"HTTP/1.1"},
        )

    async def aclose(self) -> None:
        await self.session.close()


def open_client(
    resolver: PinnedResolver, *, concurrency: int, per_host: int, timeouts: Timeouts
) -> httpx.AsyncClient:
    """The one client of a run (call inside the running event loop)."""
    connector = aiohttp.TCPConnector(
        limit=concurrency,
        limit_per_host=per_host,
        resolver=resolver,
        use_dns_cache=False,
        ssl=ssl.create_default_context(),
    )
    session = aiohttp.ClientSession(
        connector=connector,
        cookie_jar=aiohttp.DummyCookieJar(),
        trust_env=False,
        auto_decompress=False,
    )
    headers: dict[str, Any] = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    return httpx.AsyncClient(
        transport=AiohttpTransport(session, timeouts),
        headers=headers,
        follow_redirects=False,
        trust_env=False,
        timeout=None,
    )
