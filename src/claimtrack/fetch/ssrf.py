"""The SSRF guard: which URLs and addresses a fetch may reach.

Every hop of a fetch (the URL and each redirect) goes through `check_target`: the scheme must
be http(s), the host is resolved once, and every address it resolves to must be public. The
connection is then made to the checked address (see `client.PinnedResolver`), so a second DNS
answer cannot rebind the host to a private address.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# (host, port) -> the addresses the host resolves to, as strings.
Resolver = Callable[[str, int], Awaitable[list[str]]]

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchFailed(Exception):
    """A fetch that failed; `kind` is the error kind stored on the page (dns, tls, …)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class FetchRefused(FetchFailed):
    """A URL the guard will not fetch (bad-scheme, blocked-private)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # lower-case host name or address literal, without brackets
    port: int
    address: str  # the checked address to connect to


def blocked_reason(address: IPAddress) -> str | None:
    """Why `address` must not be fetched (None when it is a public address)."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:
            return blocked_reason(mapped) or None
        if address in _NAT64:
            return blocked_reason(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    checks = [
        ("loopback", address.is_loopback),
        ("unspecified", address.is_unspecified),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("carrier-grade NAT", address in _CGNAT),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("not globally routable", not address.is_global),
    ]
    return next((name for name, hit in checks if hit), None)


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with getaddrinfo in the event loop's thread pool."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def split_origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL, or FetchRefused('bad-scheme')."""
    start = url.find("//")
    end = _AFTER_AUTHORITY.search(url, start + 2) if start >= 0 else None
    try:
        return _origin(url[: end.start()] if end else url)  # the path cannot change the origin
    except FetchRefused:
        return _parse_origin(url)  # raises again, naming the whole URL


_AFTER_AUTHORITY = re.compile(r"[/?#]")


def _parse_origin(url: str) -> tuple[str, str, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchRefused("bad-scheme", f"Invalid URL {url!r}: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused("bad-scheme", f"Refused {url!r}: only http(s) URLs are fetched")
    return scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80)


_origin = functools.lru_cache(maxsize=4096)(_parse_origin)


async def check_target(
    url: str, *, allow_private: bool | Collection[str] = False, resolver: Resolver = system_resolver
) -> Target:
    """Resolve the URL's host and check every address; returns the address to connect to.

    `allow_private` lifts the guard: True for every address, or a collection of the exact
    addresses allowed (say, one intranet server).
    """
    scheme, host, port = split_origin(url)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            addresses = await resolver(host, port)
        except (OSError, UnicodeError) as exc:
            raise FetchRefused("dns", f"Cannot resolve {host}: {exc}") from None
        if not addresses:
            raise FetchRefused("dns", f"Cannot resolve {host}: no address")
    if allow_private is not True:
        allowed = set(allow_private or ())
        for address in addresses:
            reason = (
                None
                if address in allowed
                else blocked_reason(ipaddress.ip_address(address.split("%", 1)[0]))
            )
            if reason:
                raise FetchRefused(
                    "blocked-private",
                    f"Refused {host}: it resolves to {address}, a {reason} address "
                    "(pass --allow-private to fetch it)",
                )
    return Target(scheme, host, port, addresses[0])
