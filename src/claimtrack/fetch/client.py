"""The HTTP client of a fetch run: an httpx.AsyncClient over one aiohttp connection pool.

httpx is the request API (requests built by the client, `httpx.Response`s, httpx errors);
the connections are aiohttp's (`transport.py`): httpx 0.28's own async pool spends ~2 ms of
CPU a request and collapses as concurrency grows (encode/httpx#3215), aiohttp's keeps up
with curl. One client per run, created once. The pool's resolver only knows the addresses
the SSRF guard has checked: a connection can only go to a checked address, and TLS still
verifies the host name (SNI = host name).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Any

import aiohttp
import httpx
from aiohttp.abc import AbstractResolver, ResolveResult

from .. import PROJECT_URL, __version__
from .decode import accept_encoding
from .ssrf import FetchFailed
from .transport import AiohttpTransport, TLSError

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


class NoCookies(httpx.Cookies):
    """An empty cookie store that stays empty: a Set-Cookie is neither kept nor parsed."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class Client(httpx.AsyncClient):
    """An httpx.AsyncClient that keeps no cookies: none set by one page goes to another.

    (httpx has no switch for it, and its cookie jar costs ~40 µs a response even empty.)
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.no_cookies = NoCookies()

    @property
    def cookies(self) -> httpx.Cookies:
        return self.no_cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        raise TypeError("This client keeps no cookies")


def failure(exc: httpx.HTTPError | httpx.InvalidURL) -> FetchFailed:
    """An httpx error as a FetchFailed with the kind stored on the page."""
    if isinstance(exc, TLSError):
        return FetchFailed("tls", str(exc))
    if isinstance(exc, httpx.TimeoutException):
        return FetchFailed("timeout", str(exc))
    if isinstance(exc, httpx.DecodingError):
        return FetchFailed("decode", str(exc))
    if isinstance(exc, httpx.InvalidURL):  # e.g. a redirect to javascript:…
        return FetchFailed("bad-scheme", f"Invalid URL: {exc}")
    return FetchFailed("connect", str(exc))


def open_client(
    resolver: PinnedResolver, *, concurrency: int, per_host: int, timeouts: Timeouts
) -> httpx.AsyncClient:
    """The one client of a run (call inside the running event loop): httpx's API over one
    aiohttp pool. No cookies, no env proxies (a proxy would bypass the pinned resolver), no
    automatic redirects or decompression (both are done by hand, each hop checked)."""
    connector = aiohttp.TCPConnector(
        limit=concurrency,
        limit_per_host=per_host,
        resolver=resolver,
        use_dns_cache=False,
        ssl=True,  # aiohttp's verified default context (built once, at its import)
    )
    session = aiohttp.ClientSession(
        connector=connector,
        cookie_jar=aiohttp.DummyCookieJar(),
        trust_env=False,
        auto_decompress=False,
        skip_auto_headers=("User-Agent", "Accept-Encoding"),  # httpx sends ours
    )
    timeout = aiohttp.ClientTimeout(  # the total is enforced around the whole attempt
        total=None, sock_connect=timeouts.connect, sock_read=timeouts.read
    )
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": accept_encoding()}
    return Client(
        transport=AiohttpTransport(session, timeout),
        headers=headers,
        follow_redirects=False,
        trust_env=False,
        timeout=None,
    )
