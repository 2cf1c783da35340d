"""Cross-origin reads: exports, `.json` twins, the JSON API and the OGC API, with preflight answers."""

from __future__ import annotations

import pytest

from corridor_web.middleware.cors import ALLOWED_METHODS

OPEN_URLS = [
    "/export/all.geojson",
    "/export/chaman-onward.gpkg",
    "/index.json",
    "/facts.json",
    "/api/places",
    "/ogc/collections/segments/items",
    "/ogc/openapi",
]


@pytest.mark.parametrize("url", OPEN_URLS)
def test_open_data_can_be_read_from_any_origin(client, url):
    for method in (client.get, client.head):
        response = method(url, headers={"Origin": "https://umap.example"})
        assert response.status_code == 200, url
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Content-Disposition" in response.headers["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("url", OPEN_URLS)
def test_a_preflight_names_the_methods_and_headers_allowed(client, url):
    response = client.options(
        url,
        headers={
            "Origin": "https://geojson.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "accept, if-none-match",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == ALLOWED_METHODS == "GET, HEAD, OPTIONS"
    allowed = {h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"accept", "if-none-match"} <= allowed


def test_pages_for_people_are_not_opened_to_other_origins(client):
    assert "Access-Control-Allow-Origin" not in client.get("/").headers
