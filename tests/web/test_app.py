"""The web app through Flask's test client: pages, twins, filters, errors, escaping, no external URLs."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape

import pytest

from corridor.atlas.timeline import snap_as_of
from corridor.display.licence import DATA_LICENCE_URL, NATURAL_EARTH_URL
from corridor_web import create_app
from corridor_web.cli import main
from tests.addresses import addresses_in

UNDATED_SOURCE = "000_22cb328290fae5cb"
ATTRIBUTION_LINKS = {"https://www.openrailwaymap.org/", "https://www.openstreetmap.org/copyright"}
LICENCE_LINKS = {DATA_LICENCE_URL, NATURAL_EARTH_URL, "https://schema.org/"}
"""The data licence, Natural Earth's terms and the JSON-LD vocabulary: named, never loaded."""
TEST_CLIENT_ORIGIN = "http://localhost"
TILE_TEMPLATES = {
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "https://{s}.tiles.openrailwaymap.org/standard/{z}/{x}/{y}.png",
}


def page_urls(atlas) -> list[str]:
    urls = ["/", "/facts", "/sources", "/maps/overview.html"]
    urls += [f"/corridors/{c}" for c in atlas.corridors] + [f"/maps/{c}.html" for c in atlas.corridors]
    return urls + [f"/sources/{s}" for s in atlas.sources]


def fact_rows(html: str) -> list[str]:
    return re.findall(r'<tr id="claim-([a-z0-9-]+)"', html)


def test_every_page_answers_200_with_html(client, atlas):
    for url in page_urls(atlas):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == "text/html", url


@pytest.mark.parametrize(
    "url", ["/", "/facts", "/sources", "/sources/004_b51f9af0961c45b9", "/corridors/chaman-onward"]
)
def test_each_page_links_its_json_twin_holding_the_same_dict(client, url):
    html = client.get(url).get_data(as_text=True)
    twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', html).group(1)
    response = client.get(unescape(twin))
    assert response.status_code == 200 and response.is_json
    assert response.get_json()


def test_corridor_twin_has_numbers_facts_and_segments(client, atlas):
    data = client.get("/corridors/chaman-onward.json").get_json()
    assert data["corridor"]["name"] == atlas.corridors["chaman-onward"].name
    assert data["corridor"]["length_km"] > 0
    assert [s["id"] for s in data["segments"]] == list(atlas.corridors["chaman-onward"].segments)
    assert sum(len(g["facts"]) for g in data["facts_by_kind"]) == data["corridor"]["fact_count"]


def test_overview_compares_the_three_corridors(client, atlas):
    html = client.get("/").get_data(as_text=True)
    for corridor in atlas.corridors.values():
        assert f'href="/corridors/{corridor.id}"' in html
    for row in (
        "Length drawn (all lines)",
        "By country",
        "By status",
        "Gauges",
        "Gauge breaks",
        "Railway money claimed",
        "Trade targets",
        "Timeframe claimed",
        "Evidence",
    ):
        assert row in html
    assert "USD 500 million" in html and "USD 7 bn" in html
    assert '<iframe class="map" src="/maps/overview.html"' in html


def test_corridor_page_shows_disagreements_side_by_side(client):
    html = client.get("/corridors/chaman-onward").get_data(as_text=True)
    disputes = html[html.index('id="disputes"') : html.index('id="facts"')]
    assert disputes.count('<div class="dispute-sides">') >= 1 and "What is disputed:" in disputes
    assert "railway-worth-up-to-7bn" in disputes and "rail-network-cost-7bn" in disputes


def test_unknown_ids_are_404_pages_that_say_what_to_do(client):
    for url in ("/corridors/atlantis", "/sources/999_0000000000000000", "/maps/atlantis.html", "/nowhere"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "<h1>404" in response.get_data(as_text=True), url
    assert "the overview lists every corridor" in client.get("/corridors/atlantis").get_data(as_text=True)
    assert client.get("/corridors/atlantis.json").get_json()["status"] == 404


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/?as_of=yesterday", "as_of must be a date written YYYY-MM-DD"),
        ("/corridors/chaman-onward?as_of=2025-02-30", "as_of must be a date"),
        ("/maps/overview.html?as_of=2025", "as_of must be a date"),
        ("/facts?kind=rumour", "unknown kind &#39;rumour&#39;; choose one of: investment"),
        ("/facts?corridor=atlantis", "unknown corridor"),
        ("/facts?country=XXX", "unknown country"),
        ("/facts?source=nope", "unknown source"),
        ("/facts?kind=route&kind=cost", "Give kind once"),
    ],
)
def test_bad_query_values_are_400_with_a_clear_message(client, url, message):
    response = client.get(url)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert "Traceback" not in html


