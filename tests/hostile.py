"""Hostile traffic for the serving tests (served by `serving.corridor_serve`): connections that send nothing
or send their headers a line at a time, and a client that keeps asking meanwhile.

Everything goes to 127.0.0.1 only, in bounded numbers, and stops by itself.
"""

from __future__ import annotations

import contextlib
import http.client
import random
import socket
import statistics
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from serving import LOCALHOST, get


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


COSTLY_KINDS = ("facts search", "route via", "export as_of", "ogc bbox", "ogc cql2 filter", "ogc sortby")
"""Answers whose cost a client chooses by varying parameters (issue 26): each must stay bounded."""
EXPORT_EXTENSIONS = ("gpkg", "geojson", "kml", "shp.zip", "csv", "fgb", "parquet")


def costly_paths(kind: str, count: int, places: Sequence[str], keys: Sequence[str], dates: Sequence[str]) -> list[str]:
    """`count` distinct URLs of one costly kind, none of them in a cache yet: searches for words, routes
    through 12 places, exports at the data's change dates (no redirect), OGC items in shifting boxes, under
    CQL2 filters with shifting numbers, and sorted in pages of shifting sizes."""
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
    if kind == "ogc bbox":
        return [f"/ogc/collections/segments/items?bbox=60,{20 + index / 1000:.3f},75,45" for index in range(count)]
    if kind == "ogc cql2 filter":
        cql2 = "status%20%3D%20%27existing%27%20OR%20length_km%20%3E%20{:.2f}"  # status = 'existing' OR length_km > …
        return [f"/ogc/collections/segments/items?filter={cql2.format(index / 100)}" for index in range(count)]
    if kind == "ogc sortby":
        return [
            f"/ogc/collections/places/items?sortby=-name&limit={1 + index % 500}&offset={index // 500}"
            for index in range(count)
        ]
    raise ValueError(kind)


@dataclass
class Flood:
    """What clients sending costly requests saw: the status of each answer, failures, and the paths of 503s
    that did not say when to try again (no Retry-After)."""

    statuses: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    busy_without_retry: list[str] = field(default_factory=list)


def ask(port: int, path: str, timeout_s: float) -> tuple[int, str | None]:
    """One GET on a new connection: its status and Retry-After header (the body is read and dropped)."""
    connection = http.client.HTTPConnection(LOCALHOST, port, timeout=timeout_s)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Retry-After")
    finally:
        connection.close()


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
                status, retry_after = ask(port, path, timeout_s)
            except OSError as exc:
                with lock:
                    seen.failures.append(f"{path}: {exc!r}")
                continue
            with lock:
                seen.statuses.append(status)
                if status == 503 and not retry_after:
                    seen.busy_without_retry.append(path)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    try:
        yield seen
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=timeout_s)
