"""Requests per second and p95 latency of a cached corridor page against a static file of the same bytes, both
from one waitress server over loopback, measured side by side in alternating rounds by wrk
(`apt-get install wrk`), with the server's own CPU time per answer (read from /proc, far steadier than rates
on a shared machine). Goal: the page at ≥ 1.0× the static file's rate and at most its CPU per answer. For
scale, a server with the response cache off renders the page on every request.

    python bench/http.py [--seconds 3] [--connections 16] [--rounds 5]
"""

import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # the repository; bench/ would hide the stdlib's http

import argparse
import statistics
import tempfile

from bench.lib import Rate, fetch, print_table, ratio, run_wrk, server, server_cpu_s

PAGE = "/corridors/chaman-onward"
STATIC = "/bench-static/page.html"
BROTLI = {"Accept-Encoding": "br"}


def measured(url: str, path: str, shape: tuple[int, int], cpu_us: list[float], headers: dict | None = None) -> Rate:
    """wrk on `path`; the server's CPU microseconds per answer go to `cpu_us`."""
    before = server_cpu_s(url)
    rate = run_wrk(url + path, *shape, headers)
    cpu_us.append((server_cpu_s(url) - before) * 1e6 / max(1.0, rate.per_second * shape[0]))
    return rate


def median_rate(rates: list[Rate]) -> Rate:
    return Rate(
        statistics.median(r.per_second for r in rates),
        statistics.median(r.p50_ms for r in rates),
        statistics.median(r.p95_ms for r in rates),
        sum(r.errors for r in rates),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3, help="length of each round")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    shape = (options.seconds, options.connections)
    runs: dict[str, list[Rate]] = {"static file": [], "cached page": [], "cached page, brotli": []}
    cpu: dict[str, list[float]] = {name: [] for name in [*runs, "page rendered every time"]}
    with tempfile.TemporaryDirectory() as static_dir, server(static_dir=Path(static_dir)) as url:
        status, page = fetch(url, PAGE)
        assert status == 200, status
        (Path(static_dir) / "page.html").write_bytes(page)
        compressed = len(fetch(url, PAGE, BROTLI)[1])
        run_wrk(url + STATIC, 1, options.connections)  # warm up both paths
        run_wrk(url + PAGE, 1, options.connections)
        for _ in range(options.rounds):  # alternate, so drift in a shared machine hits both alike
            runs["static file"].append(measured(url, STATIC, shape, cpu["static file"]))
            runs["cached page"].append(measured(url, PAGE, shape, cpu["cached page"]))
            runs["cached page, brotli"].append(measured(url, PAGE, shape, cpu["cached page, brotli"], BROTLI))
    with server(cache_mb=0) as url:
        runs["page rendered every time"] = [measured(url, PAGE, shape, cpu["page rendered every time"])]
    sizes = {
        "static file": len(page),
        "cached page": len(page),
        "cached page, brotli": compressed,
        "page rendered every time": len(page),
    }
    results = {name: median_rate(rates) for name, rates in runs.items()}
    base = results["static file"]
    cpu_us = {name: statistics.median(values) for name, values in cpu.items()}
    print(
        f"{PAGE} ({len(page):,} bytes) vs the same bytes as a static file from the same server; wrk, "
        f"{options.connections} connections, median of {options.rounds} alternating {options.seconds} s rounds\n"
    )
    print_table(
        [
            "target",
            "bytes",
            "req/s",
            "p50 ms",
            "p95 ms",
            "req/s vs static",
            "p95 vs static",
            "server CPU µs/answer",
            "CPU vs static",
            "errors",
        ],
        [
            [
                name,
                f"{sizes[name]:,}",
                f"{r.per_second:,.0f}",
                f"{r.p50_ms:.1f}",
                f"{r.p95_ms:.1f}",
                ratio(r.per_second, base.per_second),
                ratio(r.p95_ms, base.p95_ms),
                f"{cpu_us[name]:,.0f}",
                ratio(cpu_us[name], cpu_us["static file"]),
                r.errors,
            ]
            for name, r in results.items()
        ],
    )


if __name__ == "__main__":
    main()
