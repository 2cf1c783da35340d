"""Building a map on a cache miss (a corridor or date the server has not drawn yet, on data it has loaded): our
map document against bare folium drawing the same GeoJSON layers (basemap land, sea, borders and names,
Natural Earth railways, every segment and place) with no popups, styles, labels or legend, in the same
process and run. Goal: ≤ 1.5× bare folium.

    python bench/map_build.py [--runs 5]
"""

import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # the repository, as for the other benchmarks

import argparse
import json
import time
from collections.abc import Callable

import folium

from bench.lib import print_table, ratio
from corridor.atlas.geometry import atlas_bounds
from corridor.atlas.load import Atlas, load_atlas
from corridor.display.links import Links
from corridor.exports.formats import ALL, selection_keys
from corridor.maps.basemap import Basemap, basemap_of, railroads_in
from corridor.maps.render import RAILROADS_MARGIN_DEG, MapAssets, render_map_html

ASSETS = MapAssets("/vendor/leaflet/leaflet.js", "/vendor/leaflet/leaflet.css", "/static/map.css")


def layers(atlas: Atlas) -> list[dict]:
    """The GeoJSON our maps draw, as plain FeatureCollections."""
    basemap = basemap_of(atlas.reference)
    min_lon, min_lat, max_lon, max_lat = atlas_bounds(atlas)
    margin = RAILROADS_MARGIN_DEG
    railroads = railroads_in(atlas.reference, (min_lon - margin, min_lat - margin, max_lon + margin, max_lat + margin))
    collections = [basemap.land, basemap.sea, basemap.borders, basemap.seas, railroads]
    found = [{"type": "FeatureCollection", "features": Basemap.features(c)} for c in collections]
    for records in (atlas.segments, atlas.places):  # JSON-ready: dates as ISO text, as a map carries them
        found.append({"type": "FeatureCollection", "features": [r.model_dump(mode="json") for r in records.values()]})
    return found


def bare_folium(atlas: Atlas, collections: list[dict]) -> str:
    m = folium.Map(tiles=None)
    m.default_js, m.default_css = [("leaflet", ASSETS.leaflet_js)], [("leaflet_css", ASSETS.leaflet_css)]
    for collection in collections:
        folium.GeoJson(json.loads(json.dumps(collection))).add_to(m)  # a fresh copy, as a miss would have
    min_lon, min_lat, max_lon, max_lat = atlas_bounds(atlas)
    m.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])
    return m.get_root().render()


def fastest(build: Callable[[], str], runs: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(build().encode())
        times.append(time.perf_counter() - started)
    return min(times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="builds per map; the fastest counts")
    options = parser.parse_args()
    atlas = load_atlas()
    collections = layers(atlas)
    render_map_html(atlas, None, assets=ASSETS, links=Links())  # what is computed once per data version
    bare_s, bare_bytes = fastest(lambda: bare_folium(atlas, collections), options.runs)
    rows = [["bare folium, same layers", f"{bare_s * 1000:.0f}", "1.00×", f"{bare_bytes:,}", "-"]]
    worst = 0.0
    for key in selection_keys(atlas):
        corridor_id = None if key == ALL else key
        build = lambda c=corridor_id: render_map_html(atlas, c, assets=ASSETS, links=Links())  # noqa: E731
        seconds, size = fastest(build, options.runs)
        worst = max(worst, seconds / bare_s)
        rows.append([f"map {key}", f"{seconds * 1000:.0f}", ratio(seconds, bare_s), f"{size:,}", ""])
    print(f"fastest of {options.runs} builds each, after one build of the derived data\n")
    print_table(["build", "ms", "× bare folium", "bytes", ""], rows)
    print(f"\nworst: {worst:.2f}× bare folium; goal ≤ 1.50×: {'met' if worst <= 1.5 else 'missed'}")


if __name__ == "__main__":
    main()
