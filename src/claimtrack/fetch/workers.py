"""Extraction worker processes, driven from the event loop itself.

`concurrent.futures.ProcessPoolExecutor` was measured first: its feeder thread needs the GIL
for every job and result, and the event loop thread, busy at 128 in flight, holds it for up
to the 5 ms switch interval each time — 2,000 extractions took 6–9 s instead of ~1.5 s. Here
each worker is forked before the event loop starts (no threads exist yet, nothing is imported
twice) and talks over a socket pair that the loop reads like any other connection.

Frames are a 4-byte length and a pickle, between this process and its own children only. A
worker imports trafilatura at once when the run has many never-fetched pages, else on its
first job (a run of 304s never pays for it); it ignores Ctrl-C and exits when its socket
closes, so a parent killed with `kill -9` leaves no worker behind. The parent stops its
workers with SIGKILL once it expects nothing more of them (`reap`), without waiting.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import pickle
import signal
import socket
import struct
from collections.abc import Callable
from typing import Any

HEADER = struct.Struct("!I")
NICE = 10


class WorkerDied(Exception):
    """A worker exited (killed, out of memory) with jobs outstanding."""


class JobFailed(Exception):
    """A job raised in the worker: its exception's name and message (raised in the parent)."""


def _recv_exactly(sock: socket.socket, size: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < size:
        chunk = sock.recv(size - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def _serve(sock: socket.socket, work: Callable[..., Any]) -> None:
    """The worker's loop: read a job, run it, send the result (or the exception) back."""
    while True:
        head = _recv_exactly(sock, HEADER.size)
        frame = _recv_exactly(sock, HEADER.unpack(head)[0]) if head else None
        if frame is None:
            return
        job, args = pickle.loads(frame)
        try:
            reply: tuple[int, bool, Any] = (job, True, work(*args))
        except Exception as exc:  # sent back and raised in the parent, name and message
            reply = (job, False, JobFailed(f"{type(exc).__name__}: {exc}"))
        data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        sock.sendall(HEADER.pack(len(data)) + data)


def can_fork() -> bool:
    """Whether workers may be forked here: on Linux, from a process with no other thread
    (forking a process that has threads is unsafe)."""
    import sys
    import threading

    return sys.platform.startswith("linux") and threading.active_count() == 1


def _background() -> None:
    """Run this process below the fetching loop: nice 10. (SCHED_IDLE was tried: it gave
    the loop nothing more once the loop's own work had shrunk — network part of a 2,000-page
    run at 128 in flight 0.906 s against 0.901 s for nice 10, medians of 6 — and a worker
    under it starves on a machine kept busy by anything else, while the run waits for the
    pages that must be extracted in it.)"""
    os.nice(NICE)


def fork_workers(
    count: int,
    work: Callable[..., Any],
    warm: Callable[[], None] | None = None,
    background: bool = True,
) -> list[tuple[int, socket.socket]]:
    """Fork `count` workers running `work(*args)` per job; returns (pid, socket) pairs.

    `warm` runs in each worker first (imports), while the parent starts fetching. With
    `background` the workers run at a lower priority than the parent (`_background`). Call
    before the event loop starts: forking a process with threads is unsafe.
    """
    collect()
    started: list[tuple[int, socket.socket]] = []
    for _ in range(count):
        mine, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # the worker
            code = 0
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                if background:
                    _background()
                mine.close()
                for _, other in started:
                    other.close()
                if warm is not None:
                    warm()
                _serve(theirs, work)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        theirs.close()
        started.append((pid, mine))
    return started


class Workers:
    """Jobs to the least busy worker; results resolve futures in the event loop."""

    def __init__(self, forked: list[tuple[int, socket.socket]]) -> None:
        self.forked = forked
        self.futures: dict[int, asyncio.Future[Any]] = {}
        self.jobs = 0
        self.links: list[tuple[asyncio.StreamWriter, set[int]]] = []
        self.readers: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        for _, sock in self.forked:
            reader, writer = await asyncio.open_connection(sock=sock, limit=1 << 20)
            outstanding: set[int] = set()
            self.links.append((writer, outstanding))
            self.readers.append(asyncio.create_task(self._read(reader, outstanding)))

    @property
    def size(self) -> int:
        return len(self.forked)

    def busy(self) -> int:
        """Jobs sent and not yet answered, over all workers."""
        return sum(len(outstanding) for _, outstanding in self.links)

    async def run(self, *args: Any) -> Any:
        """Run one job on a worker and return its result."""
        alive = [link for link in self.links if not link[0].is_closing()]
        if not alive:
            raise WorkerDied("no extraction worker is running")
        writer, outstanding = min(alive, key=lambda link: len(link[1]))
        self.jobs += 1
        job = self.jobs
        future = self.futures[job] = asyncio.get_running_loop().create_future()
        outstanding.add(job)
        data = pickle.dumps((job, args), protocol=pickle.HIGHEST_PROTOCOL)
        writer.write(HEADER.pack(len(data)) + data)
        await writer.drain()
        return await future

    async def _read(self, reader: asyncio.StreamReader, outstanding: set[int]) -> None:
        try:
            while True:
                size = HEADER.unpack(await reader.readexactly(HEADER.size))[0]
                job, ok, value = pickle.loads(await reader.readexactly(size))
                outstanding.discard(job)
                future = self.futures.pop(job)
                if not future.done():
                    (future.set_result if ok else future.set_exception)(value)
        except (asyncio.IncompleteReadError, ConnectionError):
            for job in outstanding:
                future = self.futures.pop(job)
                if not future.done():
                    future.set_exception(WorkerDied("an extraction worker exited"))
            outstanding.clear()

    async def close(self) -> None:
        for writer, _ in self.links:
            writer.close()
        for task in self.readers:
            task.cancel()
        await asyncio.gather(*self.readers, return_exceptions=True)


_killed: list[int] = []  # workers stopped but not yet waited for (zombies meanwhile)


def reap(forked: list[tuple[int, socket.socket]]) -> None:
    """Stop the workers. Called once the parent expects nothing more from them (every job
    answered, or the run ended by an error): a worker holds no state worth keeping, so it is
    killed rather than waited for, whether idle, still importing or busy with a job nobody
    will read. The kernel frees a big worker in ~5–10 ms, so it is not waited for here: it
    is collected by the next run's `fork_workers` or at exit (`collect`), so that the
    process's own CPU accounting (its children's time) includes the workers'."""
    for pid, sock in forked:
        sock.close()
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:  # already gone (it exits when its socket closes)
            pass
        _killed.append(pid)
    collect()


def collect(block: bool = False) -> None:
    """Wait for the stopped workers that have exited by now (for all of them with `block`:
    they were killed, so that is a few ms at most)."""
    for pid in list(_killed):
        try:
            done = os.waitpid(pid, 0 if block else os.WNOHANG)[0] != 0
        except ChildProcessError:
            done = True
        if done:
            _killed.remove(pid)


atexit.register(collect, block=True)
