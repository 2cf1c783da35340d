"""Exports read back with independent readers: pyshp, GDAL's ogrinfo, csv and json from the standard library."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import markupsafe
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import shapefile
from shapely import from_wkb, wkt
from shapely.geometry import LineString, MultiLineString, Point, shape
from shapely.geometry.base import BaseGeometry

from corridor.atlas.geometry import segment_length_km, shared_track_km
from corridor.atlas.load import Atlas, load_atlas
from corridor.atlas.model import PlaceProperties, SegmentProperties
from corridor.display.vocab import corridor_colour
from corridor.exports.formats import EXPORT_FORMATS, download_name
from corridor.exports.layers import ALL, CORRIDOR_COLUMNS, FACT_COLUMNS, PLACE_COLUMNS, SEGMENT_COLUMNS
from corridor.exports.shapefile import DBF_TEXT_BYTES, LONG_TEXT_MARKER, SHAPEFILE_FIELDS, SHAPEFILE_PARTS
from corridor.exports.write import write_export
from corridor_web.cli import main

SHAPEFILE_NAMES = {dbf: prop for prop, dbf in SHAPEFILE_FIELDS.items()}
FEATURE_START = re.compile(r"^OGRFeature\((?P<layer>[^)]*)\):-?\d+$")
FIELD_LINE = re.compile(r"^  (?P<name>\w+) \((?P<type>\w+(?:\(\w+\))?)\) = (?P<value>.*)$")
GEOMETRY_LINE = re.compile(r"^  (POINT|LINESTRING|MULTILINESTRING) ")
OGR_LIST = re.compile(r"^\(\d+:(?P<items>.*)\)$")


def run_ogrinfo(*args: str) -> str:
    """ogrinfo's output; GDAL must open the file without a warning or an error."""
    result = subprocess.run(["ogrinfo", "-ro", *args], capture_output=True, text=True, check=True)
    assert result.stderr == "", result.stderr
    return result.stdout


def _ogr_value(kind: str, value: str) -> str | None:
    if value == "(null)":
        return None
    if kind == "String(JSON)":  # GDAL's type for a GeoJSON member that is only ever []
        return ";".join(json.loads(value)) or None
    listed = OGR_LIST.match(value) if kind.endswith("List") else None
    return (listed["items"].replace(",", ";") or None) if listed else value


def ogr_features(path: Path, *layers: str) -> dict[str, list[dict]]:
    """Every feature ogrinfo prints, by layer: attribute text by field name and the geometry under `wkt`."""
    features: dict[str, list[dict]] = {}
    current: dict = {}
    last = ""
    for line in run_ogrinfo("-al", "-q", str(path), *layers).splitlines():
        if start := FEATURE_START.match(line):
            current = {}
            features.setdefault(start["layer"], []).append(current)
        elif match := FIELD_LINE.match(line):
            last = match["name"]
            current[last] = _ogr_value(match["type"], match["value"])
        elif GEOMETRY_LINE.match(line):
            current["wkt"] = wkt.loads(line.strip())
        elif line.startswith("Layer name: "):
            current = {}
        elif current and line and not line.startswith("  Style = "):
            current[last] += "\n" + line  # a value that spans lines
    return features


def ogr_schema(path: Path, layer: str) -> dict[str, str]:
    """Field name -> OGR type from ogrinfo's layer summary."""
    return dict(re.findall(r"^(\w+): (\w+) \(", run_ogrinfo("-so", str(path), layer), flags=re.MULTILINE))


@dataclass
class Readback:
    """What an independent reader found: attributes as text by id, geometries by id, every fact quote."""

    segments: dict[str, dict] = field(default_factory=dict)
    places: dict[str, dict] = field(default_factory=dict)
    corridors: dict[str, dict] = field(default_factory=dict)
    quotes: dict[str, str] = field(default_factory=dict)
    geometries: dict[str, BaseGeometry] = field(default_factory=dict)


def _by_id(rows: list[dict], readback: Readback, layer: str) -> None:
    for row in rows:
        getattr(readback, layer)[row["id"]] = row
        if "wkt" in row:
            readback.geometries[row["id"]] = row["wkt"]


def _pyshp_rows(path: Path) -> list[dict]:
    with shapefile.Reader(str(path), encoding="utf-8") as reader:
        rows = []
        for shape_record in reader.iterShapeRecords():
            record = shape_record.record.as_dict()
            row = {
                SHAPEFILE_NAMES[k]: None if v in (None, "") else str(v) for k, v in record.items()
            }  # DBF: no null text
            row["wkt"] = shape(shape_record.shape.__geo_interface__)
            rows.append(row)
        return rows


