"""The production setup under load: `corridor serve` behind nginx with deploy/nginx.conf, both on 127.0.0.1.
Every page, map, export and API URL once to warm the caches, then two runs of 20,000 requests at concurrency
64; the server's memory (RSS) before and after each. Goals: 0 errors; memory grows by at most 20% over the
second run. With --hostile, 500 idle and 200 slow-header connections are also held against nginx and against
the app alone for --hold seconds (60: the issue's figure) while a client measures cached pages.

    python bench/production.py [--requests 20000] [--concurrency 64] [--hostile --hold 60]
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the repository, as for the other benchmarks
sys.path.insert(1, str(ROOT / "tests"))  # the connection helpers the tests use

import argparse
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

from hostile import hold_connections, probe  # noqa: E402
from serving import corridor_serve, free_port, serving_process  # noqa: E402
from test_nginx import render_config  # noqa: E402

from bench.lib import Load, print_table, run_load  # noqa: E402
from bench.load import every_route  # noqa: E402
from corridor.atlas.load import load_atlas  # noqa: E402

CACHED = ["/", "/corridors/chaman-onward", "/facts", "/healthz"]


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise LookupError(pid)


@contextmanager
def nginx_in_front(app_port: int) -> Iterator[int]:
    prefix = Path(tempfile.mkdtemp(prefix="corridor-nginx-"))
    port = free_port()
    (prefix / "nginx.conf").write_text(render_config(prefix, port, app_port), encoding="utf-8")
    nginx = [shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    try:
        with serving_process([*nginx, "-g", "daemon off;"], port):
            yield port
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


def row(name: str, load: Load, before_mb: float, after_mb: float) -> list[object]:
    return [
        name,
        len(load.latencies_s),
        load.errors,
        f"{load.per_second:,.0f}",
        f"{load.percentile_ms(0.5):.1f}",
        f"{load.percentile_ms(0.95):.1f}",
        f"{load.percentile_ms(0.99):.1f}",
        f"{before_mb:.0f}",
        f"{after_mb:.0f}",
        f"{(after_mb / before_mb - 1) * 100:+.1f}%",
    ]


def hostile_row(name: str, port: int, hold_s: float) -> list[object]:
    with hold_connections(port, idle=500, slow=200) as held:
        seen = probe(port, CACHED, duration_s=hold_s)
    bad = len(seen.failures) + sum(status != 200 for status in seen.statuses)
    return [name, held.refused, len(seen.statuses), bad, f"{seen.p95_ms():.1f}", f"{max(seen.times_ms):.1f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--hostile", action="store_true")
    parser.add_argument("--hold", type=float, default=60)
    options = parser.parse_args()
    urls = every_route(load_atlas())
    app_port = free_port()
    with corridor_serve(app_port, "--forwarded-hops", "1") as app, nginx_in_front(app_port) as port:
        url = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        warm = run_load(url, urls, len(urls), 1)
        warm_s = time.perf_counter() - started
        rows = []
        for run in ("first run", "second run"):
            before = rss_mb(app.pid)
            load = run_load(url, urls, options.requests, options.concurrency)
            rows.append(row(run, load, before, rss_mb(app.pid)))
        hostile = (
            [hostile_row("through nginx", port, options.hold), hostile_row("app alone", app_port, options.hold)]
            if options.hostile
            else []
        )
    print(
        f"{len(urls)} URLs (every page, map, embed, PNG, brief, export, API and OGC URL), warmed once each in "
        f"{warm_s:.1f} s ({warm.errors} errors); then {options.requests:,} requests at concurrency "
        f"{options.concurrency} through nginx, twice\n"
    )
    print_table(
        ["run", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "app MB before", "app MB after", "growth"],
        rows,
    )
    if hostile:
        print(
            f"\n500 idle and 200 slow-header connections held for {options.hold:.0f} s while a client asks for "
            "cached pages:\n"
        )
        print_table(["against", "connections refused", "requests", "errors", "p95 ms", "max ms"], hostile)
    for failure in sorted(
        {*warm.failures, *(f"{p} -> {s}" for p, s in zip(warm.paths, warm.statuses, strict=True) if s >= 400)}
    ):
        print("warm-up error:", failure)


if __name__ == "__main__":
    main()
