"""The HTTP client of a fetch run: an httpx.AsyncClient over claimtrack's own transport.

httpx is the request API (`httpx.Request`s, `httpx.Response`s, httpx errors, redirects
prepared by the client as `response.next_request`); the connections are `transport.py`'s
own HTTP/1.1 pool: httpx 0.28's async pool spends ~2 ms of CPU a request (encode/httpx#3215).
One client per run, created once. The pool only connects to the addresses the SSRF guard
has checked (`PinnedResolver`): a connection can only go to a checked address, and TLS still
verifies the host name (SNI = host name).

The client sends the way the fetcher uses it and no other: streamed, no auth, no cookies,
no automatic redirects; `Client.send` skips the httpx layers that would do nothing here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from .. import PROJECT_URL, __version__
from .decode import accept_encoding
from .ssrf import FetchFailed
from .transport import Pool, TLSError, Transport

USER_AGENT = f"claimtrack/{__version__} (+{PROJECT_URL})"


@dataclass(frozen=True)
class Timeouts:
    """Seconds: to connect, between two reads, and for a whole attempt."""

    connect: float = 10.0
    read: float = 20.0
    total: float = 30.0


class PinnedResolver:
    """Resolves only the hosts the guard has checked, to the address that was checked."""

    def __init__(self) -> None:
        self.addresses: dict[str, str] = {}

    def pin(self, host: str, address: str) -> None:
        self.addresses[host] = address

    def resolve(self, host: str) -> str:
        address = self.addresses.get(host.lower().strip("[]"))
        if address is None:
            raise OSError(f"{host} was not checked by the SSRF guard")
        return address


class NoCookies(httpx.Cookies):
    """An empty cookie store that stays empty: a Set-Cookie is neither kept nor parsed."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class Client(httpx.AsyncClient):
    """An httpx.AsyncClient that keeps no cookies (none set by one page goes to another)
    and sends by the shortest path: `get_request` builds a GET with the client's headers,
    `send` hands it to the transport and prepares the redirect (`next_request`).

    (httpx has no switch for cookies, and its cookie jar costs ~40 µs a response even
    empty; its auth, hooks, redirect and timing layers cost ~60 µs a request unused.)
    """

    def __init__(self, *, transport: httpx.AsyncBaseTransport, **options: Any) -> None:
        super().__init__(transport=transport, **options)
        self.no_cookies = NoCookies()
        self.sender = transport
        self.fixed = self.headers.raw  # as built: Connection, User-Agent, Accept, Accept-Encoding

    @property
    def cookies(self) -> httpx.Cookies:
        return self.no_cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        raise TypeError("This client keeps no cookies")

    def get_request(
        self, url: str | httpx.URL, headers: list[tuple[bytes, bytes]] | None = None
    ) -> httpx.Request:
        """What `build_request("GET", url, headers=headers)` builds, for less: the
        same headers in the same order (Host, the client's, then `headers`)."""
        url = parse_url(url) if isinstance(url, str) else url
        fixed = self.fixed if headers is None else self.fixed + headers
        return httpx.Request("GET", url, headers=[(b"Host", url.netloc), *fixed], stream=EMPTY)

    async def send(
        self,
        request: httpx.Request,
        *,
        stream: bool = False,
        auth: Any = httpx.USE_CLIENT_DEFAULT,
        follow_redirects: Any = httpx.USE_CLIENT_DEFAULT,
    ) -> httpx.Response:
        if not stream or auth is not httpx.USE_CLIENT_DEFAULT or follow_redirects is True:
            return await super().send(
                request, stream=stream, auth=auth, follow_redirects=follow_redirects
            )
        if self.is_closed:
            raise RuntimeError("Cannot send a request, as the client has been closed.")
        response = await self.sender.handle_async_request(request)
        if response.has_redirect_location:  # as httpx does, with its own rules
            try:
                response.next_request = self._build_redirect_request(request, response)
            except BaseException:  # e.g. a Location that is no URL: the connection goes back
                await response.aclose()
                raise
        return response


