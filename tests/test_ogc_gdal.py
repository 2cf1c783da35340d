"""GDAL's own OGC API – Features client against the app on a live local server."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pyogrio
import pytest
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from corridor.api import SiteUrls, records_of


class QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """GDAL pages through every collection: one log line per request is noise here."""


def gdal_tool(name: str) -> str:
    """The path of a GDAL command; missing is a failure on CI (which installs gdal-bin) and a skip elsewhere."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: CI must install it with `apt-get install gdal-bin`")
        pytest.skip(f"{name} is not installed; `apt-get install gdal-bin` to run this test")
    return path


def run_gdal(*args: str) -> subprocess.CompletedProcess[str]:
    # Requests go to 127.0.0.1 only: keep any configured proxy out of the way.
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1"
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=120, check=False)


@pytest.fixture(scope="module")
def ogc_url(app: Flask) -> Iterator[str]:
    """The OGC API endpoint of the app served on a free local port for this module's tests."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/ogc"
    server.shutdown()
    server.server_close()
    thread.join()


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
    assert list(frame["id"]) == list(records), "every feature, once, in data order"
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
