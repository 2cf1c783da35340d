"""From a new article to cited claims on every surface, with the three commands and no editing: add the article,
suggest its claims, accept two by id; then the facts page, the map popup, the feed and the exports show them."""

from __future__ import annotations

import json

import feedparser
import yaml
from markupsafe import escape

from corridor.atlas.load import load_atlas
from corridor_web import create_app
from tests.popup_tables import popups


def test_a_new_article_reaches_the_facts_page_map_feed_and_exports(curate, data_copy, article, tmp_path):
    added = curate("add-article", str(article), "--title", "Herat to Kandahar rail survey begins", "--publisher",
                   "Example News", "--date", "2026-03-03", "--url", "https://example.org/survey")  # fmt: skip
    assert added.exit_code == 0, added.output
    source_id = next(s for s in load_atlas(data_copy).sources if s.startswith("005_"))
    draft_path = tmp_path / "survey.claims.yaml"
    assert curate("suggest-claims", source_id, "-o", str(draft_path)).exit_code == 0
    claims = yaml.safe_load(draft_path.read_text(encoding="utf-8"))["claims"]
    survey = next(c for c in claims if "herat-kandahar" in c["subjects"])
    relations = next(c for c in claims if c["subjects"] == ["kazakhstan-afghanistan-relations"])
    accepted = curate("accept-claims", str(draft_path), "--keep", survey["id"], "--keep", relations["id"])
    assert accepted.exit_code == 0, accepted.output

    client = create_app({"DATA_DIR": data_copy, "TESTING": True}).test_client()
    facts = client.get(f"/facts.json?source={source_id}").get_json()["facts"]
    assert [f["id"] for f in facts] == [survey["id"], relations["id"]]
    assert facts[0]["date"] == "2026-03-02" and facts[0]["published"] == "2026-03-03"
    assert survey["quote"] in client.get("/facts").get_data(as_text=True).replace("&#39;", "'")

    popup_map = client.get("/maps/turghundi-herat-spin-boldak.html").get_data(as_text=True)
    shown = " ".join(popups(popup_map, lambda url: client.get(url).get_data(as_text=True)))
    assert str(escape(survey["quote"])) in shown
    assert str(escape(f"/sources/{source_id}#fact-{survey['id']}")) in shown

    feed = feedparser.parse(client.get("/changes.atom").get_data())
    entries = {e.id.rsplit(":", 1)[1]: e for e in feed.entries}
    assert entries[f"claim/{survey['id']}"].updated == "2026-03-02T00:00:00Z"  # the event date
    assert entries[f"claim/{relations['id']}"].updated == "2026-03-03T00:00:00Z"  # the article's date
    assert f"source/{source_id}" in entries
    assert feed.feed.updated == max(e.updated for e in feed.entries)
    corridor_feed = feedparser.parse(client.get("/corridors/turghundi-herat-spin-boldak/changes.atom").get_data())
    assert f"tag:corridor.invalid,2026:claim/{survey['id']}" in {e.id for e in corridor_feed.entries}

    geojson = json.loads(client.get("/export/all.geojson").get_data())
    exported = {
        f["properties"]["id"]: f["properties"] for f in geojson["features"] if f["properties"]["layer"] == "facts"
    }
    assert exported[survey["id"]]["quote"] == survey["quote"]
    assert relations["id"] in exported
    csv = client.get("/export/all.csv").get_data(as_text=True)
    assert survey["id"] in csv and relations["id"] in csv


def test_the_api_keeps_the_articles_address_beside_its_page(curate, data_copy, article):
    from corridor.api.records import SiteUrls, source_properties

    url = "https://example.org/survey"
    assert curate("add-article", str(article), "--title", "T", "--date", "undated", "--url", url).exit_code == 0
    atlas = load_atlas(data_copy)
    source = next(s for s in atlas.sources.values() if s.id.startswith("005_"))
    properties = source_properties(atlas, source, SiteUrls("http://localhost"))
    assert properties["article_url"] == url
    assert properties["url"] == f"http://localhost/sources/{source.id}"