# A URL httpx would leave as it is: lower-case http(s), a lower-case ASCII host name or
# dotted IPv4 address, a port, then a path, query and fragment of characters httpx does not
# escape (valid %XX escapes included) and no dot segment. Anything else is parsed by httpx.
_CHARS = r"[A-Za-z0-9\-._~!$&'()*+,;=:@/%"
_SIMPLE_URL = re.compile(
    r"(https?)://([a-z0-9](?:[a-z0-9.\-]{0,251}[a-z0-9])?)(?::([0-9]{1,5}))?"
    rf"({_CHARS}]*)(?:\?({_CHARS}?]*))?(?:#({_CHARS}?]*))?"
)
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$)")
_IPV4_STYLE = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_url(url: str) -> httpx.URL:
    """`httpx.URL(url)`, built directly when httpx would change nothing in it (~2 µs
    instead of ~10 µs: httpx re-validates every character and each part)."""
    found = _SIMPLE_URL.fullmatch(url) if _FAST_URLS and len(url) <= 4096 else None
    if found is None:
        return httpx.URL(url)
    scheme, host, port, path, query, fragment = found.groups()
    if (
        (path and path[0] != "/")
        or ("%" in url and _BAD_ESCAPE.search(url))
        or ("." in path and _DOT_SEGMENT.search(path))
        or (host[-1].isdigit() and not _ipv4_or_name(host))
    ):
        return httpx.URL(url)  # httpx escapes, drops dot segments, or refuses the address
    number = None if port is None else int(port)
    parsed = _ParseResult(
        scheme,
        "",
        host,
        None if number == _DEFAULT_PORTS[scheme] else number,
        path,
        query,
        fragment,
    )
    built = httpx.URL.__new__(httpx.URL)
    built._uri_reference = parsed
    return built


@functools.lru_cache(maxsize=1024)
def _ipv4_or_name(host: str) -> bool:
    """Whether httpx takes the host as it is: a name, or a valid dotted IPv4 address."""
    if _IPV4_STYLE.fullmatch(host) is None:
        return True
    parts = host.split(".")
    return all(len(p) <= 3 and int(p) <= 255 and (p == "0" or p[0] != "0") for p in parts)


def _fast_urls_agree() -> bool:
    """Whether `parse_url`'s shortcut builds what this httpx builds (else it is not used)."""
    samples = [
        "http://example.com",
        "https://news.example.kz:8443/a/b-c_d.html?x=1&y=%D0%B9#top",
        "http://127.0.0.1:80/p/1",
        "https://www.example.org:443/?q=/a?b",
    ]
    try:
        return all(
            str(parse_url(u)) == str(httpx.URL(u))
            and parse_url(u).raw_path == httpx.URL(u).raw_path
            and parse_url(u).netloc == httpx.URL(u).netloc
            and parse_url(u).port == httpx.URL(u).port
            and parse_url(u) == httpx.URL(u)
            for u in samples
        )
    except Exception:  # noqa: BLE001 - any change in httpx's internals: no shortcut
        return False


try:
    from httpx._urlparse import ParseResult as _ParseResult

    _FAST_URLS = True  # for the check itself
    _FAST_URLS = _fast_urls_agree()
except ImportError:  # pragma: no cover - another httpx
    _FAST_URLS = False


class Empty(httpx.AsyncByteStream, httpx.SyncByteStream):
    """The body of a GET: nothing."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        return
        yield b""

    def __iter__(self) -> Iterator[bytes]:
        return iter(())


EMPTY = Empty()


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


IDLE_CONNECTIONS = 256  # kept open between requests, at most (or --concurrency, if more)


def open_client(
    resolver: PinnedResolver,
    *,
    concurrency: int,
    per_host: int,
    timeouts: Timeouts,
    idle: int = IDLE_CONNECTIONS,
) -> Client:
    """The one client of a run (call inside the running event loop): httpx's API over one
    pool. No cookies, no env proxies (a proxy would bypass the pinned resolver), no
    automatic redirects or decompression (both are done by hand, each hop checked)."""
    pool = Pool(  # the total is enforced around the whole attempt
        resolver.resolve,
        limit=concurrency,
        limit_per_host=per_host,
        connect_timeout=timeouts.connect,
        read_timeout=timeouts.read,
        # more hosts than slots: keep their connections between turns (a new one costs a
        # round trip, and a TLS handshake), within a bound on open sockets
        idle_limit=idle,
    )
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": accept_encoding()}
    return Client(
        transport=Transport(pool),
        headers=headers,
        follow_redirects=False,
        trust_env=False,
        timeout=None,
    )
