"""OWSLib's OGC API – Features client against the live endpoint: the API definition, collections, filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from corridor.api.ogc.features import COLLECTIONS
from gis.clients import require


@pytest.fixture(scope="module")
def features(ogc_url: str) -> Iterator[Any]:
    try:
        from owslib.ogcapi.features import Features
    except ImportError:
        require(False, "OWSLib", "pip install -e '.[test]'")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_PROXY", "127.0.0.1")
        patch.setenv("no_proxy", "127.0.0.1")
        yield Features(ogc_url)


def test_owslib_reads_the_openapi_definition_with_every_collection_path(features):
    api = features.api()
    assert api["openapi"].startswith("3.0")
    for collection in COLLECTIONS:
        parameters = {p["name"] for p in api["paths"][f"/collections/{collection}/items"]["get"]["parameters"]}
        assert {"bbox", "limit", "offset", "corridor", "country"} <= parameters


def test_owslib_lists_the_collections_and_their_queryables(features):
    assert [c["id"] for c in features.collections()["collections"]] == list(COLLECTIONS)
    queryables = features.collection_queryables("segments")
    assert {"status", "gauge_mm", "alignment", "name", "geometry"} <= set(queryables["properties"])


def test_owslib_conformance_claims_openapi(features):
    assert any(c.endswith("/conf/oas30") for c in features.conformance()["conformsTo"])


def test_owslib_filters_segments_on_the_server(features, atlas):
    page = features.collection_items("segments", status="existing", gauge_mm="1676", limit=1000)
    expected = [
        s.id for s in atlas.segments.values() if s.properties.status == "existing" and s.properties.gauge_mm == 1676
    ]
    assert expected
    assert sorted(f["id"] for f in page["features"]) == sorted(expected)
    assert page["numberMatched"] == len(expected)


def test_owslib_reads_dated_facts_in_a_time_interval(features, atlas):
    page = features.collection_items("facts", datetime="2026-01-01T00:00:00Z/..", limit=1000)
    expected = [f.id for f in atlas.facts.values() if f.date and f.date.year >= 2026]
    assert expected
    assert sorted(f["id"] for f in page["features"]) == sorted(expected)
    assert all(f["geometry"] is None for f in page["features"])


def test_owslib_sends_a_cql2_filter_sorted_with_selected_properties(features, atlas):
    page = features.collection_items(
        "segments",
        filter="status = 'existing' AND gauge_mm = 1520",
        sortby=("length_km", "desc"),
        properties="name,length_km",
        skipGeometry="true",
        limit=1000,
    )
    expected = [
        s for s in atlas.segments.values() if s.properties.status == "existing" and s.properties.gauge_mm == 1520
    ]
    assert sorted(f["id"] for f in page["features"]) == sorted(s.id for s in expected)
    lengths = [f["properties"]["length_km"] for f in page["features"]]
    assert lengths == sorted(lengths, reverse=True)
    assert all(list(f["properties"]) == ["name", "length_km"] and f["geometry"] is None for f in page["features"])


def test_owslib_reads_facts_in_an_interval_open_at_its_start(features, atlas):
    page = features.collection_items("facts", datetime_="../2026-02", limit=1000)
    expected = [f.id for f in atlas.facts.values() if f.date and f.date <= dt.date(2026, 2, 28)]
    assert expected and sorted(f["id"] for f in page["features"]) == sorted(expected)


def test_owslib_reads_the_queryables_and_conformance_of_part_3(features):
    conformance = features.conformance()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter" in conformance
    assert "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text" in conformance
    assert features.collection_queryables("facts")["properties"]["date"]["x-ogc-role"] == "primary-instant"