def test_empty_filter_values_mean_no_filter(client, atlas):
    html = client.get("/facts?corridor=&country=&kind=&source=&as_of=").get_data(as_text=True)
    assert len(fact_rows(html)) == len(atlas.facts)


def test_facts_filter_by_kind_corridor_country_and_source(client, atlas):
    routes = fact_rows(client.get("/facts?kind=route").get_data(as_text=True))
    assert routes and set(routes) == {f.id for f in atlas.facts.values() if f.kind == "route"}
    uap = fact_rows(client.get("/facts?corridor=uzbekistan-afghanistan-pakistan").get_data(as_text=True))
    assert set(uap) == {
        f.id
        for f in atlas.facts_about(
            ["uzbekistan-afghanistan-pakistan", *atlas.corridors["uzbekistan-afghanistan-pakistan"].segments]
        )
    }
    kazakh = fact_rows(client.get("/facts?country=kaz").get_data(as_text=True))
    assert kazakh and "kz-500m-afghan-railway" in kazakh and len(kazakh) < len(atlas.facts)
    from_004 = fact_rows(client.get("/facts?source=004_b51f9af0961c45b9").get_data(as_text=True))
    assert set(from_004) == {f.id for f in atlas.facts.values() if f.seed == "004_b51f9af0961c45b9.txt"}
    both = fact_rows(client.get("/facts?kind=route&source=004_b51f9af0961c45b9").get_data(as_text=True))
    assert set(both) == set(routes) & set(from_004)


def test_facts_filters_are_a_plain_get_form(client):
    html = client.get("/facts?kind=cost").get_data(as_text=True)
    form = html[html.index('<form class="filters"') : html.index("</form>")]
    assert 'method="get"' in form
    for name in ("corridor", "country", "kind", "source"):
        assert f'<select name="{name}">' in form
    assert '<option value="cost" selected>' in form
    assert 'name="as_of"' in form


def test_every_fact_row_links_to_its_highlighted_passage(client, atlas):
    html = client.get("/facts").get_data(as_text=True)
    for fact in atlas.facts.values():
        source = atlas.source_for_seed(fact.seed)
        assert f'href="/sources/{source.id}#fact-{fact.id}"' in html, fact.id


def test_source_page_highlights_each_quote_with_an_anchor(client, atlas):
    for source in atlas.sources.values():
        html = client.get(f"/sources/{source.id}").get_data(as_text=True)
        marked = "".join(re.findall(r"<mark [^>]*>(.*?)</mark>", html, re.S))
        for fact in (f for f in atlas.facts.values() if f.seed == source.file):
            anchor_in_mark = r'<mark [^>]*>(?:<span class="anchor" id="[^"]+"></span>)*?<span class="anchor" id="fact-'
            assert re.search(anchor_in_mark + re.escape(fact.id) + '"', html), fact.id
            assert all(word in unescape(marked) for word in fact.quote.split()[:3]), fact.id


def test_as_of_hides_claims_published_later_and_badges_undated_ones(client, atlas):
    as_of = dt.date(2025, 6, 1)
    html = client.get(f"/facts?as_of={as_of}").get_data(as_text=True)
    dates = {f.id: atlas.source_for_seed(f.seed).date for f in atlas.facts.values()}
    expected = {fact_id for fact_id, date in dates.items() if date is None or date <= as_of}
    assert set(fact_rows(html)) == expected
    assert any(date is not None and date > as_of for date in dates.values()), "the filter hides something"
    assert '<span class="badge undated">undated</span>' in html
    corridor_page = client.get(f"/corridors/chaman-onward?as_of={as_of}").get_data(as_text=True)
    drawn = snap_as_of(as_of, atlas.index.change_dates)  # the map is framed at the last change on or before it
    assert "hidden" in corridor_page and f'src="/maps/chaman-onward.html?as_of={drawn}"' in corridor_page


