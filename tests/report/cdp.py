"""A minimal Chrome DevTools Protocol client over aiohttp's websocket: enough to open a
page headless, record console errors, dialogs and network requests, and screenshot it."""

from __future__ import annotations

import asyncio
import base64
import itertools
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--remote-debugging-port=0",
)


def find_chromium() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """A headless Chromium process with its DevTools endpoint."""

    def __init__(self, binary: str, profile: Path) -> None:
        self.proc = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 15
        while not port_file.exists() or len(port_file.read_text().splitlines()) < 2:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        self.port = int(port_file.read_text().splitlines()[0])

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def visit(
        self,
        url: str,
        screenshot: Path,
        width: int = 390,
        height: int = 844,
        probes: dict[str, str] | None = None,
    ) -> Visit:
        """Open `url`, screenshot it, then evaluate PROBES and `probes` (in order)."""
        exprs = {**PROBES, **(probes or {})}
        return asyncio.run(_visit(self.port, url, screenshot, (width, height), exprs))


@dataclass
class Visit:
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


class Page:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse, visit: Visit) -> None:
        self.ws, self.visit = ws, visit
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.loaded = asyncio.Event()
        self.reader = asyncio.create_task(self._read())

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        n = next(self.ids)
        future = self.pending[n] = asyncio.get_running_loop().create_future()
        await self.ws.send_json({"id": n, "method": method, "params": params})
        try:
            reply = await asyncio.wait_for(future, 10)
        finally:
            self.pending.pop(n, None)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    async def _read(self) -> None:
        async for msg in self.ws:
            data = msg.json()
            if "id" in data and data["id"] in self.pending:
                self.pending[data["id"]].set_result(data)
            elif "method" in data:
                await self._event(data["method"], data.get("params", {}))

    async def _event(self, method: str, p: dict[str, Any]) -> None:
        v = self.visit
        if method == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert", "warning"):
            v.errors.append(f"console.{p['type']}: {p['args']}")
        elif method == "Runtime.exceptionThrown":
            v.errors.append(f"exception: {p['exceptionDetails']}")
        elif method == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
            v.errors.append(f"log: {p['entry'].get('text')} {p['entry'].get('url', '')}")
        elif method == "Page.javascriptDialogOpening":
            v.dialogs.append(p["message"])
            asyncio.ensure_future(self.call("Page.handleJavaScriptDialog", accept=False))
        elif method == "Network.requestWillBeSent":
            url = p["request"]["url"]
            if not url.startswith(("file:", "data:")):
                v.requests.append(url)
        elif method == "Page.loadEventFired":
            self.loaded.set()


async def _visit(
    port: int, url: str, screenshot: Path, size: tuple[int, int], probes: dict[str, str]
) -> Visit:
    width, height = size
    visit = Visit()
    async with aiohttp.ClientSession() as http:
        async with http.put(f"http://127.0.0.1:{port}/json/new?about:blank") as r:
            target = await r.json(content_type=None)
        async with http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            page = Page(ws, visit)
            for domain in ("Page", "Runtime", "Network", "Log"):
                await page.call(f"{domain}.enable")
            await page.call(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=width < 600,
            )
            await page.call("Page.navigate", url=url)
            await asyncio.wait_for(page.loaded.wait(), 10)
            await asyncio.sleep(0.3)  # let late errors, dialogs or requests arrive
            shot = await page.call("Page.captureScreenshot", format="png")
            screenshot.write_bytes(base64.b64decode(shot["data"]))
            for name, expr in probes.items():
                got = await page.call("Runtime.evaluate", expression=expr, returnByValue=True)
                visit.values[name] = got["result"].get("value")
            page.reader.cancel()
    return visit


PROBES = {
    "title": "document.title",
    "text": "document.body.innerText",
    "scripts": "document.scripts.length",
    "images": "document.images.length",
    "onerror": "document.querySelectorAll('[onerror]').length",
    "scroll_width": "document.documentElement.scrollWidth",
    "claims": "document.querySelectorAll('article.claim').length",
}
