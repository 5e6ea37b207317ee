"""The transport's HTTP/1.1 on the wire: framing, keep-alive, limits and errors.

Servers are raw sockets on 127.0.0.1 (servers.RawServer) that send exactly the bytes a test
gives, so each case is the response a real (or broken) server could send.
"""

from __future__ import annotations

import asyncio
import gzip
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.fetch import fetch_pages, transport
from claimtrack.fetch.client import PinnedResolver, Timeouts, open_client, parse_url
from claimtrack.fetch.transport import Pool, parse_head, serialize
from servers import RawServer

from .conftest import page_row

FAST = {"allow_private": True, "backoff": 0.01, "timeout": 5, "retries": 0}
PAGE = b"<html><head><title>T</title></head><body><p>text</p></body></html>"


def requests_of(conn: socket.socket, first: bytes = b"") -> Callable[[], bytes]:
    """A reader of whole request heads from `conn` (b"" once the client has gone)."""
    pending = bytearray(first)

    def next_request() -> bytes:
        while b"\r\n\r\n" not in pending:
            data = conn.recv(65536)
            if not data:
                return b""
            pending.extend(data)
        end = pending.index(b"\r\n\r\n") + 4
        head = bytes(pending[:end])
        del pending[:end]
        return head

    return next_request


def sends(*parts: bytes, pause: float = 0.0) -> Callable[[socket.socket], None]:
    def handler(conn: socket.socket) -> None:
        for part in parts:
            conn.sendall(part)
            if pause:
                time.sleep(pause)

    return handler


async def fetch(url: str, timeouts: Timeouts | None = None) -> tuple[httpx.Response, bytes]:
    """One GET through the run's client: the response and its raw body."""
    resolver = PinnedResolver()
    resolver.pin("127.0.0.1", "127.0.0.1")
    client = open_client(resolver, concurrency=4, per_host=2, timeouts=timeouts or Timeouts())
    async with client:
        response = await client.send(client.get_request(url), stream=True)
        try:
            body = b"".join([piece async for piece in response.aiter_raw()])
        finally:
            await response.aclose()
    return response, body


def get(server: RawServer, path: str = "/", **kw: Any) -> tuple[httpx.Response, bytes]:
    return asyncio.run(fetch(server.url(path), **kw))


