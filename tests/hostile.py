"""Hostile traffic for the serving tests: `corridor serve` in a process of its own, connections that send
nothing or send their headers a line at a time, and a client that keeps asking meanwhile.

Everything goes to 127.0.0.1 only, in bounded numbers, and stops by itself.
"""

from __future__ import annotations

import contextlib
import http.client
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

LOCALHOST = "127.0.0.1"
SERVE = [sys.executable, "-c", "from corridor_web.cli import main; main()", "serve"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOCALHOST, 0))
        return sock.getsockname()[1]


def get(port: int, path: str, headers: dict[str, str] | None = None, timeout_s: float = 10) -> tuple[int, bytes]:
    """One GET on a new connection: status and body."""
    connection = http.client.HTTPConnection(LOCALHOST, port, timeout=timeout_s)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_until_up(port: int, process: subprocess.Popen | None = None, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(
                f"server exited with {process.returncode}: {process.stderr.read() if process.stderr else ''}"
            )
        try:
            if get(port, "/healthz", timeout_s=2)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing answered on port {port} within {timeout_s} s")


@contextmanager
def corridor_serve(port: int, *options: str, cwd: Path | None = None) -> Iterator[subprocess.Popen]:
    """`corridor serve` on 127.0.0.1:`port` with `options`, stopped on exit. Its log goes to a file: a pipe
    nobody reads fills up and blocks the server's event loop at the next warning."""
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed once the server has stopped
    process = subprocess.Popen(
        [*SERVE, "--host", LOCALHOST, "--port", str(port), "--log-level", "warning", "--data-check", "0", *options],
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
        cwd=cwd,
    )
    try:
        wait_until_up(port, process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@dataclass
class Held:
    """Connections held open against a server: some send nothing, some drip header lines."""

    idle: list[socket.socket] = field(default_factory=list)
    slow: list[socket.socket] = field(default_factory=list)
    refused: int = 0


@contextmanager
def hold_connections(port: int, idle: int, slow: int, drip_every_s: float = 2.0) -> Iterator[Held]:
    """Open `idle` connections that send nothing and `slow` ones that send a request's headers a line every
    `drip_every_s` seconds and never finish them; all closed on exit."""
    held = Held()
    stop = threading.Event()

    def connect() -> socket.socket | None:
        try:
            return socket.create_connection((LOCALHOST, port), timeout=5)
        except OSError:
            held.refused += 1
            return None

    held.idle = [s for s in (connect() for _ in range(idle)) if s]
    for _ in range(slow):
        sock = connect()
        if sock:
            sock.sendall(f"GET / HTTP/1.1\r\nHost: {LOCALHOST}:{port}\r\n".encode())
            held.slow.append(sock)

    def drip() -> None:
        line = 0
        while not stop.wait(drip_every_s):
            line += 1
            for sock in held.slow:
                with contextlib.suppress(OSError):  # closed by the server's timeout: as intended
                    sock.sendall(f"X-Slow-{line}: {line}\r\n".encode())

    dripper = threading.Thread(target=drip, daemon=True)
    dripper.start()
    try:
        yield held
    finally:
        stop.set()
        dripper.join(timeout=5)
        for sock in held.idle + held.slow:
            sock.close()


@dataclass
class Probe:
    """What a well-behaved client saw: each request's status and time in ms."""

    statuses: list[int] = field(default_factory=list)
    times_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def p95_ms(self) -> float:
        return statistics.quantiles(self.times_ms, n=20)[-1] if len(self.times_ms) >= 2 else float("inf")


def probe(port: int, paths: Sequence[str], duration_s: float, pause_s: float = 0.05, timeout_s: float = 5) -> Probe:
    """Ask for `paths` in turn, each on a new connection, for `duration_s` seconds."""
    seen = Probe()
    deadline = time.monotonic() + duration_s
    index = 0
    while time.monotonic() < deadline:
        path = paths[index % len(paths)]
        index += 1
        started = time.perf_counter()
        try:
            status, _ = get(port, path, timeout_s=timeout_s)
        except OSError as exc:
            seen.failures.append(f"{path}: {exc!r}")
            continue
        seen.times_ms.append((time.perf_counter() - started) * 1000)
        seen.statuses.append(status)
        time.sleep(pause_s)
    return seen


COSTLY_KINDS = ("facts search", "route via", "export as_of", "ogc filter")
"""Answers whose cost a client chooses by varying parameters (issue 26): each must stay bounded."""
EXPORT_EXTENSIONS = ("gpkg", "geojson", "kml", "shp.zip", "csv", "fgb", "parquet")


def costly_paths(kind: str, count: int, places: Sequence[str], keys: Sequence[str], dates: Sequence[str]) -> list[str]:
    """`count` distinct URLs of one costly kind, none of them in a cache yet: searches for words, routes
    through 12 places, exports at the data's change dates (no redirect), OGC items in shifting boxes."""
    pick = random.Random(kind)  # the same URLs each run
    if kind == "facts search":
        return [f"/facts?q=rail+{index}" for index in range(count)]
    if kind == "route via":
        paths = []
        for _ in range(count):
            stops = pick.sample(list(places), 14)
            via = "".join(f"&via={stop}" for stop in stops[2:])
            paths.append(f"/routes?from={stops[0]}&to={stops[1]}{via}")
        return paths
    if kind == "export as_of":
        every = [f"/export/{k}.{e}?as_of={d}" for d in reversed(dates) for e in EXPORT_EXTENSIONS for k in keys]
        return every[:count]
    if kind == "ogc filter":
        return [f"/ogc/collections/segments/items?bbox=60,{20 + index / 1000:.3f},75,45" for index in range(count)]
    raise ValueError(kind)


@dataclass
class Flood:
    """What clients sending costly requests saw: the status of each answer, and failures."""

    statuses: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


@contextmanager
def flood(port: int, paths: Sequence[str], clients: int = 8, timeout_s: float = 60) -> Iterator[Flood]:
    """`clients` threads asking for `paths` in turn (each a new connection) until the block ends."""
    seen, stop, lock, queue = Flood(), threading.Event(), threading.Lock(), iter(paths)

    def client() -> None:
        while not stop.is_set():
            with lock:
                path = next(queue, None)
            if path is None:
                return
            try:
                status, _ = get(port, path, timeout_s=timeout_s)
            except OSError as exc:
                with lock:
                    seen.failures.append(f"{path}: {exc!r}")
                continue
            with lock:
                seen.statuses.append(status)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    try:
        yield seen
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=timeout_s)
