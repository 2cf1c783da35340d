"""Serving for real: the response cache, validators and 304s, compression, versioned assets, security headers,
data reloads that never serve broken data, /healthz, the access log and `corridor serve`'s settings."""

from __future__ import annotations

import base64
import gzip
import hashlib
import logging
import re
from pathlib import Path

import brotli
import pytest

from corridor_web import create_app
from corridor_web.cli import main
from corridor_web.middleware.security import content_security_policy, frame_ancestors, inline_script_hashes

MAP = "/maps/chaman-onward.html"
FIRST_FACT = "According to the Taliban, Kazakhstan plans to invest USD 500 million"


@pytest.fixture
def live_data_app(data_copy: Path):
    """An app on a writable copy of the data that looks for changed data on every request."""
    return create_app({"DATA_DIR": data_copy, "TESTING": True, "DATA_CHECK_SECONDS": 1e-9})


def csp_of(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_repeated_requests_get_the_same_bytes_from_the_cache(app, client):
    first = client.get(MAP).get_data()
    cached = len(app.extensions["corridor_response_cache"].entries)
    assert client.get(MAP).get_data() == first, "maps hold random ids: equal bytes mean nothing was rebuilt"
    assert len(app.extensions["corridor_response_cache"].entries) == cached


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/facts",
        "/corridors/chaman-onward.json",
        MAP,
        "/export/all.geojson",
        "/api/corridors",
        "/ogc/collections/segments/items",
    ],
)
def test_a_matching_etag_or_date_is_answered_304_without_a_body(client, url):
    response = client.get(url)
    assert response.status_code == 200
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert "no-cache" in response.headers["Cache-Control"]
    for validator in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
        again = client.get(url, headers=validator)
        assert again.status_code == 304 and again.get_data() == b"", validator
        assert again.headers["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": 'W/"other"'}).status_code == 200


@pytest.mark.parametrize(
    ("url", "media_type"),
    [
        ("/", "text/html"),
        (MAP, "text/html"),
        ("/ogc/collections/segments/items", "application/geo+json"),
        ("/api/facts", "application/json"),
    ],
)
@pytest.mark.parametrize(("encoding", "decompress"), [("gzip", gzip.decompress), ("br", brotli.decompress)])
def test_html_json_and_geojson_are_compressed(client, url, media_type, encoding, decompress):
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    packed = client.get(url, headers={"Accept-Encoding": encoding})
    assert packed.headers["Content-Encoding"] == encoding and packed.mimetype == media_type
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert len(packed.get_data()) < len(plain.get_data()) / 2
    assert len(decompress(packed.get_data())) == len(plain.get_data())


def asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/(?:static|vendor)/[^"]+)"', html)


def test_static_assets_have_versioned_urls_cached_for_a_year(client):
    urls = asset_urls(client.get(MAP).get_data(as_text=True)) + asset_urls(client.get("/").get_data(as_text=True))
    assert {u.split("?")[0] for u in urls} >= {
        "/vendor/leaflet/leaflet.js",
        "/vendor/leaflet/leaflet.css",
        "/static/map.css",
        "/static/style.css",
    }
    for url in urls:
        assert re.search(r"\?v=[0-9a-f]{12}$", url), url
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
    script = client.get(next(u for u in urls if "leaflet.js" in u), headers={"Accept-Encoding": "br"})
    assert script.headers["Content-Encoding"] == "br"
    stale = client.get("/static/style.css?v=000000000000")
    assert stale.status_code == 200 and stale.headers["Cache-Control"] == "public, no-cache"


def test_a_byte_range_of_an_asset_is_still_served(client):
    with client.get("/vendor/leaflet/leaflet.js", headers={"Range": "bytes=0-99"}) as response:
        assert response.status_code == 206 and len(response.get_data()) == 100


def test_every_response_carries_the_security_headers(client):
    for url in ("/", "/facts.json", "/nowhere", "/static/style.css", "/api/corridors", "/healthz"):
        response = client.get(url)
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["Referrer-Policy"] == "no-referrer", url
        assert response.headers["X-Frame-Options"] == "DENY", url
        policy = csp_of(response)
        assert policy["frame-ancestors"] == "'none'" and policy["script-src"] == "'self'", url
        assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'", url


def test_map_documents_may_be_framed_here_and_run_only_their_own_inline_scripts(client):
    response = client.get(MAP, headers={"Accept-Encoding": "br"})
    html = brotli.decompress(response.get_data()).decode()
    policy = csp_of(response)
    assert policy["frame-ancestors"] == "'self'" and response.headers["X-Frame-Options"] == "SAMEORIGIN"
    sources = policy["script-src"].split()
    assert "'unsafe-inline'" not in sources and sources[0] == "'self'"
    assert sources[1:] == inline_script_hashes(html) and len(sources) > 1


def test_policy_covers_the_online_tile_layers_the_maps_offer(client):
    html = client.get("/maps/overview.html").get_data(as_text=True)
    image_sources = csp_of(client.get("/maps/overview.html"))["img-src"].split()
    for template in re.findall(r'"(https://[^"]+\{z\}[^"]+)"', html):
        host = re.match(r"https://([^/]+)", template).group(1).replace("{s}", "*")
        assert f"https://{host}" in image_sources, template


def test_framing_is_decided_per_path():
    assert frame_ancestors("/embed/chaman-onward") == "*"
    assert frame_ancestors("/maps/overview.html") == "'self'"
    assert frame_ancestors("/facts") == "'none'"
    assert "frame-ancestors *" in content_security_policy("*")


def sha256_source(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def test_inline_script_hashes_skip_external_scripts_and_repeats():
    html = '<script src="/a.js"></script><script>var a = 1;</script><script type="module">b()</script>'
    html += "<script>b()</script>"
    assert inline_script_hashes(html) == [sha256_source("var a = 1;"), sha256_source("b()")]


def test_debug_is_off_and_a_crash_is_a_500_page_without_traceback(data_copy):
    app = create_app({"DATA_DIR": data_copy})

    def crash() -> None:
        raise RuntimeError("secret internals")

    app.add_url_rule("/crash", view_func=crash)
    response = app.test_client().get("/crash")
    assert app.debug is False
    assert response.status_code == 500 and "<h1>500" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True) and "secret" not in response.get_data(as_text=True)


def test_healthz_reports_the_data_version_and_is_never_cached(client, atlas):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.get_json() == {
        "status": "ok",
        "render_workers": "off",
        "data_version": atlas.version,
        "corridors": len(atlas.corridors),
        "rejected_version": None,
        "rejected_because": None,
    }


def test_changed_data_is_validated_then_served_with_new_etags(live_data_app, data_copy, edit_json):
    client = live_data_app.test_client()
    before = client.get("/facts")
    assert FIRST_FACT in before.get_data(as_text=True)

    def reword(facts: list[dict]) -> None:
        facts[0]["statement"] = "A reworded statement."

    edit_json(data_copy / "facts.json", reword)
    after = client.get("/facts", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert "A reworded statement." in after.get_data(as_text=True)
    assert client.get("/healthz").get_json()["data_version"] == live_data_app.extensions["corridor"].atlas.version


def break_json(data_dir: Path, edit_json) -> str:
    (data_dir / "facts.json").write_text("[{", encoding="utf-8")
    return "facts.json: -: -: invalid JSON"


def break_quote(data_dir: Path, edit_json) -> str:
    def misquote(facts: list[dict]) -> None:
        facts[0]["quote"] = "words no article ever printed"

    edit_json(data_dir / "facts.json", misquote)
    return "words no article ever printed"


@pytest.mark.parametrize("damage", [break_json, break_quote])
def test_data_that_fails_validation_is_logged_and_never_served(live_data_app, data_copy, edit_json, caplog, damage):
    client = live_data_app.test_client()
    good = client.get("/facts").get_data()
    served = live_data_app.extensions["corridor"].atlas.version
    expected = damage(data_copy, edit_json)
    with caplog.at_level(logging.ERROR, logger="corridor.data"):
        assert client.get("/facts").get_data() == good
    assert any(expected in record.getMessage() and "still serving" in record.getMessage() for record in caplog.records)
    health = client.get("/healthz").get_json()
    assert health["data_version"] == served and expected in health["rejected_because"]
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="corridor.data"):
        client.get("/facts")
    assert caplog.records == [], "the same broken data is reported once"


def test_each_request_is_logged_with_status_size_and_time(client, caplog):
    with caplog.at_level(logging.INFO, logger="corridor.access"):
        client.get("/facts?kind=rumour")
    line = next(r.getMessage() for r in caplog.records if r.name == "corridor.access")
    assert re.fullmatch(r'\S+ "GET /facts\?kind=rumour HTTP/1.1" 400 \d+ [\d.]+ms', line), line


class NotServing:
    """Stands in for the server `corridor serve` builds: records what it was given, serves nothing."""

    def __init__(self, served: dict) -> None:
        self.served = served

    def __call__(self, app, host, port, settings, forwarded=False):
        self.served.update(app=app, host=host, port=port, **settings)
        return self

    def run(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_serve_takes_its_settings_from_the_environment(runner, monkeypatch, data_copy):
    served = {}
    monkeypatch.setattr("corridor_web.serving.make_server", NotServing(served))
    env = {
        "CORRIDOR_HOST": "0.0.0.0",
        "CORRIDOR_PORT": "9123",
        "CORRIDOR_THREADS": "8",
        "CORRIDOR_DATA_DIR": str(data_copy),
        "CORRIDOR_LOG_LEVEL": "warning",
        "CORRIDOR_DATA_CHECK_SECONDS": "0",
    }
    result = runner.invoke(main, ["serve"], env=env)
    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"], served["threads"]) == ("0.0.0.0", 9123, 8)
    assert served["app"].config["DATA_DIR"] == data_copy and served["app"].config["DATA_CHECK_SECONDS"] == 0
    assert served["app"].debug is False


def test_serve_flags_override_the_environment_and_bad_values_say_what_is_allowed(runner, monkeypatch):
    served = {}
    monkeypatch.setattr("corridor_web.serving.make_server", NotServing(served))
    result = runner.invoke(main, ["serve", "--port", "9001", "--threads", "2"], env={"CORRIDOR_PORT": "9123"})
    assert result.exit_code == 0 and (served["port"], served["threads"]) == (9001, 2)
    bad = runner.invoke(main, ["serve", "--log-level", "loud"])
    assert bad.exit_code == 2 and "'debug', 'info', 'warning', 'error'" in bad.output
