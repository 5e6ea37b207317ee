"""An httpx transport that sends through one aiohttp connection pool.

httpx builds the requests and holds the responses; aiohttp owns the connections (its pool
keeps up with curl where httpx 0.28's own pool does not, encode/httpx#3215). The transport
follows no redirects and decodes nothing: the response's stream is the raw body, read with
`Response.aiter_raw()` and decoded with a cap by `decode.py`. aiohttp's errors come out as
httpx's (`TLSError` is an `httpx.ConnectError`), so callers see one exception hierarchy.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator

import aiohttp
import httpx
from yarl import URL

CHUNK = 64 * 1024


class TLSError(httpx.ConnectError):
    """A TLS handshake or certificate failure (httpx has no class of its own for it)."""


def translated(exc: Exception, reading: bool = False) -> httpx.RequestError:
    """The httpx error for an aiohttp or OS error, sending (or `reading` the body)."""
    if isinstance(exc, aiohttp.ClientSSLError | ssl.SSLError):
        return TLSError(f"TLS error: {exc}")
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout("Timed out connecting")
    if isinstance(exc, aiohttp.ServerTimeoutError | TimeoutError):
        return httpx.ReadTimeout("Timed out waiting for the server")
    if isinstance(exc, aiohttp.ClientPayloadError):
        return httpx.DecodingError(f"Broken response body: {exc}")
    if isinstance(exc, aiohttp.InvalidURL):
        return httpx.UnsupportedProtocol(f"Invalid URL: {exc}")
    if isinstance(exc, aiohttp.ClientResponseError):
        return httpx.RemoteProtocolError(f"Invalid response: {exc.message}")
    failed = httpx.ReadError if reading else httpx.ConnectError
    return failed(f"Connection failed: {exc}")


class RawBody(httpx.AsyncByteStream):
    """An aiohttp response's body as received (no decoding), in chunks of at most CHUNK."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self.response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self.response.content.iter_chunked(CHUNK):
                yield chunk
        except (aiohttp.ClientError, OSError) as exc:
            raise translated(exc, reading=True) from exc

    async def aclose(self) -> None:
        self.response.release()  # back to the pool, or closed if the body was not read


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Sends httpx requests (no body) through `session`; no redirects, no decompression."""

    def __init__(self, session: aiohttp.ClientSession, timeout: aiohttp.ClientTimeout) -> None:
        self.session = session
        self.timeout = timeout

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await self.session.request(
                request.method,
                URL(str(request.url), encoded=True),  # httpx has quoted it and IDNA-encoded
                headers=request.headers.multi_items(),
                allow_redirects=False,
                timeout=self.timeout,
            )
        except (aiohttp.ClientError, OSError, ValueError) as exc:
            raise translated(exc) from exc
        reason = {"reason_phrase": response.reason.encode()} if response.reason else {}
        return httpx.Response(
            status_code=response.status,
            headers=response.raw_headers,
            stream=RawBody(response),
            request=request,
            extensions={"http_version": b"HTTP/1.1", **reason},
        )

    async def aclose(self) -> None:
        await self.session.close()
