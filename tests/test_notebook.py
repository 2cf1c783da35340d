"""The notebook API: the documentation's example runs, layers are GeoDataFrames, the map draws from inline assets."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely.geometry
from shapely.geometry import mapping

import corridor
import corridor.notebook
from corridor.request.errors import NotFound

NOTEBOOK_PAGE = Path(__file__).resolve().parent.parent / "docs" / "gis" / "notebook.md"


def notebook_example() -> str:
    return re.search(r"```python\n(.+?)\n```", NOTEBOOK_PAGE.read_text(encoding="utf-8"), flags=re.DOTALL)[1]


def test_the_documented_notebook_example_runs(capsys):
    namespace: dict = {}
    exec(compile(notebook_example(), str(NOTEBOOK_PAGE), "exec"), namespace)  # noqa: S102
    printed = capsys.readouterr().out
    assert "MultiLineString" in printed and "proposed" in printed


def test_read_layer_gives_typed_geodataframes_in_wgs84(atlas):
    segments = corridor.read_layer("segments", atlas=atlas)
    assert segments.crs.to_epsg() == 4326 and list(segments.index) == list(atlas.segments)
    assert str(segments["gauge_mm"].dtype) == "int32[pyarrow]"
    assert str(segments["published_length_km"].dtype) == "double[pyarrow]"
    assert list(segments.loc["herat-kandahar", "countries"]) == ["AFG"]
    assert segments.loc["herat-kandahar"].geometry.equals(shapely.geometry.shape(atlas.segments["herat-kandahar"]))
    places = corridor.read_layer("places", "chaman-onward", atlas=atlas)
    assert set(places.index) < set(atlas.places)
    facts = corridor.read_layer("facts", atlas=atlas)
    assert len(facts) == len(atlas.facts) and "geometry" not in facts


@pytest.fixture(scope="module")
def layers(atlas) -> dict[str, pd.DataFrame]:
    return {name: corridor.read_layer(name, atlas=atlas) for name in corridor.notebook.LAYERS}


def test_read_layer_ids_are_the_index_only(layers):
    for name, frame in layers.items():
        assert "id" not in frame.columns, name
    assert layers["places"].index.name == "id" and layers["places"].reset_index().columns[0] == "id"
    assert isinstance(layers["places"].loc["herat", "aliases"], list)


@pytest.mark.parametrize("driver", ["GPKG", "GeoJSON"])
def test_read_layer_frames_survive_to_file(layers, tmp_path, driver):
    for name in ("corridors", "segments", "places"):
        path = tmp_path / f"{name}.{driver.lower()}"
        layers[name].to_file(path, driver=driver)
        back = gpd.read_file(path).set_index("id")
        assert list(back.index) == list(layers[name].index), name
        assert back.geometry.geom_equals_exact(layers[name].geometry, 1e-9, align=False).all(), name


def test_read_layer_frames_survive_a_parquet_round_trip(layers, tmp_path):
    for name, frame in layers.items():
        path = tmp_path / f"{name}.parquet"
        frame.to_parquet(path)
        back = (gpd.read_parquet if isinstance(frame, gpd.GeoDataFrame) else pd.read_parquet)(path)
        assert list(back.index) == list(frame.index) and back.index.name == frame.index.name, name
        assert list(back.columns) == list(frame.columns), name
    back = gpd.read_parquet(tmp_path / "places.parquet")
    assert list(back.loc["herat", "aliases"]) == layers["places"].loc["herat", "aliases"]


def test_read_layer_frames_join_spatially_and_merge(layers, atlas):
    metric = "EPSG:32642"  # UTM 42N, over Afghanistan and Pakistan: distances in metres
    places, segments = layers["places"].to_crs(metric), layers["segments"].to_crs(metric)
    touching = gpd.sjoin(places, segments.assign(geometry=segments.buffer(10)), predicate="intersects")
    assert ("herat", "herat-kandahar") in set(zip(touching.index, touching["id_right"], strict=True))
    nearest = gpd.sjoin_nearest(places, segments, distance_col="distance_m")
    assert nearest.loc[["herat"], "distance_m"].max() < 1000, "Herat is on its lines"
    facts_of_places = layers["places"].merge(layers["fact_subjects"], left_index=True, right_on="subject_id")
    facts_of_places = facts_of_places.merge(layers["facts"], left_on="fact_id", right_index=True)
    expected = {(s, f.id) for f in atlas.facts.values() for s in f.subjects if s in atlas.places}
    assert set(zip(facts_of_places["subject_id"], facts_of_places["fact_id"], strict=True)) == expected


def test_the_notebook_map_s_text_form_is_a_line_not_its_html(atlas):
    shown = corridor.show_map("chaman-onward", atlas=atlas)
    text = repr(shown)
    assert len(text) < 200 and "<html" not in text.lower()
    assert atlas.corridors["chaman-onward"].name in text


def test_read_layer_names_the_layers_for_an_unknown_one(atlas):
    with pytest.raises(NotFound, match="read one of corridors, segments, places, facts, fact_subjects"):
        corridor.read_layer("railways", atlas=atlas)


def test_places_segments_and_corridors_have_a_geo_interface(atlas):
    place = atlas.places["herat"]
    assert mapping(shapely.geometry.shape(place)) == mapping(shapely.geometry.Point(place.geometry.coordinates))
    assert place.__geo_interface__["properties"]["name"] == "Herat"
    assert shapely.geometry.shape(atlas.segments["herat-kandahar"]).geom_type == "LineString"
    records = corridor.read_features("corridors", atlas=atlas)
    lines = shapely.geometry.shape(records["chaman-onward"])
    assert len(lines.geoms) == len(atlas.corridors["chaman-onward"].segments)
    assert records["chaman-onward"].__geo_interface__["properties"]["facts"]


def test_the_notebook_map_loads_no_file_or_remote_asset(atlas):
    shown = corridor.show_map("chaman-onward", atlas=atlas)._repr_html_()
    srcdoc = re.fullmatch(r'<iframe srcdoc="([^"]*)" .*</iframe>', shown, flags=re.DOTALL)
    assert srcdoc, "the map is one iframe with its document inline"
    document = html.unescape(srcdoc[1])
    assert "file://" not in document
    assert not re.findall(r"<script[^>]*\ssrc=", document), "scripts are inline"
    assert not re.findall(r"<link[^>]*\shref=", document), "stylesheets are inline"
    assert not re.findall(r"<img[^>]*\ssrc=[\"'](?!data:)", document)
    assert not re.findall(r"url\((?!data:|#default#VML)", document), "CSS images are data: URIs"
    assert "L.map(" in document or "L.map (" in document


def test_import_corridor_loads_nothing_heavy():
    heavy = "('pandas', 'geopandas', 'folium', 'shapely', 'pydantic')"
    code = f"import corridor, sys; print(sorted(m for m in {heavy} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
