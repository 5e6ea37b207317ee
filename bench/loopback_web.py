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

from web import Handler, host_list

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

    def respond(
        self, method: bytes, target: bytes, headers: dict[bytes, bytes]
    ) -> tuple[float, bytes, list[tuple[bytes, bytes]], bytes]:
        """(delay, status line, headers, body), as `web.Handler` expects of a site."""
        self.requests += 1
        try:
            n = int(target.rsplit(b"/", 1)[-1])
        except ValueError:
            return self.latency, b"404 Not Found", [], b""
        body, etag = self.body(n)
        if headers.get(b"if-none-match") == etag:
            return self.latency, b"304 Not Modified", [(b"ETag", etag)], b""
        ctype = (b"Content-Type", b"text/html; charset=utf-8")
        return self.latency, b"200 OK", [ctype, (b"ETag", etag)], body


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