def test_pages_and_maps_load_nothing_from_other_hosts(client, atlas):
    for url in page_urls(atlas):
        html = client.get(url).get_data(as_text=True)
        loaded = re.findall(r'<(?:script|img|iframe)[^>]*\ssrc="([^"]*)"', html)
        # Links that make the browser fetch something; rel="license" or "alternate" only point somewhere.
        loaded += re.findall(
            r'<link[^>]*\srel="(?:stylesheet|icon|preload|modulepreload|manifest)"[^>]*\shref="([^"]*)"', html
        )
        assert all(u.startswith("/") and not u.startswith("//") for u in loaded), (url, loaded)
        found = addresses_in(html)
        external = {u for u in found if not u.startswith(TEST_CLIENT_ORIGIN + "/")}  # the embed snippet's own URL
        cited = {reference.url for reference in atlas.references.values()}  # links to cited sources, not loads
        assert external <= ATTRIBUTION_LINKS | LICENCE_LINKS | TILE_TEMPLATES | cited, (url, external)


def test_leaflet_is_served_by_the_app(client):
    for name in ("leaflet.js", "leaflet.css", "images/layers.png"):
        with client.get(f"/vendor/leaflet/{name}") as response:
            assert response.status_code == 200, name
    assert client.get("/vendor/leaflet/../../../etc/passwd").status_code == 404


def test_map_is_rendered_once_per_corridor_and_date(app, client):
    maps = app.extensions["corridor"].map_html
    client.get("/maps/uzbekistan-afghanistan-pakistan.html")
    before = maps.cache_info()
    client.get("/maps/uzbekistan-afghanistan-pakistan.html")  # the same bytes, from the response cache
    client.get("/maps/uzbekistan-afghanistan-pakistan.html", headers={"Accept-Encoding": "gzip"})  # re-encoded
    after = maps.cache_info()
    assert after.hits == before.hits + 1 and after.misses == before.misses


def test_hostile_text_is_shown_as_text_everywhere(hostile_data):
    client = create_app({"DATA_DIR": hostile_data, "TESTING": True}).test_client()
    escaped = "It&#39;s &#34;quoted&#34; `ticked` &lt;script&gt;alert(1)&lt;/script&gt; ${x} &lt;/script&gt;"
    for url in ("/facts", "/corridors/turghundi-herat-spin-boldak", f"/sources/{UNDATED_SOURCE}", "/"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html, url
        # Pages run no script: the only <script> elements are JSON-LD data blocks, each closed once.
        scripts = re.findall(r"<script\b([^>]*)>", html)
        assert all(attributes.strip() == 'type="application/ld+json"' for attributes in scripts), url
        assert html.count("</script>") == len(scripts), url
        if url != "/":
            assert escaped in html, url
    map_html = client.get("/maps/turghundi-herat-spin-boldak.html").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in map_html
    assert map_html.count("</script>") == map_html.count("<script")
    hostile = json.loads((hostile_data / "facts.json").read_text(encoding="utf-8"))[0]["quote"]
    assert hostile in [fact["quote"] for fact in client.get("/facts.json").get_json()["facts"]]


class NotServing:
    """Stands in for the waitress server `corridor serve` builds."""

    def run(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_serve_runs_waitress_on_localhost_by_default(runner, monkeypatch):
    calls = []

    class Server:
        def run(self) -> None:
            pass

        def close(self) -> None:
            pass

    def make_server(app, host, port, settings, forwarded=False):
        calls.append((app, {"host": host, "port": port, **settings}))
        return Server()

    monkeypatch.setattr("corridor_web.serving.make_server", make_server)
    result = runner.invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    [(served, options)] = calls
    assert options["host"] == "127.0.0.1" and options["port"] == 8000
    assert options["connection_limit"] == 2000 and options["channel_timeout"] == 30
    assert served.name == "corridor_web"
    runner.invoke(main, ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert calls[-1][1]["host"] == "0.0.0.0" and calls[-1][1]["port"] == 8123


def test_serve_loads_and_validates_the_data_once(runner, monkeypatch):
    import corridor.atlas.reload

    loads = []
    real = corridor.atlas.reload.load_atlas
    monkeypatch.setattr(corridor.atlas.reload, "load_atlas", lambda *args: loads.append(args) or real(*args))
    monkeypatch.setattr("corridor_web.serving.make_server", lambda *args, **kwargs: NotServing())
    result = runner.invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    assert len(loads) == 1
