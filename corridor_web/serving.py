"""`corridor serve`'s server: waitress with every limit set on purpose, each one documented in SETTINGS.

Waitress's defaults (`connection_limit` 100, `channel_timeout` 120 s) let 100 connections that send nothing
take the site down. Here the connection limit is far above what idle and slow clients can hold from one
machine, idle connections are dropped after a short timeout, the event loop uses poll() (select() stops at
1,024 sockets) and the process may open enough files for all of them. Request threads never wait on a slow
client: waitress reads a request whole before a thread sees it, and buffers the answer while it is sent.
"""

from __future__ import annotations

import resource
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Setting:
    """One server setting: its `corridor serve` flag, environment variable, default and why."""

    flag: str
    default: int | float
    why: str

    @property
    def option(self) -> str:
        return self.flag.replace("-", "_")

    @property
    def envvar(self) -> str:
        return "CORRIDOR_" + self.option.upper()


SETTINGS = (
    Setting(
        "threads",
        8,
        "Request threads: they read requests, serve cached answers and wait for renders (at most "
        "--render-slots of them), so cached pages, exports and /healthz always find a free one.",
    ),
    Setting(
        "render-slots",
        2,
        "Map documents, PNGs, single-file maps, PDFs and costly queries (searches, routes with via, dated "
        "exports, OGC filters; one of these at a time) rendered at once, each slot a worker process of its "
        "own at lower CPU priority (about one per core); requests for the same answer wait for its one "
        "render, a distinct render past that is answered 503 with Retry-After instead of queueing.",
    ),
    Setting(
        "connection-limit",
        2000,
        "Open connections before the server stops accepting new ones (waitress: "
        "100); past it new clients wait until connections close, so on a public address put nginx in "
        "front. Idle and slow clients each hold one; a thread is taken only by a whole request.",
    ),
    Setting(
        "channel-timeout",
        30,
        "Seconds a connection may send and receive nothing before it is closed "
        "(waitress: 120); frees idle keep-alive and abandoned connections.",
    ),
    Setting("cleanup-interval", 5, "Seconds between sweeps for connections past --channel-timeout."),
    Setting("backlog", 2048, "Connections the kernel queues while the server is busy accepting."),
    Setting(
        "max-header-bytes",
        16384,
        "Largest request line and headers, in bytes (waitress: 256 kB); "
        "larger is answered 431. Every URL of the site is far shorter.",
    ),
    Setting("max-body-bytes", 65536, "Largest request body (waitress: 1 GB); the app takes no uploads."),
)
"""What `corridor serve --help` and the README list, in order."""
DEFAULT_HOSTS = ("localhost", "127.0.0.1", "[::1]")
"""What a local user types (any case, any port): `corridor serve`'s trusted hosts unless told otherwise."""
SETTING_DEFAULTS = {s.option: s.default for s in SETTINGS}
WAITRESS_FIXED: dict[str, Any] = {
    "asyncore_use_poll": True,  # select() cannot watch more than 1,024 sockets
    "expose_tracebacks": False,
    "ident": "corridor",
}


@cache
def secure_channel() -> type:
    """Waitress's connection class, with its own error replies (400 for a malformed request, 431 for oversized
    headers) carrying the security headers every other answer carries. (Imported when serving, not for
    `corridor --help`.)"""
    from waitress.channel import HTTPChannel
    from waitress.task import ErrorTask

    from corridor_web.middleware.security import BASELINE_HEADERS

    class SecureErrorTask(ErrorTask):
        def execute(self) -> None:
            self.response_headers = [*self.response_headers, *BASELINE_HEADERS]
            super().execute()

    class SecureChannel(HTTPChannel):
        error_task_class = SecureErrorTask

    return SecureChannel


def raise_open_file_limit(wanted: int) -> int:
    """Let the process hold `wanted` sockets and files if the hard limit allows; returns the soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return soft


def make_server(app: Any, host: str, port: int, settings: dict[str, Any], forwarded: bool = False) -> Any:
    """A waitress server for `app` with `settings` (SETTINGS' options); call `.run()` on it. `forwarded`:
    pass `X-Forwarded-*` on to the app (whose ProxyFix believes only the proxies' own); else drop them."""
    from waitress.server import create_server

    connection_limit = settings["connection_limit"]
    raise_open_file_limit(connection_limit + 256)  # the sockets, plus data files, logs and the listener
    server = create_server(
        app,
        host=host,
        port=port,
        threads=settings["threads"],
        connection_limit=connection_limit,
        channel_timeout=settings["channel_timeout"],
        cleanup_interval=settings["cleanup_interval"],
        backlog=settings["backlog"],
        max_request_header_size=settings["max_header_bytes"],
        max_request_body_size=settings["max_body_bytes"],
        clear_untrusted_proxy_headers=not forwarded,
        **WAITRESS_FIXED,
    )
    listeners = [server] if hasattr(server, "channel_class") else list((server.map or {}).values())
    for listener in listeners:  # several when the host name has IPv4 and IPv6 addresses
        if hasattr(listener, "channel_class"):
            listener.channel_class = secure_channel()
    return server
