"""Renders in processes of their own: what holds a render slot (maps, pictures, PDFs, searches, routes with
`via`, dated exports, OGC filters) runs in one of `slots` worker processes, each with the whole app on the
same data, so the server process only reads requests, serves cached answers and sends bytes.

Why processes: Python runs one thread of a process at a time. A render in a request thread takes the
interpreter from the threads serving cached pages every few milliseconds (a cached page's p95 went from 3 ms
to 200-500 ms under 8 clients sending distinct searches); in a worker process it only takes a core.

A worker answers with the data version the server serves: told another one, it checks for changed data first,
and when the two still differ the server renders the answer itself, as it does until a worker has loaded the
app after a start. A worker whose server dies exits.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

from corridor_web.middleware.cache import CACHEABLE, Environ, StartResponse

WORKER_NICENESS = 10
"""How much lower than the server's the workers' CPU priority is: on a busy machine the server process, which
answers every reader, gets the cores first (Linux gives a process at +10 about a tenth of the CPU one at 0 gets
while both want it), and renders take the time left."""
WORKER_APP: Any = None
"""In a worker process: the app it renders with."""


@dataclass(frozen=True)
class Rendered:
    """A worker's whole answer, and whether the response cache may keep it."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes
    cacheable: bool

    def send(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if self.cacheable:
            environ[CACHEABLE] = True
        start_response(self.status, self.headers)
        return [self.body]


class WorkerGone(Exception):
    """A worker process died while rendering (killed, or out of memory); the pool has been replaced."""


def _exit_with_parent() -> None:
    parent = multiprocessing.parent_process()
    if parent is not None:
        wait([parent.sentinel])
        os._exit(0)


def start_worker(config: Mapping[str, Any]) -> None:
    """In a new worker process: the app on the data (checked when the server asks, not on a timer), and a
    watch that ends the process with its server (a server killed outright cannot tell its workers)."""
    global WORKER_APP
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server, which stops its workers
    os.nice(WORKER_NICENESS)  # loading the app, too, takes only the time the server leaves
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    from corridor_web.factory import build_app

    WORKER_APP = build_app({**config, "DATA_CHECK_SECONDS": 0, "RENDER_PROCESSES": False})


def render_in_worker(environ: Environ, version: str) -> Rendered | None:
    """In a worker: the app's answer to `environ` on data version `version`; None when this worker cannot
    load that version."""
    from flask import Flask

    keeper = WORKER_APP.extensions["corridor_data"]
    if keeper.atlas.version != version:
        keeper.refresh()
        if keeper.atlas.version != version:
            return None
    full: Environ = {**environ, "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "wsgi.version": (1, 0)}
    sent: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
        sent.update(status=status, headers=headers)
        return lambda data: None

    body = Flask.wsgi_app(WORKER_APP, full, start_response)  # the app itself, without the server's layers
    try:
        data = b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()
    return Rendered(sent["status"], list(sent["headers"]), data, bool(full.get(CACHEABLE)))


def warm_up() -> None:
    """Nothing: submitted once per worker at start, so that each is started (and has loaded the app) before
    the first render needs it."""


class RenderPool:
    """`slots` worker processes rendering for this server, started (in the background) with the first request
    the server sees, usually the health check a deployment waits for: building the app starts none."""

    def __init__(self, config: Mapping[str, Any], slots: int, version: Callable[[], str]) -> None:
        self.config = dict(config)
        self.slots = slots
        self.version = version
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._started: list[Future] = []

    def start(self) -> ProcessPoolExecutor:
        """The running pool, started now if it is not."""
        executor = self._executor
        if executor is not None:
            return executor
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.slots,
                    mp_context=multiprocessing.get_context("spawn"),  # fork in a threaded server is not safe
                    initializer=start_worker,
                    initargs=(self.config,),
                )
                self._started = [self._executor.submit(warm_up) for _ in range(self.slots)]
            return self._executor

    @property
    def ready(self) -> bool:
        """Whether a worker has loaded the app (until then renders run in the request threads, as they would
        without workers: the first renders after a start do not wait for the workers to load)."""
        return any(started.done() and not started.exception() for started in self._started)

    def render(self, environ: Environ) -> Rendered | None:
        """The answer from a worker (the caller holds a render slot, so one is free or finishing); None when
        the worker could not serve this data version or none is ready yet. WorkerGone when it died meanwhile."""
        plain = {name: value for name, value in environ.items() if isinstance(value, str | bool)}
        executor = self.start()
        if not self.ready:
            return None
        try:
            return executor.submit(render_in_worker, plain, self.version()).result()
        except BrokenProcessPool:
            with self._lock:
                if self._executor is executor:
                    self._executor = None  # the next request starts a new pool
            raise WorkerGone from None

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
