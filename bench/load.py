"""A bounded load on every route over loopback: each URL once to warm the caches, then a fixed number of
requests cycling through all of them from many keep-alive connections. Goal: 0 errors; p50/p95 reported.

    python bench/load.py [--requests 5000] [--concurrency 32]
"""

import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # the repository, as for the other benchmarks

import argparse
import statistics
import time
from collections import defaultdict

from bench.lib import Load, percentile, print_table, run_load, server
from corridor.atlas.load import Atlas, load_atlas
from corridor.exports.formats import EXPORT_FORMATS

STATIC = [
    "/static/style.css",
    "/static/map.css",
    "/static/favicon.svg",
    "/vendor/leaflet/leaflet.js",
    "/vendor/leaflet/leaflet.css",
    "/vendor/leaflet/images/layers.png",
    "/favicon.ico",
    "/healthz",
]
SITE = [
    "/",
    "/index.json",
    "/facts",
    "/facts.json",
    "/facts?kind=route",
    "/facts?as_of=2025-06-01",
    "/sources",
    "/sources.json",
    "/maps/overview.html",
    "/maps/overview.html?as_of=2025-06-01",
    "/routes",
    "/routes?from=termez&to=karachi-port",
    "/routes.json?from=termez&to=karachi-port",
    "/maps/route.html?from=termez&to=karachi-port",
    "/api/",
    "/ogc/",
    "/ogc/api",
    "/ogc/conformance",
    "/ogc/collections",
    "/ogc/collections?f=html",
]


def every_route(atlas: Atlas) -> list[str]:
    """One or more URLs for every route the app has, on the bundled data."""
    urls = [*SITE, *STATIC]
    for corridor_id in atlas.corridors:
        urls += [
            f"/corridors/{corridor_id}",
            f"/corridors/{corridor_id}.json",
            f"/maps/{corridor_id}.html",
            f"/embed/{corridor_id}",
            f"/standalone/{corridor_id}.html",
            f"/maps/{corridor_id}.png",
            f"/briefs/{corridor_id}.pdf",
        ]
    for key in ["all", *atlas.corridors]:
        urls += [f"/export/{key}.{fmt.extension}" for fmt in EXPORT_FORMATS.values()]
    urls += [f"/sources/{source_id}" for source_id in atlas.sources]
    for kind, ids in (
        ("places", atlas.places),
        ("segments", atlas.segments),
        ("corridors", atlas.corridors),
        ("facts", atlas.facts),
        ("sources", atlas.sources),
    ):
        urls += [f"/api/{kind}", f"/api/{kind}/{next(iter(ids))}"]
    for collection, ids in (("places", atlas.places), ("segments", atlas.segments), ("corridors", atlas.corridors)):
        base = f"/ogc/collections/{collection}"
        urls += [
            base,
            f"{base}/schema",
            f"{base}/items",
            f"{base}/items?f=html",
            f"{base}/items?limit=5&offset=5",
            f"{base}/items/{next(iter(ids))}",
        ]
    return urls


def slowest(load: Load, count: int) -> list[list[object]]:
    by_path: dict[str, list[float]] = defaultdict(list)
    for path, seconds in zip(load.paths, load.latencies_s, strict=True):
        by_path[path].append(seconds)
    worst = sorted(by_path.items(), key=lambda item: -statistics.median(item[1]))[:count]
    return [
        [path, len(times), f"{statistics.median(times) * 1000:.1f}", f"{max(times) * 1000:.1f}"]
        for path, times in worst
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=32)
    options = parser.parse_args()
    urls = every_route(load_atlas())
    with server() as url:
        started = time.perf_counter()
        warm = run_load(url, urls, len(urls), 1)
        warm_s = time.perf_counter() - started
        load = run_load(url, urls, options.requests, options.concurrency)
    failed = sorted(
        {
            f"{path} -> {status}"
            for path, status in zip(warm.paths + load.paths, warm.statuses + load.statuses, strict=True)
            if status >= 400
        }
        | set(warm.failures + load.failures)
    )
    print(
        f"{len(urls)} URLs covering every route; warm-up: each once in {warm_s:.1f} s; then {options.requests} "
        f"requests at concurrency {options.concurrency}\n"
    )
    print_table(
        ["requests", "errors", "req/s", "p50 ms", "p95 ms", "max ms"],
        [
            [
                len(load.latencies_s),
                load.errors + warm.errors,
                f"{load.per_second:,.0f}",
                f"{load.percentile_ms(0.5):.1f}",
                f"{load.percentile_ms(0.95):.1f}",
                f"{max(load.latencies_s) * 1000:.1f}",
            ]
        ],
    )
    print("\nslowest URLs under load (median):\n")
    print_table(["url", "requests", "median ms", "max ms"], slowest(load, 5))
    warm_p95_ms = percentile(warm.latencies_s, 0.95) * 1000
    print(f"\nwarm-up p95 (the first request of each URL, rendering included): {warm_p95_ms:.0f} ms")
    for failure in failed:
        print("error:", failure)


if __name__ == "__main__":
    main()
