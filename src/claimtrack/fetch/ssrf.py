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

# The IANA IPv4 and IPv6 Special-Purpose Address Registries (iana.org/assignments/
# iana-ipv4-special-registry, iana-ipv6-special-registry; as of 2025), each range with the
# registry's name, plus the multicast blocks and the IPv6 ranges the address-space registry
# reserves. A fetch refuses all of them: even the few the registry marks globally reachable
# (anycast relays, AS112 sinks, AMT) serve no evidence. Python's `is_private`/`is_global`
# are kept as a second check only: on 3.11 they miss 192.0.0.0/24 beyond two entries,
# 64:ff9b:1::/48, 3fff::/20, 5f00::/16 and fec0::/10, among others. The IPv6 ranges that
# embed an IPv4 address (::ffff:0:0/96, 64:ff9b::/96, 2002::/16) are judged by that address.
SPECIAL_IPV4 = (
    ("0.0.0.0/8", "This network"),
    ("10.0.0.0/8", "Private-Use"),
    ("100.64.0.0/10", "Shared Address Space (carrier-grade NAT)"),
    ("127.0.0.0/8", "Loopback"),
    ("169.254.0.0/16", "Link Local"),
    ("172.16.0.0/12", "Private-Use"),
    ("192.0.0.0/24", "IETF Protocol Assignments"),
    ("192.0.2.0/24", "Documentation (TEST-NET-1)"),
    ("192.31.196.0/24", "AS112-v4"),
    ("192.52.193.0/24", "AMT"),
    ("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)"),
    ("192.168.0.0/16", "Private-Use"),
    ("192.175.48.0/24", "Direct Delegation AS112 Service"),
    ("198.18.0.0/15", "Benchmarking"),
    ("198.51.100.0/24", "Documentation (TEST-NET-2)"),
    ("203.0.113.0/24", "Documentation (TEST-NET-3)"),
    ("224.0.0.0/4", "Multicast"),
    ("240.0.0.0/4", "Reserved"),
    ("255.255.255.255/32", "Limited Broadcast"),
)
SPECIAL_IPV6 = (
    ("::/128", "Unspecified Address"),
    ("::1/128", "Loopback Address"),
    ("::/96", "IPv4-compatible (deprecated)"),
    ("::/8", "Reserved by IETF"),
    ("64:ff9b:1::/48", "IPv4-IPv6 Translat. (local use)"),
    ("100::/64", "Discard-Only Address Block"),
    ("100:0:0:1::/64", "Dummy IPv6 Prefix"),
    ("2001::/23", "IETF Protocol Assignments"),
    ("2001::/32", "TEREDO"),
    ("2001:2::/48", "Benchmarking"),
    ("2001:db8::/32", "Documentation"),
    ("2620:4f:8000::/48", "Direct Delegation AS112 Service"),
    ("3fff::/20", "Documentation"),
    ("5f00::/16", "Segment Routing (SRv6) SIDs"),
    ("fc00::/7", "Unique-Local"),
    ("fe80::/10", "Link-Local Unicast"),
    ("fec0::/10", "Site-Local (deprecated)"),
    ("ff00::/8", "Multicast"),
)
_SPECIAL = [
    (ipaddress.ip_network(net), net, name)
    for net, name in sorted(SPECIAL_IPV4 + SPECIAL_IPV6, key=lambda r: -int(r[0].split("/")[1]))
]  # the most specific range first: its name is the one given
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
    """Why `address` must not be fetched (None when it is a public address): the special
    range it is in, with the registry's name, e.g. "Benchmarking (198.18.0.0/15)"."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return blocked_reason(embedded)
    for network, text, name in _SPECIAL:
        if address.version == network.version and address in network:
            return f"{name} ({text})"
    if not address.is_global or address.is_private or address.is_reserved:
        return "not globally routable"
    return None


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
                    f"Refused {host}: it resolves to {address}, a special-purpose address:"
                    f" {reason} (pass --allow-private to fetch it)",
                )
    return Target(scheme, host, port, addresses[0])
