"""Bounded cost per request: the cache key is what a request selects (not how its headers are spelled), ranges
come from the cached bytes, query variants have their own budget, renders are bounded, URLs and repeats
capped, only trusted hosts served, and every answer has its security headers and no body for HEAD."""

from __future__ import annotations

import datetime as dt
import functools
import html
import threading

import pytest

from corridor.atlas.timeline import snap_as_of
from corridor.request.params import PictureOptions, parse_query
from corridor_web import create_app
from corridor_web.middleware.cache import negotiated_encoding, negotiated_type

PAGE = "/corridors/chaman-onward"
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")


@pytest.fixture
def fresh_app(data_copy):
    """An app of its own, so that counting cache entries and renders is not disturbed by other tests."""
    return create_app({"DATA_DIR": data_copy, "TESTING": True, "DATA_CHECK_SECONDS": 0})


def cache_of(app):
    return app.extensions["corridor_response_cache"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br", "br"),
        ("br;q=0.5, gzip", "gzip"),
        ("GZIP", "gzip"),
        ("identity", "identity"),
        ("", "identity"),
        ("*", "br"),
        ("br;q=0, *;q=0.1", "zstd"),
        ("x" * 300, "identity"),
    ],
)
def test_the_encoding_is_the_one_the_compressor_would_choose(header, expected):
    assert negotiated_encoding(header) == expected


def test_accept_is_reduced_to_the_format_the_api_serves():
    assert negotiated_type("text/html,application/xhtml+xml;q=0.9") == "text/html"
    assert negotiated_type("application/json") == negotiated_type("*/*") == negotiated_type("") == "application/json"
    assert negotiated_type("image/x-new-each-time-1234") == "application/json"


def test_new_spellings_of_accept_and_accept_encoding_share_one_cache_entry(fresh_app):
    client = fresh_app.test_client()
    for index in range(40):
        headers = {"Accept": f"text/x-{index}, */*;q=0.{index % 9 + 1}", "Accept-Encoding": f"gzip;q=0.{index % 9 + 1}"}
        assert client.get(PAGE, headers=headers).status_code == 200
    assert len(cache_of(fresh_app).entries) == 1


def test_a_range_is_cut_from_the_cached_answer(fresh_app):
    client = fresh_app.test_client()
    renders = []
    fresh_app.before_request(lambda: renders.append(1))
    whole = client.get("/export/all.geojson", headers={"Accept-Encoding": "identity"}).get_data()
    part = client.get("/export/all.geojson", headers={"Range": "bytes=10-19", "Accept-Encoding": "identity"})
    assert part.status_code == 206
    assert part.get_data() == whole[10:20]
    assert part.headers["Content-Range"] == f"bytes 10-19/{len(whole)}"
    assert client.get("/export/all.geojson", headers={"Range": "bytes=0-0"}).status_code == 206
    assert client.get("/export/all.geojson", headers={"Range": f"bytes={10 * len(whole)}-"}).status_code == 416
    assert renders == [1], "ranges of a cached answer never reach the app"


def test_a_range_on_a_cold_cache_renders_once_and_keeps_the_whole(fresh_app):
    client = fresh_app.test_client()
    part = client.get("/export/all.csv", headers={"Range": "bytes=0-0", "Accept-Encoding": "identity"})
    assert part.status_code == 206 and len(part.get_data()) == 1
    whole = client.get("/export/all.csv", headers={"Accept-Encoding": "identity"})
    assert whole.get_data()[:1] == part.get_data()
    assert len(cache_of(fresh_app).entries) == 1


def test_query_variants_never_evict_the_pages(data_copy):
    app = create_app({"DATA_DIR": data_copy, "TESTING": True, "DATA_CHECK_SECONDS": 0, "VARIANT_CACHE_MB": 1})
    client = app.test_client()
    pages = ["/", PAGE, "/facts", "/sources"]
    for url in pages:
        client.get(url)
    for index in range(60):
        assert (
            client.get(
                f"/facts?corridor=chaman-onward&as_of=2025-{index % 12 + 1:02d}-{index % 28 + 1:02d}"
            ).status_code
            == 200
        )
    cache = cache_of(app)
    assert cache.variants.size_bytes <= 1024 * 1024
    assert {key[-3] for key in cache.pages.entries} >= set(pages)


def test_as_of_is_snapped_to_the_latest_article_date_on_or_before_it():
    dates = [dt.date(2025, 4, 29), dt.date(2026, 1, 24)]
    assert snap_as_of(dt.date(2025, 12, 31), dates) == dt.date(2025, 4, 29)
    assert snap_as_of(dt.date(2026, 1, 24), dates) == dt.date(2026, 1, 24)
    assert snap_as_of(dt.date(2030, 1, 1), dates) == dt.date(2026, 1, 24)
    assert snap_as_of(dt.date(2000, 1, 1), dates) == dt.date(2025, 4, 28)
    assert snap_as_of(dt.date(2025, 1, 1), []) is None
    assert snap_as_of(None, dates) is None


def test_picture_sizes_and_dpi_are_rounded_to_steps():
    options = parse_query(PictureOptions, {"width": ["1001"], "height": ["1096"], "dpi": ["147"]})
    assert (options.width_px, options.height_px, options.dpi) == (1000, 1100, 150)