def read_shapefile_zip(path: Path) -> Readback:
    """pyshp for the shapefiles (ogrinfo must agree on every id), csv for the facts table."""
    folder = path.parent / "unzipped"
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    readback = Readback()
    for layer in ("segments", "places", "corridors"):
        rows = _pyshp_rows(folder / f"{layer}.shp")
        _by_id(rows, readback, layer)
        ogr_rows = ogr_features(folder / f"{layer}.shp")[layer]
        assert [(r["id"], r["name"]) for r in ogr_rows] == [(r["id"], r["name"]) for r in rows]
    with (folder / "facts.csv").open(encoding="utf-8", newline="") as facts:
        readback.quotes = {row["id"]: row["quote"] for row in csv.DictReader(facts)}
    return readback


def read_geopackage(path: Path) -> Readback:
    layers = ogr_features(path)
    readback = Readback(quotes={row["id"]: row["quote"] for row in layers.get("facts", [])})
    for layer in ("segments", "places", "corridors"):
        _by_id(layers[layer], readback, layer)
    return readback


def read_geojson(path: Path) -> Readback:
    features = next(iter(ogr_features(path).values()))
    readback = Readback(quotes={f["id"]: f["quote"] for f in features if f["layer"] == "facts"})
    for layer in ("segments", "places", "corridors"):
        _by_id([f for f in features if f["layer"] == layer], readback, layer)
    return readback


def read_kml(path: Path) -> Readback:
    """ogrinfo (LIBKML) for placemarks and their data; quotes come out of the balloons, unescaped once."""
    layers = ogr_features(path)
    readback = Readback()
    for layer in ("segments", "places", "corridors"):
        _by_id([row | {"name": row["Name"]} for row in layers[layer.capitalize()]], readback, layer)
    balloons = "".join(f["description"] for rows in layers.values() for f in rows)
    quotes = {html.unescape(q) for q in re.findall(r"<blockquote>(.*?)</blockquote>", balloons, re.DOTALL)}
    readback.quotes = {quote: quote for quote in quotes}
    return readback


def read_csv(path: Path) -> Readback:
    with path.open(encoding="utf-8", newline="") as facts:
        return Readback(quotes={row["id"]: row["quote"] for row in csv.DictReader(facts)})


def _split_layers(rows: list[dict]) -> Readback:
    readback = Readback()
    for layer in ("segments", "places", "corridors"):
        _by_id([row for row in rows if row["layer"] == layer], readback, layer)
    return readback


def read_flatgeobuf(path: Path) -> Readback:
    """ogrinfo (GDAL's own FlatGeobuf reader): one layer of corridors, segments and places."""
    return _split_layers(ogr_features(path)["corridor"])


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ";".join(value) or None
    return str(value)


def read_geoparquet(path: Path) -> Readback:
    """pyarrow reads the table; the GeoParquet metadata must name the WKB geometry column and its CRS."""
    table = pq.read_table(path)
    geo = json.loads(table.schema.metadata[b"geo"])
    assert geo["primary_column"] == "geometry" and geo["columns"]["geometry"]["encoding"] == "WKB"
    assert table.schema.field("aliases").type == pa.list_(pa.string()), "lists stay lists"
    assert table.schema.field("gauge_mm").type == pa.int32() and table.schema.field("length_km").type == pa.float64()
    rows = []
    for record in table.to_pylist():
        rows.append({k: _text(v) for k, v in record.items() if k != "geometry"} | {"wkt": from_wkb(record["geometry"])})
    return _split_layers(rows)


def read_places_csv(path: Path) -> Readback:
    with path.open(encoding="utf-8", newline="") as places:
        rows = [row | {"wkt": Point(float(row["lon"]), float(row["lat"]))} for row in csv.DictReader(places)]
    readback = Readback()
    _by_id([{k: (v or None) if k != "wkt" else v for k, v in row.items()} for row in rows], readback, "places")
    return readback


def read_qgis_project(path: Path) -> Readback:
    """The standard library's zip and XML readers: one project file whose every layer is a table of the
    GeoPackage download of the same selection, beside it (the records are the GeoPackage's)."""
    with zipfile.ZipFile(path) as archive:
        (name,) = archive.namelist()
        project = ET.fromstring(archive.read(name).decode().split("\n", 1)[1])
    sources = [layer.findtext("datasource") for layer in project.iter("maplayer")]
    gpkg = path.name.removesuffix(".qgz") + ".gpkg"
    assert name.endswith(".qgs") and sources
    assert {source.partition("|")[0] for source in sources} == {f"./{gpkg}"}
    assert {"segments", "places", "corridors", "facts"} <= {source.partition("layername=")[2] for source in sources}
    return Readback()


