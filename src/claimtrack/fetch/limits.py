"""File descriptors for a fetch run: as many connections as the process may open.

A run holds a socket for each request in flight (`--concurrency`) and keeps up to
`IDLE_CONNECTIONS` more open between requests; the database, its WAL, the lock file, the
extraction workers' sockets and the resolver's threads need a few more (`RESERVE`). When
the soft RLIMIT_NOFILE is too low for that, it is raised towards the hard limit; when the
hard limit is too low as well, the run keeps fewer connections idle and then makes fewer
requests at once, with a warning — rather than failing page after page with EMFILE.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .client import IDLE_CONNECTIONS

RESERVE = 32  # descriptors kept free for everything but the connections


@dataclass(frozen=True)
class Fitted:
    concurrency: int
    idle: int  # connections kept open between requests, at most
    warning: str | None = None


def fit(concurrency: int) -> Fitted:
    """The concurrency and idle connections the descriptor limit allows."""
    wanted = Fitted(concurrency, max(concurrency, IDLE_CONNECTIONS))
    try:
        import resource
    except ImportError:  # pragma: no cover - not on this platform: nothing to fit
        return wanted
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    in_use = _open_descriptors()
    needed = in_use + RESERVE + wanted.concurrency + wanted.idle
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(hard, needed)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return wanted
    free = soft - in_use - RESERVE
    if free >= 2 * concurrency:  # fewer idle connections are enough
        return Fitted(concurrency, free - concurrency)
    lowered = max(1, free // 2)
    return Fitted(
        lowered,
        lowered,
        f"Only {max(free, 0)} file descriptors are free (ulimit -n is {soft}): fetching"
        f" {lowered} at a time instead of --concurrency {concurrency}"
        " (raise the limit with ulimit -n to fetch more at once)",
    )


def _open_descriptors() -> int:
    """How many descriptors the process has open (Linux, BSD, macOS), else a guess."""
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            return len(os.listdir(folder))
        except OSError:
            continue
    return 16