def test_a_render_past_the_slots_is_answered_503_with_retry_after(data_copy):
    app = create_app({"DATA_DIR": data_copy, "TESTING": True, "DATA_CHECK_SECONDS": 0, "RENDER_SLOTS": 1})
    slots_taken, release = threading.Event(), threading.Event()
    site = app.extensions["corridor"]
    drawing = site.map_html

    def slow_render(*args, **kwargs):
        slots_taken.set()
        release.wait(10)
        return drawing(*args, **kwargs)

    site.map_html = functools.lru_cache(maxsize=8)(slow_render)
    first = threading.Thread(target=lambda: app.test_client().get("/maps/overview.html"))
    first.start()
    try:
        assert slots_taken.wait(10)
        busy = app.test_client().get("/maps/chaman-onward.html")
        assert busy.status_code == 503
        assert busy.headers["Retry-After"] == "5"
        assert "try again" in busy.get_data(as_text=True)
        for costly in ("/facts.json?q=herat", "/ogc/collections/segments/items?bbox=60,20,75,45", "/routes?via=herat"):
            refused = app.test_client().get(costly)  # as JSON, as an OGC exception or as a page: when to retry
            assert refused.status_code == 503 and refused.headers["Retry-After"] == "5", costly
        assert app.test_client().get("/healthz").status_code == 200, "cheap answers do not wait for a slot"
        assert app.test_client().get("/facts").status_code == 200
    finally:
        release.set()
        first.join(10)
    assert app.test_client().get("/maps/chaman-onward.html").status_code == 200, "the slot is given back"


def test_a_long_url_is_414_and_a_parameter_repeated_too_often_is_400(client):
    response = client.get("/routes.json?" + "&".join(["via=herat"] * 20000))
    assert response.status_code == 414
    response = client.get("/routes.json?from=termez&to=chaman&" + "&".join(["via=herat"] * 13))
    assert response.status_code == 400
    assert "at most 12 times" in response.get_data(as_text=True)
    for header in SECURITY_HEADERS:
        assert header in response.headers


def test_error_messages_that_echo_input_are_cut_short(client):
    response = client.get("/facts?as_of=" + "9" * 3000)
    assert response.status_code == 400
    assert len(response.get_data()) < 20000
    assert "9" * 400 not in response.get_data(as_text=True)
    api = client.get("/api/" + "x" * 3000)
    assert api.status_code == 404 and len(api.get_json()["message"]) <= 300


@pytest.mark.parametrize("host", ['"<>@', "a b", "evil.example/..", "x" * 300])
def test_a_host_that_is_no_host_name_is_400_with_security_headers(client, host):
    response = client.get("/", headers={"Host": host})
    assert response.status_code == 400
    for header in SECURITY_HEADERS:
        assert header in response.headers
    assert client.head("/", headers={"Host": host}).get_data() == b""


def test_only_trusted_hosts_are_served_and_written_into_links(data_copy):
    app = create_app(
        {"DATA_DIR": data_copy, "TESTING": True, "TRUSTED_HOSTS": ["corridor.example.org", ".example.net"]}
    )
    client = app.test_client()
    assert client.get("/api/", headers={"Host": "corridor.example.org"}).status_code == 200
    assert client.get("/api/", headers={"Host": "maps.example.net:8080"}).status_code == 200
    refused = client.get("/api/", headers={"Host": "attacker.example"})
    assert refused.status_code == 400 and "attacker" not in refused.get_data(as_text=True)


def test_forwarded_headers_count_only_behind_the_configured_proxies(data_copy):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "corridor.example.org"}
    plain = create_app({"DATA_DIR": data_copy, "TESTING": True}).test_client()
    assert plain.get("/api/", headers=headers).get_json()["ogc_api_features"] == "http://localhost/ogc"
    proxied = create_app({"DATA_DIR": data_copy, "TESTING": True, "FORWARDED_HOPS": 1}).test_client()
    href = proxied.get("/api/", headers=headers).get_json()["ogc_api_features"]
    assert href == "https://corridor.example.org/ogc"


def test_head_answers_never_have_a_body(client):
    for url in ["/", "/nowhere", "/facts?as_of=bad", "/export/all.csv"]:
        response = client.head(url)
        assert response.get_data() == b"", url


def test_maps_embeds_and_pictures_redirect_a_date_to_the_one_whose_drawing_it_shares(client, atlas):
    changes = atlas.index.change_dates
    assert changes[-1] < dt.date(2026, 12, 2)
    later = [changes[-1] + dt.timedelta(days=days) for days in (1, 30, 120, 250)]  # all after the last change
    assert later[-1] < dt.date(2026, 12, 2)
    urls = [client.get(f"/maps/chaman-onward.html?as_of={day.isoformat()}").headers.get("Location") for day in later]
    assert set(urls) == {f"/maps/chaman-onward.html?as_of={changes[-1].isoformat()}"}
    assert client.get(f"/maps/chaman-onward.html?as_of={changes[-1].isoformat()}").status_code == 200
    embed = client.get("/embed/all?as_of=2030-01-01&legend=0")
    assert embed.status_code == 302 and "legend=0" in embed.headers["Location"]
    picture = client.get("/maps/all.png?as_of=2030-01-01&width=400&height=300", follow_redirects=True)
    assert picture.status_code == 200 and picture.mimetype == "image/png"


@pytest.mark.parametrize("path", ["/sources", "/sources/000_22cb328290fae5cb", "/api/facts", "/api/places/kabul"])
def test_pages_without_parameters_refuse_unknown_ones_saying_so(client, path):
    response = client.get(path + "?x=1")
    assert response.status_code == 400
    assert "There is no parameter 'x' here; this page takes no parameters." in html.unescape(
        response.get_data(as_text=True)
    )
