"""One renderer for a claim's HTML, shared by the pages, the map popups and the KML balloons."""

from __future__ import annotations

import re

from markupsafe import escape

from corridor.display.claims import claim_record
from corridor.display.fact_card import fact_card
from corridor.display.links import OFFLINE_LINKS, Links
from corridor.exports.write import render_export
from tests.popup_tables import popups

FACT = "kz-500m-afghan-railway"


def card_parts(html: str) -> tuple[str, str]:
    statement = re.search(r'<p class="statement">(.*?)</p>', html, re.DOTALL).group(1)
    quote = re.search(r"<blockquote>(.*?)</blockquote>", html, re.DOTALL).group(1)
    return statement, quote


def test_card_links_the_passage_or_names_the_seed_file_when_nothing_can_be_linked(atlas):
    view = claim_record(atlas, atlas.facts[FACT])
    linked = str(fact_card(view, Links()))
    assert f'href="/sources/{view["source_id"]}#fact-{FACT}"' in linked
    offline = str(fact_card(view, OFFLINE_LINKS, tag="li"))
    assert "href=" not in offline and f"(seeds/{view['seed']})" in offline
    assert offline.startswith('<li class="fact">')


def test_card_escapes_every_data_string(atlas):
    hostile = 'It\'s "quoted" `ticked` <script>alert(1)</script>'
    view = claim_record(atlas, atlas.facts[FACT]) | {"statement": hostile, "quote": hostile, "source_title": hostile}
    html = str(fact_card(view, Links(), citation=hostile))
    assert "<script>" not in html
    assert html.count(str(escape(hostile))) == 4


def test_page_popup_and_kml_balloon_draw_the_same_claim_alike(client, atlas):
    expected = card_parts(str(fact_card(claim_record(atlas, atlas.facts[FACT]), Links())))
    page = client.get("/corridors/turghundi-herat-spin-boldak").get_data(as_text=True)
    on_page = page[page.index(f'id="claim-{FACT}"') :]
    assert card_parts(on_page) == expected
    kml = render_export(atlas, "kml", "turghundi-herat-spin-boldak").decode()
    quote_start = str(escape(atlas.facts[FACT].quote))[:40]
    balloon = next(b for b in re.findall(r"<description>(.*?)</description>", kml, re.DOTALL) if quote_start in b)
    assert card_parts(unescape_cdata(balloon))[1] == expected[1]
    map_html = client.get("/maps/turghundi-herat-spin-boldak.html").get_data(as_text=True)
    fetched = popups(map_html, lambda url: client.get(url).get_data(as_text=True))
    strings = [html for html in fetched if "blockquote" in html]
    cards = [card for html in strings for card in html.split('<li class="fact')[1:]]
    assert any(card_parts(card) == expected for card in cards if expected[1] in card)


def unescape_cdata(text: str) -> str:
    return (
        text.removeprefix("<![CDATA[")
        .removesuffix("]]>")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )
