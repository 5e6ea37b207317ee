"""The request path: httpx builds and sends every request, through claimtrack's transport."""

from __future__ import annotations

import ssl
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from claimtrack.fetch import fetch_pages
from claimtrack.fetch.client import USER_AGENT, Client, failure
from claimtrack.fetch.transport import Transport, translated

from .conftest import page_row

FAST = {"allow_private": True, "backoff": 0.01, "timeout": 5}
PAGE = "<html><head><title>T</title></head><body><p>text</p></body></html>"


def test_every_hop_is_an_httpx_request_sent_by_one_client(
    httpserver: HTTPServer,
    db,
    link,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    sent: list[tuple[int, httpx.Request]] = []
    carried: list[str] = []
    send, handle = Client.send, Transport.handle_async_request

    async def spy_send(self: Client, request: httpx.Request, **kw: Any) -> Any:
        sent.append((id(self), request))
        response = await send(self, request, **kw)
        assert isinstance(response, httpx.Response) and response.request is request
        return response

    async def spy_handle(self: Transport, request: httpx.Request) -> httpx.Response:
        carried.append(str(request.url))
        return await handle(self, request)

    monkeypatch.setattr(Client, "send", spy_send)
    monkeypatch.setattr(Transport, "handle_async_request", spy_handle)
    seen: list[Request] = []

    def page(request: Request) -> Response:
        seen.append(request)
        return Response(PAGE, content_type="text/html")

    httpserver.expect_request("/a").respond_with_data("", 302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_handler(page)
    httpserver.expect_request("/c").respond_with_handler(page)
    link(httpserver.url_for("/a"), httpserver.url_for("/c"))
    assert fetch_pages(db, **FAST).fetched == 2
    urls = sorted(str(request.url) for _, request in sent)
    assert urls == [httpserver.url_for(p) for p in ("/a", "/b", "/c")] == sorted(carried)
    assert len({client for client, _ in sent}) == 1  # one client for the run
    assert all(isinstance(r, httpx.Request) for _, r in sent)
    assert all(r.headers["user-agent"] == USER_AGENT for _, r in sent)
    assert [r.headers["User-Agent"] for r in seen] == [USER_AGENT] * 2
    assert "python-httpx" not in str(seen[0].headers) and "aiohttp" not in str(seen[0].headers)


def test_no_cookie_is_kept_from_one_response_to_the_next(httpserver: HTTPServer, db, link) -> None:  # type: ignore[no-untyped-def]
    cookies: list[str | None] = []

    def page(request: Request) -> Response:
        cookies.append(request.headers.get("Cookie"))
        return Response(PAGE, content_type="text/html")

    httpserver.expect_request("/a").respond_with_data(
        "", 302, headers={"Location": "/b", "Set-Cookie": "session=secret; Path=/"}
    )
    httpserver.expect_request("/b").respond_with_handler(page)
    link(httpserver.url_for("/a"))
    assert fetch_pages(db, **FAST).fetched == 1
    assert cookies == [None]


def test_proxy_variables_are_ignored(
    httpserver: HTTPServer,
    db,
    link,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """A proxy would connect for us, past the pinned resolver: the environment's are unused."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    httpserver.expect_request("/").respond_with_data(PAGE, content_type="text/html")
    link(httpserver.url_for("/"))
    assert fetch_pages(db, **FAST).fetched == 1


@pytest.mark.parametrize("location", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x/y"])
def test_a_redirect_off_http_is_refused(httpserver: HTTPServer, db, link, location: str) -> None:  # type: ignore[no-untyped-def]
    httpserver.expect_request("/r").respond_with_data("", 302, headers={"Location": location})
    (pid,) = link(httpserver.url_for("/r"))
    assert fetch_pages(db, **FAST).failed == {"bad-scheme": 1}
    assert page_row(db, pid)["error_kind"] == "bad-scheme"


def test_an_idn_host_connects_to_its_checked_address(httpserver: HTTPServer, db, link) -> None:  # type: ignore[no-untyped-def]
    """The guard checks the name as written; the host httpx sends (IDNA) is pinned to it."""
    checked: list[str] = []

    async def resolver(host: str, port: int) -> list[str]:
        checked.append(host)
        return ["127.0.0.1"]

    hosts: list[str | None] = []

    def page(request: Request) -> Response:
        hosts.append(request.headers.get("Host"))
        return Response(PAGE, content_type="text/html")

    httpserver.expect_request("/").respond_with_handler(page)
    link(f"http://пример.test:{httpserver.port}/")
    summary = fetch_pages(db, allow_private=["127.0.0.1"], resolver=resolver, timeout=5)
    assert summary.fetched == 1 and checked == ["пример.test"]
    assert hosts == [f"xn--e1afmkfd.test:{httpserver.port}"]


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (ssl.SSLError("bad handshake"), "tls"),
        (ssl.SSLCertVerificationError("self-signed"), "tls"),
        (TimeoutError(), "timeout"),
        (ConnectionRefusedError(111, "refused"), "connect"),
        (ConnectionResetError(), "connect"),
    ],
)
def test_os_errors_come_out_as_httpx_errors_then_kinds(error: Exception, kind: str) -> None:
    mapped = translated(error)
    assert isinstance(mapped, httpx.RequestError)
    assert failure(mapped).kind == kind


def test_an_invalid_url_from_httpx_is_a_bad_scheme() -> None:
    assert failure(httpx.InvalidURL("nope")).kind == "bad-scheme"
