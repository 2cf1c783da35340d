"""Each export checked by its own standard's validator and read back whole by the readers its users have."""

from __future__ import annotations

import io
import json
from typing import Any

import geopandas as gpd
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from shapely import from_wkb
from shapely.geometry import box

from corridor.exports.formats import ALL
from corridor.exports.write import render_export
from gis.clients import require


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
    assert set(schema.metadata) == {b"geo"}, "no pandas metadata that only some pandas versions can read"


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
