"""Each export checked by its own standard's validator and read back whole by the readers its users have."""

from __future__ import annotations

import html
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from shapely import from_wkb
from shapely.geometry import box

from corridor.exports.formats import ALL
from corridor.exports.write import render_export
from gis.clients import require, run_client


@pytest.fixture(scope="module")
def geoparquet(atlas) -> bytes:
    return render_export(atlas, "parquet", ALL)


def geoparquet_report(data: bytes) -> dict[str, Any]:
    try:
        import geoparquet_validator
    except ImportError:
        require(False, "geoparquet-validator", "pip install -e '.[test]'")
    return geoparquet_validator.check_bytes("corridor-all.parquet", data)


def test_geoparquet_passes_the_validator_with_a_bbox_covering(geoparquet):
    report = geoparquet_report(geoparquet)
    outcomes = {o["id"]: o["status"] for o in report["outcomes"]}
    assert [o for o in report["outcomes"] if o["status"] == "fail"] == []
    covering = {test: status for test, status in outcomes.items() if test.startswith("/conf/covering/")}
    assert covering and set(covering.values()) == {"pass"}, "the covering class is claimed and met"
    assert outcomes["/conf/distribution/geospatial-statistics"] == "pass"


def test_geoparquet_declares_version_1_1_and_its_bbox_column(geoparquet):
    schema = pq.read_schema(io.BytesIO(geoparquet))
    geo = json.loads(schema.metadata[b"geo"])
    assert geo["version"] == "1.1.0"
    assert geo["columns"]["geometry"]["covering"] == {
        "bbox": {"xmin": ["bbox", "xmin"], "ymin": ["bbox", "ymin"], "xmax": ["bbox", "xmax"], "ymax": ["bbox", "ymax"]}
    }
    assert set(schema.metadata) == {b"geo", b"license"}, "no pandas metadata that only some pandas versions read"


def test_geopandas_reads_the_geoparquet_back_with_lists(geoparquet, atlas):
    frame = gpd.read_parquet(io.BytesIO(geoparquet)).set_index("id")
    assert frame.crs.to_epsg() == 4326
    assert sorted(frame.index[frame["layer"] == "places"]) == sorted(atlas.places)
    assert list(frame.loc["herat", "aliases"]) == atlas.places["herat"].properties.aliases
    segment_id = next(iter(atlas.segments))
    assert list(frame.loc[segment_id, "corridors"]) == atlas.segments[segment_id].properties.corridors


# Herat and the lines around it (west, south, east, north).
HERAT_BOX = (61.0, 33.0, 63.5, 35.5)


def test_geopandas_reads_only_the_features_in_a_box_through_the_covering(geoparquet, atlas):
    frame = gpd.read_parquet(io.BytesIO(geoparquet), bbox=HERAT_BOX)
    assert "herat" in set(frame["id"]) and "karachi" not in set(frame["id"])
    assert frame.geometry.intersects(box(*HERAT_BOX)).any()


def test_pyarrow_reads_each_feature_s_bbox_as_its_bounds(geoparquet, atlas):
    table = pq.read_table(io.BytesIO(geoparquet), columns=["id", "bbox", "geometry"])
    for row in table.to_pylist():
        west, south, east, north = from_wkb(row["geometry"]).bounds
        assert row["bbox"] == pytest.approx({"xmin": west, "ymin": south, "xmax": east, "ymax": north}, rel=1e-6)
    west, south, east, north = HERAT_BOX
    inside = pq.read_table(
        io.BytesIO(geoparquet),
        filters=(pc.field("bbox", "xmax") >= west)
        & (pc.field("bbox", "xmin") <= east)
        & (pc.field("bbox", "ymax") >= south)
        & (pc.field("bbox", "ymin") <= north),
    )
    assert "herat" in inside.column("id").to_pylist() and "karachi" not in inside.column("id").to_pylist()


KML_SCHEMA = Path(__file__).with_name("schemas") / "ogckml22.xsd"


