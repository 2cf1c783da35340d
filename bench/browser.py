"""Headless Chromium: time until a map is ready (its lines drawn, its names placed, nothing left loading) and bytes
transferred, against a minimal hand-written Leaflet page showing the same GeoJSON (the layers the map shows when
it opens) at the same view with the same local leaflet.js. Every map view (the overview, each corridor, a route,
an as-of date, the embed) at a laptop's and a phone's viewport; both pages come from the same server, compressed
alike, each loaded with a cold cache (a new browser context) in pairs whose order alternates; the ratio is the
median of the pairs' ratios. Goals: ≤ 1.1× the time and ≤ 1.5× the bytes.

Bytes are every request the page made until ready. What a served map fetches only on first use (its popup
table, the data of a layer that opens switched off: the URLs its `data-src` blocks name) counts when the first
view asked for it before it was ready (a view opened at a segment opens its popup); the "first use" columns
say how many of them the first view fetched and what they would add, compressed, when a reader needs them.

    python bench/browser.py [--runs 5] [--view NAME ...] [--viewport 1366x900|390x844]
    python bench/browser.py --profile [--runs 5] [--view overview] [--viewport 1366x900]

`--profile` samples the renderer's CPU (V8's profiler, 0.1 ms) until ready instead, and prints where the time
went: script, the browser's own work (parsing, style, layout, paint: V8 counts it as "(program)"), garbage
collection, and the functions that took the most. `--trace` records a Chrome performance trace (the DevTools
timeline categories) until ready and prints the renderer main thread's time by trace event (self time: a script's
forced style and layout counted as style and layout, not as script).

    python bench/browser.py --trace [--runs 5] [--view overview] [--viewport 1366x900]

`--against DIR` also serves the maps of another checkout (DIR: e.g. `git worktree add /tmp/before main`) from a
server of its own and visits them in the same runs, in turn with the other two: two more columns give its time
and the median of the pairs' ratios of this checkout's map to that one's, a comparison that the machine's load
moves far less than the ratios to the minimal page measured minutes apart.

    python bench/browser.py --against /tmp/before [--runs 5] [--view overview]
"""

import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # the repository, as for the other benchmarks

import argparse
import contextlib
import json
import os
import statistics
import tempfile
from dataclasses import dataclass, field
from typing import Any

from bench.lib import fetch, print_table, ratio, server
from corridor.atlas.load import load_atlas

CHROMIUM = os.environ.get("CORRIDOR_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu"]
VIEWPORTS = {"1366x900": {"width": 1366, "height": 900}, "390x844": {"width": 390, "height": 844}}
ROUTE = "/maps/route.html?from=termez&to=karachi-port"
AS_OF = "2025-06-01"
READY = """([lines, names]) => {
    const drawn = document.querySelectorAll("path.seg").length >= lines;
    const map = document.querySelector(".leaflet-container");
    const named = !names || (map !== null && map.hasAttribute("data-names-placed"));
    return drawn && named && document.readyState === "complete" ? performance.now() : false;
}"""
LAST_RESPONSE = """() => performance.getEntriesByType("resource")
    .reduce((last, entry) => Math.max(last, entry.responseEnd), 0)"""
TRANSFERRED = """() => performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"))
    .reduce((total, entry) => total + entry.transferSize, 0)"""
