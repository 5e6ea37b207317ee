"""An httpx transport with its own HTTP/1.1 connection pool on asyncio.

httpx builds the requests and holds the responses; this module owns the connections: one
pool per run, keep-alive, at most `limit` connections in use (`limit_per_host` per origin),
each new connection made to the address the SSRF guard checked (`resolve(host)`, see
`client.PinnedResolver`), never through DNS. It sends GET requests without a body and
parses responses itself: a request costs a few tens of µs of CPU where aiohttp's request
path spent ~120 µs and httpx 0.28's own pool ~2 ms (encode/httpx#3215).

The transport follows no redirects and decodes nothing: a response's stream is the raw body
(Content-Length, chunked, or up to the end of the connection), read with
`Response.aiter_raw()` and decoded with a cap by `decode.py`. Errors are httpx's: a refused
or reset connection is `ConnectError` (`ReadError` in a body read to the end of the
connection), `TLSError` (a `ConnectError`) a TLS failure, `ConnectTimeout`/`ReadTimeout`
the connect and read (between two reads) timeouts, `RemoteProtocolError` a response that is
not HTTP/1.x, and `DecodingError` a body cut short or mis-framed.
"""

from __future__ import annotations

import asyncio
import functools
import re
import socket
import ssl
from collections import deque
from collections.abc import AsyncIterator, Callable
from typing import NamedTuple

import httpx

CHUNK = 64 * 1024  # largest piece of body handed out at once
HIGH_WATER = 4 * CHUNK  # bytes buffered before the socket stops being read
MAX_HEAD = 64 * 1024  # status line and headers
MAX_HEADERS = 128
MAX_LINE = 8 * 1024  # a chunk-size line
MAX_INTERIM = 16  # 1xx responses skipped before the real one
KEEPALIVE = 15.0  # seconds an idle connection is kept

_HEAD_END = re.compile(rb"\r?\n\r?\n")
_STATUS = re.compile(rb"HTTP/1\.([01]) ([0-9]{3})(?: (.*))?")
_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_HEX = re.compile(rb"[0-9A-Fa-f]{1,15}")
_UNTIL_CLOSE = -1  # body lengths that are not one
_CHUNKED = -2


class TLSError(httpx.ConnectError):
    """A TLS handshake or certificate failure (httpx has no class of its own for it)."""


def translated(exc: BaseException, reading: bool = False) -> httpx.RequestError:
    """The httpx error for an OS or TLS error, connecting (or `reading` a body)."""
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        return TLSError(f"TLS error: {exc}")
    if isinstance(exc, TimeoutError):
        return httpx.ReadTimeout("Timed out waiting for the server")
    failed = httpx.ReadError if reading else httpx.ConnectError
    return failed(f"Connection failed: {exc or type(exc).__name__}")


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The verifying TLS context of every https connection (built on first use)."""
    context = ssl.create_default_context()
    context.set_alpn_protocols(["http/1.1"])
    return context


class Connection(asyncio.Protocol):
    """One HTTP/1.1 connection: buffers what arrives; requests are read from `buf`."""

    def __init__(self, key: tuple[str, str, int, str], pool: Pool) -> None:
        self.key = key
        self.pool = pool
        self.deadline = 0.0  # of the current wait for bytes
        self.loop = asyncio.get_running_loop()
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.waiter: asyncio.Future[None] | None = None
        self.eof = False  # nothing more will arrive
        self.lost: BaseException | None = None  # why the connection ended, if it failed
        self.paused = False
        self.served = 0  # responses read whole on this connection
        self.idle_since = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buf += data
        if len(self.buf) > HIGH_WATER and not self.paused and self.transport is not None:
            self.paused = True
            self.transport.pause_reading()
        self._wake()

    def eof_received(self) -> bool:
        self.eof = True
        self._wake()
        return False  # the transport closes itself

    def connection_lost(self, exc: Exception | None) -> None:
        self.eof, self.lost = True, exc
        self._wake()

    def _wake(self) -> None:
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def usable(self, now: float) -> bool:
        return not self.eof and not self.buf and now - self.idle_since < KEEPALIVE

    def close(self) -> None:
        self.eof = True
        if self.transport is not None:
            self.transport.close()

    async def fill(self) -> bool:
        """Wait for more bytes (at most the read timeout); False when no more can come."""
        if self.eof:
            return False
        if self.paused and self.transport is not None:
            self.paused = False
            self.transport.resume_reading()
        waiter = self.waiter = self.loop.create_future()
        self.pool.watch(self)
        try:
            await waiter
        finally:
            self.waiter = None
            self.pool.unwatch(self)
        return True

    async def read_head(self) -> Head:
        """The head of the next final response (1xx responses are skipped)."""
        buf = self.buf
        for _ in range(MAX_INTERIM + 1):
            start = 0
            while True:
                if buf and buf[0] in (13, 10):  # stray line ends before the status line
                    del buf[: len(buf) - len(buf.lstrip(b"\r\n"))]
                    start = 0
                found = _HEAD_END.search(buf, start)
                if found is not None:
                    break
                if len(buf) > MAX_HEAD:
                    raise httpx.RemoteProtocolError("Invalid response: headers too large")
                start = max(0, len(buf) - 3)
                if not await self.fill():
                    if not buf:
                        raise Disconnected(self.lost)
                    if self.lost is not None:
                        raise translated(self.lost)
                    raise httpx.RemoteProtocolError("Invalid response: ended in the head")
            if found.start() > MAX_HEAD:
                raise httpx.RemoteProtocolError("Invalid response: headers too large")
            head = parse_head(bytes(buf[: found.start()]))
            del buf[: found.end()]
            if head.status >= 200:
                return head
            if head.status == 101:
                raise httpx.RemoteProtocolError("Invalid response: unexpected 101")
        raise httpx.RemoteProtocolError("Invalid response: too many 1xx responses")


class Disconnected(httpx.ConnectError):
    """The connection ended before any byte of the response (retried once if reused)."""

    def __init__(self, lost: BaseException | None) -> None:
        super().__init__(f"Server disconnected before responding ({lost or 'end of stream'})")
        self.lost = lost


class Head(NamedTuple):
    status: int
    reason: bytes
    headers: list[tuple[bytes, bytes]]
    length: int  # of the body, or _UNTIL_CLOSE, or _CHUNKED
    keep: bool  # whether the connection can serve another request after this one
    version: bytes


def parse_head(head: bytes) -> Head:
    """A response head without its final empty line; RemoteProtocolError when it is not
    HTTP/1.x. Lines may end in CRLF or LF; an obs-folded value is joined with a space."""
    lines = head.split(b"\n")
    status_line = lines[0].rstrip(b"\r")
    matched = _STATUS.fullmatch(status_line)
    if matched is None:
        raise httpx.RemoteProtocolError(f"Invalid response: status line {status_line[:80]!r}")
    if len(lines) > MAX_HEADERS + 1:
        raise httpx.RemoteProtocolError("Invalid response: too many headers")
    minor, code, reason = matched.groups()
    status = int(code)
    headers: list[tuple[bytes, bytes]] = []
    lengths: set[bytes] = set()
    chunked = coded = close = False
    keep_alive = minor == b"1"
    for line in lines[1:]:
        if line[:1] in (b" ", b"\t") and headers:  # obs-fold: one value over two lines
            name, value = headers.pop()
            headers.append((name, value + b" " + line.strip(b" \t\r")))
            continue
        name, colon, value = line.partition(b":")
        if not colon or _TOKEN.fullmatch(name) is None:
            raise httpx.RemoteProtocolError(f"Invalid response: header line {line[:80]!r}")
        value = value.strip(b" \t\r")
        headers.append((name, value))
        lower = name.lower()
        if lower == b"content-length":
            lengths.update(v.strip(b" \t") for v in value.split(b","))
        elif lower == b"transfer-encoding":
            coded = True
            chunked = value.rsplit(b",", 1)[-1].strip(b" \t").lower() == b"chunked"
        elif lower == b"connection":
            tokens = {v.strip(b" \t").lower() for v in value.split(b",")}
            close = close or b"close" in tokens
            keep_alive = keep_alive or b"keep-alive" in tokens
    keep = keep_alive and not close
    length = _UNTIL_CLOSE
    if status < 200 or status in (204, 304):
        length = 0
    elif coded:  # Transfer-Encoding wins over Content-Length, which then cannot be trusted
        length = _CHUNKED if chunked else _UNTIL_CLOSE
        keep = keep and chunked and not lengths
    elif lengths:
        if len(lengths) > 1 or not all(v.isdigit() for v in lengths):
            raise httpx.RemoteProtocolError("Invalid response: bad Content-Length")
        length = int(next(iter(lengths)))
    if length == _UNTIL_CLOSE:
        keep = False
    return Head(status, reason or b"", headers, length, keep, b"HTTP/1." + minor)


class RawBody(httpx.AsyncByteStream):
    """A response's body as received (no decoding), in pieces of at most CHUNK bytes."""

    def __init__(self, pool: Pool, conn: Connection, length: int, keep: bool) -> None:
        self.pool, self.conn, self.length, self.keep = pool, conn, length, keep
        self.done = length == 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.done:
            return
        if self.length == _CHUNKED:
            async for piece in self._chunked():
                yield piece
        else:
            until_close = self.length == _UNTIL_CLOSE
            async for piece in self._sized(self.length, until_close):
                yield piece
        self.done = True

    async def _sized(self, length: int, until_close: bool = False) -> AsyncIterator[bytes]:
        conn, buf = self.conn, self.conn.buf
        while until_close or length:
            if not buf:
                if not await conn.fill():
                    if conn.lost is not None:
                        raise translated(conn.lost, reading=True)
                    if until_close:
                        return
                    raise httpx.DecodingError(
                        f"Broken response body: the connection ended {length} bytes short"
                    )
                continue
            take = len(buf) if until_close else min(len(buf), length)
            if take > CHUNK:
                take = CHUNK
            if take == len(buf):
                piece = bytes(buf)
                buf.clear()
            else:
                with memoryview(buf) as view:
                    piece = bytes(view[:take])
                del buf[:take]
            if not until_close:
                length -= take
            yield piece

    async def _line(self) -> bytes:
        conn, buf = self.conn, self.conn.buf
        while (end := buf.find(b"\n")) < 0:
            if len(buf) > MAX_LINE:
                raise httpx.DecodingError("Broken response body: chunk line too long")
            if not await conn.fill():
                if conn.lost is not None:
                    raise translated(conn.lost, reading=True)
                raise httpx.DecodingError("Broken response body: the connection ended")
        if end > MAX_LINE:
            raise httpx.DecodingError("Broken response body: chunk line too long")
        line = bytes(buf[:end]).rstrip(b"\r")
        del buf[: end + 1]
        return line

    async def _chunked(self) -> AsyncIterator[bytes]:
        while True:
            size = (await self._line()).split(b";", 1)[0].strip(b" \t")
            if _HEX.fullmatch(size) is None:
                raise httpx.DecodingError(f"Broken response body: chunk size {size[:20]!r}")
            if size.strip(b"0") == b"":
                break
            async for piece in self._sized(int(size, 16)):
                yield piece
            if await self._line():
                raise httpx.DecodingError("Broken response body: no line end after a chunk")
        trailers = 0
        while line := await self._line():  # trailers: read and dropped
            trailers += len(line)
            if trailers > MAX_HEAD:
                raise httpx.DecodingError("Broken response body: trailers too large")

    async def aclose(self) -> None:
        """Back to the pool if the body was read whole, else the connection is closed."""
        conn = self.conn
        if self.pool.holds(conn):
            reuse = self.done and self.keep and not conn.buf
            self.pool.release(conn, reuse)


