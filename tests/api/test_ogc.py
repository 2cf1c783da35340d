"""The OGC API – Features core: parameter checks, filtering, paging links and the documents' shape."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.api.ogc import features as ogc
from corridor.api.ogc.schemas import collection_schema
from corridor.api.records import SiteUrls, records_of
from corridor.exports.layers import select
from corridor.request.errors import BadParameter, NotFound

BASE = "http://example.test/ogc"
URLS = SiteUrls("http://example.test")


def rels(document: dict) -> dict[str, str]:
    return {link["rel"]: link["href"] for link in document["links"] if link["rel"] != "items"}


def test_parse_bbox_reads_four_numbers_as_west_south_east_north():
    assert ogc.parse_bbox("60,30,70.5,40") == (60.0, 30.0, 70.5, 40.0)


def test_parse_bbox_drops_the_heights_of_six_numbers():
    assert ogc.parse_bbox("60,30,-100,70,40,100") == (60.0, 30.0, 70.0, 40.0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("60,30,70", "bbox has 3 numbers; give four"),
        ("60,30,70,40,50", "bbox has 5 numbers"),
        ("60,30,east,40", "'east', which is not a number"),
        ("60,30,nan,40", "use finite numbers"),
        ("60,30,70,95", "latitudes must lie between -90 and 90"),
        ("-190,30,70,40", "longitudes must lie between -180 and 180"),
        ("60,40,70,30", "southern edge (second number) is north of the northern edge"),
        ("60,30,100,70,40,-100", "minimum height"),
    ],
)
def test_parse_bbox_rejects_what_the_standard_does_not_allow(text, message):
    with pytest.raises(BadParameter, match=re.escape(message)):
        ogc.parse_bbox(text)


@pytest.mark.parametrize(("name", "text", "minimum"), [("limit", "-1", 1), ("limit", "0", 1), ("offset", "-1", 0)])
def test_parse_count_rejects_numbers_below_the_minimum(name, text, minimum):
    message = f"{name}={text} is too small; give a whole number of at least {minimum}"
    with pytest.raises(BadParameter, match=message):
        ogc.parse_count(name, text, minimum)


@pytest.mark.parametrize("text", ["ten", "1.5", "", "١٠"])
def test_parse_count_rejects_what_is_not_a_whole_number(text):
    with pytest.raises(BadParameter, match="is not a whole number"):
        ogc.parse_count("limit", text, 1)


def test_a_limit_above_the_maximum_is_served_as_the_maximum():
    assert ogc.parse_item_query({"limit": ["50000"]}).limit == ogc.MAX_LIMIT


def test_item_query_defaults_to_the_first_page_of_ten():
    assert ogc.parse_item_query({}) == ogc.ItemQuery(bbox=None, datetime=None, limit=10, offset=0)


def test_unknown_and_repeated_parameters_are_rejected():
    with pytest.raises(BadParameter, match="no parameter 'colour' here; this page takes f, bbox, datetime, limit"):
        ogc.parse_item_query({"colour": ["red"]})
    with pytest.raises(BadParameter, match="Give limit once; it was given 2 times"):
        ogc.parse_item_query({"limit": ["1", "2"]})


def test_an_unknown_format_names_the_two_formats():
    with pytest.raises(BadParameter, match="use f=json or f=html"):
        ogc.parse_item_query({"f": ["xml"]})


@pytest.mark.parametrize(
    "text", ["2024-05-01T00:00:00Z", "2024-05-01", "2024-01-01T00:00:00Z/..", "../2024-01-01T00:00:00+05:00"]
)
def test_parse_datetime_accepts_instants_and_half_open_intervals(text):
    assert ogc.parse_datetime(text) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yesterday", "give an RFC 3339 instant"),
        ("../..", "at least one date"),
        ("..", "at least one date"),
        ("2024-05-01/2024-01-01", "ends before it starts"),
        ("2024-01-01/2024-02-01/2024-03-01", "one instant or one start/end interval"),
    ],
)
def test_parse_datetime_rejects_malformed_values(text, message):
    with pytest.raises(BadParameter, match=message):
        ogc.parse_datetime(text)


def test_landing_page_links_the_api_docs_conformance_and_collections():
    links = rels(ogc.landing_page(BASE, "json"))
    assert links["self"] == f"{BASE}/?f=json"
    assert links["alternate"] == f"{BASE}/?f=html"
    assert links["service-doc"] == f"{BASE}/api"
    assert links["service-desc"] == f"{BASE}/openapi"
    assert links["conformance"] == f"{BASE}/conformance?f=json"
    assert links["data"] == f"{BASE}/collections?f=json"


def test_collections_are_places_segments_and_corridors_with_extents_holding_every_feature(atlas):
    collections = ogc.collections_document(atlas, BASE, "json", URLS)["collections"]
    assert [c["id"] for c in collections] == ["places", "segments", "corridors", "facts"]
    for collection in collections[:3]:
        west, south, east, north = collection["extent"]["spatial"]["bbox"][0]
        for record in records_of(atlas, collection["id"], URLS).values():
            assert record.geometry.bounds >= (west, south) and record.geometry.bounds[2:] <= (east, north)
        items = [link for link in collection["links"] if link["rel"] == "items"]
        assert {link["type"] for link in items} == {"application/geo+json", "text/html"}


def test_an_unknown_collection_is_not_found_naming_the_collections(atlas):
    with pytest.raises(NotFound, match="'railways'; the collections are places, segments, corridors, facts"):
        ogc.collection_document(atlas, BASE, "railways", "json", URLS)


def test_items_page_counts_matched_and_returned_and_links_next_and_prev(atlas):
    query = ogc.parse_item_query({"limit": ["5"], "offset": ["10"]})
    page = ogc.items_document(atlas, BASE, "places", query, "json", URLS)
    assert page["numberMatched"] == len(atlas.places)
    assert page["numberReturned"] == 5
    assert [f["id"] for f in page["features"]] == list(atlas.places)[10:15]
    links = rels(page)
    assert links["self"] == f"{BASE}/collections/places/items?f=json&limit=5&offset=10"
    assert links["alternate"] == f"{BASE}/collections/places/items?f=html&limit=5&offset=10"
    assert links["next"] == f"{BASE}/collections/places/items?f=json&limit=5&offset=15"
    assert links["prev"] == f"{BASE}/collections/places/items?f=json&limit=5&offset=5"


def test_the_last_page_has_no_next_link_and_the_first_no_prev(atlas):
    last = ogc.items_document(atlas, BASE, "corridors", ogc.parse_item_query({}), "json", URLS)
    assert last["numberReturned"] == len(atlas.corridors)
    assert "next" not in rels(last) and "prev" not in rels(last)


@settings(max_examples=30, deadline=None)
@given(limit=st.integers(1, 60))
def test_following_next_links_returns_every_segment_once(atlas, limit):
    seen, offset = [], 0
    while True:
        query = ogc.ItemQuery(limit=limit, offset=offset)
        page = ogc.items_document(atlas, BASE, "segments", query, "json", URLS)
        seen += [f["id"] for f in page["features"]]
        if "next" not in rels(page):
            break
        offset += limit
    assert seen == [r.id for r in ogc.collection_order(records_of(atlas, "segments", URLS))]
    assert sorted(seen) == sorted(atlas.segments)


def test_html_pages_link_their_next_page_as_html(atlas):
    page = ogc.items_document(atlas, BASE, "places", ogc.ItemQuery(limit=2), "html", URLS)
    next_link = next(link for link in page["links"] if link["rel"] == "next")
    assert next_link["type"] == "text/html" and "f=html" in next_link["href"]


def test_bbox_keeps_only_features_that_intersect_it(atlas):
    herat = atlas.places["herat"].geometry.coordinates
    bbox = f"{herat[0] - 0.1},{herat[1] - 0.1},{herat[0] + 0.1},{herat[1] + 0.1}"
    page = ogc.items_document(atlas, BASE, "places", ogc.parse_item_query({"bbox": [bbox]}), "json", URLS)
    ids = [f["id"] for f in page["features"]]
    assert "herat" in ids and len(ids) < len(atlas.places)
    for place_id in ids:
        lon, lat = atlas.places[place_id].geometry.coordinates
        assert abs(lon - herat[0]) <= 0.1 and abs(lat - herat[1]) <= 0.1
    assert page["numberMatched"] == len(ids)
    assert "bbox=" in rels(page)["self"]


def test_bbox_crossing_the_antimeridian_covers_both_sides(atlas):
    # West 170 to east 80 runs across 180 and covers every longitude the data uses (52–75 E).
    page = ogc.items_document(atlas, BASE, "segments", ogc.parse_item_query({"bbox": ["170,-90,80,90"]}), "json", URLS)
    assert page["numberMatched"] == len(atlas.segments)
    far = ogc.items_document(atlas, BASE, "segments", ogc.parse_item_query({"bbox": ["170,-90,50,90"]}), "json", URLS)
    assert far["numberMatched"] == 0


def test_a_datetime_filter_matches_no_feature_because_none_has_a_time(atlas):
    query = ogc.parse_item_query({"datetime": ["2024-01-01T00:00:00Z/.."]})
    page = ogc.items_document(atlas, BASE, "places", query, "json", URLS)
    assert page["numberMatched"] == 0 and page["features"] == []


def test_segment_features_carry_status_gauge_alignment_and_length(atlas):
    feature = ogc.item_document(atlas, BASE, "segments", "herat-kandahar", "json", URLS)
    segment = atlas.segments["herat-kandahar"].properties
    assert feature["type"] == "Feature" and feature["id"] == "herat-kandahar"
    assert feature["geometry"]["type"] == "LineString"
    props = feature["properties"]
    assert (props["status"], props["gauge_mm"], props["alignment"]) == (
        segment.status,
        segment.gauge_mm,
        segment.alignment,
    )
    assert props["length_km"] > 0 and json.loads(props["facts"]) == []


def test_place_features_carry_their_facts_with_quote_seed_and_source_url(atlas):
    feature = ogc.item_document(atlas, BASE, "places", "torghundi", "json", URLS)
    facts = json.loads(feature["properties"]["facts"])
    expected = atlas.facts_about(["torghundi"])
    assert [f["id"] for f in facts] == [f.id for f in expected]
    for fact, record in zip(facts, expected, strict=True):
        assert (fact["statement"], fact["quote"], fact["seed"]) == (record.statement, record.quote, record.seed)
        source = atlas.source_for_seed(record.seed)
        assert fact["source_url"] == f"http://example.test/sources/{source.id}#fact-{record.id}"
        assert fact["source_title"] == source.title


def test_a_single_feature_links_itself_its_html_and_its_collection(atlas):
    links = rels(ogc.item_document(atlas, BASE, "places", "herat", "html", URLS))
    assert links["self"] == f"{BASE}/collections/places/items/herat?f=html"
    assert links["alternate"] == f"{BASE}/collections/places/items/herat?f=json"
    assert links["collection"] == f"{BASE}/collections/places?f=json"


def test_an_unknown_feature_is_not_found_naming_where_the_ids_are(atlas):
    with pytest.raises(NotFound, match=f"no place 'atlantis'; {BASE}/collections/places/items lists them"):
        ogc.item_document(atlas, BASE, "places", "atlantis", "json", URLS)


@pytest.mark.parametrize("collection_id", ["places", "segments", "corridors"])
def test_schema_describes_every_feature_property_with_its_type(atlas, collection_id):
    schema = collection_schema(BASE, collection_id)["properties"]["properties"]["properties"]
    feature = ogc.items_document(atlas, BASE, collection_id, ogc.ItemQuery(limit=1), "json", URLS)["features"][0]
    assert list(schema) == [name for name in feature["properties"] if name != "id"]
    json_types = {"string": str, "array": list, "integer": int, "number": float}
    for name, value in feature["properties"].items():
        if name != "id" and value is not None:
            assert isinstance(value, json_types[schema[name]["type"]]), name


def test_schema_marks_only_nullable_fields_nullable():
    schema = collection_schema(BASE, "segments")["properties"]["properties"]["properties"]
    assert schema["gauge_mm"] == {"type": "integer", "description": schema["gauge_mm"]["description"], "nullable": True}
    assert "nullable" not in schema["status"]
    assert schema["facts"]["contentSchema"]["items"]["properties"]["quote"]["type"] == "string"


def test_collection_order_leads_with_a_feature_holding_each_number_and_date_then_keeps_data_order(atlas):
    records = records_of(atlas, "segments", URLS)
    order = ogc.collection_order(records)
    assert {r.id for r in order} == set(records)
    first_ten = order[:10]
    for name in ("gauge_mm", "published_length_km", "length_km"):
        assert any(r.properties[name] is not None for r in first_ten), name
    rest = [r.id for r in order if r.id not in {"mastung-gwadar-port"}]
    assert rest == [i for i in records if i != "mastung-gwadar-port"]
    facts = ogc.collection_order(records_of(atlas, "facts", URLS))[:10]
    for name in ("value", "date", "source_date"):
        assert any(r.properties[name] is not None for r in facts), name


@pytest.mark.parametrize(
    ("collection", "args", "expected"),
    [
        (
            "segments",
            {"status": ["existing"]},
            lambda a: {s.id for s in a.segments.values() if s.properties.status == "existing"},
        ),
        (
            "segments",
            {"gauge_mm": ["1435,1676"]},
            lambda a: {s.id for s in a.segments.values() if s.properties.gauge_mm in (1435, 1676)},
        ),
        (
            "segments",
            {"alignment": ["schematic"], "country": ["AFG"]},
            lambda a: {
                s.id
                for s in a.segments.values()
                if s.properties.alignment == "schematic" and "AFG" in s.properties.countries
            },
        ),
        (
            "places",
            {"kind": ["sea_port"]},
            lambda a: {p.id for p in a.places.values() if p.properties.kind == "sea_port"},
        ),
        ("places", {"corridor": ["chaman-onward"]}, lambda a: set(select(a, "chaman-onward").place_ids)),
        ("corridors", {"country": ["UZB"]}, lambda a: {c.id for c in a.corridors.values() if "UZB" in c.countries}),
        ("facts", {"corridor": ["chaman-onward"]}, lambda a: {f.id for f in select(a, "chaman-onward").facts}),
        (
            "facts",
            {"kind": ["investment"], "datetime": ["../2025-12-31"]},
            lambda a: {f.id for f in a.facts.values() if f.kind == "investment" and f.date and f.date.year <= 2025},
        ),
    ],
)
def test_property_filters_keep_the_matching_features(atlas, collection, args, expected):
    query = ogc.parse_item_query(args | {"limit": ["1000"]}, collection, atlas)
    page = ogc.items_document(atlas, BASE, collection, query, "json", URLS)
    assert {f["id"] for f in page["features"]} == expected(atlas)
    assert page["numberMatched"] == len(expected(atlas))
    kept = parse_qs(urlsplit(rels(page)["self"]).query)
    assert {name: kept[name] for name in args} == args, "the self link keeps the filters"


def test_filters_combine_with_bbox_and_paging(atlas):
    query = ogc.parse_item_query({"status": ["existing"], "bbox": ["60,20,80,40"], "limit": ["2"]}, "segments", atlas)
    page = ogc.items_document(atlas, BASE, "segments", query, "json", URLS)
    assert page["numberReturned"] == 2 and page["numberMatched"] > 2
    assert "status=existing" in rels(page)["next"] and "bbox=60.0,20.0,80.0,40.0" in rels(page)["next"]


@pytest.mark.parametrize(
    ("collection", "args", "message"),
    [
        ("segments", {"status": ["built"]}, "status='built' is not a value the data uses; give one of existing"),
        ("segments", {"gauge_mm": ["1000"]}, "give one of 1435, 1520, 1676"),
        ("segments", {"country": ["XXX"]}, "give one of AFG"),
        ("places", {"status": ["existing"]}, "no parameter 'status' here; this page takes f, bbox"),
        ("corridors", {"kind": ["city"]}, "this page takes f, bbox, datetime, limit, offset, filter, filter-lang"),
    ],
)
def test_filters_refuse_values_and_names_a_collection_does_not_have(atlas, collection, args, message):
    with pytest.raises(BadParameter, match=re.escape(message)):
        ogc.parse_item_query(args, collection, atlas)


def test_a_datetime_interval_keeps_the_facts_dated_within_it(atlas):
    query = ogc.parse_item_query({"datetime": ["2026-01-24"], "limit": ["1000"]}, "facts", atlas)
    page = ogc.items_document(atlas, BASE, "facts", query, "json", URLS)
    assert {f["id"] for f in page["features"]} == {f.id for f in atlas.facts.values() if str(f.date) == "2026-01-24"}
