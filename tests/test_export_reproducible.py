"""Exports are reproducible and carry their styles, relations and types for GIS tools."""

from __future__ import annotations

import io
import sqlite3
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import shapefile

from corridor.export import render_export
from corridor.export_layers import data_date
from corridor.formats import EXPORT_FORMATS


@pytest.fixture(scope="module")
def exports(atlas) -> dict[str, bytes]:
    return {name: render_export(atlas, name, "all") for name in EXPORT_FORMATS}


@pytest.mark.parametrize("format_name", list(EXPORT_FORMATS))
def test_the_same_data_version_gives_the_same_bytes_whenever_exported(atlas, exports, format_name):
    time.sleep(1.1)  # past a second (and a zip's two-second clock tick counted with the first export)
    assert render_export(atlas, format_name, "all") == exports[format_name]


def test_data_date_is_the_newest_date_the_data_states(atlas):
    stated = [s.date for s in atlas.sources.values() if s.date] + [f.date for f in atlas.facts.values() if f.date]
    assert data_date(atlas) == max(stated)


def _unzip(data: bytes, folder: Path) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(data))
    archive.extractall(folder)
    return archive


def test_zip_members_dbf_headers_and_readme_carry_the_data_date_and_version(atlas, exports, tmp_path):
    day = data_date(atlas)
    archive = _unzip(exports["shp"], tmp_path)
    assert {info.date_time for info in archive.infolist()} == {(day.year, day.month, day.day, 0, 0, 0)}
    for layer in ("corridors", "segments", "places"):
        header = (tmp_path / f"{layer}.dbf").read_bytes()[1:4]
        assert tuple(header) == (day.year - 1900, day.month, day.day), layer
    readme = (tmp_path / "README.txt").read_text(encoding="utf-8")
    assert f"Data version: {atlas.version}" in readme and f"Data date: {day.isoformat()}" in readme
    assert "Exported:" not in readme


def _gpkg(data: bytes, tmp_path: Path) -> sqlite3.Connection:
    path = tmp_path / "export.gpkg"
    path.write_bytes(data)
    return sqlite3.connect(path)


def test_geopackage_tables_are_stamped_with_the_data_date(atlas, exports, tmp_path):
    stamps = {row[0] for row in _gpkg(exports["gpkg"], tmp_path).execute("SELECT last_change FROM gpkg_contents")}
    assert stamps == {f"{data_date(atlas).isoformat()}T00:00:00.000Z"}


def test_geopackage_holds_the_map_style_of_each_layer_as_qgis_default(exports, tmp_path):
    rows = _gpkg(exports["gpkg"], tmp_path).execute(
        "SELECT f_table_name, f_geometry_column, useAsDefault, styleQML FROM layer_styles"
    ).fetchall()
    assert [(table, column, default) for table, column, default, _ in rows] == [
        ("corridors", "geom", 1), ("segments", "geom", 1), ("places", "geom", 1)
    ]
    for _, _, _, qml in rows:
        renderer = ET.fromstring(qml.split("\n", 1)[1]).find("renderer-v2")
        assert renderer.get("type") == "RuleRenderer" and renderer.find("rules/rule") is not None


def test_geopackage_declares_facts_related_to_corridors_segments_and_places(atlas, exports, tmp_path):
    connection = _gpkg(exports["gpkg"], tmp_path)
    relations = connection.execute(
        "SELECT base_table_name, related_table_name, mapping_table_name FROM gpkgext_relations"
    ).fetchall()
    assert relations == [("facts", layer, f"facts_{layer}") for layer in ("corridors", "segments", "places")]
    pairs = connection.execute(
        "SELECT f.id, p.id FROM facts_places m JOIN facts f ON f.fid = m.base_id JOIN places p ON p.fid = m.related_id"
    ).fetchall()
    expected = {(f.id, s) for f in atlas.facts.values() for s in f.subjects if s in atlas.places}
    assert set(pairs) == expected and expected


def test_shapefile_zip_has_a_qgis_style_beside_each_layer_naming_dbf_fields(exports, tmp_path):
    _unzip(exports["shp"], tmp_path)
    for layer in ("corridors", "segments", "places"):
        qml = (tmp_path / f"{layer}.qml").read_text(encoding="utf-8")
        assert "RuleRenderer" in qml
    assert '"pub_len_km"' not in (tmp_path / "segments.qml").read_text()  # only fields the rules use
    assert "&quot;status&quot;" in (tmp_path / "segments.qml").read_text()


def test_dbf_numbers_are_rounded_to_two_decimals(atlas, exports, tmp_path):
    _unzip(exports["shp"], tmp_path)
    with shapefile.Reader(str(tmp_path / "segments.shp"), encoding="utf-8") as reader:
        fields = {name: (kind, decimals) for name, kind, _, decimals in reader.fields[1:]}
        assert fields["length_km"] == ("N", 2) and fields["pub_len_km"] == ("N", 2)
        assert fields["gauge_mm"][0] == "N" and fields["gauge_mm"][1] == 0
        published = {r["id"]: r["pub_len_km"] for r in reader.records()}
    assert published["mastung-gwadar-port"] == atlas.segments["mastung-gwadar-port"].properties.published_length_km
    raw = (tmp_path / "segments.dbf").read_bytes()
    assert b"93.51" in raw and b"93.5100000" not in raw, "no float noise such as 93.510000000000005"
