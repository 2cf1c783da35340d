"""GDAL's own OGC API – Features client against the app on a live local server."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pyogrio
import pytest
from shapely.geometry import box, shape

from corridor.api.ogc.features import collection_order
from corridor.api.records import SiteUrls, records_of
from gis.clients import gdal_tool, run_client


def run_gdal(*args: str) -> subprocess.CompletedProcess[str]:
    return run_client(*args)


def test_ogrinfo_lists_the_four_collections(ogc_url):
    result = run_gdal(gdal_tool("ogrinfo"), "-ro", "-q", f"OAPIF:{ogc_url}")
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    assert lines == [
        "1: places (title: Places) (Point)",
        "2: segments (title: Segments) (Line String)",
        "3: corridors (title: Corridors) (Multi Line String)",
        "4: facts (title: Facts)",
    ]


def copy_to_geopackage(ogc_url: str, collection: str, target: Path) -> None:
    result = run_gdal(gdal_tool("ogr2ogr"), "-f", "GPKG", str(target), f"OAPIF:{ogc_url}", collection)
    assert result.returncode == 0, result.stderr


def ogr2ogr_debug(ogc_url: str, target: Path, collection: str, *options: str) -> subprocess.CompletedProcess[str]:
    """ogr2ogr from a collection into a GeoPackage, with GDAL's debug output (the URLs it fetches) on stderr."""
    return run_gdal(
        gdal_tool("ogr2ogr"), "--debug", "on", "-f", "GPKG", str(target), f"OAPIF:{ogc_url}", collection, *options
    )


def gpkg_rows(path: Path, table: str) -> dict[str, dict]:
    """The GeoPackage's attributes read with sqlite3, independently of GDAL."""
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        return {row["id"]: dict(row) for row in connection.execute(f'SELECT * FROM "{table}"')}


@pytest.mark.parametrize("collection", ["places", "segments", "corridors"])
def test_ogr2ogr_copies_every_feature_with_its_geometry(ogc_url, atlas, tmp_path, collection):
    target = tmp_path / f"{collection}.gpkg"
    copy_to_geopackage(ogc_url, collection, target)
    records = records_of(atlas, collection, SiteUrls("-"))
    frame = pyogrio.read_dataframe(target, layer=collection)
    assert list(frame["id"]) == [r.id for r in collection_order(records)], "every feature, once, in order"
    for feature_id, geometry in zip(frame["id"], frame.geometry, strict=True):
        assert geometry.equals_exact(records[feature_id].geometry, tolerance=1e-9), feature_id


def test_ogr2ogr_keeps_segment_status_gauge_alignment_and_types(ogc_url, atlas, tmp_path):
    target = tmp_path / "segments.gpkg"
    copy_to_geopackage(ogc_url, "segments", target)
    rows = gpkg_rows(target, "segments")
    for segment_id, segment in atlas.segments.items():
        row, props = rows[segment_id], segment.properties
        assert (row["name"], row["status"], row["alignment"]) == (props.name, props.status, props.alignment)
        assert row["gauge_mm"] == props.gauge_mm
        # Typed from the collection's schema, not guessed from the first page where every value is null.
        assert row["published_length_km"] == props.published_length_km


def test_ogr2ogr_keeps_the_facts_of_each_place_with_quotes_and_sources(ogc_url, atlas, tmp_path):
    target = tmp_path / "places.gpkg"
    copy_to_geopackage(ogc_url, "places", target)
    rows = gpkg_rows(target, "places")
    with_facts = [p for p in atlas.places if atlas.facts_about([p])]
    assert with_facts, "the bundled data has facts about places"
    for place_id in with_facts:
        facts = json.loads(rows[place_id]["facts"])
        expected = atlas.facts_about([place_id])
        assert [(f["quote"], f["seed"]) for f in facts] == [(f.quote, f.seed) for f in expected]
        assert all(f["source_url"].startswith("http://127.0.0.1:") for f in facts)


def test_ogr2ogr_filters_on_the_server_with_where_and_spat_and_prints_no_error(ogc_url, atlas, tmp_path):
    target = tmp_path / "existing.gpkg"
    # Herat and the lines around it: west, south, east, north.
    spat = ("61.0", "33.0", "63.5", "35.5")
    result = ogr2ogr_debug(ogc_url, target, "segments", "-where", "status = 'existing'", "-spat", *spat)
    assert result.returncode == 0, result.stderr
    assert "ERROR" not in result.stdout + result.stderr
    assert "status=existing" in result.stderr, "GDAL sends the attribute filter to the server"
    frame = pyogrio.read_dataframe(target, layer="segments")
    area = box(*map(float, spat))
    records = records_of(atlas, "segments", SiteUrls("-"))
    expected = {i for i, r in records.items() if r.properties["status"] == "existing" and r.geometry.intersects(area)}
    assert expected, "the box holds existing track"
    assert set(frame["id"]) == expected


def test_ogr2ogr_copies_the_facts_filtered_by_kind_without_geometry(ogc_url, atlas, tmp_path):
    target = tmp_path / "facts.gpkg"
    result = run_gdal(
        gdal_tool("ogr2ogr"), "-f", "GPKG", str(target), f"OAPIF:{ogc_url}", "facts", "-where", "kind = 'investment'"
    )
    assert result.returncode == 0 and "ERROR" not in result.stderr, result.stderr
    rows = gpkg_rows(target, "facts")
    assert set(rows) == {f.id for f in atlas.facts.values() if f.kind == "investment"}
    assert all(isinstance(row["value"], float | None) for row in rows.values())


def test_ogr2ogr_where_on_a_fact_date_is_sent_as_a_half_open_datetime_and_answered(ogc_url, atlas, tmp_path):
    target = tmp_path / "recent.gpkg"
    result = ogr2ogr_debug(ogc_url, target, "facts", "-where", "kind = 'meeting' AND date >= '2026-01-01'")
    assert result.returncode == 0 and "ERROR" not in result.stderr, result.stderr
    assert "datetime=2026-01-01T%2F.." in result.stderr, "GDAL sends the date as an open interval from that day"
    expected = {f.id for f in atlas.facts.values() if f.kind == "meeting" and f.date and f.date.year >= 2026}
    assert expected and set(gpkg_rows(target, "facts")) == expected


def test_ogr2ogr_where_on_any_text_field_keeps_exactly_the_matching_facts(ogc_url, atlas, tmp_path):
    target = tmp_path / "usd.gpkg"
    result = run_gdal(
        gdal_tool("ogr2ogr"), "-f", "GPKG", str(target), f"OAPIF:{ogc_url}", "facts", "-where", "unit = 'USD'"
    )
    assert result.returncode == 0 and "ERROR" not in result.stderr, result.stderr
    expected = {f.id for f in atlas.facts.values() if f.unit == "USD"}
    assert expected and set(gpkg_rows(target, "facts")) == expected


def test_ogrinfo_lists_only_the_places_in_a_spatial_filter(ogc_url, atlas):
    result = run_gdal(
        gdal_tool("ogrinfo"), "-ro", "-q", "-spat", "61", "33", "63.5", "35.5", f"OAPIF:{ogc_url}", "places"
    )
    assert result.returncode == 0 and "ERROR" not in result.stderr, result.stderr
    listed = {line.split("=", 1)[1].strip() for line in result.stdout.splitlines() if line.strip().startswith("id (")}
    area = box(61, 33, 63.5, 35.5)
    expected = {p for p, place in atlas.places.items() if area.intersects(shape(place))}
    assert "herat" in expected and listed == expected