class Pool:
    """Keep-alive connections by (scheme, host, port, address): at most `limit` in use,
    `limit_per_host` of them per key, and at most `idle_limit` idle (default `limit`; the
    oldest are closed, and any idle for KEEPALIVE seconds)."""

    def __init__(
        self,
        resolve: Callable[[str], str],
        *,
        limit: int,
        limit_per_host: int,
        connect_timeout: float,
        read_timeout: float,
        idle_limit: int | None = None,
    ) -> None:
        self.resolve = resolve
        self.limit, self.limit_per_host = max(1, limit), max(1, limit_per_host)
        self.idle_limit = max(self.limit, idle_limit or 0)
        self.connect_timeout, self.read_timeout = connect_timeout, read_timeout
        self.idle: dict[tuple[str, str, int, str], list[Connection]] = {}
        self.lru: dict[Connection, None] = {}  # idle connections, oldest first
        self.in_use: dict[Connection, None] = {}
        self.busy: dict[tuple[str, str, int, str], int] = {}  # in use (or connecting) by key
        self.total = 0
        self.waiters: deque[tuple[tuple[str, str, int, str], asyncio.Future[None]]] = deque()
        self.reading: dict[Connection, None] = {}  # connections waiting for bytes
        self.sweep_every = min(0.25, max(0.01, read_timeout / 8))
        self.sweeper: asyncio.TimerHandle | None = None
        self.closed = False

    def watch(self, conn: Connection) -> None:
        """Time `conn`'s wait for bytes: one timer for the pool (see `_sweep`) costs less
        than one a wait."""
        loop = conn.loop
        conn.deadline = loop.time() + self.read_timeout
        self.reading[conn] = None
        if self.sweeper is None:
            self.sweeper = loop.call_later(self.sweep_every, self._sweep)

    def unwatch(self, conn: Connection) -> None:
        del self.reading[conn]

    def _sweep(self) -> None:
        """Fail the waits for bytes that are past their deadline (checked a few times a
        second: a read timeout fires at most `sweep_every` late)."""
        self.sweeper = None
        if not self.reading:
            return
        loop = asyncio.get_running_loop()
        now = loop.time()
        for conn in self.reading:
            waiter = conn.waiter
            if now >= conn.deadline and waiter is not None and not waiter.done():
                waiter.set_exception(httpx.ReadTimeout("Timed out waiting for the server"))
        self.sweeper = loop.call_later(self.sweep_every, self._sweep)

    def holds(self, conn: Connection) -> bool:
        return conn in self.in_use

    async def acquire(self, key: tuple[str, str, int, str]) -> Connection:
        """A connection for `key`, idle or new, counted as in use until `release`."""
        if self.closed:
            raise httpx.ConnectError("The client is closed")
        while self.total >= self.limit or self.busy.get(key, 0) >= self.limit_per_host:
            waiter = asyncio.get_running_loop().create_future()
            self.waiters.append((key, waiter))
            try:
                await waiter
            except BaseException:
                if waiter.done() and not waiter.cancelled():
                    self._wake()  # pass the turn on
                else:
                    self.waiters.remove((key, waiter))
                raise
        self.total += 1
        self.busy[key] = self.busy.get(key, 0) + 1
        idle = self.idle.get(key)
        if idle:
            now = asyncio.get_running_loop().time()
            while idle:
                conn = idle.pop()
                del self.lru[conn]
                if not idle:
                    del self.idle[key]
                if conn.usable(now):
                    self.in_use[conn] = None
                    return conn
                conn.close()
        try:
            conn = await self._connect(key)
        except BaseException:
            self._free(key)
            raise
        self.in_use[conn] = None
        return conn

    async def _connect(self, key: tuple[str, str, int, str]) -> Connection:
        scheme, host, port, address = key
        loop = asyncio.get_running_loop()
        tls = tls_context() if scheme == "https" else None
        try:
            async with asyncio.timeout(self.connect_timeout):
                _, conn = await loop.create_connection(
                    lambda: Connection(key, self),
                    address,
                    port,
                    ssl=tls,
                    server_hostname=host.rstrip(".") if tls else None,
                    flags=socket.AI_NUMERICHOST,  # the checked address: no DNS here
                )
        except TimeoutError:
            raise httpx.ConnectTimeout("Timed out connecting") from None
        except (OSError, ValueError) as exc:
            raise translated(exc) from exc
        return conn

    def release(self, conn: Connection, reuse: bool) -> None:
        """Give back a connection got from `acquire`: kept idle if `reuse`, else closed."""
        del self.in_use[conn]
        self._free(conn.key)
        if reuse and not conn.eof and not self.closed:
            if conn.paused and conn.transport is not None:  # to see the server close it
                conn.paused = False
                conn.transport.resume_reading()
            conn.served += 1
            conn.idle_since = now = asyncio.get_running_loop().time()
            self.idle.setdefault(conn.key, []).append(conn)
            self.lru[conn] = None
            while (oldest := next(iter(self.lru))) is not conn and (
                len(self.lru) > self.idle_limit or now - oldest.idle_since >= KEEPALIVE
            ):
                self._drop_idle(oldest)
        else:
            conn.close()

    def _drop_idle(self, conn: Connection) -> None:
        del self.lru[conn]
        idle = self.idle[conn.key]
        idle.remove(conn)
        if not idle:
            del self.idle[conn.key]
        conn.close()

    def _free(self, key: tuple[str, str, int, str]) -> None:
        self.total -= 1
        left = self.busy[key] - 1
        if left:
            self.busy[key] = left
        else:
            del self.busy[key]
        self._wake()

    def _wake(self) -> None:
        """Let the first waiter that now fits in the limits go on."""
        if not self.waiters or self.total >= self.limit:
            return
        for i, (key, waiter) in enumerate(self.waiters):
            if waiter.done():
                continue
            if self.busy.get(key, 0) < self.limit_per_host:
                del self.waiters[i]
                waiter.set_result(None)
                return

    def close(self) -> None:
        self.closed = True
        if self.sweeper is not None:
            self.sweeper.cancel()
            self.sweeper = None
        for conn in [*self.lru, *self.in_use]:
            conn.close()
        self.idle.clear()
        self.lru.clear()
        for _, waiter in self.waiters:
            if not waiter.done():
                waiter.set_exception(httpx.ConnectError("The client is closed"))


