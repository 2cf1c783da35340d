"""Headless Chromium: time until the overview map has drawn its lines, and bytes transferred, against a minimal
hand-written Leaflet page showing the same GeoJSON (the layers the map shows when it opens) with the same local
leaflet.js. Both come from the same server, compressed alike, each loaded with a cold cache in alternating runs.
Goals: ≤ 1.25× the time and ≤ 1.5× the bytes.

    python bench/browser.py [--runs 7]
"""

import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # the repository, as for the other benchmarks

import argparse
import json
import os
import statistics
import tempfile
from typing import Any

import folium

from bench.lib import fetch, print_table, ratio, server
from corridor.atlas.load import load_atlas
from corridor.maps.render import build_map

CHROMIUM = os.environ.get("CORRIDOR_CHROMIUM", "/usr/bin/chromium")
MAP = "/maps/overview.html"
MINIMAL = "/maps/bench/minimal.html"
LINES_DRAWN = """(count) => document.querySelectorAll("path.seg").length >= count ? performance.now() : false"""
TRANSFERRED = """() => performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"))
    .reduce((total, entry) => total + entry.transferSize, 0)"""
MINIMAL_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>minimal</title>
<link rel="stylesheet" href="{leaflet_css}">
<script src="{leaflet_js}"></script>
<style>html, body, #map {{ height: 100%; margin: 0; }}</style>
</head><body><div id="map"></div>
<script>
var map = L.map("map");
var layers = {layers};
layers.forEach(function (data) {{
  L.geoJSON(data, {{
    style: function (feature) {{ return feature.properties.style; }},
    pointToLayer: function (feature, latlng) {{ return L.circleMarker(latlng, {{radius: 4}}); }}
  }}).addTo(map);
}});
map.fitBounds({bounds});
</script></body></html>
"""


def shown_geojson(element: Any, shown: bool = True) -> list[dict[str, Any]]:
    """The GeoJSON of every layer the map shows when it opens, in drawing order."""
    found = []
    for child in element._children.values():
        visible = shown and getattr(child, "show", True)
        if isinstance(child, folium.GeoJson) and visible:
            found.append(child.data)
        found += shown_geojson(child, visible)
    return found


def minimal_page(map_html: str) -> tuple[str, int]:
    """The hand-written page, with the asset URLs the map document uses; and how many lines the map draws."""
    atlas = load_atlas()
    layers = shown_geojson(build_map(atlas))
    lines = sum(
        1
        for layer in layers
        for f in layer["features"]
        if "seg" in f["properties"].get("style", {}).get("className", "").split()
    )
    coordinates = [
        c
        for layer in layers
        for f in layer["features"]
        if f["geometry"]["type"] == "LineString" and "seg" in f["properties"]["style"]["className"].split()
        for c in f["geometry"]["coordinates"]
    ]
    bounds = [
        [min(c[1] for c in coordinates), min(c[0] for c in coordinates)],
        [max(c[1] for c in coordinates), max(c[0] for c in coordinates)],
    ]
    assets = {
        name: next(u for u in map_html.split('"') if u.startswith("/vendor/leaflet/" + name))
        for name in ("leaflet.js", "leaflet.css")
    }
    page = MINIMAL_PAGE.format(
        leaflet_js=assets["leaflet.js"],
        leaflet_css=assets["leaflet.css"],
        layers=json.dumps(layers),
        bounds=json.dumps(bounds),
    )
    return page, lines


def visit(browser: Any, url: str, lines: int) -> tuple[float, int]:
    """Milliseconds from navigation until `lines` lines are drawn, and bytes transferred, with a cold cache."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url, wait_until="commit")
    drawn_ms = page.wait_for_function(LINES_DRAWN, arg=lines, polling="raf", timeout=60_000).json_value()
    page.wait_for_load_state("load")
    transferred = page.evaluate(TRANSFERRED)
    context.close()
    return drawn_ms, transferred


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {MAP: [], MINIMAL: []}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as static_dir, server(static_dir=Path(static_dir)) as url:
        page, lines = minimal_page(fetch(url, MAP)[1].decode())
        (Path(static_dir) / "minimal.html").write_text(page, encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            for path in (MAP, MINIMAL):  # warm the server's caches, not the browser's
                visit(browser, url + path, lines)
            for _ in range(options.runs):
                for path in (MAP, MINIMAL):
                    drawn_ms, sizes[path] = visit(browser, url + path, lines)
                    times[path].append(drawn_ms)
            browser.close()
    median = {path: statistics.median(values) for path, values in times.items()}
    print(f"{lines} lines drawn; Chromium headless, cold cache, median of {options.runs} alternating runs\n")
    print_table(
        ["page", "ms until lines drawn", "bytes transferred", "time vs minimal", "bytes vs minimal"],
        [
            [
                name,
                f"{median[path]:.0f}",
                f"{sizes[path]:,}",
                ratio(median[path], median[MINIMAL]),
                ratio(sizes[path], sizes[MINIMAL]),
            ]
            for name, path in (("corridor overview map", MAP), ("minimal Leaflet page", MINIMAL))
        ],
    )


if __name__ == "__main__":
    main()