SHOWN = """() => {
    // What the map shows once ready: each GeoJSON layer's features (geometry and style), in drawing order, the
    // view, the asset URLs, and how many corridor lines are drawn.
    const map = window.corridorMap, layers = [];
    map.eachLayer(layer => {
        if (!(layer instanceof L.GeoJSON)) { return; }
        layers.push({type: "FeatureCollection", features: layer.getLayers().map(l => ({
            type: "Feature", geometry: l.feature.geometry, properties: {style: l.feature.properties.style || {}}}))});
    });
    const asset = (selector, attribute) => document.querySelector(selector).getAttribute(attribute);
    const deferred = [...document.querySelectorAll("script[data-src]")]
        .map(block => new URL(block.getAttribute("data-src"), location.href).href);
    return {layers: layers, center: map.getCenter(), zoom: map.getZoom(), deferred: deferred,
        lines: document.querySelectorAll("path.seg").length,
        leafletJs: asset('script[src*="leaflet.js"]', "src"), leafletCss: asset('link[href*="leaflet.css"]', "href")};
}"""
MINIMAL_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>minimal</title>
<link rel="stylesheet" href="{leaflet_css}">
<script src="{leaflet_js}"></script>
<style>html, body, #map {{ height: 100%; margin: 0; }}</style>
</head><body><div id="map"></div>
<script>
var map = L.map("map", {{zoomSnap: 0.25}}).setView({center}, {zoom});
var layers = {layers};
layers.forEach(function (data) {{
  L.geoJSON(data, {{
    style: function (feature) {{ return feature.properties.style; }},
    pointToLayer: function (feature, latlng) {{ return L.circleMarker(latlng, {{radius: 4}}); }}
  }}).addTo(map);
}});
</script></body></html>
"""


def views() -> dict[str, str]:
    """Every kind of map document, by name: the overview, each corridor, a route, an as-of date, the embed, and
    the overview opened at a segment (its popup open: the first view needs the popup table)."""
    atlas = load_atlas()
    corridors = {f"corridor {c}": f"/maps/{c}.html" for c in atlas.corridors}
    segment = atlas.corridor_segments(next(iter(atlas.corridors)))[0].id
    return {
        "overview": "/maps/overview.html",
        **corridors,
        "route termez–karachi-port": ROUTE,
        f"overview as of {AS_OF}": f"/maps/overview.html?as_of={AS_OF}",
        "embed (all)": "/embed/all",
        f"overview at segment {segment}": f"/maps/overview.html#segment={segment}",
    }


@dataclass
class Pair:
    """One view at one viewport: its map URL (after any redirect), its minimal page, and what the runs measured."""

    map_url: str
    minimal_url: str
    lines: int
    deferred: dict[str, int] = field(default_factory=dict)
    """What the map fetches on first use: each URL and its compressed size."""
    times: dict[str, list[float]] = field(default_factory=lambda: {"map": [], "minimal": [], "against": []})
    bytes: dict[str, int] = field(default_factory=dict)
    fetched_at_start: set[str] = field(default_factory=set)
    """Of `deferred`, the URLs the first view fetched before it was ready (counted in its bytes)."""

    against_url: str | None = None
    """The same view on the server of another checkout (`--against`)."""

    def ratios(self, to: str = "minimal") -> list[float]:
        return [m / b for m, b in zip(self.times["map"], self.times[to], strict=True)]


def visit(browser: Any, url: str, viewport: dict[str, int], lines: int, names: bool) -> tuple[float, int, set[str]]:
    """Milliseconds from navigation until ready (drawn, named, and no request left in flight: the later of the
    page's ready time and the end of its last response), bytes transferred and the URLs asked for, with a cold
    cache."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    in_flight: set[Any] = set()
    asked: set[str] = set()
    page.on("request", lambda request: (in_flight.add(request), asked.add(request.url)))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))
    page.goto(url, wait_until="commit")
    drawn_ms = page.wait_for_function(READY, arg=[lines, names], polling="raf", timeout=60_000).json_value()
    while in_flight:
        page.wait_for_timeout(5)
    ready_ms = max(drawn_ms, page.evaluate(LAST_RESPONSE))
    transferred = page.evaluate(TRANSFERRED)
    context.close()
    return ready_ms, transferred, asked


