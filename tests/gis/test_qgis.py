"""Real QGIS (Debian's python3-qgis, headless) loads every collection of the live OGC API as a layer."""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest
from shapely.geometry import LineString

from corridor.api.ogc.features import COLLECTIONS, client_values
from corridor.api.ogc.schemas import collection_schema
from corridor.api.records import SiteUrls, records_of
from corridor.atlas.geometry import gauge_breaks
from corridor.display.captions import caption_date, credit_line, map_title
from corridor.display.vocab import PLACE_KIND, corridor_colour
from corridor.exports.formats import ALL, EXPORT_FORMATS, download_name
from corridor.exports.layers import select
from corridor.exports.qgis_project import PAGE_MM, map_extent, map_frame
from corridor.exports.styles import SPATIAL_LAYERS, mapped_layers
from corridor.exports.write import render_export
from gis.clients import local_env, require, run_client

SYSTEM_PYTHON = "/usr/bin/python3"
LOADER = Path(__file__).with_name("qgis_load.py")
STYLES = Path(__file__).with_name("qgis_styles.py")
PROJECT = Path(__file__).with_name("qgis_project.py")
QGIS_NUMBER_TYPES = {"integer": {"Integer", "Integer64", "int", "int8"}, "number": {"Real", "double"}}


def has_qgis() -> bool:
    if not os.path.exists(SYSTEM_PYTHON):
        return False
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True, check=False)
    return probe.returncode == 0