class Transport(httpx.AsyncBaseTransport):
    """Sends httpx GET requests (no body) over `pool`; no redirects, no decompression."""

    def __init__(self, pool: Pool) -> None:
        self.pool = pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        scheme = url.scheme
        if scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"Invalid URL: unsupported scheme {scheme!r}")
        if request.method not in ("GET", "HEAD"):
            raise httpx.UnsupportedProtocol(f"Only GET and HEAD are sent, not {request.method}")
        host = url.raw_host.decode("ascii")
        try:
            address = self.pool.resolve(host)
        except OSError as exc:
            raise httpx.ConnectError(str(exc)) from None
        key = (scheme, host, url.port or (443 if scheme == "https" else 80), address)
        message = serialize(request)
        pool = self.pool
        for retry in (True, False):
            conn = await pool.acquire(key)
            try:
                assert conn.transport is not None
                conn.transport.write(message)
                head = await conn.read_head()
            except Disconnected as exc:
                pool.release(conn, False)
                if retry and conn.served:  # a kept-alive connection the server had closed
                    continue
                if isinstance(exc.lost, ssl.SSLError):
                    raise translated(exc.lost) from exc
                raise
            except BaseException:
                pool.release(conn, False)
                raise
            break
        length = 0 if request.method == "HEAD" else head.length
        return httpx.Response(
            head.status,
            headers=head.headers,
            stream=RawBody(pool, conn, length, head.keep),
            request=request,
            extensions={"http_version": head.version, "reason_phrase": head.reason},
        )

    async def aclose(self) -> None:
        self.pool.close()


def serialize(request: httpx.Request) -> bytes:
    """The request's head, as sent; LocalProtocolError for a header that would break it."""
    lines = [request.method.encode("ascii"), b" ", request.url.raw_path, b" HTTP/1.1\r\n"]
    for name, value in request.headers.raw:
        lines += (name, b": ", value, b"\r\n")
    lines.append(b"\r\n")
    head = b"".join(lines)
    breaks = len(request.headers.raw) + 2
    if head.count(b"\n") != breaks or head.count(b"\r") != breaks or b"\0" in head:
        raise httpx.LocalProtocolError("Invalid request: a header holds a line break or NUL")
    return head