READERS: dict[str, Callable[[Path], Readback]] = {
    "shp": read_shapefile_zip,
    "gpkg": read_geopackage,
    "geojson": read_geojson,
    "kml": read_kml,
    "csv": read_csv,
    "places-csv": read_places_csv,
    "fgb": read_flatgeobuf,
    "parquet": read_geoparquet,
    "qgz": read_qgis_project,
}
SPATIAL = {"shp", "gpkg", "geojson", "kml", "fgb", "parquet"}
WITHOUT_FACTS = {"places-csv", "fgb", "parquet", "qgz"}
"""One-table formats that hold the spatial records only (the facts are in the other exports), and the QGIS
project, which holds none (it opens the GeoPackage)."""


@dataclass
class Expected:
    """What an export of one key must hold, worked out from the atlas without the export code."""

    corridors: list[str]
    segments: list[str]
    places: list[str]
    quotes: dict[str, str]


def expected_records(atlas: Atlas, key: str) -> Expected:
    if key == ALL:
        quotes = {f.id: f.quote for f in atlas.facts.values()}
        return Expected(list(atlas.corridors), list(atlas.segments), list(atlas.places), quotes)
    segments = atlas.corridors[key].segments
    ends = {getattr(atlas.segments[s].properties, end) for s in segments for end in ("from_place", "to_place")}
    facts = atlas.facts_about([key, *segments, *ends])
    return Expected([key], list(segments), [p for p in atlas.places if p in ends], {f.id: f.quote for f in facts})


def check_segments(atlas: Atlas, readback: Readback, segment_ids: list[str]) -> None:
    assert sorted(readback.segments) == sorted(segment_ids)
    for segment_id in segment_ids:
        segment, row = atlas.segments[segment_id], readback.segments[segment_id]
        props = segment.properties
        assert (row["name"], row["status"], row["alignment"]) == (props.name, props.status, props.alignment)
        assert row.get("gauge_mm") == (None if props.gauge_mm is None else str(props.gauge_mm))
        assert (row.get("corridors") or None) == (";".join(props.corridors) or None)  # GeoJSON keeps [] for none
        published = row.get("published_length_km")
        assert (published and float(published)) == props.published_length_km
        assert float(row["length_km"]) == pytest.approx(segment_length_km(segment), abs=0.01)
        assert readback.geometries[segment_id].equals_exact(LineString(segment.geometry.coordinates), 1e-9)


def check_places(atlas: Atlas, readback: Readback, place_ids: list[str]) -> None:
    assert sorted(readback.places) == sorted(place_ids)
    for place_id in place_ids:
        props, row = atlas.places[place_id].properties, readback.places[place_id]
        assert (row["name"], row["country"], row["kind"]) == (props.name, props.country, props.kind)
        assert row.get("aliases") == (";".join(props.aliases) or None)
        assert readback.geometries[place_id].equals_exact(Point(atlas.places[place_id].geometry.coordinates), 1e-9)


def check_corridors(atlas: Atlas, readback: Readback, corridor_ids: list[str]) -> None:
    assert sorted(readback.corridors) == sorted(corridor_ids)
    for corridor_id in corridor_ids:
        corridor, row = atlas.corridors[corridor_id], readback.corridors[corridor_id]
        segments = atlas.corridor_segments(corridor_id)
        drawn_km = sum(segment_length_km(s) for s in segments) - shared_track_km(segments)  # shared track once
        assert (row["name"], row["colour"]) == (corridor.name, corridor_colour(corridor.id))
        assert float(row["length_km"]) == pytest.approx(drawn_km, abs=0.01)
        lines = MultiLineString([s.geometry.coordinates for s in segments])
        assert readback.geometries[corridor_id].equals_exact(lines, 1e-9)


def test_every_format_has_an_independent_reader():
    assert set(READERS) == set(EXPORT_FORMATS)


