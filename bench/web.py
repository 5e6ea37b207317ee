"""A loopback "web" of many hosts for the refresh benchmarks: one process, K addresses.

One asyncio HTTP/1.1 server listens on one port at 127.0.0.1 … 127.0.0.K, so each address
stands in for a news site with its own latency (log-uniform between --latency-ms LO HI,
fixed per host). `/p/N` is evidence page N on host 127.0.0.(1 + N % K); what it is follows
from N alone (see `kind`), so a benchmark knows the expected counts without asking:

    html     200, 20–300 KB of markup (scripts, styles, navigation, cards) around an article
    pdf      200, a small PDF with a text layer
    redirect 301 (→ 302) → the page, same host
    404/410  gone
    429      429 + Retry-After: 1 on the first request of a run, then the page
    503      503 on the first request of a run, then the page (a flaky upstream)
    500      always 500
    slow     the page after 2 s

Every 200 carries an ETag; a matching If-None-Match gets 304. `GET /_ctl?gen=G&changed=F`
starts a new "run": generation G, where a fraction F of html pages have a new article text
(and ETag) whenever G > 0, and the per-run counters of 429/503 pages are reset. `/z/N` is
page N with no latency (for `wrk`, to measure the server's own ceiling). Loopback only.

    python bench/web.py --hosts 50 --latency-ms 20 300   # prints the port, serves until killed
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import ipaddress
import random
import subprocess
import sys
import urllib.request
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

# share of each kind, in order; the rest (≈ 79 %) is html
MIX = (
    ("pdf", 0.03),
    ("redirect", 0.04),
    ("404", 0.03),
    ("410", 0.01),
    ("429", 0.02),
    ("503", 0.02),
    ("500", 0.01),
    ("slow", 0.02),
)
FAILED = {"404": "http-404", "410": "http-410", "500": "http-5xx"}
SLOW_S = 2.0
NAV = (
    '<nav class="n"><ul>'
    + "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(40))
    + "</ul></nav>"
)
WORDS = (
    "the minister said road rail corridor cargo tonnes billion tenge kilometres percent grew "
    "times since year budget agreement summit turkic states transit port caspian railway "
    "investment growth export wheat oil gas energy digital hub logistics capacity container "
    "terminal trade partners ministry report figures official statistics committee data "
    "Қазақстан жүк көлемі есе өсті жыл теміржол Орта дәліз тасымал млрд доллар"
).split()


def _mix(n: int) -> float:
    return ((n * 2654435761) % 1_000_003) / 1_000_003


def kind(n: int) -> str:
    """What page N is (deterministic)."""
    x, edge = _mix(n), 0.0
    for name, share in MIX:
        edge += share
        if x < edge:
            return name
    return "html"


def serves_page(n: int) -> bool:
    """Whether page N ends in a 200 (after redirects and retries)."""
    return kind(n) not in FAILED


def is_changed(n: int, fraction: float) -> bool:
    """Whether html page N has new text in a generation > 0 with this changed fraction."""
    return kind(n) == "html" and ((n * 40503 + 7) % 10_007) / 10_007 < fraction


def expected(pages: Iterable[int], run: str, changed: float = 0.0) -> dict[str, Any]:
    """The fetch counts claimtrack should report for these pages.

    run: "first" (nothing fetched before) or "again" (every page fetched before; only the
    `changed` fraction of html pages has new text).
    """
    pages = list(pages)
    failed = Counter(FAILED[kind(n)] for n in pages if kind(n) in FAILED)
    ok = len(pages) - sum(failed.values())
    fetched = ok if run == "first" else sum(1 for n in pages if is_changed(n, changed))
    return {
        "fetched": fetched,
        "unchanged": ok - fetched,
        "failed": sum(failed.values()),
        "failed_by_reason": dict(sorted(failed.items())),
    }


def ideal_seconds(site: Site, pages: Iterable[int], concurrency: int, per_host: int) -> float:
    """The least time any client could take: every request costs its host's latency.

    The larger of: all request-seconds over `concurrency` slots; the busiest host's over
    `per_host` slots; the longest single page (its hops, plus a Retry-After of 1 s).
    """
    total, longest = 0.0, 0.0
    per: Counter[int] = Counter()
    for n in pages:
        what, lat = kind(n), site.delay(n)
        hops = {"redirect": 3 if n % 2 == 0 else 2, "429": 2, "503": 2}.get(what, 1)
        cost = hops * lat + (site.slow if what == "slow" else 0.0)
        total += cost
        per[n % site.hosts] += cost  # type: ignore[assignment]
        longest = max(longest, cost + (1.0 if what == "429" else 0.0))
    return max(total / concurrency, max(per.values(), default=0.0) / per_host, longest)


def host_latencies(hosts: int, low: float, high: float, seed: int = 7) -> list[float]:
    """Latency of each host in seconds: log-uniform between low and high, shuffled."""
    if hosts == 1:
        return [low]
    values = [low * (high / low) ** (i / (hosts - 1)) for i in range(hosts)]
    random.Random(seed).shuffle(values)
    return values


def _pool(size: int = 1 << 21, seed: int = 11) -> str:
    rnd = random.Random(seed)
    words = rnd.choices(WORDS, k=size // 6)
    for i in range(0, len(words), 17):
        words[i] = str(rnd.randint(2, 2040))
    return " ".join(words)[:size]


def make_pdf(text: str, title: str | None = None) -> bytes:
    """A one-page PDF whose text layer says `text` (ASCII), with a /Title if given (the
    fetch tests use it too)."""
    safe = text.replace("\\", "").replace("(", "").replace(")", "")[:200]
    stream = f"BT /F1 12 Tf 72 720 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    info = b""
    if title is not None:
        objects.append(b"<< /Title (" + title.encode() + b") >>")
        info = b" /Info %d 0 R" % len(objects)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        info,
        xref,
    )
    return bytes(out)


@dataclass
class Site:
    """What the web answers; no I/O here, so tests and benchmarks can use it directly."""

    hosts: int = 50
    latency: tuple[float, float] = (0.02, 0.3)
    size_kb: tuple[float, float] = (20.0, 300.0)
    distinct: int = 0  # 0: every page has its own body; D: bodies repeat every D pages
    generation: int = 0
    changed: float = 0.0
    slow: float = SLOW_S
    hits: Counter[str] = field(default_factory=Counter)
    requests: int = 0

    def __post_init__(self) -> None:
        self.delays = host_latencies(self.hosts, *self.latency)
        self.pool = _pool()
        self.cards, self.edges = self._cards()

    def delay(self, n: int) -> float:
        return self.delays[n % self.hosts]

    def size(self, n: int) -> int:
        low, high = self.size_kb
        x = ((n * 69069 + 1) % 65_537) / 65_537
        return int(1000 * low * (high / low) ** x)

    def version(self, n: int) -> int:
        return self.generation if self.generation and is_changed(n, self.changed) else 0

    def etag(self, n: int) -> bytes:
        key = n % self.distinct if self.distinct else n
        return b'"%d-%d"' % (key, self.version(n))

    def body(self, n: int) -> tuple[bytes, bytes]:
        """(content type, body) of page N in the current generation."""
        key = n % self.distinct if self.distinct else n
        if kind(n) == "pdf":
            text = f"Statistical bulletin {key}. Cargo grew {key % 9 + 2} times in 5 years."
            return b"application/pdf", make_pdf(text)
        return b"text/html; charset=utf-8", self.html(key, self.version(n), self.size(n))

    def html(self, key: int, version: int, size: int) -> bytes:
        pool, span = self.pool, len(self.pool) - 20_000
        start = (key * 7919 + version * 104_729) % span
        paras = [pool[start + i * 700 : start + (i + 1) * 700] for i in range(4 + key % 8)]
        article = "".join(f"<p>{p}</p>" for p in paras)
        if version:
            article = f"<p>Updated (revision {version}): the figures were revised.</p>" + article
        head = (
            f"<!doctype html><html lang=en><head><meta charset=utf-8>"
            f"<title>Report {key} | Bench News</title>"
            f'<meta property="og:title" content="Report {key}">'
            f'<meta name="date" content="2025-{1 + key % 12:02d}-{1 + key % 28:02d}">'
            f"<style>.c{{color:#333}} .n a{{margin:0 4px}}</style></head><body>"
            f"<header>{NAV}</header><main><article>"
            f"<h1>Report {key}</h1>{article}</article><aside>"
        ).encode()
        tail = b"</aside></main><footer><p>&copy; Bench News</p></footer></body></html>"
        # "related" cards with inline scripts fill the page up to its size, as on a news site
        first = key % 64
        need = self.edges[first] + max(0, size - len(head) - len(tail))
        last = min(bisect.bisect_left(self.edges, need), len(self.edges) - 1)
        return head + self.cards[self.edges[first] : self.edges[last]] + tail

    def _cards(self) -> tuple[bytes, list[int]]:
        blob, edges = bytearray(), [0]
        for i in range(400):
            text = self.pool[i * 1500 : i * 1500 + 900]
            blob += (
                f'<div class="card"><a href="/story/{i}"><img src="/i/{i}.jpg" alt="">'
                f"<span>Related {i}</span></a><script>var d{i}='{text}';</script></div>"
            ).encode()
            edges.append(len(blob))
        return bytes(blob), edges

    def respond(
        self, method: bytes, target: bytes, headers: dict[bytes, bytes]
    ) -> tuple[float, bytes, list[tuple[bytes, bytes]], bytes]:
        """(delay seconds, status line, headers, body) for one request."""
        self.requests += 1
        parts = urlsplit(target.decode("latin-1"))
        path = parts.path.strip("/").split("/")
        if path[0] == "_ctl":
            query = parse_qs(parts.query)
            self.generation = int(query.get("gen", ["0"])[0])
            self.changed = float(query.get("changed", ["0"])[0])
            self.hits.clear()
            return 0.0, b"200 OK", [], b"ok\n"
        try:
            n = int(path[1])
        except (IndexError, ValueError):
            return 0.0, b"404 Not Found", [], b"no such page\n"
        delay = 0.0 if path[0] == "z" else self.delay(n)
        what = kind(n) if path[0] == "p" else "html"
        if what == "redirect" and path[0] in ("p", "r"):
            hop = f"/a/{n}" if path[0] == "r" or n % 2 else f"/r/{n}"
            status = b"301 Moved Permanently" if path[0] == "p" else b"302 Found"
            return delay, status, [(b"Location", hop.encode())], b""
        if what in ("404", "410", "500"):
            status = {"404": b"404 Not Found", "410": b"410 Gone", "500": b"500 Server Error"}
            return delay, status[what], [], b"error page\n"
        if what in ("429", "503"):
            self.hits[target.decode("latin-1")] += 1
            if self.hits[target.decode("latin-1")] % 2 == 1:
                if what == "429":
                    return delay, b"429 Too Many Requests", [(b"Retry-After", b"1")], b"slow\n"
                return delay, b"503 Service Unavailable", [], b"busy\n"
        if what == "slow":
            delay += self.slow
        etag = self.etag(n)
        if headers.get(b"if-none-match") == etag:
            return delay, b"304 Not Modified", [(b"ETag", etag)], b""
        content_type, body = self.body(n)
        return delay, b"200 OK", [(b"Content-Type", content_type), (b"ETag", etag)], body


class Handler(asyncio.Protocol):
    def __init__(self, site: Site) -> None:
        self.site = site
        self.buf = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while b"\r\n\r\n" in self.buf:
            head, self.buf = self.buf.split(b"\r\n\r\n", 1)
            lines = head.split(b"\r\n")
            request = lines[0].split(b" ")
            if len(request) < 2:
                self._send(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                continue
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                headers[name.strip().lower()] = value.strip()
            delay, status, extra, body = self.site.respond(request[0], request[1], headers)
            if request[0] == b"HEAD":
                extra = [*extra, (b"Content-Length", b"%d" % len(body))]
                body = b""
            else:
                extra = [*extra, (b"Content-Length", b"%d" % len(body))]
            reply = (
                b"HTTP/1.1 "
                + status
                + b"\r\n"
                + b"".join(k + b": " + v + b"\r\n" for k, v in extra)
                + b"\r\n"
                + body
            )
            if delay:
                asyncio.get_running_loop().call_later(delay, self._send, reply)
            else:
                self._send(reply)

    def _send(self, reply: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(reply)


def host_list(count: int) -> list[str]:
    if not 1 <= count <= 254:
        raise ValueError("between 1 and 254 hosts")
    return [f"127.0.0.{i}" for i in range(1, count + 1)]


async def serve(site: Site, port: int = 0) -> list[asyncio.AbstractServer]:
    """Listen on `port` (0: pick one) at 127.0.0.1 … 127.0.0.K; returns the listeners."""
    hosts = host_list(site.hosts)
    assert all(ipaddress.ip_address(h).is_loopback for h in hosts)
    loop = asyncio.get_running_loop()
    first = await loop.create_server(lambda: Handler(site), hosts[0], port, backlog=2048)
    port = first.sockets[0].getsockname()[1]
    rest = [
        await loop.create_server(lambda: Handler(site), h, port, backlog=2048) for h in hosts[1:]
    ]
    return [first, *rest]


@dataclass
class Running:
    """A web served by a child process."""

    port: int
    site: Site

    def url(self, n: int) -> str:
        return f"http://127.0.0.{1 + n % self.site.hosts}:{self.port}/p/{n}"

    def new_run(self, generation: int = 0, changed: float = 0.0) -> None:
        """Start a run: set the generation of the pages, reset the 429/503 counters."""
        ctl = f"http://127.0.0.1:{self.port}/_ctl?gen={generation}&changed={changed}"
        with urllib.request.urlopen(ctl, timeout=10) as reply:
            reply.read()


@contextmanager
def running(site: Site, log: Path | None = None) -> Iterator[Running]:
    """Serve `site` from a child process on a free port while the block runs."""
    args = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--hosts",
        str(site.hosts),
        "--latency-ms",
        str(site.latency[0] * 1000),
        str(site.latency[1] * 1000),
        "--size-kb",
        str(site.size_kb[0]),
        str(site.size_kb[1]),
        "--distinct",
        str(site.distinct),
        "--slow",
        str(site.slow),
    ]
    err = open(log, "a") if log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err, text=True)
    try:
        assert proc.stdout is not None
        yield Running(int(proc.stdout.readline()), site)
    finally:
        proc.terminate()
        proc.wait(10)
        if log:
            err.close()  # type: ignore[union-attr]


async def _main(args: argparse.Namespace) -> None:
    site = Site(
        hosts=args.hosts,
        latency=(args.latency_ms[0] / 1000, args.latency_ms[1] / 1000),
        size_kb=(args.size_kb[0], args.size_kb[1]),
        distinct=args.distinct,
        slow=args.slow,
    )
    listeners = await serve(site, args.port)
    print(listeners[0].sockets[0].getsockname()[1], flush=True)
    try:
        await asyncio.sleep(args.lifetime)
    finally:
        print(f"web: {site.requests} requests served", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency-ms", type=float, nargs=2, default=[20.0, 300.0])
    parser.add_argument("--size-kb", type=float, nargs=2, default=[20.0, 300.0])
    parser.add_argument("--distinct", type=int, default=0, help="0: every body differs")
    parser.add_argument("--slow", type=float, default=SLOW_S, help="extra s of slow pages")
    parser.add_argument("--lifetime", type=float, default=1800, help="stop after this many s")
    asyncio.run(_main(parser.parse_args()))


if __name__ == "__main__":
    main()
