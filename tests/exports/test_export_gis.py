"""Exports for GIS tools: reproducible bytes, styles, relations, typed KML, whole lists and types."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import subprocess
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import shapefile
from conftest import HOSTILE_TEXT

from corridor.atlas.load import load_atlas
from corridor.atlas.model import SegmentProperties
from corridor.exports.formats import ALL, EXPORT_FORMATS
from corridor.exports.layers import data_date, feature_layers, select
from corridor.exports.write import render_export


@pytest.fixture(scope="module")
def exports(atlas) -> dict[str, bytes]:
    return {name: render_export(atlas, name, "all") for name in EXPORT_FORMATS}


@pytest.mark.parametrize("format_name", list(EXPORT_FORMATS))
def test_the_same_data_version_gives_the_same_bytes_whenever_exported(atlas, exports, format_name):
    time.sleep(1.1)  # past a second (and a zip's two-second clock tick counted with the first export)
    assert render_export(atlas, format_name, "all") == exports[format_name]


@pytest.mark.parametrize("format_name", list(EXPORT_FORMATS))
def test_an_export_built_from_kept_tables_matches_one_built_from_fresh_data(atlas, format_name):
    key = next(iter(atlas.corridors))
    as_of = dt.date(2024, 1, 1)
    fresh = load_atlas(atlas.data_dir, atlas.seeds_dir)
    first = [render_export(fresh, format_name, k, d) for k, d in ((ALL, None), (key, None), (ALL, as_of))]
    again = [render_export(fresh, format_name, k, d) for k, d in ((ALL, None), (key, None), (ALL, as_of))]
    assert first == again
    assert select(fresh, key) is select(fresh, key)
    assert feature_layers(select(fresh, key, as_of)) is feature_layers(select(fresh, key, as_of))


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
    rows = (
        _gpkg(exports["gpkg"], tmp_path)
        .execute("SELECT f_table_name, f_geometry_column, useAsDefault, styleQML FROM layer_styles")
        .fetchall()
    )
    assert [(table, column, default) for table, column, default, _ in rows] == [
        ("corridors", "geom", 1),
        ("segments", "geom", 1),
        ("places", "geom", 1),
    ]
    for _, _, _, qml in rows:
        renderer = ET.fromstring(qml.split("\n", 1)[1]).find("renderer-v2")
        assert renderer.get("type") == "RuleRenderer" and renderer.find("rules/rule") is not None


def test_geopackage_declares_facts_related_to_each_layer_facts_name(atlas, exports, tmp_path):
    connection = _gpkg(exports["gpkg"], tmp_path)
    relations = connection.execute(
        "SELECT base_table_name, related_table_name, mapping_table_name FROM gpkgext_relations"
    ).fetchall()
    named = [kind for kind in ("corridors", "segments", "places") if atlas.facts_about(getattr(atlas, kind))]
    assert named == ["corridors", "places"], "no fact of the bundled data names a single segment"
    assert relations == [("facts", layer, f"facts_{layer}") for layer in named]
    for layer in named:
        (count,) = connection.execute(f"SELECT count(*) FROM facts_{layer}").fetchone()
        assert count == sum(1 for f in atlas.facts.values() for s in f.subjects if s in getattr(atlas, layer))
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


def test_a_long_list_in_a_dbf_is_cut_between_ids_and_whole_in_the_join_table(atlas, exports, tmp_path):
    _unzip(exports["shp"], tmp_path)
    with shapefile.Reader(str(tmp_path / "corridors.shp"), encoding="utf-8") as reader:
        lists = {r["id"]: r["segments"] for r in reader.records()}
    for corridor_id, text in lists.items():
        kept = text.split(";… [all in")[0].split(";")
        assert set(kept) <= set(atlas.corridors[corridor_id].segments), "every id whole"
        assert kept == atlas.corridors[corridor_id].segments[: len(kept)]
    with (tmp_path / "corridor_segments.csv").open(encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table))
    for corridor_id, corridor_record in atlas.corridors.items():
        ordered = sorted((int(r["position"]), r["segment_id"]) for r in rows if r["corridor_id"] == corridor_id)
        assert [s for _, s in ordered] == corridor_record.segments


def test_kml_types_its_data_gives_each_place_kind_an_icon_and_links_cited_references(atlas, exports):
    namespace = {"k": "http://www.opengis.net/kml/2.2"}
    document = ET.fromstring(exports["kml"])
    schemas = {
        s.get("id"): {f.get("name"): f.get("type") for f in s.findall("k:SimpleField", namespace)}
        for s in document.iter("{http://www.opengis.net/kml/2.2}Schema")
    }
    assert schemas["segments"]["gauge_mm"] == "int" and schemas["segments"]["published_length_km"] == "double"
    assert schemas["places"]["kind"] == "string"
    icons = {
        s.get("id"): s.find("k:IconStyle/k:Icon/k:href", namespace).text
        for s in document.iter("{http://www.opengis.net/kml/2.2}Style")
        if s.get("id", "").startswith("place-")
    }
    assert len(set(icons.values())) == len(icons) == 6, "one icon per kind of place"
    placemarks = list(document.iter("{http://www.opengis.net/kml/2.2}Placemark"))
    herat = next(p for p in placemarks if p.find("k:name", namespace).text == atlas.places["herat"].properties.name)
    assert herat.find("k:styleUrl", namespace).text == f"#place-{atlas.places['herat'].properties.kind}"
    data = herat.find("k:ExtendedData/k:SchemaData", namespace)
    assert data.get("schemaUrl") == "#places"
    cited = next(s for s in atlas.segments.values() if s.properties.gauge_cites)
    balloon = next(p for p in placemarks if p.find("k:name", namespace).text == cited.properties.name)
    url = atlas.references[cited.properties.gauge_cites[0]].url
    assert f'<a href="{url}">' in balloon.find("k:description", namespace).text


def test_geojson_lists_are_always_arrays_empty_ones_too(exports):
    features = json.loads(exports["geojson"])["features"]
    list_columns = {"aliases", "corridors", "countries", "segments", "subjects", "disputes"}
    seen_empty = False
    for feature in features:
        for name in list_columns & set(feature["properties"]):
            assert isinstance(feature["properties"][name], list), (feature["id"], name)
            seen_empty |= feature["properties"][name] == []
    assert seen_empty, "the data has empty lists, written as []"


def test_places_csv_starts_with_lon_and_lat(atlas, exports):
    rows = list(csv.DictReader(io.StringIO(exports["places-csv"].decode("utf-8"))))
    assert list(rows[0])[:3] == ["lon", "lat", "id"]
    herat = next(r for r in rows if r["id"] == "herat")
    assert (float(herat["lon"]), float(herat["lat"])) == tuple(atlas.places["herat"].geometry.coordinates)


def test_geopackage_describes_every_column_with_the_model_s_words(exports, tmp_path):
    connection = _gpkg(exports["gpkg"], tmp_path)
    described = dict(
        connection.execute(
            "SELECT column_name, description FROM gpkg_data_columns WHERE table_name = 'segments'"
        ).fetchall()
    )
    assert described["gauge_mm"] == SegmentProperties.model_fields["gauge_mm"].description
    assert described["length_km"].startswith("Geodesic length")
    result = subprocess.run(
        ["ogrinfo", "-ro", "-so", str(tmp_path / "export.gpkg"), "segments"], capture_output=True, text=True, check=True
    )
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("name", "format_name"),
    [("p.places.csv", "places-csv"), ("f.csv", "csv"), ("c.fgb", "fgb"), ("c.parquet", "parquet")],
)
def test_export_command_takes_the_longest_extension_it_knows(runner, tmp_path, name, format_name):
    from corridor_web.cli import main

    result = runner.invoke(main, ["export", "-o", str(tmp_path / name)])
    assert result.exit_code == 0, result.output
    assert EXPORT_FORMATS[format_name].description in result.output


def test_every_geojson_feature_has_a_name_and_a_description_for_web_tools(atlas, exports):
    features = json.loads(exports["geojson"])["features"]
    assert features and all(
        isinstance(f["properties"]["name"], str)
        and f["properties"]["name"]
        and isinstance(f["properties"]["description"], str)
        and len(f["properties"]["description"]) > len(f["properties"]["name"]) // 2
        for f in features
    )
    by_id = {f["id"]: f["properties"] for f in features}
    fact = next(iter(atlas.facts.values()))
    assert fact.quote in by_id[fact.id]["description"] and by_id[fact.id]["name"].rstrip("…") in fact.statement
    herat = by_id["herat"]
    assert herat["name"] == "Herat" and "Afghanistan" in herat["description"]
    segment = next(iter(atlas.segments.values()))
    assert segment.properties.status in by_id[segment.id]["description"]


def test_qgis_project_keeps_a_hostile_corridor_name_as_text(data_copy, edit_json):
    def poison(corridors: list[dict]) -> None:
        corridors[0]["name"] = HOSTILE_TEXT

    edit_json(data_copy / "corridors.json", poison)
    atlas = load_atlas(data_copy)
    key = next(iter(atlas.corridors))
    with zipfile.ZipFile(io.BytesIO(render_export(atlas, "qgz", key))) as archive:
        (name,) = archive.namelist()
        project = ET.fromstring(archive.read(name).decode().split("\n", 1)[1])
    assert project.findtext("title") == HOSTILE_TEXT
    labels = [item.get("labelText") for item in project.iter("LayoutItem") if item.get("labelText")]
    assert HOSTILE_TEXT in labels, "the layout's title, as text"