@pytest.mark.parametrize("key", [ALL, "uzbekistan-afghanistan-pakistan"])
@pytest.mark.parametrize("format_name", list(EXPORT_FORMATS))
def test_export_reads_back_with_an_independent_reader(atlas, tmp_path, format_name, key):
    target = tmp_path / download_name(key, EXPORT_FORMATS[format_name])
    write_export(atlas, format_name, key, target)
    readback = READERS[format_name](target)
    expected = expected_records(atlas, key)
    if format_name == "kml":  # balloons carry quotes, not fact ids
        expected.quotes = {quote: quote for quote in expected.quotes.values()}
    if format_name not in WITHOUT_FACTS:
        assert readback.quotes == expected.quotes, "every fact's quote, intact"
    if format_name == "places-csv":
        check_places(atlas, readback, expected.places)
    if format_name in SPATIAL:
        check_segments(atlas, readback, expected.segments)
        check_places(atlas, readback, expected.places)
        check_corridors(atlas, readback, expected.corridors)
        assert any(not row["name"].isascii() for row in readback.segments.values()), "non-ASCII names round-trip"


def test_shapefile_field_names_fit_dbf_never_collide_and_cover_every_column():
    names = list(SHAPEFILE_FIELDS.values())
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]{0,9}", name) for name in names)
    columns = {c.name for columns in (CORRIDOR_COLUMNS, SEGMENT_COLUMNS, PLACE_COLUMNS) for c in columns}
    assert set(SHAPEFILE_FIELDS) == columns, "every exported property is mapped, and nothing else"
    assert set(SegmentProperties.model_fields) <= columns and set(PlaceProperties.model_fields) <= columns


def test_shapefile_zip_declares_utf8_and_wgs84_and_documents_fields_and_sources(atlas, tmp_path):
    target = tmp_path / "all.shp.zip"
    write_export(atlas, "shp", ALL, target)
    with zipfile.ZipFile(target) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    for layer in ("corridors", "segments", "places"):
        assert {f"{layer}{suffix}" for suffix in SHAPEFILE_PARTS} <= set(members)
        assert members[f"{layer}.cpg"] == b"UTF-8"
        assert members[f"{layer}.prj"].startswith(b'GEOGCS["GCS_WGS_1984"')
    assert {"facts.csv", "fact_subjects.csv", "long_text.csv", "FIELDS.txt", "README.txt"} <= set(members)
    with shapefile.Reader(dbf=io.BytesIO(members["segments.dbf"]), encoding="utf-8") as reader:
        assert [f.name for f in reader.fields[1:]] == [SHAPEFILE_FIELDS[c.name] for c in SEGMENT_COLUMNS]
    fields = members["FIELDS.txt"].decode()
    for prop, dbf_name in SHAPEFILE_FIELDS.items():
        assert re.search(rf"^  {dbf_name} +{prop} ", fields, flags=re.MULTILINE), prop
    readme = members["README.txt"].decode()
    assert atlas.version in readme and "Licence" in readme
    assert all(source.title in readme and source.file in readme for source in atlas.sources.values())


def test_shapefile_text_over_254_bytes_is_marked_and_kept_whole_in_long_text(data_copy, edit_json, tmp_path):
    long_note = "Guşgy " * 60  # 420 bytes of UTF-8 in 360 characters

    def lengthen(document):
        document["features"][0]["properties"]["location_note"] = long_note

    edit_json(data_copy / "places.geojson", lengthen)
    atlas = load_atlas(data_copy)
    place_id = next(iter(atlas.places))
    target = tmp_path / "all.shp.zip"
    write_export(atlas, "shp", ALL, target)
    readback = read_shapefile_zip(target)
    cut = readback.places[place_id]["location_note"]
    assert len(cut.encode()) <= DBF_TEXT_BYTES and cut.endswith(LONG_TEXT_MARKER)
    assert long_note.startswith(cut.removesuffix(LONG_TEXT_MARKER))
    with (tmp_path / "unzipped" / "long_text.csv").open(encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table))
    assert {"layer": "places", "id": place_id, "field": "location_note", "text": long_note} in rows


def test_geopackage_types_numbers_as_numbers_and_dates_as_dates(atlas, tmp_path):
    target = tmp_path / "all.gpkg"
    write_export(atlas, "gpkg", ALL, target)
    segments, facts = ogr_schema(target, "segments"), ogr_schema(target, "facts")
    assert (segments["gauge_mm"], segments["length_km"], segments["published_length_km"]) == ("Integer", "Real", "Real")
    assert (facts["value"], facts["date"], facts["source_date"]) == ("Real", "Date", "Date")
    tables = ogr_features(target, "facts", "fact_subjects")
    dated = next(f for f in atlas.facts.values() if f.date)
    assert next(r for r in tables["facts"] if r["id"] == dated.id)["date"] == dated.date.strftime("%Y/%m/%d")
    pairs = {(r["fact_id"], r["subject_id"]) for r in tables["fact_subjects"]}
    assert pairs == {(f.id, subject) for f in atlas.facts.values() for subject in f.subjects}


