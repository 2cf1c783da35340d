"""The notebook API: the documentation's example runs, layers are GeoDataFrames, the map draws from inline assets."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
import shapely.geometry
from shapely.geometry import mapping

import corridor
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
