"""The JSON API and the OGC API – Features endpoint over HTTP: status codes, media types, formats and messages."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from conftest import HOSTILE_TEXT
from markupsafe import escape

from corridor.api.ogc.features import CONFORMANCE_CLASSES, collection_order
from corridor.api.records import KINDS, SiteUrls, records_of
from corridor_web import create_app

HTML_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
OGC_URLS = [
    "/ogc",
    "/ogc/conformance",
    "/ogc/collections",
    "/ogc/collections/segments",
    "/ogc/collections/segments/items",
    "/ogc/collections/segments/items/herat-kandahar",
    "/ogc/collections/facts",
    "/ogc/collections/facts/items",
    "/ogc/collections/facts/items/kz-500m-afghan-railway",
]


def link(document: dict, rel: str) -> str:
    return next(item["href"] for item in document["links"] if item["rel"] == rel)


@pytest.mark.parametrize("url", OGC_URLS)
def test_ogc_resources_answer_json_by_default_and_html_on_request(client, url):
    default = client.get(url)
    assert default.status_code == 200
    assert default.mimetype in ("application/json", "application/geo+json")
    assert default.headers["Access-Control-Allow-Origin"] == "*"
    for html in (client.get(url, query_string={"f": "html"}), client.get(url, headers={"Accept": HTML_ACCEPT})):
        assert html.status_code == 200 and html.mimetype == "text/html"
        json_twin = escape(link(default.json, "alternate").replace("f=html", "f=json"))
        assert f'<link rel="alternate" type="application/json" href="{json_twin}"' in html.get_data(as_text=True)


def test_items_and_single_features_are_geojson(client):
    assert client.get("/ogc/collections/places/items").mimetype == "application/geo+json"
    assert client.get("/ogc/collections/places/items/herat").mimetype == "application/geo+json"


def test_landing_page_serves_with_and_without_a_trailing_slash_and_links_absolute_urls(client):
    for url in ("/ogc", "/ogc/"):
        response = client.get(url)
        assert response.status_code == 200
        assert link(response.json, "data") == "http://localhost/ogc/collections?f=json"


def test_every_landing_page_link_resolves(client):
    for item in client.get("/ogc").json["links"]:
        if item["rel"] == "license":
            assert item["href"] == "https://creativecommons.org/licenses/by/4.0/"  # off the site: not fetched
            continue
        path = urlsplit(item["href"])
        response = client.get(path.path, query_string=path.query)
        assert response.status_code == 200, item
        assert response.mimetype == item["type"].split(";")[0], item


def test_conformance_lists_core_geojson_and_html(client):
    assert client.get("/ogc/conformance").json["conformsTo"] == list(CONFORMANCE_CLASSES)


def test_collections_list_places_segments_corridors_and_facts(client):
    collections = client.get("/ogc/collections").json["collections"]
    assert [c["id"] for c in collections] == ["places", "segments", "corridors", "facts"]


def test_items_count_every_place_and_page_by_limit_and_offset(client, atlas):
    page = client.get("/ogc/collections/places/items?limit=20&offset=40").json
    assert page["numberMatched"] == len(atlas.places)
    assert [f["id"] for f in page["features"]] == list(atlas.places)[40:60]
    assert "next" not in [item["rel"] for item in page["links"]]


def test_next_link_leads_to_the_next_page(client, atlas):
    first = client.get("/ogc/collections/segments/items?limit=7").json
    following = urlsplit(link(first, "next"))
    second = client.get(following.path, query_string=following.query).json
    order = [r.id for r in collection_order(records_of(atlas, "segments", SiteUrls("-")))]
    assert [f["id"] for f in second["features"]] == order[7:14]


def test_schema_is_json_schema(client):
    response = client.get("/ogc/collections/places/schema")
    assert response.status_code == 200 and response.mimetype == "application/schema+json"
    assert "country" in response.json["properties"]["properties"]["properties"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/ogc/collections/places/items?bbox=60,30,70", "bbox has 3 numbers; give four (minLon,minLat,maxLon,maxLat)"),
        ("/ogc/collections/places/items?limit=-1", "limit=-1 is too small; give a whole number of at least 1."),
        ("/ogc/collections/places/items?offset=x", "offset='x' is not a whole number"),
        ("/ogc/collections/places/items?datetime=soon", "give an RFC 3339 instant"),
        ("/ogc/collections/places/items?sort=name", "no parameter 'sort' here; this page takes f, bbox, datetime"),
        ("/ogc/collections?f=xml", "Unknown format f='xml'; use f=json or f=html."),
        ("/ogc/conformance?limit=5", "Unknown query parameter limit"),
        ("/ogc/collections/places/schema?limit=1", "Unknown query parameter limit; this resource takes no query"),
    ],
)
def test_bad_parameters_get_400_with_an_ogc_exception_saying_what_to_send(client, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert response.json["code"] == "InvalidParameterValue"
    assert message in response.json["description"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/ogc/collections/railways", "There is no collection 'railways'; the collections are places, segments"),
        ("/ogc/collections/railways/items", "There is no collection 'railways'"),
        ("/ogc/collections/places/items/atlantis", "There is no place 'atlantis'"),
    ],
)
def test_unknown_collections_and_features_get_404_naming_what_exists(client, url, message):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json == {"code": "NotFound", "description": response.json["description"]}
    assert message in response.json["description"]


def test_errors_are_an_html_page_when_the_client_asks_for_html(client):
    response = client.get("/ogc/collections/places/items?limit=0&f=html")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "limit=0 is too small" in response.get_data(as_text=True)
    browser = client.get("/ogc/collections/railways", headers={"Accept": HTML_ACCEPT})
    assert browser.status_code == 404 and "There is no collection" in browser.get_data(as_text=True)


def test_api_index_links_every_listing_and_the_ogc_endpoint(client):
    index = client.get("/api").json
    assert index["resources"] == {kind: f"http://localhost/api/{kind}" for kind in KINDS}
    assert index["ogc_api_features"] == "http://localhost/ogc"


def test_api_lists_every_record_of_each_kind(client, atlas):
    for kind in KINDS:
        response = client.get(f"/api/{kind}")
        assert response.status_code == 200 and response.mimetype == "application/json"
        assert response.json["count"] == len(getattr(atlas, kind))
        assert [r["id"] for r in response.json[kind]] == list(getattr(atlas, kind))


def test_api_fact_has_its_quote_seed_and_a_source_url_that_resolves(client, atlas):
    fact = next(iter(atlas.facts.values()))
    record = client.get(f"/api/facts/{fact.id}").json
    assert (record["statement"], record["quote"], record["seed"]) == (fact.statement, fact.quote, fact.seed)
    source_url = urlsplit(record["source_url"])
    assert source_url.fragment == f"fact-{fact.id}"
    assert client.get(source_url.path).status_code == 200


def test_api_segment_has_its_properties_geometry_and_length(client, atlas):
    record = client.get("/api/segments/herat-kandahar").json
    segment = atlas.segments["herat-kandahar"]
    assert record["status"] == segment.properties.status and record["alignment"] == segment.properties.alignment
    assert record["geometry"]["coordinates"] == [list(c) for c in segment.geometry.coordinates]
    assert list(record)[:3] == ["id", "name", "from_place"], "fields keep the model's order"


def test_api_source_lists_the_facts_it_supports(client, atlas):
    source = next(iter(atlas.sources.values()))
    record = client.get(f"/api/sources/{source.id}").json
    assert record["fact_ids"] == [f.id for f in atlas.facts.values() if f.seed == source.file]
    assert client.get(urlsplit(record["url"]).path).status_code == 200


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/railways", "There is nothing called 'railways' here; the API lists places, segments"),
        ("/api/places/atlantis", "There is no place 'atlantis'; /api/places lists every one."),
    ],
)
def test_api_unknown_kinds_and_ids_get_404_json_with_a_message(client, url, message):
    response = client.get(url)
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert message in response.json["message"]


def test_html_items_escape_hostile_fact_text(hostile_data):
    client = create_app({"DATA_DIR": hostile_data, "TESTING": True}).test_client()
    html = client.get("/ogc/collections/corridors/items?f=html").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    feature = client.get("/ogc/collections/corridors/items").json["features"]
    assert HOSTILE_TEXT in [f["quote"] for c in feature for f in json.loads(c["properties"]["facts"])]


def test_api_and_ogc_segments_show_each_attribute_with_its_source(client, atlas):
    record = client.get("/api/segments/torghundi-sanobar").json
    assert record["status"] == "under_construction"
    assert record["status_source"] == (
        "under construction from 2024-09-11, per News Central Asia, 2024-09-11; "
        "News.Az (citing foreign media), 2025-07-14; Pajhwok Afghan News, 2025-07-31; "
        "MENAFN (syndicated news), 2026-02-02"
    )
    assert record["status_history"].startswith(
        "proposed, first reported 2024-08-01, per article 000; News Central Asia, 2024-08-01 → "
    )
    assert record["published_length_source"] == "per News.Az (citing foreign media), 2025-07-14"
    feature = client.get("/ogc/collections/segments/items/serhetabat-torghundi?f=json").json
    assert feature["properties"]["gauge_source"].startswith("per News.Az")
    cited = client.get("/api/references/newsaz-2025-torghundi-herat-mou").json
    assert cited["url"] == atlas.references["newsaz-2025-torghundi-herat-mou"].url


@pytest.mark.parametrize(
    "url",
    [
        "/ogc/nothing-here",
        "/ogc/collections/places/nowhere",
        "/ogc/collections/railways/queryables",
        "/ogc/collections/railways/items",
    ],
)
def test_every_ogc_path_answers_json_clients_with_an_ogc_exception(client, url):
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.mimetype == "application/json" and response.json["code"] == "NotFound"
    assert response.json["description"]


def test_a_method_the_ogc_api_does_not_take_is_a_json_405(client):
    response = client.post("/ogc/collections")
    assert response.status_code == 405 and response.json["code"] == "MethodNotAllowed"


def test_the_openapi_definition_lists_each_collections_parameters_and_limits(client):
    response = client.get("/ogc/openapi")
    assert response.status_code == 200
    assert response.content_type == "application/vnd.oai.openapi+json;version=3.0"
    document = response.json
    assert document["openapi"] == "3.0.3" and document["servers"] == [{"url": "http://localhost/ogc"}]
    items = document["paths"]["/collections/segments/items"]["get"]
    parameters = {p["name"]: p for p in items["parameters"]}
    assert parameters["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 1000, "default": 10}
    assert parameters["status"]["schema"]["enum"] == ["existing", "under_construction", "planned", "proposed"]
    assert {"kind", "corridor"} <= set(
        p["name"] for p in document["paths"]["/collections/places/items"]["get"]["parameters"]
    )
    schema = document["components"]["schemas"]["segments"]["properties"]["properties"]["properties"]
    assert schema["published_length_km"]["type"] == "number"


def test_queryables_are_json_schema_of_the_typed_properties(client):
    response = client.get("/ogc/collections/segments/queryables?f=json")
    assert response.status_code == 200 and response.mimetype == "application/schema+json"
    properties = response.json["properties"]
    assert {"id", "name", "status", "gauge_mm", "alignment", "length_km", "geometry"} <= set(properties)
    assert "corridors" not in properties and "facts" not in properties, "lists are returned, not compared"
    assert properties["gauge_mm"]["type"] == "integer" and properties["gauge_mm"]["enum"] == [1435, 1520, 1676]
    assert properties["geometry"]["x-ogc-role"] == "primary-geometry" and properties["id"]["x-ogc-role"] == "id"
    facts = client.get("/ogc/collections/facts/queryables").json["properties"]
    assert facts["date"] == facts["date"] | {"type": "string", "format": "date", "x-ogc-role": "primary-instant"}
    assert "geometry" not in facts


def test_queryables_as_html_list_each_property_with_its_values(client):
    page = client.get("/ogc/collections/segments/queryables?f=html")
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert "<code>gauge_mm</code>" in text and "1435, 1520, 1676" in text
    assert 'href="http://localhost/ogc/collections/segments/queryables?f=json"' in text
    assert client.get("/ogc/collections/segments/queryables?f=xml").status_code == 400


def test_a_filter_over_http_keeps_only_matching_features(client, atlas):
    page = client.get("/ogc/collections/segments/items?status=existing&gauge_mm=1520&limit=100").json
    expected = {
        s.id for s in atlas.segments.values() if s.properties.status == "existing" and s.properties.gauge_mm == 1520
    }
    assert {f["id"] for f in page["features"]} == expected
    bad = client.get("/ogc/collections/segments/items?status=built")
    assert bad.status_code == 400 and "give one of existing" in bad.json["description"]
