"""Bad input, generated: every route with odd ids, dates, formats, layer names, Unicode, very long values and
path traversal in its path, its query and its headers. Never a 5xx or a traceback; every 4xx says what was wrong.

The app runs with TESTING on, so an unhandled exception fails the test instead of becoming a 500 page.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from urllib.parse import quote, urlencode

import brotli
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import Rule

from corridor.atlas.load import DEFAULT_DATA_DIR, load_atlas

try:  # Python 3.14 has zstd; before it, Flask-Compress brings the backport
    from compression import zstd
except ImportError:
    from backports import zstd

ATLAS = load_atlas(DEFAULT_DATA_DIR)
REAL_IDS = [
    *ATLAS.corridors,
    *ATLAS.places,
    *ATLAS.segments,
    *ATLAS.facts,
    *ATLAS.sources,
    "all",
    "overview",
    "places",
    "segments",
    "corridors",
    "facts",
    "sources",
]
TRICKY = [
    "..",
    "../",
    "../../app.py",
    "..%2F..%2Fapp.py",
    "%2e%2e/%2e%2e/etc/passwd",
    "/etc/passwd",
    "C:\\boot.ini",
    "\x00",
    "%00",
    "\u202e",
    "\ufeff",
    "😀",
    "ǅ",
    "İ",
    "\U0001d4b3",
    "NaN",
    "-1",
    "0",
    "1e309",
    "9" * 400,
    "2025-02-30",
    "2025-13-01",
    "0000-01-01",
    "9999-12-31",
    "2025-06-01T00:00:00Z",
    "../2025-06-01",
    "<script>alert(1)</script>",
    "'\"`",
    "${x}",
    "{{7*7}}",
    "a" * 5000,
    " ",
    "",
    ",",
    ",,,",
    "json",
    "html",
    "geojson",
    "shp.zip",
    "gpkg",
    "kml",
    "csv",
    "png",
    "all.gpkg",
    "places,context",
    "natural-earth",
    "1",
    "true",
]
PARAMS = [
    "as_of",
    "kind",
    "corridor",
    "country",
    "source",
    "f",
    "limit",
    "offset",
    "bbox",
    "datetime",
    "from",
    "to",
    "via",
    "allow",
    "layers",
    "basemap",
    "legend",
    "width",
    "height",
    "dpi",
    "v",
    "format",
    "q",
]
DECOMPRESS = {"gzip": gzip.decompress, "br": brotli.decompress, "zstd": zstd.decompress, "deflate": zlib.decompress}
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

odd_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
dates = st.dates().map(lambda d: d.isoformat())
values = st.one_of(st.sampled_from(REAL_IDS), st.sampled_from(TRICKY), odd_text, dates, st.integers().map(str))
queries = st.dictionaries(
    st.one_of(st.sampled_from(PARAMS), odd_text), st.lists(values, min_size=1, max_size=2), max_size=4
)


def rules(app: Flask) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule)


def fill(rule: Rule, given: dict[str, str]) -> str:
    """The rule's path with each variable replaced by a (quoted) generated value."""

    def value(match: re.Match) -> str:
        name = match.group(1).split(":")[-1]
        return quote(given.get(name, "x"), safe="/" if match.group(1).startswith("path:") else "")

    return re.sub(r"<([^>]+)>", value, rule.rule)


def body_text(response) -> str:
    """The body as text, decompressed if a strange Accept-Encoding got it compressed."""
    data = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    return (DECOMPRESS[encoding](data) if encoding else data).decode()


def message_of(response) -> str:
    """What a 4xx says to its reader: the JSON message, the page's error paragraph or the plain text."""
    text = body_text(response)
    if response.mimetype == "text/plain":
        return text.strip()
    if response.is_json or response.mimetype.endswith("+json"):
        document = json.loads(text)
        return str(document.get("message") or document.get("description") or document.get("error") or "")
    found = re.search(r'class="error[^"]*"[^>]*>\s*([^<]+)', text)
    return found.group(1).strip() if found else ""


def check(response, url: str) -> None:
    assert response.status_code < 500, url
    media_type = response.mimetype or ""  # a 304 has none
    if media_type.startswith("text/") or "json" in media_type:
        assert "Traceback" not in body_text(response), url
    if response.status_code >= 400 and response.status_code != 405:
        assert message_of(response), f"{url}: a {response.status_code} without a message"


@SETTINGS
@given(data=st.data())
def test_every_route_with_generated_path_values_and_query_never_fails(app, data):
    rule = data.draw(st.sampled_from(rules(app)))
    path = fill(rule, {name: data.draw(values, label=name) for name in rule.arguments})
    query = data.draw(queries)
    url = path + ("?" + urlencode(query, doseq=True) if query else "")
    with app.test_client().get(url) as response:
        check(response, url)


@SETTINGS
@given(
    segments=st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "static",
                    "vendor",
                    "leaflet",
                    "maps",
                    "export",
                    "api",
                    "ogc",
                    "collections",
                    "items",
                    "embed",
                    "sources",
                    "corridors",
                ]
            ),
            st.sampled_from(TRICKY),
            odd_text,
        ),
        min_size=1,
        max_size=5,
    ),
    raw=st.booleans(),
)
def test_any_path_is_a_page_or_a_clear_404(app, segments, raw):
    joined = "/".join(segment if raw else quote(segment, safe="") for segment in segments)
    path = "/" + joined.lstrip("/")  # a leading "//" would name a host to the test client
    with app.test_client().get(path) as response:
        check(response, path)
        if response.status_code == 404 and response.mimetype == "text/html":
            assert "<h1>404" in response.get_data(as_text=True), path


HEADERS = [
    "Accept",
    "Accept-Encoding",
    "Accept-Language",
    "If-None-Match",
    "If-Modified-Since",
    "Range",
    "Host",
    "Cookie",
    "X-Forwarded-For",
]
header_values = st.one_of(
    st.sampled_from(TRICKY),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60),
    st.sampled_from(
        [
            "bytes=0-0",
            "bytes=-1",
            "bytes=9999999-",
            "*",
            'W/"x"',
            "gzip;q=0",
            "br;q=abc",
            "text/html;q=2",
            "*/*;q=-1",
            "Mon, 32 Foo 2025",
        ]
    ),
)


@SETTINGS
@given(
    url=st.sampled_from(
        [
            "/",
            "/facts",
            "/maps/overview.html",
            "/vendor/leaflet/leaflet.js",
            "/static/style.css",
            "/api/corridors",
            "/ogc/collections/segments/items",
            "/export/all.geojson",
            "/healthz",
        ]
    ),
    headers=st.dictionaries(st.sampled_from(HEADERS), header_values, max_size=4),
)
def test_odd_request_headers_never_fail(app, url, headers):
    with app.test_client().get(url, headers=headers) as response:
        check(response, url)


def test_unknown_routes_and_methods_answer_with_the_error_page(client):
    for url in ("/nowhere", "/maps/", "/export/", "/api/corridors/x/y/z", "/" + "a" * 3000):
        response = client.get(url)
        assert response.status_code == 404 and "<h1>404" in response.get_data(as_text=True), url
    posted = client.post("/facts", data={"kind": "route"})
    assert posted.status_code == 405 and "<h1>405" in posted.get_data(as_text=True)
