"""OGC API – Features Part 3 on the items: CQL2 text and JSON filters, sortby, properties, skipGeometry, and
the datetime forms GDAL and OWSLib send. Each CQL2 conformance class the API declares is exercised here."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
import shapely
import shapely.geometry

from corridor.api.ogc import features as ogc
from corridor.api.ogc.query import datetime_interval

DECLARED = {
    "core",
    "oas30",
    "geojson",
    "html",
    "queryables",
    "filter",
    "features-filter",
    "cql2-text",
    "cql2-json",
    "basic-cql2",
    "advanced-comparison-operators",
    "case-insensitive-comparison",
    "basic-spatial-functions",
    "basic-spatial-functions-plus",
    "spatial-functions",
    "property-property",
}


def items(client, collection: str, **parameters: str) -> dict:
    query = "&".join(f"{name}={quote(value)}" for name, value in ({"limit": "1000"} | parameters).items())
    response = client.get(f"/ogc/collections/{collection}/items?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def ids(page: dict) -> list[str]:
    return [f["id"] for f in page["features"]]


def test_the_conformance_classes_declared_are_those_implemented():
    classes = ogc.conformance_document("http://x/ogc", "json")["conformsTo"]
    assert {c.rsplit("/", 1)[1] for c in classes} == DECLARED and len(classes) == len(DECLARED)
    assert all(
        c.startswith(("http://www.opengis.net/spec/ogcapi-features-", "http://www.opengis.net/spec/cql2/1.0/"))
        for c in classes
    )


def test_a_cql2_text_filter_keeps_matching_segments(client, atlas):
    page = items(client, "segments", filter="status = 'existing' AND gauge_mm = 1520")
    expected = [
        s
        for s, seg in atlas.segments.items()
        if seg.properties.status == "existing" and seg.properties.gauge_mm == 1520
    ]
    assert expected and sorted(ids(page)) == sorted(expected) and page["numberMatched"] == len(expected)


def test_the_same_filter_in_cql2_json_gives_the_same_features(client):
    text = items(client, "segments", filter="status = 'existing' AND gauge_mm = 1520")
    expression = {
        "op": "and",
        "args": [
            {"op": "=", "args": [{"property": "status"}, "existing"]},
            {"op": "=", "args": [{"property": "gauge_mm"}, 1520]},
        ],
    }
    as_json = items(client, "segments", filter=json.dumps(expression), **{"filter-lang": "cql2-json"})
    assert ids(as_json) == ids(text)


def test_comparisons_with_null_are_false_not_errors(client, atlas):
    longer = items(client, "segments", filter="published_length_km > 500")
    expected = [s for s, seg in atlas.segments.items() if (seg.properties.published_length_km or 0) > 500]
    assert expected and sorted(ids(longer)) == sorted(expected)
    unknown_gauge = items(client, "segments", filter="gauge_mm IS NULL")
    assert sorted(ids(unknown_gauge)) == sorted(
        s for s, seg in atlas.segments.items() if seg.properties.gauge_mm is None
    )


def test_like_between_in_and_casei(client, atlas):
    herat = items(client, "places", filter="name LIKE 'Her%'")
    assert ids(herat) == ["herat"]
    assert ids(items(client, "places", filter="CASEI(name) = casei('HERAT')")) == ["herat"]
    both = items(client, "segments", filter="gauge_mm IN (1435, 1676)")
    assert sorted(ids(both)) == sorted(
        s for s, seg in atlas.segments.items() if seg.properties.gauge_mm in (1435, 1676)
    )
    middling = items(client, "segments", filter="length_km BETWEEN 100 AND 200")
    assert ids(middling) and all(100 <= f["properties"]["length_km"] <= 200 for f in middling["features"])


def test_spatial_functions_select_by_geometry(client, atlas):
    in_box = items(client, "places", filter="S_INTERSECTS(geometry, BBOX(61, 33, 63.5, 35.5))")
    assert "herat" in ids(in_box) and "karachi" not in ids(in_box)
    polygon = "POLYGON((61 33, 63.5 33, 63.5 35.5, 61 35.5, 61 33))"
    assert ids(items(client, "places", filter=f"S_WITHIN(geometry, {polygon})")) == ids(in_box)
    crossing = items(client, "segments", filter=f"S_CROSSES(geometry, {polygon})")
    area = shapely.from_wkt(polygon)
    expected = [s for s, seg in atlas.segments.items() if shapely.geometry.shape(seg).crosses(area)]
    assert expected and sorted(ids(crossing)) == sorted(expected)


def test_property_to_property_comparison(client, atlas):
    page = items(client, "segments", filter="length_km > published_length_km")
    expected = [
        s
        for s, seg in atlas.segments.items()
        if seg.properties.published_length_km is not None
        and atlas.index.segment_km[s] > seg.properties.published_length_km
    ]
    assert sorted(ids(page)) == sorted(expected)


def test_facts_filter_on_their_date_as_a_date(client, atlas):
    page = items(client, "facts", filter="date >= DATE('2026-01-01') AND kind = 'meeting'")
    expected = [f.id for f in atlas.facts.values() if f.date and f.date.year >= 2026 and f.kind == "meeting"]
    assert expected and sorted(ids(page)) == sorted(expected)
    assert ids(items(client, "facts", filter="date >= '2026-01-01'")) == ids(
        items(client, "facts", filter="date >= DATE('2026-01-01')")
    )


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"filter": "colour = 'red'"}, "filter names 'colour', which segments cannot be filtered on"),
        ({"filter": "status = "}, "filter is not valid cql2-text"),
        ({"filter": "{not json", "filter-lang": "cql2-json"}, "filter is not valid cql2-json"),
        ({"filter": "status = 'x'", "filter-lang": "ecql"}, "use cql2-text or cql2-json"),
        ({"filter": "status = 'x'", "filter-crs": "http://www.opengis.net/def/crs/EPSG/0/3857"}, "filters take CRS84"),
        ({"filter": "name > 5"}, "of different kinds"),
        ({"filter": "FOO(name) = 'x'"}, "not supported; use BBOX or CASEI"),
        ({"sortby": "colour"}, "sortby names colour; choose from id, name"),
        ({"properties": "colour"}, "properties names colour; choose from"),
        ({"skipGeometry": "maybe"}, "takes 1 or 0"),
    ],
)
def test_bad_filters_sorts_and_selections_get_a_400_saying_what_is_accepted(client, parameters, message):
    query = "&".join(f"{name}={quote(value)}" for name, value in parameters.items())
    response = client.get(f"/ogc/collections/segments/items?{query}")
    assert response.status_code == 400 and message in response.json["description"]


def test_sortby_orders_by_each_key_with_nulls_last(client, atlas):
    page = items(client, "segments", sortby="-published_length_km,name")
    lengths = [f["properties"]["published_length_km"] for f in page["features"]]
    known = [length for length in lengths if length is not None]
    assert known == sorted(known, reverse=True) and lengths[len(known) :] == [None] * (len(lengths) - len(known))
    unknown = [f["properties"]["name"] for f in page["features"]][len(known) :]
    assert unknown == sorted(unknown)
    assert (
        ids(items(client, "places", sortby="+name"))[0]
        == min(atlas.places.values(), key=lambda p: p.properties.name).id
    )


def test_properties_and_skip_geometry_trim_each_feature(client):
    page = items(client, "segments", properties="name,status", skipGeometry="true", limit="3")
    for feature in page["features"]:
        assert list(feature["properties"]) == ["name", "status"] and feature["geometry"] is None
    next_link = next(link["href"] for link in page["links"] if link["rel"] == "next")
    assert "properties=name,status" in next_link and "skipGeometry=true" in next_link


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025-01-01T/..", "2025-01-01T00:00:00+00:00", None),  # GDAL 3.6's start of a day
        ("2025-01-01/..", "2025-01-01T00:00:00+00:00", None),
        ("../2025", None, "2025-12-31T23:59:59.999999+00:00"),
        ("2025-01-01T00:00:00Z/", "2025-01-01T00:00:00+00:00", None),
        ("/2025-03", None, "2025-03-31T23:59:59.999999+00:00"),
        ("2024-05/2025", "2024-05-01T00:00:00+00:00", "2025-12-31T23:59:59.999999+00:00"),
        ("2025-02-03", "2025-02-03T00:00:00+00:00", "2025-02-03T23:59:59.999999+00:00"),
        ("2025-02-03T10:00:00+05:00", "2025-02-03T10:00:00+05:00", "2025-02-03T10:00:00+05:00"),
    ],
)
def test_datetime_takes_every_form_gdal_and_owslib_send(text, start, end):
    interval = datetime_interval(text)
    assert [i.isoformat() if i else None for i in interval] == [start, end]


def test_a_half_open_datetime_keeps_the_facts_dated_within_it(client, atlas):
    dated = sorted(f.id for f in atlas.facts.values() if f.date and f.date.year >= 2026)
    assert dated and sorted(ids(items(client, "facts", datetime="2026-01-01T/.."))) == dated
    last_day = max(f.date for f in atlas.facts.values() if f.date)
    assert sorted(ids(items(client, "facts", datetime=f"../{last_day.isoformat()}"))) == dated
    assert ids(items(client, "facts", datetime=f"{last_day.year + 1}/..")) == []