def test_geojson_is_rfc7946_with_lists_as_arrays_and_facts_without_geometry(atlas, tmp_path):
    target = tmp_path / "all.geojson"
    write_export(atlas, "geojson", ALL, target)
    document = json.loads(target.read_text(encoding="utf-8"))
    # RFC 7946 allows foreign members: `license` states the data licence
    assert set(document) == {"type", "license", "features"} and document["type"] == "FeatureCollection"
    by_layer: dict[str, list[dict]] = {}
    for feature in document["features"]:
        by_layer.setdefault(feature["properties"]["layer"], []).append(feature)
        assert feature["id"] == feature["properties"]["id"]
    assert all(f["geometry"] is None and isinstance(f["properties"]["subjects"], list) for f in by_layer["facts"])
    for feature in by_layer["segments"]:
        assert isinstance(feature["properties"]["countries"], list)
        assert all(44 <= lon <= 90 and 20 <= lat <= 56 for lon, lat in feature["geometry"]["coordinates"])


def test_kml_balloons_escape_hostile_text_and_lines_carry_corridor_colours(hostile_data, tmp_path):
    atlas = load_atlas(hostile_data)
    hostile = next(iter(atlas.facts.values())).quote
    target = tmp_path / "all.kml"
    write_export(atlas, "kml", ALL, target)
    colours = {e.text for e in ET.parse(target).iter("{http://www.opengis.net/kml/2.2}color")}
    for corridor in atlas.corridors.values():
        line = corridor_colour(corridor.id)
        red, green, blue = line[1:3], line[3:5], line[5:7]
        assert any(colour.endswith(blue + green + red) for colour in colours), corridor.id
    balloons = [f["description"] for rows in ogr_features(target).values() for f in rows]
    assert any(markupsafe.escape(hostile) in balloon for balloon in balloons)
    assert not any("<script>" in balloon for balloon in balloons)


def test_facts_csv_has_model_columns_and_keeps_hostile_quotes_verbatim(hostile_data, tmp_path):
    atlas = load_atlas(hostile_data)
    target = tmp_path / "facts.csv"
    write_export(atlas, "csv", ALL, target)
    with target.open(encoding="utf-8", newline="") as table:
        reader = csv.DictReader(table)
        rows = {row["id"]: row for row in reader}
    assert reader.fieldnames == [c.name for c in FACT_COLUMNS]
    for fact in atlas.facts.values():
        row = rows[fact.id]
        assert (row["quote"], row["statement"], row["seed"]) == (fact.quote, fact.statement, fact.seed)
        assert row["subjects"].split(";") == fact.subjects
        assert (float(row["value"]) if row["value"] else None) == fact.value
        assert row["date"] == (fact.date.isoformat() if fact.date else "")


@pytest.mark.parametrize("existing", [False, True], ids=["new", "existing"])
@pytest.mark.parametrize(
    ("target_name", "failure"),
    [
        ("corridor.exports.shapefile.readme_text", RuntimeError("failed while rendering")),
        ("os.fsync", OSError("disk full while writing")),
        ("os.replace", KeyboardInterrupt()),
    ],
    ids=["rendering", "writing", "interrupted"],
)
def test_failed_export_leaves_no_file_and_keeps_the_existing_one(
    atlas, tmp_path, monkeypatch, existing, target_name, failure
):
    target = tmp_path / "all.shp.zip"
    if existing:
        target.write_bytes(b"previous export")

    def fail(*args, **kwargs):
        raise failure

    monkeypatch.setattr(target_name, fail)
    with pytest.raises(type(failure)):
        write_export(atlas, "shp", ALL, target)
    assert [p.name for p in tmp_path.iterdir()] == (["all.shp.zip"] if existing else [])
    if existing:
        assert target.read_bytes() == b"previous export"


def test_export_command_writes_the_file_it_names(runner, tmp_path):
    target = tmp_path / "chaman.gpkg"
    result = runner.invoke(main, ["export", "--format", "gpkg", "--corridor", "chaman-onward", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert f"wrote {target}" in result.output
    assert target.read_bytes().startswith(b"SQLite format 3")
    assert "chaman-onward" in run_ogrinfo(str(target), "corridors")


def test_export_command_rejects_unknown_corridor_and_lists_the_choices(runner, tmp_path):
    result = runner.invoke(main, ["export", "--format", "kml", "--corridor", "atlantis", "-o", str(tmp_path / "x.kml")])
    assert result.exit_code == 2
    assert "all, turghundi-herat-spin-boldak, chaman-onward" in result.output
    assert list(tmp_path.iterdir()) == []
