"""Responses that do not depend on the server: rendered files are cached and compressed the same under
waitress as under the test client, and a page's `.json` twin holds everything the page shows."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import pytest
from serving import serving_app

import corridor_web.blueprints.embeds
import corridor_web.blueprints.exports
from corridor.atlas.load import DEFAULT_DATA_DIR
from corridor_web import create_app


@pytest.fixture
def counted(monkeypatch) -> dict[str, int]:
    """How often an export and a PNG were really rendered."""
    calls = {"export": 0, "png": 0}

    def counting(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(
        corridor_web.blueprints.exports,
        "render_export",
        counting("export", corridor_web.blueprints.exports.render_export),
    )
    monkeypatch.setattr(
        corridor_web.blueprints.embeds, "render_png", counting("png", corridor_web.blueprints.embeds.render_png)
    )
    return calls


@pytest.fixture
def waitress_url(data_copy) -> Iterator[str]:
    with serving_app(create_app({"DATA_DIR": data_copy}), threads=2) as url:
        yield url


def get(url: str, encoding: str = "identity") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, dict(response.headers), response.read()


@pytest.mark.parametrize("path", ["/export/all.gpkg", "/maps/chaman-onward.png?width=400&height=300&dpi=50"])
def test_second_request_under_waitress_is_served_without_rendering_again(waitress_url, counted, path):
    first = get(waitress_url + path)
    second = get(waitress_url + path)
    assert first[0] == second[0] == 200
    assert first[2] == second[2]
    assert counted == {"export": 1 if "export" in path else 0, "png": 1 if "png" in path else 0}


@pytest.mark.parametrize("path", ["/export/all.kml", "/export/all.geojson"])
def test_kml_and_geojson_come_back_compressed_under_waitress(waitress_url, path):
    status, headers, body = get(waitress_url + path, "gzip")
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert body[:2] == b"\x1f\x8b"
    assert headers["Content-Disposition"].startswith("attachment")


def test_second_request_under_the_test_client_is_not_rendered_again(counted):
    # An app of its own: the session's app may have cached this export for an earlier test.
    client = create_app({"DATA_DIR": DEFAULT_DATA_DIR, "TESTING": True}).test_client()
    assert client.get("/export/chaman-onward.kml").status_code == 200
    assert client.get("/export/chaman-onward.kml").status_code == 200
    assert counted["export"] == 1


@pytest.mark.parametrize(("path", "key"), [("/index.json", "all"), ("/corridors/chaman-onward.json", "chaman-onward")])
def test_json_twin_holds_the_downloads_and_embed_panel(client, path, key):
    view = client.get(path).get_json()
    assert [link["href"] for link in view["downloads"]][0] == f"/export/{key}.shp.zip"
    assert view["embed"]["embed"] == f"/embed/{key}"
    assert "<iframe" in view["embed"]["snippet"]


def test_json_twin_keeps_the_views_key_order(client):
    response = client.get("/corridors/chaman-onward.json")
    keys = list(response.get_json())
    assert keys[:2] == ["corridor", "facts_by_kind"]
    assert keys[-2:] == ["downloads", "embed"]
    assert response.get_data(as_text=True).index('"name"') < response.get_data(as_text=True).index('"aliases"')
