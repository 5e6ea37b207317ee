"""The SSRF guard refuses private targets before any connection is made."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest
from pytest_httpserver import HTTPServer

from claimtrack.fetch import fetch_pages
from claimtrack.fetch.ssrf import FetchRefused, blocked_reason, check_target

from .conftest import page_row

BLOCKED = [
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "224.0.0.1",
    "0.0.0.0",
    "240.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "fe80::1",
    "fc00::1",
    "ff02::1",
    "2002:7f00:1::",
    "64:ff9b::a00:1",
    "192.0.2.1",
]


@pytest.mark.parametrize("address", BLOCKED)
def test_private_addresses_are_blocked(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is None


def resolving_to(*addresses: str):  # type: ignore[no-untyped-def]
    async def resolve(host: str, port: int) -> list[str]:
        return list(addresses)

    return resolve


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("ftp://example.org/x", "bad-scheme"),
        ("file:///etc/passwd", "bad-scheme"),
        ("http://10.0.0.1/", "blocked-private"),
        ("http://[::ffff:127.0.0.1]/", "blocked-private"),
        ("http://169.254.169.254/latest/meta-data/", "blocked-private"),
    ],
)
def test_check_target_refuses(url: str, kind: str) -> None:
    with pytest.raises(FetchRefused) as info:
        asyncio.run(check_target(url, resolver=resolving_to("93.184.216.34")))
    assert info.value.kind == kind


def test_a_name_with_any_private_address_is_refused() -> None:
    resolver = resolving_to("93.184.216.34", "10.0.0.7")
    with pytest.raises(FetchRefused, match="10.0.0.7"):
        asyncio.run(check_target("https://news.example/", resolver=resolver))


def test_checked_address_is_the_one_connected_to() -> None:
    target = asyncio.run(
        check_target("https://news.example:8443/a", resolver=resolving_to("93.184.216.34"))
    )
    assert (target.host, target.port, target.address) == ("news.example", 8443, "93.184.216.34")


def test_no_request_reaches_loopback_without_allow_private(
    httpserver: HTTPServer,
    db,
    link,  # type: ignore[no-untyped-def]
) -> None:
    httpserver.expect_request("/").respond_with_data("secret")
    port = httpserver.port
    urls = [
        f"http://127.0.0.1:{port}/",
        f"http://localhost:{port}/",
        f"http://[::1]:{port}/",
        f"http://[::ffff:127.0.0.1]:{port}/",
        f"http://rebind.example:{port}/",
        "http://10.0.0.1/",
        "http://172.16.1.1/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data/",
    ]
    ids = link(*urls)
    summary = fetch_pages(db, resolver=resolving_to("127.0.0.1"), timeout=2)
    assert summary.failed == {"blocked-private": len(urls)}
    assert httpserver.log == []
    assert {page_row(db, i)["error_kind"] for i in ids} == {"blocked-private"}


def test_redirects_to_private_addresses_are_refused(
    httpserver: HTTPServer,
    db,
    link,  # type: ignore[no-untyped-def]
) -> None:
    port = httpserver.port
    targets = [
        "http://10.0.0.1/x",
        "http://169.254.169.254/",
        f"http://[::1]:{port}/",
        f"http://[::ffff:7f00:1]:{port}/",
        "http://192.168.1.1/",
    ]
    for n, target in enumerate(targets):
        httpserver.expect_request(f"/r{n}").respond_with_data(
            "", status=302, headers={"Location": target}
        )
    ids = link(*(httpserver.url_for(f"/r{n}") for n in range(len(targets))))
    summary = fetch_pages(db, allow_private=["127.0.0.1"], timeout=2)
    assert summary.failed == {"blocked-private": len(targets)}
    assert sorted(e.path for e, _ in httpserver.log) == sorted(f"/r{n}" for n in range(5))
    row = page_row(db, ids[0])
    assert row["status"] == "failed" and "10.0.0.1" in row["error"]
