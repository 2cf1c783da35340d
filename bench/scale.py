"""At scale: generated data of 10,000 features (4,000 places, 6,000 segments, one of them a 100,000-vertex
line). Building the overview map, its page size and the GeoPackage and GeoJSON exports, against plain
folium/geopandas on the same data; peak memory of each (each task in a process of its own); and whether the
map still draws in headless Chromium, and how fast, beside the plain folium page (both with the local
leaflet.js, answered by the app's server as it answers a map document).
Goals: the map ≤ 1.5× plain folium; exports ≤ 1.5× bare pyogrio writing the same layers (`--exports-only`), judged
on a warm data version ("warm export": the selection's rows and frames already built by an export before, as in a
running server; the baseline too starts from built GeoDataFrames). "export" is the cold figure: a fresh process,
the atlas loaded, nothing derived yet.

    python bench/scale.py [--places 4000] [--segments 6000] [--long-vertices 100000]
"""

import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # the repository, as for the other benchmarks

import argparse
import json
import math
import os
import random
import resource
import shutil
import subprocess
import tempfile
import time
import zipfile
from typing import Any

from bench.lib import ROOT, fetch, print_table, ratio, server
from corridor.atlas.model import MAX_LIST_ITEMS

CHROMIUM = os.environ.get("CORRIDOR_CHROMIUM", "/usr/bin/chromium")
CORRIDORS = ["north-line", "middle-line", "south-line"]
"""The corridors facts are about; each lists at most MAX_LIST_ITEMS segments (the data's limit), so the segments
past those go to further corridors, `line-<n>`."""
WEST, SOUTH, EAST, NORTH = 52.0, 25.0, 78.0, 44.0
"""Inside the region validate.py accepts, so the generated data is the kind the app serves."""
LINES_DRAWN = """(count) => document.querySelectorAll("path.seg, path.leaflet-interactive").length >= count
    ? performance.now() : false"""


def place(index: int, lon: float, lat: float) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
        "properties": {
            "id": f"p{index}",
            "name": f"Place {index}",
            "aliases": [],
            "country": "AFG",
            "kind": ("city", "town", "station")[index % 3],
            "location_note": "generated",
        },
    }


def segment(index: int, start: dict, end: dict, vertices: int, corridor: str) -> dict[str, Any]:
    (x0, y0), (x1, y1) = start["geometry"]["coordinates"], end["geometry"]["coordinates"]
    wiggle = 0.02 if vertices > 2 else 0.0
    line = [
        [round(x0 + (x1 - x0) * t + wiggle * math.sin(t * 40), 5), round(y0 + (y1 - y0) * t, 5)]
        for t in (i / (vertices - 1) for i in range(vertices))
    ]
    line[0], line[-1] = start["geometry"]["coordinates"], end["geometry"]["coordinates"]
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": line},
        "properties": {
            "id": f"s{index}",
            "name": f"Segment {index}",
            "from_place": start["properties"]["id"],
            "to_place": end["properties"]["id"],
            "corridors": [corridor],
            "role": "corridor",
            "status": ("existing", "planned", "proposed")[index % 3],
            "status_history": [{"status": ("existing", "planned", "proposed")[index % 3], "since": None, "cites": []}],
            "gauge_mm": 1520,
            "gauge_note": None,
            "alignment": "approximate",
            "countries": ["AFG"],
            "variant": None,
            "published_length_km": None,
            "published_length_note": None,
            "geometry_note": "generated",
        },
    }