def prepare(browser: Any, base: str, path: str, viewport: dict[str, int], static_dir: Path, name: str) -> Pair:
    """Warm the server's cache for the map, then write its minimal page from what the map shows."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(base + path)
    page.wait_for_function(READY, arg=[1, True], polling="raf", timeout=60_000)
    shown = page.evaluate(SHOWN)
    # After any redirect, but with the fragment asked for: the map rewrites the address to its view once open.
    map_url = page.url.split("#", 1)[0] + (f"#{path.split('#', 1)[1]}" if "#" in path else "")
    context.close()
    html = MINIMAL_PAGE.format(
        leaflet_js=shown["leafletJs"],
        leaflet_css=shown["leafletCss"],
        center=json.dumps([shown["center"]["lat"], shown["center"]["lng"]]),
        zoom=json.dumps(shown["zoom"]),
        layers=json.dumps(shown["layers"]),  # a script literal, as folium writes GeoJSON (the map reads data blocks)
    )
    (static_dir / f"{name}.html").write_text(html, encoding="utf-8")
    minimal_url = f"{base}/maps/bench/{name}.html"
    fetch(base, f"/maps/bench/{name}.html")
    deferred = {}
    for deferred_url in shown["deferred"]:  # compressed as Chromium asks, as the page would get it
        _, body = fetch(base, deferred_url.removeprefix(base), {"Accept-Encoding": "gzip, deflate, br, zstd"})
        deferred[deferred_url] = len(body)
    return Pair(map_url, minimal_url, shown["lines"], deferred)


def against_url(browser: Any, base: str, path: str, viewport: dict[str, int]) -> str:
    """The view's URL on the other checkout's server (after any redirect), its cache warmed."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(base + path)
    page.wait_for_function(READY, arg=[1, True], polling="raf", timeout=60_000)
    found = page.url.split("#", 1)[0] + (f"#{path.split('#', 1)[1]}" if "#" in path else "")
    context.close()
    return found


def cpu_profile(browser: Any, url: str, viewport: dict[str, int], lines: int, names: bool) -> dict[str, float]:
    """Milliseconds of renderer CPU by kind (script, program, gc) and by script function, until ready."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Profiler.enable")
    session.send("Profiler.setSamplingInterval", {"interval": 100})
    session.send("Profiler.start")
    page.goto(url, wait_until="commit")
    page.wait_for_function(READY, arg=[lines, names], polling="raf", timeout=60_000)
    profile = session.send("Profiler.stop")["profile"]
    context.close()
    frames = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    spent: dict[str, float] = {}
    for sample, delta_us in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = frames[sample]
        name = frame["functionName"] or "(anonymous)"
        if not name.startswith("("):
            name = f"{name} ({frame['url'].rsplit('/', 1)[-1].split('?')[0]})"
        spent[name] = spent.get(name, 0.0) + delta_us / 1000
    spent.pop("(idle)", None)
    spent.pop("(root)", None)
    return spent


TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "loading"]


def main_thread_trace(browser: Any, url: str, viewport: dict[str, int], lines: int, names: bool) -> dict[str, float]:
    """Milliseconds of self time by trace event on the renderer's main thread, until ready."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    page.goto(url, wait_until="commit")
    page.wait_for_function(READY, arg=[lines, names], polling="raf", timeout=60_000)
    events = json.loads(browser.stop_tracing())["traceEvents"]
    context.close()
    threads = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("name") == "thread_name"}
    by_thread: dict[Any, list[dict[str, Any]]] = {}
    for event in events:
        if event.get("ph") == "X" and threads.get((event["pid"], event["tid"])) == "CrRendererMain":
            by_thread.setdefault((event["pid"], event["tid"]), []).append(event)

    def runs_the_page(found: list[dict[str, Any]]) -> bool:  # the renderer that parsed and ran the page itself
        return any(e.get("args", {}).get("data", {}).get("url", "").split("?")[0] == url.split("?")[0] for e in found)

    main = max(by_thread.values(), key=lambda found: (runs_the_page(found), sum(e.get("dur", 0) for e in found)))
    spent: dict[str, float] = {}
    open_events: list[dict[str, Any]] = []
    for event in sorted(main, key=lambda e: (e["ts"], -e.get("dur", 0))):
        while open_events and open_events[-1]["ts"] + open_events[-1].get("dur", 0) <= event["ts"]:
            open_events.pop()
        duration_ms = event.get("dur", 0) / 1000
        if open_events:  # nested: not the enclosing event's own time
            spent[open_events[-1]["name"]] = spent.get(open_events[-1]["name"], 0.0) - duration_ms
        spent[event["name"]] = spent.get(event["name"], 0.0) + duration_ms
        open_events.append(event)
    return spent


