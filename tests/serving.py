"""The one way tests and benchmarks serve: on a free port of 127.0.0.1, stopped when the block ends.

- `serving_app(app)`: an app object, under waitress (what `corridor serve` runs) in a thread of this process;
- `serving_process(command, port)`: a command that serves in a process of its own (`corridor serve`, an
  installed wheel's `corridor`, the benchmarks' server), waited for until `/healthz` answers;
- `corridor_serve(port, ...)`: `corridor serve` itself, through `serving_process`;
- `serving_files(directory)`: plain files, as any static host would serve a static copy.

`tests/conftest.py` serves the session's app with it (`live_url`); `bench/` imports it as `tests.serving`.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

LOCALHOST = "127.0.0.1"
SERVE = [sys.executable, "-c", "from corridor_web.cli import main; main()", "serve"]


def free_port() -> int:
    """A port of 127.0.0.1 nothing listens on now (for a process told its port on the command line)."""
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


def _log_tail(log: IO[bytes] | None) -> str:
    if log is None:
        return ""
    log.seek(0)
    return log.read().decode("utf-8", "replace")[-2000:]


def wait_until_up(
    port: int, process: subprocess.Popen | None = None, log: IO[bytes] | None = None, timeout_s: float = 60
) -> None:
    """Until `/healthz` on `port` answers 200; fails at once, with the log's end, if `process` exits."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}: {_log_tail(log)}")
        try:
            if get(port, "/healthz", timeout_s=2)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing answered on port {port} within {timeout_s} s: {_log_tail(log)}")


@contextmanager
def serving_process(
    command: Sequence[str], port: int, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> Iterator[subprocess.Popen]:
    """`command`, which serves on 127.0.0.1:`port`, running until the block ends. Its log goes to a file: a pipe
    nobody reads fills up and blocks the server's event loop at the next warning."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            list(command), cwd=cwd, env=None if env is None else dict(env), stdout=log, stderr=subprocess.STDOUT
        )
        try:
            wait_until_up(port, process, log)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def corridor_serve(port: int, *options: str, cwd: Path | None = None) -> Iterator[subprocess.Popen]:
    """`corridor serve` on 127.0.0.1:`port` with `options` (data checks off unless an option turns them on)."""
    command = [*SERVE, "--host", LOCALHOST, "--port", str(port), "--log-level", "warning", "--data-check", "0"]
    with serving_process([*command, *options], port, cwd=cwd) as process:
        yield process


def wait_for_render_workers(port: int, timeout_s: float = 180) -> None:
    """Until `corridor serve` on `port` says its render workers are ready (`/healthz`)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if b'"render_workers":"ready"' in get(port, "/healthz")[1].replace(b" ", b""):
            return
        time.sleep(0.5)
    raise TimeoutError(f"the render workers on port {port} were not ready within {timeout_s} s")


@contextmanager
def _in_thread(run: Callable[[], object], stop: Callable[[], object], port: int) -> Iterator[str]:
    """A server's loop `run` in a thread until the block ends (then `stop`); yields its base URL."""
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCALHOST}:{port}"
    finally:
        stop()
        thread.join(timeout=10)


@contextmanager
def serving_app(app: Any, threads: int = 8) -> Iterator[str]:
    """`app` under waitress on a free port of 127.0.0.1, in a thread, with `corridor serve`'s default number of
    request threads (a browser asks for a page's map, scripts and styles at once); yields its base URL."""
    from waitress import create_server

    # poll, not select: closing the server from this thread then cannot make the loop select() a closed socket
    server = create_server(app, host=LOCALHOST, port=0, threads=threads, asyncore_use_poll=True)
    with _in_thread(server.run, server.close, server.effective_port) as url:
        yield url


class QuietFileHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Tests see failed requests in the browser; the server's log would only repeat them."""


@contextmanager
def serving_files(directory: Path) -> Iterator[str]:
    """A directory served with Python's plain http.server (no app at all) on 127.0.0.1; yields its base URL."""
    server = ThreadingHTTPServer((LOCALHOST, 0), partial(QuietFileHandler, directory=str(directory)))
    with _in_thread(server.serve_forever, server.shutdown, server.server_port) as url:
        yield url
    server.server_close()