def test_the_request_is_what_httpx_built(raw_server) -> None:  # type: ignore[no-untyped-def]
    seen: list[bytes] = []

    def handler(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 204 No Content\r\n\r\n")

    server = raw_server(handler)
    original = server._run

    def spy(conn: socket.socket) -> None:
        seen.append(conn.recv(65536, socket.MSG_PEEK))
        original(conn)

    server._run = spy
    response, body = get(server, "/a%20b/c?q=%D0%B9&x=1#frag")
    assert response.status_code == 204 and body == b""
    request = seen[0].decode()
    assert request.startswith("GET /a%20b/c?q=%D0%B9&x=1 HTTP/1.1\r\nHost: 127.0.0.1:")
    names = [line.split(":")[0] for line in request.split("\r\n")[1:] if line]
    assert names == ["Host", "Connection", "User-Agent", "Accept", "Accept-Encoding"]
    assert request.endswith("\r\n\r\n") and "#frag" not in request


@pytest.mark.parametrize(
    ("response", "body"),
    [
        (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", b"hello"),
        (  # chunked, with an extension, a trailer and upper-case hex
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"5;name=x\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Trailer: 1\r\n\r\n",
            b"hello, world!!!",
        ),
        (b"HTTP/1.0 200 OK\r\n\r\nto the end", b"to the end"),  # until the connection ends
        (b"HTTP/1.1 200 OK\nContent-Length: 2\n\nhi", b"hi"),  # bare LF line ends
        (  # interim responses are skipped
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n"
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
            b"ok",
        ),
        (  # Transfer-Encoding wins over Content-Length
            b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"2\r\nok\r\n0\r\n\r\n",
            b"ok",
        ),
        (b"\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", b"ok"),  # stray CRLFs
    ],
)
def test_bodies_are_framed(raw_server, response: bytes, body: bytes) -> None:  # type: ignore[no-untyped-def]
    server = raw_server(sends(response))
    assert get(server)[1] == body


def test_a_body_in_tiny_pieces_is_whole(raw_server) -> None:  # type: ignore[no-untyped-def]
    text = bytes(range(256)) * 40
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (text[:1], text[1:7], text[7:]))
    message = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked + b"0\r\n\r\n"

    def handler(conn: socket.socket) -> None:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for i in range(0, len(message), 3):
            conn.sendall(message[i : i + 3])

    assert get(raw_server(handler))[1] == text


def test_a_big_body_is_whole(raw_server) -> None:  # type: ignore[no-untyped-def]
    text = b"".join(b"line %d\n" % n for n in range(600_000))  # ~5 MB: reading pauses
    head = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(text)

    def handler(conn: socket.socket) -> None:
        conn.sendall(head + text)

    assert get(raw_server(handler))[1] == text


def test_headers_keep_their_order_folds_and_repeats(raw_server) -> None:  # type: ignore[no-untyped-def]
    server = raw_server(
        sends(
            b"HTTP/1.1 200 Fine Thanks\r\nContent-Length: 0\r\nX-A: 1\r\nx-a: 2\r\n"
            b'X-Long: first\r\n  second\r\nETag:  "v" \r\n\r\n'
        )
    )
    response, _ = get(server)
    assert response.reason_phrase == "Fine Thanks"
    assert response.headers.get_list("x-a") == ["1", "2"]
    assert response.headers["x-long"] == "first second" and response.headers["etag"] == '"v"'


@pytest.mark.parametrize(
    ("response", "error"),
    [
        (b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", httpx.DecodingError),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", httpx.DecodingError),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", httpx.DecodingError),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX", httpx.DecodingError),
        (b"SSH-2.0-OpenSSH_9.6\r\n\r\n", httpx.RemoteProtocolError),
        (b"HTTP/1.1 2000 OK\r\n\r\n", httpx.RemoteProtocolError),
        (b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", httpx.RemoteProtocolError),
        (b"HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", httpx.RemoteProtocolError),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n", httpx.RemoteProtocolError),
        (b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", httpx.RemoteProtocolError),
        (b"HTTP/1.1 200 OK\r\nX: " + b"y" * 70_000 + b"\r\n\r\n", httpx.RemoteProtocolError),
        (b"HTTP/1.1 101 Switching Protocols\r\n\r\n", httpx.RemoteProtocolError),
        (b"HTTP/1.1 200 OK\r\nContent-Le", httpx.RemoteProtocolError),
        (b"", httpx.ConnectError),
    ],
)
def test_broken_responses_are_httpx_errors(raw_server, response: bytes, error: type) -> None:  # type: ignore[no-untyped-def]
    server = raw_server(sends(response))
    with pytest.raises(error):
        get(server)


def test_too_many_headers_is_an_error(raw_server) -> None:  # type: ignore[no-untyped-def]
    lines = b"".join(b"X-%d: 1\r\n" % i for i in range(200))
    server = raw_server(sends(b"HTTP/1.1 200 OK\r\n" + lines + b"Content-Length: 0\r\n\r\n"))
    with pytest.raises(httpx.RemoteProtocolError):
        get(server)


def test_a_silent_server_is_a_read_timeout(raw_server) -> None:  # type: ignore[no-untyped-def]
    server = raw_server(sends(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc", pause=2))
    clock = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        get(server, timeouts=Timeouts(connect=1, read=0.3, total=5))
    assert time.monotonic() - clock < 1.5


def test_a_slow_but_steady_body_is_no_read_timeout(raw_server) -> None:  # type: ignore[no-untyped-def]
    server = raw_server(
        sends(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", b"a", b"b", b"c", pause=0.2)
    )
    assert get(server, timeouts=Timeouts(connect=1, read=0.5, total=5))[1] == b"abc"


def test_an_unpinned_host_is_never_connected_to(raw_server) -> None:  # type: ignore[no-untyped-def]
    server = raw_server(sends(b"HTTP/1.1 204 No Content\r\n\r\n"))
    with pytest.raises(httpx.ConnectError, match="not checked by the SSRF guard"):
        asyncio.run(fetch(f"http://localhost:{server.port}/"))
    assert server.connections == 0


def answer_in_turn(
    conn: socket.socket, responses: list[bytes], close_after: int | None = None
) -> None:
    """Answer each request on `conn` (RawServer has read the first) with the next of
    `responses`; with `close_after`, the request read after that many answers goes
    unanswered: the connection is closed."""
    next_request, served = requests_of(conn), 0
    while True:
        if close_after is not None and served == close_after:
            return
        conn.sendall(responses[served % len(responses)])
        served += 1
        if not next_request():
            return


def keep_alive_server(responses: list[bytes], close_after: int | None = None) -> RawServer:
    return RawServer(lambda conn: answer_in_turn(conn, responses, close_after))


def test_a_connection_is_kept_alive_for_the_next_page(db, link) -> None:  # type: ignore[no-untyped-def]
    server = keep_alive_server(
        [
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(PAGE), PAGE)
        ]
    )
    try:
        link(*(server.url(f"/p/{i}") for i in range(6)))
        summary = fetch_pages(db, concurrency=1, per_host=1, **FAST)
        assert summary.fetched == 6 and server.connections == 1
    finally:
        server.stop()


@pytest.mark.parametrize(
    "head",
    [
        b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/html\r\n",
        b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n",
    ],
)
def test_a_connection_the_server_closes_is_not_reused(db, link, head: bytes) -> None:  # type: ignore[no-untyped-def]
    def handler(conn: socket.socket) -> None:
        conn.sendall(head + b"Content-Length: %d\r\n\r\n%s" % (len(PAGE), PAGE))

    server = RawServer(handler)
    try:
        link(*(server.url(f"/p/{i}") for i in range(3)))
        assert fetch_pages(db, concurrency=1, per_host=1, **FAST).fetched == 3
        assert server.connections == 3
    finally:
        server.stop()


def test_a_kept_connection_closed_unanswered_is_retried_once(db, link) -> None:  # type: ignore[no-untyped-def]
    """The keep-alive race: the server closes an idle connection as the next request goes
    out. The request is sent again on a new connection, once."""
    response = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s"
    server = keep_alive_server([response % (len(PAGE), PAGE)], close_after=1)
    try:
        pids = link(*(server.url(f"/p/{i}") for i in range(3)))
        summary = fetch_pages(db, concurrency=1, per_host=1, **FAST)
        assert summary.fetched == 3, [page_row(db, p)["error"] for p in pids]
        assert server.connections == 3
    finally:
        server.stop()


def test_a_new_connection_closed_unanswered_is_a_connect_failure(db, link) -> None:  # type: ignore[no-untyped-def]
    server = RawServer(lambda conn: None)
    try:
        (pid,) = link(server.url("/"))
        assert fetch_pages(db, **FAST).failed == {"connect": 1}
        assert "disconnected" in page_row(db, pid)["error"]
    finally:
        server.stop()


def test_a_body_left_unread_closes_its_connection(db, link) -> None:  # type: ignore[no-untyped-def]
    """A body over the cap is not read to its end: its connection is not reused."""
    big = b"x" * 50_000
    response = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s"
    server = keep_alive_server([response % (len(big), big)])
    try:
        link(*(server.url(f"/p/{i}") for i in range(2)))
        summary = fetch_pages(db, concurrency=1, per_host=1, max_bytes=10_000, **FAST)
        assert summary.failed == {"too-large": 2} and server.connections == 2
    finally:
        server.stop()


def test_a_gzip_body_in_chunks_is_decoded(raw_server, db, link) -> None:  # type: ignore[no-untyped-def]
    packed = gzip.compress(PAGE * 50)
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (packed[:10], packed[10:]))
    server = raw_server(
        sends(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n"
        )
    )
    link(server.url("/"))
    assert fetch_pages(db, **FAST).fetched == 1


async def silent_server() -> tuple[asyncio.Server, list[asyncio.StreamWriter]]:
    """A server on 127.0.0.1 that accepts connections and says nothing."""
    writers: list[asyncio.StreamWriter] = []

    def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)

    return await asyncio.start_server(accept, "127.0.0.1", 0), writers


async def close_server(listener: asyncio.Server, writers: list[asyncio.StreamWriter]) -> None:
    for writer in writers:
        writer.close()
    listener.close()
    await listener.wait_closed()
    await asyncio.sleep(0)  # the connections' close callbacks


def loopback_pool(**limits: int) -> Pool:
    """A pool whose every host is 127.0.0.1, with 1 s timeouts."""
    return Pool(lambda host: "127.0.0.1", connect_timeout=1, read_timeout=1, **limits)


def test_the_pool_keeps_to_its_limits() -> None:
    async def run() -> tuple[int, int]:
        listener, writers = await silent_server()
        port = listener.sockets[0].getsockname()[1]
        pool = loopback_pool(limit=3, limit_per_host=2)
        most = most_a = 0

        async def use(host: str) -> None:
            nonlocal most, most_a
            conn = await pool.acquire(("http", host, port, "127.0.0.1"))
            most = max(most, pool.total)
            most_a = max(most_a, pool.busy.get(("http", "a", port, "127.0.0.1"), 0))
            await asyncio.sleep(0.01)
            pool.release(conn, True)

        await asyncio.gather(*(use(h) for h in "aaaaabbbbbcc"))
        assert pool.total == 0 and len(pool.lru) <= 3
        pool.close()
        await close_server(listener, writers)
        return most, most_a

    assert asyncio.run(run()) == (3, 2)


def test_a_waiter_cancelled_in_the_queue_leaves_it() -> None:
    async def run() -> None:
        listener, writers = await silent_server()
        key = ("http", "a", listener.sockets[0].getsockname()[1], "127.0.0.1")
        pool = loopback_pool(limit=1, limit_per_host=1)
        held = await pool.acquire(key)
        waiting = asyncio.ensure_future(pool.acquire(key))
        await asyncio.sleep(0.01)
        waiting.cancel()
        await asyncio.sleep(0.01)
        assert not pool.waiters
        pool.release(held, True)
        again = await asyncio.wait_for(pool.acquire(key), 1)
        assert again is held  # the idle connection is reused
        pool.release(again, False)
        pool.close()
        await close_server(listener, writers)

    asyncio.run(run())


def test_a_header_with_a_line_break_is_never_sent() -> None:
    request = httpx.Request("GET", "http://a.example/", headers={"If-None-Match": 'x"\r\nX: 1'})
    with pytest.raises(httpx.LocalProtocolError):
        serialize(request)


def test_parse_head_reads_keep_alive() -> None:
    assert parse_head(b"HTTP/1.1 304 Not Modified\r\nETag: x").keep
    assert not parse_head(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0").keep
    assert parse_head(b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0").keep
    assert not parse_head(b"HTTP/1.1 200 OK").keep  # the body ends with the connection


PIECES = st.lists(
    st.sampled_from(
        list("aZ09-._~!$&'()*+,;=:@/?#%[]{}|^`\\\" <>ÿй") + ["%41", "%zz", "/./", "/.."]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    scheme=st.sampled_from(["http", "https", "HTTP", "ftp"]),
    host=st.sampled_from(
        [
            "example.com",
            "Example.COM",
            "127.0.0.1",
            "1.2.3.999",
            "01.2.3.4",
            "a-b.c",
            "xn--e1afmkfd",
        ]
    ),
    port=st.sampled_from(["", ":80", ":443", ":8080", ":080", ":99999", ":"]),
    path=PIECES,
    rest=PIECES,
)
def test_the_url_shortcut_builds_what_httpx_builds(
    scheme: str, host: str, port: str, path: str, rest: str
) -> None:
    url = f"{scheme}://{host}{port}/{path}{rest}"
    try:
        expected: httpx.URL | None = httpx.URL(url)
    except httpx.InvalidURL:
        expected = None
    if expected is None:
        with pytest.raises(httpx.InvalidURL):
            parse_url(url)
        return
    got = parse_url(url)
    assert (str(got), got.raw_path, got.netloc, got.port, got.host, got.fragment) == (
        str(expected),
        expected.raw_path,
        expected.netloc,
        expected.port,
        expected.host,
        expected.fragment,
    )


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for `localhost` (cert, key), made by the openssl CLI."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    where = tmp_path_factory.mktemp("tls")
    cert, key = str(where / "cert.pem"), str(where / "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost"],
        check=True,
        capture_output=True,
    )
    return cert, key


class TLSServer(RawServer):
    """RawServer over TLS: each connection is wrapped before `handler` runs."""

    def __init__(self, handler: Callable[[socket.socket], None], cert: str, key: str) -> None:
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(cert, key)
        super().__init__(handler)

    def _run(self, conn: socket.socket) -> None:
        try:
            wrapped = self.tls.wrap_socket(conn, server_side=True)
        except (OSError, ssl.SSLError):
            conn.close()
            return
        super()._run(wrapped)


def test_https_is_verified_and_kept_alive(db, link, certificate, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cert, key = certificate
    trusting = ssl.create_default_context(cafile=cert)
    monkeypatch.setattr(transport, "tls_context", lambda: trusting)
    response = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s"
    server = TLSServer(
        lambda conn: answer_in_turn(conn, [response % (len(PAGE), PAGE)]),
        cert,
        key,
    )

    async def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    try:
        link(*(f"https://localhost:{server.port}/p/{i}" for i in range(3)))
        summary = fetch_pages(db, concurrency=1, per_host=1, resolver=resolver, **FAST)
        assert summary.fetched == 3 and server.connections == 1
    finally:
        server.stop()


@pytest.mark.parametrize("trusted", [False, True])
def test_a_certificate_not_for_the_host_is_a_tls_failure(
    db, link, certificate, monkeypatch, trusted: bool
) -> None:  # type: ignore[no-untyped-def]
    """Untrusted (self-signed), or trusted but for another name (localhost, not 127.0.0.1)."""
    cert, key = certificate
    if trusted:
        trusting = ssl.create_default_context(cafile=cert)
        monkeypatch.setattr(transport, "tls_context", lambda: trusting)
    server = TLSServer(sends(b"HTTP/1.1 204 No Content\r\n\r\n"), cert, key)
    try:
        (pid,) = link(f"https://127.0.0.1:{server.port}/")
        assert fetch_pages(db, **FAST).failed == {"tls": 1}
        assert page_row(db, pid)["error_kind"] == "tls"
    finally:
        server.stop()


def test_a_redirect_to_no_url_gives_its_connection_back(db, link) -> None:  # type: ignore[no-untyped-def]
    """With one connection allowed, the next page still gets it."""
    ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s"

    bad = RawServer(
        sends(b"HTTP/1.1 302 Found\r\nLocation: http://a.example:xx/\r\nContent-Length: 0\r\n\r\n")
    )
    good = RawServer(sends(ok % (len(PAGE), PAGE)))
    try:
        first, second = link(bad.url("/r"), good.url("/p"))
        summary = fetch_pages(db, concurrency=1, per_host=1, **FAST)
        assert summary.fetched == 1 and summary.failed == {"connect": 1}
        assert "location" in page_row(db, first)["error"].lower()
        assert page_row(db, second)["status"] == "ok"
    finally:
        bad.stop()
        good.stop()


def test_idle_connections_outlive_their_turn_when_hosts_outnumber_slots() -> None:
    async def run() -> tuple[int, int]:
        listener, writers = await silent_server()
        port = listener.sockets[0].getsockname()[1]
        pool = loopback_pool(limit=1, limit_per_host=1, idle_limit=2)
        seen = []
        for host in "abab":  # one slot, two hosts taking turns
            conn = await pool.acquire(("http", host, port, "127.0.0.1"))
            seen.append(conn)
            pool.release(conn, True)
        idle = len(pool.lru)
        pool.close()
        await close_server(listener, writers)
        return len({id(c) for c in seen}), idle

    assert asyncio.run(run()) == (2, 2)  # two connections, each reused; both kept idle
