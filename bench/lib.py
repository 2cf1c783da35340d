"""What the benchmarks share: the app served by waitress in its own process on 127.0.0.1, a bounded
keep-alive load generator, and a small table printer.

The server is started the way the tests start theirs (`tests/serving.py`: a free port, waited for until
`/healthz` answers, stopped afterwards).

`python -m bench.lib --port N [--static DIR] [--data DIR] [--cache-mb N]` is that server process: the app as
`corridor serve` builds it, plus, for baselines served by the same server, `/bench-static/<file>` sending files
from DIR the way Flask sends any static file (from disk, `send_from_directory`) and `/maps/bench/<file>`
answering with an HTML file from DIR as the app answers a map document (cached, compressed, scripts hashed).
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
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

from tests.serving import LOCALHOST as HOST
from tests.serving import free_port, get, serving_process

ROOT = Path(__file__).resolve().parent.parent
SERVER_PIDS: dict[str, int] = {}
"""The process of each server `server` runs, by its base URL (for `server_cpu_s`)."""


@contextmanager
def server(
    static_dir: Path | None = None,
    data_dir: Path | None = None,
    cache_mb: int | None = None,
    threads: int = 4,
    root: Path = ROOT,
) -> Iterator[str]:
    """The app in a waitress process of its own (so client and server do not share one interpreter's lock);
    yields its base URL and stops it afterwards. `root` is the checkout whose code it serves (another one's, to
    compare two versions in one run)."""
    port = free_port()
    command = [sys.executable, "-m", "bench.lib", "--port", str(port), "--threads", str(threads)]
    for flag, value in (("--static", static_dir), ("--data", data_dir), ("--cache-mb", cache_mb)):
        if value is not None:
            command += [flag, str(value)]
    url = f"http://{HOST}:{port}"
    with serving_process(command, port, cwd=root) as process:
        SERVER_PIDS[url] = process.pid
        try:
            yield url
        finally:
            del SERVER_PIDS[url]


def server_cpu_s(url: str) -> float:
    """CPU seconds (user + system) the server at `url` (started by `server`) has used so far: what a request
    costs the server, which other work on a shared machine disturbs far less than its rate."""
    fields = Path(f"/proc/{SERVER_PIDS[url]}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime and stime, in ticks


def fetch(url: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """One GET on a fresh connection to the server at `url` (on 127.0.0.1): status and body."""
    return get(int(url.rsplit(":", 1)[1]), path, headers, timeout_s=120)


@dataclass
class Load:
    """What a load run measured: each request's latency (s), its status and the wall time."""

    latencies_s: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    wall_s: float = 0.0

    @property
    def errors(self) -> int:
        return len(self.failures) + sum(1 for s in self.statuses if s >= 400)

    @property
    def per_second(self) -> float:
        return len(self.latencies_s) / self.wall_s

    def percentile_ms(self, share: float) -> float:
        return percentile(self.latencies_s, share) * 1000


def percentile(values: Sequence[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def run_load(
    url: str, paths: Sequence[str], requests: int, concurrency: int, headers: dict[str, str] | None = None
) -> Load:
    """`requests` GETs cycling through `paths`, from `concurrency` threads each holding a keep-alive
    connection; bounded by count (and by a 120 s timeout per request)."""
    load, lock, counter = Load(), threading.Lock(), iter(range(requests))

    def worker() -> None:
        connection = http.client.HTTPConnection(url.removeprefix("http://"), timeout=120)
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                break
            path = paths[index % len(paths)]
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers or {})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                connection = http.client.HTTPConnection(url.removeprefix("http://"), timeout=120)
                with lock:
                    load.failures.append(f"{path}: {exc!r}")
                continue
            with lock:
                load.latencies_s.append(time.perf_counter() - started)
                load.statuses.append(status)
                load.paths.append(path)
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load.wall_s = time.perf_counter() - started
    return load


WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "duration_us": %d, "errors": %d, "p50_us": %d, "p95_us": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50), latency:percentile(95)))
end
"""


@dataclass(frozen=True)
class Rate:
    """What one wrk run measured."""

    per_second: float
    p50_ms: float
    p95_ms: float
    errors: int


def run_wrk(url: str, duration_s: int, connections: int, headers: dict[str, str] | None = None) -> Rate:
    """wrk (`apt-get install wrk`) on one URL for `duration_s` seconds over `connections` keep-alive
    connections from one thread: a C client, so the Python server is what gets measured."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        command = ["wrk", "-t1", f"-c{connections}", f"-d{duration_s}s", "-s", script.name, url]
        for name, value in (headers or {}).items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=duration_s + 60).stdout
    report = json.loads(output.strip().splitlines()[-1])
    return Rate(
        report["requests"] / report["duration_us"] * 1e6,
        report["p50_us"] / 1000,
        report["p95_us"] / 1000,
        report["errors"],
    )


def print_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A Markdown table, ready for the README."""
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(" --- " for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}×"


def _serve(arguments: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(description="The app under waitress, for the benchmarks.")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--static", type=Path)
    parser.add_argument("--data", type=Path)
    parser.add_argument("--cache-mb", type=int)
    options = parser.parse_args(arguments)
    sys.path.insert(0, str(ROOT))
    import waitress
    from flask import Response, send_from_directory

    from corridor_web import create_app

    logging.basicConfig(level=logging.ERROR)
    config: dict[str, object] = {}
    if options.data:
        config["DATA_DIR"] = options.data
    if options.cache_mb is not None:
        config["RESPONSE_CACHE_MB"] = options.cache_mb
    app = create_app(config)
    if options.static:
        app.add_url_rule(
            "/bench-static/<path:filename>",
            "bench_static",
            lambda filename: send_from_directory(options.static, filename),
        )
        app.add_url_rule(
            "/maps/bench/<name>",
            "bench_page",
            lambda name: Response((options.static / Path(name).name).read_bytes(), mimetype="text/html"),
        )
    waitress.serve(app, host=HOST, port=options.port, threads=options.threads)


if __name__ == "__main__":
    _serve(sys.argv[1:])