def generate(target: Path, places: int, segments: int, long_vertices: int) -> Path:
    """geodata/ and seeds/ under `target` (bundled sources, seeds and basemap); returns the geodata path."""
    random.seed(7)
    data = target / "geodata"
    data.mkdir()
    (data / "reference").symlink_to(ROOT / "geodata" / "reference", target_is_directory=True)
    shutil.copytree(ROOT / "seeds", target / "seeds")
    for name in ("sources.json", "references.json", "topics.json"):
        shutil.copy(ROOT / "geodata" / name, data / name)
    columns = math.ceil(math.sqrt(places * 1.5))
    points = [
        place(
            i,
            WEST + (EAST - WEST) * (i % columns) / columns,
            SOUTH + (NORTH - SOUTH) * (i // columns) / math.ceil(places / columns),
        )
        for i in range(places)
    ]
    corridor_ids = [*CORRIDORS, *(f"line-{n}" for n in range(math.ceil(segments / MAX_LIST_ITEMS) - len(CORRIDORS)))]
    lines = [segment(0, points[0], points[-1], long_vertices, corridor_ids[0])]
    lines += [
        segment(i, points[(i - 1) % places], points[i % places], 5, corridor_ids[i // MAX_LIST_ITEMS])
        for i in range(1, segments)
    ]
    corridors = [
        {
            "id": c,
            "name": c.replace("-", " ").title(),
            "aliases": [],
            "countries": ["AFG"],
            "segments": [s["properties"]["id"] for s in lines if s["properties"]["corridors"] == [c]],
            "summary": "Generated.",
        }
        for c in corridor_ids
    ]
    real = json.loads((ROOT / "geodata" / "facts.json").read_text(encoding="utf-8"))[0]
    facts = [
        {**real, "id": f"f{i}", "subjects": [f"s{i * 50}", f"p{i * 30}", CORRIDORS[i % 3]], "disputes": []}
        for i in range(100)
    ]
    documents = {
        "places.geojson": {"type": "FeatureCollection", "features": points},
        "segments.geojson": {"type": "FeatureCollection", "features": lines},
        "corridors.json": corridors,
        "facts.json": facts,
    }
    for name, document in documents.items():
        (data / name).write_text(json.dumps(document), encoding="utf-8")
    return data


def task(name: str, data: Path, output: Path) -> None:
    """One measured task, in this (fresh) process: prints seconds, output bytes and peak memory as JSON."""
    import folium
    import geopandas

    from corridor.atlas.load import load_atlas
    from corridor.exports.write import render_export
    from corridor.maps.render import MapAssets, build_map

    assets = MapAssets("/vendor/leaflet/leaflet.js", "/vendor/leaflet/leaflet.css", "/static/map.css")

    atlas = load_atlas(data)
    frames = [geopandas.read_file(data / f) for f in ("segments.geojson", "places.geojson")]

    def plain_map() -> bytes:
        m = folium.Map(tiles=None)
        m.default_js, m.default_css = [("leaflet", assets.leaflet_js)], [("leaflet_css", assets.leaflet_css)]
        for file in ("segments.geojson", "places.geojson"):
            folium.GeoJson(json.loads((data / file).read_text(encoding="utf-8"))).add_to(m)
        m.fit_bounds([[SOUTH, WEST], [NORTH, EAST]])
        return m.get_root().render().encode()

    def our_map() -> bytes:
        return build_map(atlas, assets=assets).get_root().render().encode()

    warm = name.startswith("warm ")  # as in a running server: the same work done once before, then timed
    name = name.removeprefix("warm ")
    if warm and name in ("map", "plain map"):
        (our_map if name == "map" else plain_map)()
    elif warm:
        render_export(atlas, name.split()[-1], "all")
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if name == "map":
        result = our_map()
    elif name == "plain map":
        result = plain_map()
    elif name.startswith("pyogrio "):
        write_seconds, result = bare_pyogrio(atlas, name.split()[1], output, zipped=name.endswith(" zipped"))
        started = time.perf_counter() - write_seconds  # only the writing counts
    elif name.startswith("plain "):
        path = output.with_suffix("." + name.split()[-1])
        for frame, layer in zip(frames, ("segments", "places"), strict=True):
            frame.to_file(path, layer=layer, driver="GPKG") if path.suffix == ".gpkg" else None
        if path.suffix == ".geojson":  # one file holds one layer: both, as one FeatureCollection
            geopandas.pd.concat(frames).to_file(path, driver="GeoJSON")
        result = path.read_bytes()
    else:
        result = render_export(atlas, name.split()[-1], "all")
    seconds = time.perf_counter() - started
    output.write_bytes(result)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "bytes": len(result),
                "peak_mb": peak_kb / 1024,
                "added_mb": (peak_kb - before_kb) / 1024,
            }
        )
    )


BARE_DRIVERS = {"gpkg": ("GPKG", "gpkg"), "shp": ("ESRI Shapefile", "shp"), "fgb": ("FlatGeobuf", "fgb")}


