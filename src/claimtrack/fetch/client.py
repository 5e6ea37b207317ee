"""The HTTP client of a fetch run: one aiohttp connection pool behind the SSRF guard.

Measured (bench/bench_fetch.py and bare scripts, 2,000 URLs at 50 ms on loopback): httpx 0.28's
own async pool spends ~2 ms of CPU a request and collapses as concurrency grows
(encode/httpx#3215); httpx's API over an aiohttp pool (the httpx-aiohttp transport) keeps up
with curl on the network but still builds an httpx Request, Headers and Response per hop,
~0.3 ms of CPU a URL — a third of the engine's whole budget at 128 in flight. So the engine
talks to aiohttp directly: requests, redirects (by hand), and body decoding with a cap on
the decoded size (`decode.py`). The pool's resolver only knows the addresses the SSRF guard
has checked: a connection can only go to a checked address, and TLS still verifies the host
name (SNI = host name).
"""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from .. import PROJECT_URL, __version__
from .decode import accept_encoding
from .ssrf import FetchFailed

USER_AGENT = f"claimtrack/{__version__} (+{PROJECT_URL})"


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


def failure(exc: BaseException) -> FetchFailed:
    """An aiohttp or OS error as a FetchFailed with the kind stored on the page."""
    if isinstance(exc, aiohttp.ClientSSLError | ssl.SSLError):
        return FetchFailed("tls", f"TLS error: {exc}")
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return FetchFailed("timeout", "Timed out connecting")
    if isinstance(exc, aiohttp.ServerTimeoutError | TimeoutError):
        return FetchFailed("timeout", "Timed out waiting for the server")
    if isinstance(exc, aiohttp.ClientPayloadError):
        return FetchFailed("decode", f"Broken response body: {exc}")
    if isinstance(exc, aiohttp.InvalidURL):
        return FetchFailed("connect", f"Invalid URL: {exc}")
    if isinstance(exc, aiohttp.ClientResponseError):
        return FetchFailed("connect", f"Invalid response: {exc.message}")
    return FetchFailed("connect", f"Connection failed: {exc}")


def request_headers() -> dict[str, str]:
    return {"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": accept_encoding()}


def read_timeout(timeouts: Timeouts) -> aiohttp.ClientTimeout:
    """Connect and between-reads timeouts; the total is enforced around the whole attempt."""
    return aiohttp.ClientTimeout(total=None, sock_connect=timeouts.connect, sock_read=timeouts.read)


def open_session(
    resolver: PinnedResolver, *, concurrency: int, per_host: int
) -> aiohttp.ClientSession:
    """The one pool of a run (call inside the running event loop): no cookies, no env proxies,
    no automatic redirects or decompression (both are done by hand)."""
    connector = aiohttp.TCPConnector(
        limit=concurrency,
        limit_per_host=per_host,
        resolver=resolver,
        use_dns_cache=False,
        ssl=True,  # aiohttp's verified default context (built once, at its import)
    )
    return aiohttp.ClientSession(
        connector=connector,
        cookie_jar=aiohttp.DummyCookieJar(),
        trust_env=False,
        auto_decompress=False,
        headers=request_headers(),
        skip_auto_headers=("Accept-Encoding",),
    )