def print_trace(pair: Pair, browser: Any, viewport: dict[str, int], runs: int) -> None:
    """Median self time of the main thread's costliest trace events, map against minimal page."""
    found: dict[str, list[dict[str, float]]] = {"map": [], "minimal": []}
    for _ in range(runs):
        found["map"].append(main_thread_trace(browser, pair.map_url, viewport, pair.lines, True))
        found["minimal"].append(main_thread_trace(browser, pair.minimal_url, viewport, pair.lines, False))
    names = {name for runs_of in found.values() for run in runs_of for name in run}
    median = {kind: {n: statistics.median(run.get(n, 0.0) for run in found[kind]) for n in names} for kind in found}
    costliest = sorted(names, key=lambda n: -median["map"][n])[:14]
    rows = [[n, f"{median['map'][n]:.1f}", f"{median['minimal'][n]:.1f}"] for n in costliest]
    rows.append(["all main-thread events", *(f"{sum(median[kind].values()):.0f}" for kind in ("map", "minimal"))])
    print_table(["main-thread trace event (self ms, median)", "map", "minimal"], rows)


def print_profile(pair: Pair, browser: Any, viewport: dict[str, int], runs: int) -> None:
    """Median CPU of each kind for the map and the minimal page, and the map's costliest functions."""
    found: dict[str, list[dict[str, float]]] = {"map": [], "minimal": []}
    for _ in range(runs):
        found["map"].append(cpu_profile(browser, pair.map_url, viewport, pair.lines, True))
        found["minimal"].append(cpu_profile(browser, pair.minimal_url, viewport, pair.lines, False))

    def median_of(kind: str, pick: Any) -> float:
        return statistics.median(sum(ms for name, ms in run.items() if pick(name)) for run in found[kind])

    kinds = {
        "script": lambda name: not name.startswith("("),
        "program (parse, style, layout, paint)": lambda name: name == "(program)",
        "garbage collection": lambda name: name == "(garbage collector)",
        "all": lambda name: True,
    }
    print_table(
        ["renderer CPU, ms (median)", "map", "minimal", "map vs minimal"],
        [
            [
                kind,
                f"{median_of('map', pick):.0f}",
                f"{median_of('minimal', pick):.0f}",
                ratio(median_of("map", pick), median_of("minimal", pick)),
            ]
            for kind, pick in kinds.items()
        ],
    )
    names = {name for run in found["map"] for name in run if not name.startswith("(")}
    costliest = sorted(names, key=lambda name: -statistics.median(run.get(name, 0.0) for run in found["map"]))
    print()
    print_table(
        ["the map's costliest script functions (self time)", "ms (median)"],
        [[name, f"{statistics.median(run.get(name, 0.0) for run in found['map']):.1f}"] for name in costliest[:12]],
    )


