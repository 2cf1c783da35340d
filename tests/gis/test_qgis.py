"""Real QGIS (Debian's python3-qgis, headless) loads every collection of the live OGC API as a layer."""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from corridor.api.ogc.features import COLLECTIONS, client_values
from corridor.api.ogc.schemas import collection_schema
from corridor.api.records import SiteUrls, records_of
from corridor.atlas.geometry import gauge_breaks
from corridor.exports.write import render_export
from gis.clients import local_env, require, run_client

SYSTEM_PYTHON = "/usr/bin/python3"
LOADER = Path(__file__).with_name("qgis_load.py")
STYLES = Path(__file__).with_name("qgis_styles.py")
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
            assert segments["drawn_by"][label] == count, label
            symbols[name] = segments["symbol_layers"][label]
        plain, cased = symbols.values()
        assert len(plain) == 1 and len(cased) == 2 and cased[0][1] > cased[1][1] == plain[0][1]
