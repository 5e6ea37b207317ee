"""Content-Encoding decoding whose output is capped as it is produced.

A decompression bomb (10 MB of zeros is ~10 KB of gzip, ~6 KB of zstd for 200 MB, ~160 bytes
of brotli for 100 MB) stops as soon as the decoded body passes the cap: every decoder hands
out its output in slices of about `SLICE` bytes (brotli's up to twice that), so memory stays
within the cap plus a slice whatever one input chunk expands to. gzip and deflate use zlib's
`max_length`, brotli its `output_buffer_limit` (hence the `brotli>=1.2` dependency: before
it, one call could turn a few hundred bytes into hundreds of megabytes) and zstd a stream
writer whose sink counts what it receives.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from .ssrf import FetchFailed

SLICE = 256 * 1024


class Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...
    def end(self) -> Iterator[bytes]: ...


def accept_encoding() -> str:
    """The Accept-Encoding header: gzip and deflate, plus br and zstd when installed (found,
    not imported: a decoder is imported by the first response that needs it)."""
    from importlib.util import find_spec

    names = ["gzip", "deflate"]
    names += [
        name for name, module in (("br", "brotli"), ("zstd", "zstandard")) if find_spec(module)
    ]
    return ", ".join(names)


def too_large(max_bytes: int) -> FetchFailed:
    return FetchFailed("too-large", f"Body is over the {max_bytes:,}-byte limit")


def broken(exc: Exception) -> FetchFailed:
    return FetchFailed("decode", f"Cannot decode the body: {exc}")


class Zlib:
    """gzip, or deflate (zlib-wrapped, or raw deflate as some servers send it)."""

    def __init__(self, gzip: bool) -> None:
        self.gzip, self.first = gzip, True
        self.obj = zlib.decompressobj(zlib.MAX_WBITS | 16 if gzip else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            while data and not self.obj.eof:
                out = self.obj.decompress(data, SLICE)
                self.first = False
                data = self.obj.unconsumed_tail
                if out:
                    yield out
        except zlib.error as exc:
            if self.gzip or not self.first:
                raise broken(exc) from None
            self.obj, self.first = zlib.decompressobj(-zlib.MAX_WBITS), False
            yield from self.feed(data)

    def end(self) -> Iterator[bytes]:
        try:
            while not self.obj.eof and (out := self.obj.decompress(b"", SLICE)):
                yield out
        except zlib.error as exc:
            raise broken(exc) from None


class Brotli:
    def __init__(self) -> None:
        import brotli  # type: ignore[import-untyped]

        self.error: type[Exception] = brotli.error
        self.obj: Any = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            out = self.obj.process(data, output_buffer_limit=SLICE)
            while out:  # output can stay buffered after the input is used up: drain it
                yield out
                if self.obj.is_finished():
                    return
                out = self.obj.process(b"", output_buffer_limit=SLICE)
        except self.error as exc:
            raise broken(exc) from None

    def end(self) -> Iterator[bytes]:
        return iter(())


class Zstd:
    """zstd through a stream writer; its sink refuses more than `limit` bytes in all."""

    def __init__(self, limit: int) -> None:
        import zstandard

        self.error: type[Exception] = zstandard.ZstdError
        self.sink = _Sink(limit)
        self.obj: Any = zstandard.ZstdDecompressor().stream_writer(
            self.sink,  # type: ignore[arg-type]  # any object with write() will do
            write_size=SLICE,
            closefd=False,
        )

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            self.obj.write(data)
        except self.error as exc:
            raise broken(exc) from None
        yield from self.sink.take()

    def end(self) -> Iterator[bytes]:
        return iter(())


class _Sink:
    def __init__(self, limit: int) -> None:
        self.limit, self.seen, self.out = limit, 0, list[bytes]()

    def write(self, data: bytes) -> int:
        self.seen += len(data)
        if self.seen > self.limit:
            raise too_large(self.limit)
        self.out.append(bytes(data))
        return len(data)

    def take(self) -> list[bytes]:
        out, self.out = self.out, []
        return out


def _decoder(name: str, limit: int) -> Decoder | None:
    makers: dict[str, Callable[[], Decoder]] = {
        "gzip": lambda: Zlib(gzip=True),
        "x-gzip": lambda: Zlib(gzip=True),
        "deflate": lambda: Zlib(gzip=False),
        "br": Brotli,
        "zstd": lambda: Zstd(limit),
    }
    make = makers.get(name)
    return make() if make is not None else None


class Body:
    """A response body being received: decoded stage by stage, capped at `max_bytes`.

    Codings are undone last-applied first; an unknown coding is passed through (as httpx).
    """

    def __init__(self, content_encoding: str | None, max_bytes: int) -> None:
        names = [v.strip().lower() for v in content_encoding.split(",")] if content_encoding else []
        found = (_decoder(name, max_bytes) for name in reversed(names) if name)
        self.stages = [d for d in found if d is not None]
        self.max_bytes = max_bytes
        self.parts: list[bytes] = []
        self.size = 0

    def feed(self, data: bytes) -> None:
        if not self.stages:
            self._add(data)
            return
        for out in self._through(0, data):
            self._add(out)

    def finish(self) -> bytes:
        for i, stage in enumerate(self.stages):
            for out in stage.end():
                for final in self._through(i + 1, out):
                    self._add(final)
        parts = self.parts
        return parts[0] if len(parts) == 1 else b"".join(parts)

    @property
    def buf(self) -> bytes:
        """The decoded bytes so far."""
        return b"".join(self.parts)

    def _through(self, stage: int, data: bytes) -> Iterator[bytes]:
        if stage == len(self.stages):
            yield data
            return
        for out in self.stages[stage].feed(data):
            yield from self._through(stage + 1, out)

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise too_large(self.max_bytes)
        if data:
            self.parts.append(data)