def bare_pyogrio(atlas: Any, format_name: str, output: Path, zipped: bool = False) -> tuple[float, bytes]:
    """The baseline for an export: the very layers it holds, already built as GeoDataFrames, written with
    bare pyogrio (no styles, relations or reproducibility fixes); `zipped`, the files then deflated into a zip.
    Times only the writing (and zipping)."""
    import pyogrio

    from corridor.exports.layers import select
    from corridor.exports.ogr import combined_layer, geopackage_layers, layer_frame

    selection = select(atlas, "all")
    layers = [combined_layer(selection)] if format_name == "fgb" else list(geopackage_layers(selection))
    if format_name == "shp":
        layers = [layer for layer in layers if layer.geometry_type]
    frames = [(layer.name, layer_frame(layer)) for layer in layers]
    driver, suffix = BARE_DRIVERS[format_name]
    folder = output.with_suffix(".d")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    started = time.perf_counter()
    for index, (layer, frame) in enumerate(frames):
        path = folder / (f"{layer}.{suffix}" if format_name != "gpkg" else f"all.{suffix}")
        pyogrio.write_dataframe(
            frame, path, layer=layer, driver=driver, use_arrow=True, append=bool(index) and format_name == "gpkg"
        )
    if zipped:  # and deflated into one zip, as the shapefile export is
        with zipfile.ZipFile(output.with_suffix(".zip"), "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.iterdir()):
                archive.write(path, path.name)
        seconds = time.perf_counter() - started
        return seconds, output.with_suffix(".zip").read_bytes()
    seconds = time.perf_counter() - started
    size = sum(f.stat().st_size for f in folder.iterdir())
    return seconds, b"\0" * size  # stands for the files' size


def measure(name: str, data: Path, output: Path, runs: int) -> dict[str, float]:
    """The fastest of `runs` fresh processes (time), with the output size and peak memory of that run."""
    results = []
    for _ in range(runs):
        command = [sys.executable, __file__, "--task", name, "--data", str(data), "--output", str(output)]
        done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return min(results, key=lambda r: r["seconds"])


def draw_ms(url: str, lines: int) -> float:
    """Milliseconds until `lines` lines are drawn in headless Chromium (cold cache)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url, wait_until="commit", timeout=180_000)
        drawn = page.wait_for_function(LINES_DRAWN, arg=lines, polling="raf", timeout=180_000).json_value()
        browser.close()
    return drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=4000)
    parser.add_argument("--segments", type=int, default=6000)
    parser.add_argument("--long-vertices", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="processes per task; the fastest counts")
    parser.add_argument("--exports-only", action="store_true", help="only the exports against bare pyogrio")
    parser.add_argument("--task", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.task:
        task(options.task, options.data, options.output)
        return
    with tempfile.TemporaryDirectory() as temp:
        data = generate(Path(temp), options.places, options.segments, options.long_vertices)
        pairs = [(f"{warm}export {f}", f"pyogrio {f}") for f in ("gpkg", "shp", "fgb") for warm in ("", "warm ")]
        pairs.append(("warm export shp", "pyogrio shp zipped"))  # not the goal's baseline: what the zip costs
        if not options.exports_only:
            pairs = [
                ("map", "plain map"),
                ("warm map", "warm plain map"),
                ("export gpkg", "plain gpkg"),
                ("export geojson", "plain geojson"),
                *pairs,
            ]
        results = {
            name: measure(name, data, Path(temp) / name.replace(" ", "-"), options.runs)
            for pair in dict.fromkeys(pairs)
            for name in pair
        }
        if options.exports_only:
            print_results(options, dict.fromkeys(pairs), results)
            return
        with server(static_dir=Path(temp)) as url:  # both pages answered as the app answers a map document
            for name in ("map", "plain-map"):
                (Path(temp) / f"{name}.html").write_bytes((Path(temp) / name).read_bytes())
                fetch(url, f"/maps/bench/{name}.html")
            drawn = {
                name: draw_ms(f"{url}/maps/bench/{name.replace(' ', '-')}.html", options.segments)
                for name in ("map", "plain map")
            }
    print_results(options, dict.fromkeys(pairs), results)
    print(
        f"\ndrawn in Chromium: map {drawn['map']:,.0f} ms, plain folium {drawn['plain map']:,.0f} ms "
        f"({ratio(drawn['map'], drawn['plain map'])})"
    )


def print_results(options: argparse.Namespace, pairs: dict, results: dict[str, dict[str, float]]) -> None:
    print(
        f"{options.places:,} places and {options.segments:,} segments, one of {options.long_vertices:,} vertices; "
        f"fastest of {options.runs} processes per task\n"
    )
    rows = []
    for ours, plain in pairs:
        a, b = results[ours], results[plain]
        rows.append(
            [
                ours,
                plain,
                f"{a['seconds']:.2f}",
                f"{b['seconds']:.2f}",
                ratio(a["seconds"], b["seconds"]),
                f"{a['bytes']:,}",
                f"{b['bytes']:,}",
                ratio(a["bytes"], b["bytes"]),
                f"{a['peak_mb']:.0f}",
                f"{b['peak_mb']:.0f}",
            ]
        )
    header = ["task", "against", "s", "plain s", "time ×", "bytes", "plain bytes", "size ×", "peak MB", "plain peak MB"]
    print_table(header, rows)


if __name__ == "__main__":
    main()
