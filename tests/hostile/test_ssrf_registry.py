"""The SSRF guard refuses every range of the IANA special-purpose address registries.

For each range of the table in `fetch/ssrf.py`: its first and last address, and for IPv4
ranges the same addresses inside IPv6 (mapped, NAT64, 6to4). Addresses just outside the
ranges are public and pass. On Python 3.11 `is_private`/`is_global` alone let through
fec0::/10, 3fff::/20, 5f00::/16, 64:ff9b:1::/48 and most of 192.0.0.0/24.
"""

from __future__ import annotations

import ipaddress

import pytest

from claimtrack.fetch.ssrf import SPECIAL_IPV4, SPECIAL_IPV6, blocked_reason

RANGES = [net for net, _ in SPECIAL_IPV4 + SPECIAL_IPV6]


def _ends(net: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    network = ipaddress.ip_network(net)
    return [network.network_address, network.broadcast_address]


@pytest.mark.parametrize("net", RANGES)
def test_first_and_last_address_of_every_range_are_refused(net: str) -> None:
    for address in _ends(net):
        assert blocked_reason(address), address


@pytest.mark.parametrize("net", [net for net, _ in SPECIAL_IPV4])
def test_ipv4_ranges_are_refused_inside_ipv6_too(net: str) -> None:
    for v4 in _ends(net):
        for spelled in (
            f"::ffff:{v4}",
            f"64:ff9b::{v4}",
            f"2002:{int(v4) >> 16:x}:{int(v4) & 0xFFFF:x}::",
        ):
            assert blocked_reason(ipaddress.ip_address(spelled)), spelled


@pytest.mark.parametrize(
    "address",
    [
        "192.0.0.9",
        "192.0.0.170",
        "198.18.0.1",
        "fec0::1",
        "3fff::1",
        "5f00::1",
        "64:ff9b:1::1",
        "2001:db8::1",
        "100::1",
        "192.88.99.1",
        "2001:2::1",
    ],
)
def test_ranges_python_misses_on_some_versions_are_refused(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address))


JUST_OUTSIDE = [
    "1.0.0.0",
    "9.255.255.255",
    "11.0.0.0",
    "100.63.255.255",
    "100.128.0.0",
    "126.255.255.255",
    "128.0.0.0",
    "169.253.255.255",
    "169.255.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "192.0.1.0",
    "192.0.3.0",
    "192.31.195.255",
    "192.31.197.0",
    "192.52.192.255",
    "192.52.194.0",
    "192.88.98.255",
    "192.88.100.0",
    "192.167.255.255",
    "192.169.0.0",
    "192.175.47.255",
    "192.175.49.0",
    "198.17.255.255",
    "198.20.0.0",
    "198.51.99.255",
    "198.51.101.0",
    "203.0.112.255",
    "203.0.114.0",
    "223.255.255.255",
    "2001:200::",
    "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff",
    "2001:db9::",
    "3fff:1000::",
    "2620:4f:7fff:ffff:ffff:ffff:ffff:ffff",
    "2620:4f:8001::",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::",
]


@pytest.mark.parametrize("address", JUST_OUTSIDE)
def test_addresses_just_outside_are_public(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is None


def test_the_reason_names_the_registry_entry() -> None:
    assert blocked_reason(ipaddress.ip_address("198.18.5.5")) == "Benchmarking (198.18.0.0/15)"
    assert blocked_reason(ipaddress.ip_address("::1")) == "Loopback Address (::1/128)"
