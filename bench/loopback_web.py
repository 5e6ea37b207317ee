"""A small, fast HTTP/1.1 server on loopback addresses for the fetch benchmark.

Serves `/p/N` as an HTML page after a fixed latency, with an ETag (a matching
If-None-Match gets 304). It binds one listener per address 127.0.0.1 … 127.0.0.K on one
port, so a URL list can spread over K "hosts" the way evidence spreads over news sites.
Loopback only: it refuses any other address.

    python bench/loopback_web.py --hosts 16 --latency 0.05   # prints the port, serves until killed
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import ipaddress
import sys

PARAGRAPH = (
    "The minister said the new road would be finished by the end of {year}, at a cost of "
    "{cost} billion tenge, and that {n} kilometres were already open to traffic. "
)


def page(n: int, distinct: int) -> bytes:
    """Body of page `n`: `distinct` different bodies in rotation (0: every page differs)."""
    k = n if distinct == 0 else n % distinct
    paras = "".join(
        f"<p>{PARAGRAPH.format(year=2020 + (k + i) % 9, cost=k + i, n=k * 3 + i)}</p>"
        for i in range(6)
    )
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Report {k}</title>"
        f'<meta property="og:title" content="Report {k}">'
        f'<meta name="date" content="2025-0{1 + k % 9}-1{k % 10}"></head><body>'
        f"<nav><a href=/>Home</a></nav><article><h1>Report {k}</h1>{paras}</article>"
        f"<footer>© Bench</footer></body></html>"
    ).encode()


class Handler(asyncio.Protocol):
    def __init__(self, server: Server) -> None:
        self.server = server
        self.buf = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while b"\r\n\r\n" in self.buf:
            head, self.buf = self.buf.split(b"\r\n\r\n", 1)
            self.server.requests += 1
            reply = self.server.respond(head)
            loop = asyncio.get_running_loop()
            loop.call_later(self.server.latency, self._send, reply)

    def _send(self, reply: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(reply)


class Server:
    def __init__(self, latency: float, distinct: int) -> None:
        self.latency = latency
        self.distinct = distinct
        self.requests = 0
        self.cache: dict[int, tuple[bytes, bytes]] = {}

    def body(self, n: int) -> tuple[bytes, bytes]:
        if n not in self.cache:
            body = page(n, self.distinct)
            self.cache[n] = (body, b'"' + hashlib.sha1(body).hexdigest()[:16].encode() + b'"')
        return self.cache[n]

    def respond(self, head: bytes) -> bytes:
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ")
        path = parts[1] if len(parts) > 1 else b"/"
        try:
            n = int(path.rsplit(b"/", 1)[-1])
        except ValueError:
            return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        body, etag = self.body(n)
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"if-none-match" and value.strip() == etag:
                return b"HTTP/1.1 304 Not Modified\r\nETag: " + etag + b"\r\n\r\n"
        return (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nETag: "
            + etag
            + b"\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
            + body
        )


async def serve(hosts: list[str], port: int, server: Server) -> list[asyncio.AbstractServer]:
    """Listen on `port` (0: pick one) at each loopback address; returns the listeners."""
    for host in hosts:
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError(f"{host} is not a loopback address")
    loop = asyncio.get_running_loop()
    first = await loop.create_server(lambda: Handler(server), hosts[0], port, backlog=1024)
    port = first.sockets[0].getsockname()[1]
    rest = [
        await loop.create_server(lambda: Handler(server), h, port, backlog=1024) for h in hosts[1:]
    ]
    return [first, *rest]


def host_list(count: int) -> list[str]:
    return [f"127.0.0.{i}" for i in range(1, count + 1)]


async def _main(args: argparse.Namespace) -> None:
    server = Server(args.latency, args.distinct)
    listeners = await serve(host_list(args.hosts), args.port, server)
    print(listeners[0].sockets[0].getsockname()[1], flush=True)
    try:
        await asyncio.sleep(args.lifetime)
    finally:
        print(f"requests served: {server.requests}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=1)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--distinct", type=int, default=0)
    parser.add_argument("--lifetime", type=float, default=3600, help="stop after this many s")
    asyncio.run(_main(parser.parse_args()))


if __name__ == "__main__":
    main()