@pytest.fixture(scope="module")
def kml_schema() -> Any:
    try:
        import xmlschema
    except ImportError:
        require(False, "xmlschema", "pip install -e '.[test]'")
    return xmlschema.XMLSchema(str(KML_SCHEMA))


@pytest.mark.parametrize("key", [ALL, "chaman-onward"])
def test_kml_validates_against_the_ogc_kml_2_2_schema(kml_schema, atlas, key):
    document = render_export(atlas, "kml", key).decode()
    errors = [f"{error.path}: {error.reason}" for error in kml_schema.iter_errors(document)]
    assert errors == []


def test_kml_with_hostile_text_still_validates(kml_schema, hostile_data):
    from corridor.atlas.load import load_atlas

    hostile = load_atlas(hostile_data, hostile_data.parent / "seeds")
    assert kml_schema.is_valid(render_export(hostile, "kml", ALL).decode())


def test_kml_puts_facts_about_countries_and_relations_in_their_own_folder(atlas):
    root = ET.fromstring(render_export(atlas, "kml", ALL))
    namespace = {"k": "http://www.opengis.net/kml/2.2"}
    folders = {f.findtext("k:name", namespaces=namespace): f for f in root.iterfind("k:Document/k:Folder", namespace)}
    assert list(folders) == ["Corridors", "Segments", "Places", "Countries and relations"]
    topics = folders["Countries and relations"].findall("k:Placemark", namespace)
    expected = [t for t in atlas.topics.values() if atlas.facts_about([t.id])]
    assert [p.findtext("k:name", namespaces=namespace) for p in topics] == [t.name for t in expected]
    for placemark, topic in zip(topics, expected, strict=True):
        assert placemark.find("k:Point", namespace) is None, "a relation has no place on the map"
        balloon = placemark.findtext("k:description", namespaces=namespace)
        assert all(f.quote in html.unescape(balloon) for f in atlas.facts_about([topic.id]))


SYSTEM_PYTHON = "/usr/bin/python3"
VALIDATE_GPKG = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")
"""GDAL's GeoPackage validator, as Debian's python3-gdal (a dependency of gdal-bin) installs it."""


@pytest.mark.parametrize("key", [ALL, "turghundi-herat-spin-boldak"])
def test_geopackage_passes_gdal_s_validate_gpkg_with_extra_checks_and_no_warning(atlas, tmp_path, key):
    require(VALIDATE_GPKG.exists(), "GDAL's validate_gpkg.py", "apt-get install gdal-bin")
    path = tmp_path / "corridor.gpkg"
    path.write_bytes(render_export(atlas, "gpkg", key))
    result = run_client(SYSTEM_PYTHON, str(VALIDATE_GPKG), "-k", "--extra", "--warning-as-error", str(path))
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_gdal_lists_the_geopackage_s_relations_with_their_mapping_tables(atlas, tmp_path):
    require(VALIDATE_GPKG.exists(), "GDAL's Python bindings", "apt-get install gdal-bin")
    path = tmp_path / "corridor.gpkg"
    path.write_bytes(render_export(atlas, "gpkg", ALL))
    code = (
        "import sys, json\nfrom osgeo import gdal\nds = gdal.OpenEx(sys.argv[1])\n"
        "print(json.dumps({n: [ds.GetRelationship(n).GetRightTableName(), ds.GetRelationship(n).GetMappingTableName(),"
        " ds.GetLayerByName(ds.GetRelationship(n).GetMappingTableName()).GetFeatureCount()]"
        " for n in ds.GetRelationshipNames()}))"
    )
    result = run_client(SYSTEM_PYTHON, "-c", code, str(path))
    assert result.returncode == 0, result.stderr
    relations = json.loads(result.stdout)
    assert {right: (table, count) for right, table, count in relations.values()} == {
        "corridors": (
            "facts_corridors",
            sum(1 for f in atlas.facts.values() for s in f.subjects if s in atlas.corridors),
        ),
        "places": ("facts_places", sum(1 for f in atlas.facts.values() for s in f.subjects if s in atlas.places)),
    }