def qgis_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    runtime = tmp_path_factory.mktemp("xdg-runtime")
    runtime.chmod(0o700)
    return local_env() | {"QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(runtime)}


@pytest.fixture(scope="module")
def qgis_layers(ogc_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What QGIS made of each collection: validity, feature count, field types, ids, numeric values."""
    require(has_qgis(), "QGIS (python3-qgis)", "apt-get install python3-qgis")
    env = qgis_env(tmp_path_factory)
    result = run_client(SYSTEM_PYTHON, str(LOADER), ogc_url, *COLLECTIONS, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_qgis_loads_every_feature_of_each_collection(qgis_layers, atlas, collection):
    layer = qgis_layers[collection]
    assert layer["valid"], layer.get("error")
    expected = len(getattr(atlas, collection))
    assert layer["count"] == layer["fetched"] == expected
    assert sorted(layer["ids"]) == sorted(getattr(atlas, collection))


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_qgis_types_numeric_fields_as_numbers(qgis_layers, collection):
    layer = qgis_layers[collection]
    schema = collection_schema("-", collection)["properties"]["properties"]["properties"]
    numeric = {name: prop["type"] for name, prop in schema.items() if prop["type"] in QGIS_NUMBER_TYPES}
    for name, json_type in numeric.items():
        assert layer["fields"][name] in QGIS_NUMBER_TYPES[json_type], (name, layer["fields"][name])
        assert layer["numbers"][name], f"QGIS read numbers in {name}"


def test_qgis_reads_published_lengths_as_numbers(qgis_layers, atlas):
    lengths = (s.properties.published_length_km for s in atlas.segments.values())
    published = sorted(length for length in lengths if length is not None)
    assert sorted(qgis_layers["segments"]["numbers"]["published_length_km"]) == published


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_qgis_reads_a_value_in_every_field_the_data_fills(qgis_layers, atlas, collection):
    layer = qgis_layers[collection]
    records = records_of(atlas, collection, SiteUrls("-"))
    for name, type_name in layer["fields"].items():
        assert type_name != "JSON", f"{collection}.{name}: QGIS 3.22 shows a JSON field as NULL"
        served = [client_values(r.properties) | {"id": r.id} for r in records.values()]
        in_data = sum(1 for values in served if values.get(name) is not None)
        assert layer["filled"][name] == in_data, f"{collection}.{name}"


def test_qgis_reads_each_place_s_facts_with_their_quotes(qgis_layers, atlas):
    texts = qgis_layers["places"]["texts"]
    with_facts = [p for p in atlas.places if atlas.facts_about([p])]
    assert with_facts
    for place_id in with_facts:
        facts = json.loads(texts[place_id]["facts"])
        assert [f["quote"] for f in facts] == [f.quote for f in atlas.facts_about([place_id])]
    disputed = next(f for f in atlas.facts.values() if f.disputes)
    assert qgis_layers["facts"]["texts"][disputed.id]["disputes"] == disputed.disputes


def test_qgis_opens_the_geopackage_and_shapefiles_with_the_map_styles(atlas, tmp_path, tmp_path_factory):
    require(has_qgis(), "QGIS (python3-qgis)", "apt-get install python3-qgis")
    gpkg = tmp_path / "corridor.gpkg"
    gpkg.write_bytes(render_export(atlas, "gpkg", "all"))
    with zipfile.ZipFile(io.BytesIO(render_export(atlas, "shp", "all"))) as archive:
        archive.extractall(tmp_path / "shp")
    uris = [f"{gpkg}|layername={layer}" for layer in ("corridors", "segments", "places")]
    uris += [str(tmp_path / "shp" / f"{layer}.shp") for layer in ("corridors", "segments", "places")]
    result = run_client(SYSTEM_PYTHON, str(STYLES), *uris, env=qgis_env(tmp_path_factory), timeout=300)
    assert result.returncode == 0, result.stderr
    opened = json.loads(result.stdout.strip().splitlines()[-1])
    for uri, layer in opened.items():
        assert layer["valid"] and layer["renderer"] == "RuleRenderer", uri
        assert layer["drawn"] == layer["count"] > 0, f"every feature of {uri} is drawn by one of the styles' rules"
    breaks = gauge_breaks(atlas.segments.values())
    assert breaks, "the bundled lines change gauge somewhere (or meet a line of undecided gauge)"
    ring = {True: "gauge break", False: "possible gauge break (gauge undecided)"}
    rings = {label: sum(1 for b in breaks if ring[b.certain] == label) for label in ring.values()}
    at_breaks = {atlas.places[b.place_id].properties.name for b in breaks}
    key = {p.properties.name for p in atlas.places.values() if p.properties.kind in ("sea_port", "city")}
    plain_stations = {
        p.properties.name
        for p in atlas.places.values()
        if p.properties.kind == "station" and p.properties.name not in at_breaks
    }
    for places in (opened[uris[2]], opened[uris[5]]):  # the GeoPackage's and the shapefile's
        # Drawn from the least to the most important kind: no port or crossing is hidden under a station.
        assert places["rules"][:6] == ["station", "town", "city", "border crossing", "dry port", "sea port"]
        assert {label: places["drawn_by"].get(label, 0) for label in ring.values()} == rings, "a ring at each break"
        named = set(places["named"])
        assert at_breaks | key <= named and not named & plain_stations, "key places are named, stations are not"
    uap = atlas.corridors["uzbekistan-afghanistan-pakistan"].name
    for segments in (opened[uris[1]], opened[uris[4]]):
        # Each alternative route drawn by its own rule, with its own symbol: one plain, one over a casing.
        symbols = {}
        for name in atlas.index.alternatives["uzbekistan-afghanistan-pakistan"]:
            label = f"{uap}: proposed, schematic, alternative route {name}"
            count = sum(1 for s in atlas.segments.values() if s.properties.variant == name)
            assert segments["leaf_drawn_by"][label] == count, label
            symbols[name] = segments["symbol_layers"][label]
        plain, cased = symbols.values()
        assert len(plain) == 1 and len(cased) == 2 and cased[0][1] > cased[1][1] == plain[0][1]


@pytest.fixture(scope="module")
def qgis_project(atlas, tmp_path_factory) -> tuple[dict, Path]:
    """The QGIS project export saved beside the GeoPackage export, as the docs say, opened by real QGIS, which
    writes its print layout as PNG and PDF."""
    require(has_qgis(), "QGIS (python3-qgis)", "apt-get install python3-qgis")
    folder = tmp_path_factory.mktemp("qgz")
    for name in ("gpkg", "qgz"):
        (folder / download_name(ALL, EXPORT_FORMATS[name])).write_bytes(render_export(atlas, name, ALL))
    project = folder / download_name(ALL, EXPORT_FORMATS["qgz"])
    outputs = (str(folder / "layout.png"), str(folder / "layout.pdf"))
    result = run_client(
        SYSTEM_PYTHON, str(PROJECT), str(project), *outputs, env=qgis_env(tmp_path_factory), timeout=300
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), folder


def test_qgis_project_opens_every_layer_of_the_geopackage_beside_it_styled(qgis_project, atlas):
    opened, folder = qgis_project
    selection = select(atlas, ALL)
    assert opened["read"] and opened["title"] == map_title(atlas, None)
    extent = map_extent(selection, *map_frame()[2:])
    *view, crs = opened["view"]
    assert view == pytest.approx(list(extent)) and crs == "EPSG:4326", "the project's default view is the layout's"
    west, south, east, north = opened["canvas"]  # the map window, as wide as its widget: the same height
    assert (south, north) == pytest.approx(extent[1::2]) and west <= extent[0] and east >= extent[2]
    expected = {"corridors": len(selection.corridors), "segments": len(selection.segments)}
    expected |= {"places": len(selection.place_ids), "facts": len(selection.facts)}
    layers = opened["layers"]
    assert set(layers) == {*expected, *(f"facts_{layer}" for layer in mapped_layers(selection))}
    for name, layer in layers.items():
        assert layer["valid"], name
        assert layer["source"].startswith(str(folder / "corridor-all.gpkg")), "the GeoPackage beside the project"
        assert layer["count"] == expected.get(name, layer["count"]) > 0, name
    assert {name for name, layer in layers.items() if layer["renderer"] == "RuleRenderer"} == {*SPATIAL_LAYERS}
    assert [name for name, layer in layers.items() if layer["labelled"]] == ["places"]


def test_qgis_project_relates_facts_to_the_corridors_and_places_they_name(qgis_project, atlas):
    relations = qgis_project[0]["relations"]
    mapped = mapped_layers(select(atlas, ALL))
    assert mapped == ["corridors", "places"], "no article names a single segment, so no facts_segments table"
    assert {(r["referencing"], r["referenced"]) for r in relations.values()} == {
        pair for layer in mapped for pair in ((f"facts_{layer}", "facts"), (f"facts_{layer}", layer))
    }
    for relation in relations.values():
        assert relation["valid"] and relation["children_of_first_parent"] > 0, relation
    # Why the project declares them: QGIS 3.22's OGR provider discovers no relation in a GeoPackage (a later
    # QGIS with GDAL 3.6 reads the Related Tables Extension; then this says so).
    assert qgis_project[0]["discovered"] == 0


def test_qgis_project_prints_a_layout_titled_and_dated_like_the_png(qgis_project, atlas):
    opened, folder = qgis_project
    words = [map_title(atlas, None), caption_date(atlas, None), credit_line(atlas)]
    assert sorted(opened["labels"]) == sorted(words)
    assert opened["png"] and opened["pdf"]
    printed = run_client("pdftotext", "-layout", str(folder / "layout.pdf"), "-").stdout
    assert all(text in printed for text in words), "the title, date and credit line are printed as text"
    kinds = {kind for kind, style in PLACE_KIND.items() if style.key or kind == "city"}
    key = {p.properties.name for p in atlas.places.values() if p.properties.kind in kinds}
    named = {name for name in key if name in printed}
    assert len(named) >= len(key) * 3 // 4, f"the key places are named on the map; missing: {key - named}"


def _inks(pixels: np.ndarray, colours: dict[str, str]) -> dict[str, int]:
    """How many strongly coloured pixels are nearest to each colour (antialiased edges and pale bands left out)."""
    coloured = pixels[pixels.max(axis=1) - pixels.min(axis=1) > 80].astype(float)
    table = np.array([[int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)] for hex_colour in colours.values()])
    nearest = np.linalg.norm(coloured[:, None, :] - table[None], axis=2).argmin(axis=1)
    return {name: int((nearest == index).sum()) for index, name in enumerate(colours)}


def test_qgis_project_layout_draws_each_corridor_in_its_colour_and_shared_legs_side_by_side(qgis_project, atlas):
    from PIL import Image

    opened, folder = qgis_project
    image = Image.open(folder / "layout.png").convert("RGB")
    pixels = np.asarray(image)
    assert (pixels[::4, ::4].min(axis=2) < 128).mean() > 0.005, "the layout is not blank"
    colours = {c: corridor_colour(c) for c in atlas.corridors}
    everywhere = _inks(pixels[::4, ::4].reshape(-1, 3), colours)  # every 4th pixel both ways: plenty, and fast
    assert all(count > 100 for count in everywhere.values()), everywhere
    selection = select(atlas, ALL)
    shared = [s for s in selection.segments if len(s.properties.corridors) > 1]
    longest = max(shared, key=lambda s: LineString(s.geometry.coordinates).length)
    mm = image.width / PAGE_MM[0]
    left, top, width, height = map_frame()
    west, south, east, north = map_extent(selection, width, height)
    middle = LineString(longest.geometry.coordinates).interpolate(0.5, normalized=True)
    x = round((left + (middle.x - west) / (east - west) * width) * mm)
    y = round((top + (north - middle.y) / (north - south) * height) * mm)
    around = _inks(pixels[y - 60 : y + 60, x - 60 : x + 60].reshape(-1, 3), colours)
    total = sum(around.values())
    for corridor_id, count in around.items():
        if corridor_id in longest.properties.corridors:
            assert count > total / 4, f"{corridor_id}'s copy of the shared leg {longest.id} shows: {around}"
        else:
            assert count < total / 50, f"{corridor_id} does not run along {longest.id}: {around}"


def test_qgis_3_22_styles_a_zipped_shapefile_only_from_a_file_beside_the_zip(atlas, tmp_path, tmp_path_factory):
    """What the docs say of opening the shapefile zip without unzipping it: QGIS looks for the default style of
    a layer read through /vsizip/ outside the zip, beside it and named after it, never inside; so the zip's
    own .qml files style the shapefiles only once unzipped (tested above), and a single download cannot
    carry its style into QGIS 3.22. If a later QGIS reads the zip's own .qml, this test says so."""
    require(has_qgis(), "QGIS (python3-qgis)", "apt-get install python3-qgis")
    archive = tmp_path / download_name(ALL, EXPORT_FORMATS["shp"])
    archive.write_bytes(render_export(atlas, "shp", ALL))
    uris = [f"/vsizip/{archive}/{layer}.shp" for layer in SPATIAL_LAYERS]
    result = run_client(SYSTEM_PYTHON, str(STYLES), *uris, env=qgis_env(tmp_path_factory), timeout=300)
    assert result.returncode == 0, result.stderr
    opened = json.loads(result.stdout.strip().splitlines()[-1])
    for uri, layer in opened.items():
        assert layer["valid"] and layer["count"] > 0, uri
        assert layer["style_uri"] == str(tmp_path / "corridor-all.qml"), "beside the zip, named after it"
        assert layer["renderer"] != "RuleRenderer", "the .qml files inside the zip are not read"