def measure(pair: Pair, browser: Any, viewport: dict[str, int], runs: int) -> None:
    visit(browser, pair.minimal_url, viewport, pair.lines, False)  # the server's cache, not the browser's
    urls = {"map": (pair.map_url, True), "minimal": (pair.minimal_url, False)}
    if pair.against_url is not None:
        urls["against"] = (pair.against_url, True)
    kinds = list(urls)
    for run in range(runs):
        order = kinds[run % len(kinds) :] + kinds[: run % len(kinds)]  # each kind first in turn
        if run % 2 and len(kinds) == 2:
            order.reverse()
        for kind in order:
            url, names = urls[kind]
            ready_ms, pair.bytes[kind], asked = visit(browser, url, viewport, pair.lines, names)
            pair.times[kind].append(ready_ms)
            if kind == "map":
                pair.fetched_at_start |= asked & pair.deferred.keys()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--view", action="append", help="only views whose name starts with this (repeatable)")
    parser.add_argument("--viewport", choices=list(VIEWPORTS), action="append")
    parser.add_argument("--profile", action="store_true", help="where the CPU goes, instead of the timings")
    parser.add_argument("--trace", action="store_true", help="the main thread's trace events, instead of the timings")
    parser.add_argument("--against", type=Path, help="another checkout, whose maps are timed in the same runs")
    options = parser.parse_args()
    chosen = {
        name: path
        for name, path in views().items()
        if not options.view or any(name.startswith(wanted) for wanted in options.view)
    }
    viewports = {size: VIEWPORTS[size] for size in options.viewport or VIEWPORTS}
    from playwright.sync_api import sync_playwright

    pairs: dict[tuple[str, str], Pair] = {}
    with (
        tempfile.TemporaryDirectory() as static_dir,
        server(static_dir=Path(static_dir)) as url,
        server(root=options.against) if options.against else contextlib.nullcontext() as against,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for index, (view, path) in enumerate(chosen.items()):
            for size, viewport in viewports.items():
                name = f"minimal-{index}-{size}"
                pair = prepare(browser, url, path, viewport, Path(static_dir), name)
                if against is not None:
                    pair.against_url = against_url(browser, against, path, viewport)
                if options.profile or options.trace:
                    print(f"\n{view} at {size}, median of {options.runs} cold runs each\n")
                    (print_trace if options.trace else print_profile)(pair, browser, viewport, options.runs)
                    continue
                measure(pair, browser, viewport, options.runs)
                pairs[view, size] = pair
        browser.close()
    if options.profile or options.trace:
        return
    print(
        f"Chromium headless, cold cache, median of {options.runs} paired runs (order alternating); ready = lines "
        "drawn, names placed (the map), the page loaded and no request in flight\n"
    )
    rows = []
    for (view, size), pair in pairs.items():
        map_ms, minimal_ms = statistics.median(pair.times["map"]), statistics.median(pair.times["minimal"])
        rows.append(
            [
                view,
                size,
                f"{map_ms:.0f}",
                f"{minimal_ms:.0f}",
                f"{statistics.median(pair.ratios()):.2f}×",
                f"{pair.bytes['map']:,}",
                f"{pair.bytes['minimal']:,}",
                ratio(pair.bytes["map"], pair.bytes["minimal"]),
                f"{len(pair.fetched_at_start)} of {len(pair.deferred)}",
                f"{sum(size for url, size in pair.deferred.items() if url not in pair.fetched_at_start):,}",
            ]
            + (
                [f"{statistics.median(pair.times['against']):.0f}", f"{statistics.median(pair.ratios('against')):.2f}×"]
                if options.against
                else []
            )
        )
    print_table(
        [
            "view",
            "viewport",
            "map ms",
            "minimal ms",
            "time vs minimal",
            "map bytes",
            "minimal bytes",
            "bytes vs minimal",
            "first-use files fetched at start",
            "first-use bytes not fetched",
        ]
        + (["other checkout's map ms", "time vs other checkout"] if options.against else []),
        rows,
    )
    for to, what in (("minimal", "median time ratio"), ("against", "median time ratio to the other checkout")):
        if to == "against" and not options.against:
            continue
        every = [r for pair in pairs.values() for r in pair.ratios(to)]
        print(
            f"\nall views: {what} {statistics.median(every):.2f}×, worst view median "
            f"{max(statistics.median(p.ratios(to)) for p in pairs.values()):.2f}×"
        )


if __name__ == "__main__":
    main()
