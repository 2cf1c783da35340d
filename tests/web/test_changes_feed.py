"""The `/changes` page and the Atom feeds served: valid Atom (RFC 4287) read by a feed library, stable entry ids,
an `updated` that moves only with the data, a feed link in every page head, and data text escaped."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import feedparser
import pytest

from corridor.atlas.changes import change_days, changes_of
from corridor_web import create_app
from tests.conftest import HOSTILE_TEXT

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_LINK = '<link rel="alternate" type="application/atom+xml" title="corridor: what changed" href="/changes.atom">'


def feed_of(client, path="/changes.atom"):
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    return response.get_data()


def test_the_feed_is_atom_a_feed_library_reads_whole(client, atlas):
    parsed = feedparser.parse(feed_of(client))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id == "tag:corridor.invalid,2026:changes"
    assert parsed.feed.title and parsed.feed.updated and parsed.feed.author == "corridor curators"
    assert any(link.rel == "self" and link.href.endswith("/changes.atom") for link in parsed.feed.links)
    assert len(parsed.entries) == len(changes_of(atlas))
    for entry in parsed.entries:
        assert entry.id.startswith("tag:corridor.invalid,2026:")
        assert entry.title and entry.updated and entry.summary
        assert entry.link.startswith("http://localhost/")
    assert len({entry.id for entry in parsed.entries}) == len(parsed.entries)


def test_every_entry_has_the_elements_rfc_4287_requires(client):
    root = ET.fromstring(feed_of(client))
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    entries = root.findall(f"{ATOM}entry")
    latest = max(entry.findtext(f"{ATOM}updated") for entry in entries)
    assert root.findtext(f"{ATOM}updated") == latest
    for entry in entries:
        for name in ("id", "title", "updated", "summary"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert [link.get("rel") for link in entry.findall(f"{ATOM}link")] == ["alternate", "related"]


def test_a_corridors_feed_holds_only_its_changes(client, atlas):
    parsed = feedparser.parse(feed_of(client, "/corridors/chaman-onward/changes.atom"))
    assert not parsed.bozo
    expected = [c for c in changes_of(atlas) if "chaman-onward" in c.corridors]
    assert {e.id.rsplit(":", 1)[1] for e in parsed.entries} == {c.key for c in expected}
    assert "Chaman onward" in parsed.feed.title


def test_feed_bytes_and_updated_stay_the_same_while_nothing_changes(data_copy, edit_json):
    first = create_app({"DATA_DIR": data_copy, "TESTING": True}).test_client()
    before = feed_of(first)

    def retitle(corridors):
        corridors[0]["summary"] += " A summary edited without a dated change."

    edit_json(data_copy / "corridors.json", retitle)
    after = feed_of(create_app({"DATA_DIR": data_copy, "TESTING": True}).test_client())
    assert after == before


def test_a_later_change_moves_updated_and_adds_one_entry(data_copy, edit_json, atlas):
    before = feedparser.parse(feed_of(create_app({"DATA_DIR": data_copy, "TESTING": True}).test_client()))
    later = (max(c.reviewed_on for c in atlas.corridors.values()) + dt.timedelta(days=1)).isoformat()

    def add_step(segments):
        feature = next(f for f in segments["features"] if f["properties"]["id"] == "sanobar-robat-paryan")
        history = feature["properties"]["status_history"]
        # cites the article fact, not a page published before the step (validate refuses that)
        step = {"status": "under_construction", "since": later, "cites": ["turghundi-herat-spin-boldak-route"]}
        history.append(step)
        feature["properties"]["status"] = "under_construction"

    edit_json(data_copy / "segments.geojson", add_step)
    after = feedparser.parse(feed_of(create_app({"DATA_DIR": data_copy, "TESTING": True}).test_client()))
    assert after.feed.updated == f"{later}T00:00:00Z" != before.feed.updated
    new = {e.id for e in after.entries} - {e.id for e in before.entries}
    assert new == {f"tag:corridor.invalid,2026:status/sanobar-robat-paryan/{later}"}
    assert after.entries[0].title == "Line status: Sanobar–Robat Paryan (stage 2): planned → under construction"


@pytest.mark.parametrize(
    "path",
    ["/", "/facts", "/sources", "/sources/004_b51f9af0961c45b9", "/corridors/chaman-onward", "/routes", "/changes"],
)
def test_every_page_head_links_the_feed(client, path):
    page = client.get(path).get_data(as_text=True)
    head = page[: page.index("</head>")]
    assert FEED_LINK in head
    assert '<a href="/changes">Changes</a>' in page


def test_a_corridor_page_also_links_its_own_feed(client):
    page = client.get("/corridors/chaman-onward").get_data(as_text=True)
    head = page[: page.index("</head>")]
    assert 'type="application/atom+xml"' in head and 'href="/corridors/chaman-onward/changes.atom"' in head


def test_the_timeline_links_to_what_changed_between_two_dates(client, atlas):
    as_of = "2025-08-01"
    days = change_days(atlas, "chaman-onward")  # the corridor's own changes: the link shows its last one
    latest = max(d for d in days if d.isoformat() <= as_of)
    before = max(d for d in days if d < latest).isoformat()
    page = client.get(f"/corridors/chaman-onward?as_of={as_of}").get_data(as_text=True)
    assert f'href="/changes?corridor=chaman-onward&amp;from={before}&amp;to={as_of}"' in page
    assert f'href="/changes?corridor=chaman-onward&amp;from={as_of}">everything since {as_of}</a>' in page
    assert '<a href="/changes?corridor=chaman-onward">What changed, and when</a>' in page
    linked = client.get(f"/changes.json?corridor=chaman-onward&from={before}&to={as_of}").get_json()
    assert linked["changes"] and {c["date"] for c in linked["changes"]} == {latest.isoformat()}
    compare = client.get("/changes?corridor=chaman-onward&from=2025-07-09&to=2025-08-01").get_data(as_text=True)
    assert "Lines whose status differs between 2025-07-09 and 2025-08-01" in compare
    assert "<strong>Sanobar–Robat Paryan (stage 2)</strong>: not yet reported → planned" in compare


def test_the_page_and_its_twin_hold_the_same_changes(client):
    page = client.get("/changes?corridor=uzbekistan-afghanistan-pakistan").get_data(as_text=True)
    twin = client.get("/changes.json?corridor=uzbekistan-afghanistan-pakistan").get_json()
    assert '<link rel="alternate" type="application/json" href="/changes.json?corridor=uzbekistan' in page
    for change in twin["changes"]:
        assert f'href="{change["links"]["map"].replace("&", "&amp;")}"' in page


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/changes?since=2025", 400, "this page takes corridor, from, to"),
        ("/changes?from=2026-02-30", 400, "from must be a date written YYYY-MM-DD"),
        ("/changes.atom?corridor=chaman-onward", 400, "this page takes no parameters"),
        ("/corridors/nowhere/changes.atom", 404, "no corridor"),
    ],
)
def test_bad_requests_get_a_4xx_that_says_what_is_accepted(client, path, status, words):
    response = client.get(path)
    assert response.status_code == status
    assert words in response.get_data(as_text=True)


def test_data_text_is_escaped_on_the_page_and_in_the_feed(hostile_data, edit_json):
    def date_first_article(sources):
        sources[0]["added"] = "2026-03-01"

    edit_json(hostile_data / "sources.json", date_first_article)
    client = create_app({"DATA_DIR": hostile_data, "TESTING": True}).test_client()
    page = client.get("/changes").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    parsed = feedparser.parse(feed_of(client), sanitize_html=False)
    titles = [e.title for e in parsed.entries]
    assert f"New claim: {HOSTILE_TEXT}" in titles
    assert json.loads(client.get("/changes.json").get_data())["changes"]


def test_a_single_file_map_links_the_sites_feed_and_an_offline_one_links_none(client, atlas):
    from corridor.maps.standalone import render_standalone_html

    single = client.get("/standalone/chaman-onward.html").get_data(as_text=True)
    head = single[: single.index("</head>")]
    expected = 'type="application/atom+xml" title="What changed" href="http://localhost/corridors/chaman-onward/changes'
    assert expected in head
    overview = client.get("/standalone/all.html").get_data(as_text=True)
    assert 'href="http://localhost/changes.atom"' in overview[: overview.index("</head>")]
    assert "application/atom+xml" not in render_standalone_html(atlas, "chaman-onward")
