"""Loading: strict JSON, schema errors located by file, feature and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridor.atlas.load import load_atlas, read_strict_json
from corridor.atlas.problems import DataError


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_atlas(data_dir)
    return [str(p) for p in caught.value.problems]


def test_load_atlas_reads_the_bundled_data(atlas):
    assert {"turghundi-herat-spin-boldak", "chaman-onward", "uzbekistan-afghanistan-pakistan"} <= set(atlas.corridors)
    assert len(atlas.seed_texts) == 5
    assert len(atlas.version) == 16


def test_read_strict_json_rejects_duplicate_keys(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"id": "a", "id": "b"}', encoding="utf-8")
    with pytest.raises(DataError, match="duplicate key 'id'"):
        read_strict_json(path)


def test_read_strict_json_rejects_nan(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"value": NaN}', encoding="utf-8")
    with pytest.raises(DataError, match="NaN is not valid JSON"):
        read_strict_json(path)


def test_load_reports_malformed_json_with_file_line_and_column(data_copy):
    (data_copy / "places.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    [problem] = problems_of(data_copy)
    assert problem.startswith("places.geojson: -: -: invalid JSON at line 1 column")


def test_load_reports_missing_file(data_copy):
    (data_copy / "facts.json").unlink()
    assert any("facts.json" in p and "file not found" in p for p in problems_of(data_copy))


def test_load_reports_unknown_property_with_feature_and_field(data_copy, edit_json):
    def add_unknown(doc):
        doc["features"][0]["properties"]["colour_name"] = "red"

    edit_json(data_copy / "segments.geojson", add_unknown)
    first_id = json.loads((data_copy / "segments.geojson").read_text())["features"][0]["properties"]["id"]
    assert f"segments.geojson: {first_id}: properties.colour_name: Extra inputs are not permitted" in problems_of(
        data_copy
    )


def test_load_reports_bad_status_value(data_copy, edit_json):
    def bad_status(doc):
        doc["features"][0]["properties"]["status"] = "rumoured"

    edit_json(data_copy / "segments.geojson", bad_status)
    assert any("properties.status: Input should be 'existing'" in p for p in problems_of(data_copy))


def test_load_reports_non_iso_date(data_copy, edit_json):
    def bad_date(facts):
        facts[0]["date"] = "3 February 2026"

    edit_json(data_copy / "facts.json", bad_date)
    assert any(p.startswith("facts.json: ") and ": date: " in p for p in problems_of(data_copy))


def test_load_reports_duplicate_ids(data_copy, edit_json):
    edit_json(data_copy / "facts.json", lambda facts: facts.append(dict(facts[0])))
    first_id = json.loads((data_copy / "facts.json").read_text())[0]["id"]
    assert f"facts.json: {first_id}: id: duplicate id" in problems_of(data_copy)


def test_load_reports_missing_gauge_reason(data_copy, edit_json):
    def drop_reason(doc):
        props = doc["features"][0]["properties"]
        props["gauge_mm"] = None
        props["gauge_note"] = None

    edit_json(data_copy / "segments.geojson", drop_reason)
    assert any("gauge_note is required when gauge_mm is null" in p for p in problems_of(data_copy))


def test_load_reports_wrong_geometry_type(data_copy, edit_json):
    def make_point(doc):
        doc["features"][0]["geometry"] = {"type": "Point", "coordinates": [62.2, 34.3]}

    edit_json(data_copy / "segments.geojson", make_point)
    assert any("geometry.type: Input should be 'LineString'" in p for p in problems_of(data_copy))
