"""The facts page as an analyst uses it: search, sort, the disputed filter, filters that discriminate, the CSV of
the filtered view, citation lines, and the dispute cards the "disputed" marks link to."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest

from corridor.atlas.timeline import published_on
from corridor.display.claims import disputed_ids
from corridor.pages.facts import FactQuery, facts_page, filter_options
from corridor.pages.views import corridor_page
from corridor.request.errors import BadParameter
from corridor.request.params import parse_query


def fact_rows(html: str) -> list[str]:
    return re.findall(r'<tr id="claim-([^"]+)"', html)


def page(atlas, **params: str) -> dict:
    return facts_page(atlas, parse_query(FactQuery, {k: [v] for k, v in params.items()}, atlas))


def test_search_finds_a_place_by_any_of_its_spellings(atlas):
    quoting = {f.id for f in atlas.facts.values() if "Turghundi" in f.quote}  # the article's spelling
    assert quoting and not any("Torghundi" in atlas.facts[f].quote for f in quoting)
    found = {f["id"] for f in page(atlas, q="torghundi")["facts"]}  # the site's spelling
    assert quoting <= found


def test_search_needs_every_word_in_any_case_or_accents(atlas):
    railway = {f["id"] for f in page(atlas, q="RAILWAY")["facts"]}
    both = {f["id"] for f in page(atlas, q="railway hérat")["facts"]}
    assert railway and both and both < railway
    assert all(
        "herat" in (atlas.facts[f].quote + atlas.facts[f].statement).lower()
        or any("herat" in s for s in atlas.facts[f].subjects)
        for f in both
    )
    assert page(atlas, q="zzzz nowhere")["facts"] == []


def test_no_filter_value_matches_every_claim(atlas):
    options = filter_options(atlas)
    for name in ("corridor", "country", "kind", "source", "topic"):
        for option in options[name]:
            shown = page(atlas, **{name: option["value"]})["facts"]
            assert 0 < len(shown) < len(atlas.facts), (name, option["value"])
            assert option["label"].endswith(f"({len(shown)})"), option


def test_country_afghanistan_is_a_real_filter(client, atlas):
    rows = fact_rows(client.get("/facts?country=Afg").get_data(as_text=True))
    assert 0 < len(rows) < len(atlas.facts)
    assert "kz-500m-afghan-railway" in rows  # "a major railway project in Afghanistan"


def test_disputed_filter_lists_exactly_the_contradicted_claims(client, atlas):
    html = client.get("/facts?disputed=1").get_data(as_text=True)
    assert set(fact_rows(html)) == disputed_ids(atlas) and len(disputed_ids(atlas)) >= 2
    assert html.count('<tr id="claim-') == html.count('class="disputed"')


def test_every_disputed_mark_links_to_a_card_that_exists(client, atlas):
    html = client.get("/facts").get_data(as_text=True)
    links = set(re.findall(r'<a class="badge disputed" href="([^"]+)"', html))
    assert links
    for link in links:
        path, anchor = link.split("#")
        assert f'id="{anchor}"' in client.get(path).get_data(as_text=True), link


def test_sort_by_date_puts_undated_claims_last(atlas):
    facts = page(atlas, sort="date")["facts"]
    dates = [f["date"] or f["published"] for f in facts]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[: len(dated)] == dated


@pytest.mark.parametrize("key", ["corridor", "kind", "source"])
def test_sorts_keep_every_claim(atlas, key):
    assert sorted(f["id"] for f in page(atlas, sort=key)["facts"]) == sorted(atlas.facts)


def test_sort_by_kind_groups_kinds(atlas):
    kinds = [f["kind"] for f in page(atlas, sort="kind")["facts"]]
    assert [k for i, k in enumerate(kinds) if i == 0 or kinds[i - 1] != k] == list(dict.fromkeys(kinds))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sort": ["price"]}, "unknown sort 'price'; sort by one of: date, corridor, kind, source"),
        ({"disputed": ["maybe"]}, "The disputed option takes 1 or 0"),
        ({"color": ["red"]}, "There is no parameter 'color' here; this page takes corridor, country, kind"),
        ({"q": ["x" * 201]}, "Search for at most 200 characters"),
    ],
)
def test_bad_queries_say_what_the_page_takes(atlas, params, message):
    with pytest.raises(BadParameter, match=re.escape(message)):
        parse_query(FactQuery, params, atlas)


def test_filtered_view_downloads_as_csv_in_the_same_order(client):
    query = "q=7+billion&sort=source"
    rows = fact_rows(client.get(f"/facts?{query}").get_data(as_text=True))
    response = client.get(f"/facts.csv?{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "corridor-facts.csv" in response.headers["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["id"] for r in table] == rows and rows
    assert {"statement", "quote", "source_title", "seed"} <= set(table[0])
    html = client.get(f"/facts?{query}").get_data(as_text=True)
    assert "/facts.csv?q=7+billion&amp;sort=source" in html


def test_dates_are_text_inputs_written_iso(client):
    for url in ("/facts", "/", "/corridors/chaman-onward"):
        html = client.get(url).get_data(as_text=True)
        assert 'type="date"' not in html, url
        assert re.search(r'name="as_of"[^>]*pattern="\\d\{4\}-\\d\{2\}-\\d\{2\}"', html) or re.search(
            r'pattern="\\d\{4\}-\\d\{2\}-\\d\{2\}"[^>]*title', html
        ), url
        assert 'placeholder="YYYY-MM-DD"' in html, url


def test_each_claim_has_a_citation_line(client, atlas):
    html = unescape(client.get("/facts?q=estimated+to+cost").get_data(as_text=True))
    fact = atlas.facts["rail-network-cost-7bn"]
    source = atlas.source_for_seed(fact.seed)
    line = re.search(r'<textarea class="citation-text"[^>]*>([^<]+)</textarea>', html).group(1)
    assert fact.statement in line and source.title in line and f"seeds/{fact.seed}" in line
    assert f"http://localhost/sources/{source.id}#fact-{fact.id}" in line
    assert "undated" in line  # the article gives no date, and the line says so


def test_dispute_cards_say_what_is_disputed_with_the_qualifiers_as_written(atlas, client):
    groups = {g["anchor"]: g for g in corridor_page(atlas, "chaman-onward")["disputes"]}
    money = groups["dispute-railway-worth-up-to-7bn"]
    assert money["summary"] == (
        "The articles disagree on how the USD 7 bn is worded (“estimated to be worth up to”, "
        "“valued at”, “estimated to cost”): a ceiling or the value."
    )
    assert [f["value_claimed"] for f in money["facts"]] == [
        "estimated to be worth up to USD 7 bn",
        "valued at USD 7 bn",
        "estimated to cost USD 7 bn",
    ]
    visit = groups["dispute-tokayev-visits-pakistan-7b-railway"]
    assert "the date (by 2026-01-24, the article's date or 2026-02-03)" in visit["summary"]
    assert "whether it has happened or is still to come" in visit["summary"]
    stage = groups["dispute-accelerate-feasibility-studies"]
    assert "the stage reached (feasibility or agreement)" in stage["summary"]
    html = client.get("/corridors/chaman-onward").get_data(as_text=True)
    assert '<section class="dispute" id="dispute-railway-worth-up-to-7bn"' in html
    assert "valued at USD 7 bn" in html and "estimated to be worth up to USD 7 bn" in html


def test_overview_separates_railway_money_from_trade_targets_and_marks_disputes(client, atlas):
    html = unescape(client.get("/").get_data(as_text=True))
    money = html[html.index("Railway money claimed") : html.index("Trade targets")]
    trade = html[html.index("Trade targets") : html.index("Timeframe claimed")]
    timeframe = html[html.index("Timeframe claimed") : html.index(">Evidence<")]
    assert "USD 500 million" in money and "USD 3 bn" not in money
    kinds = {f.kind for f in atlas.facts.values() if f.value is not None and f.id in money}
    assert kinds <= {"investment", "cost"}
    assert all(atlas.facts[f].kind == "trade_target" for f in re.findall(r'#fact-([^"]+)"', trade))
    assert 'class="badge disputed" href="/corridors/chaman-onward#dispute-railway-worth-up-to-7bn"' in money
    cells = re.findall(r'class="source-link"[^>]*>([^<]+)</a>', timeframe)
    assert cells and all(len(text) <= 12 for text in cells), cells  # "3 years", not a sentence


def test_undated_claims_keep_their_place_when_sorted(atlas):
    facts = page(atlas, sort="date")["facts"]
    undated = [f["id"] for f in facts if not (f["date"] or f["published"])]
    assert undated == [f for f in atlas.facts if not (atlas.facts[f].date or published_on(atlas, atlas.facts[f]))]


def test_comparison_rows_keep_railway_money_and_trade_targets_apart(atlas):
    from corridor.pages.views import overview

    for row in overview(atlas)["corridors"]:
        assert {f["kind"] for f in row["money_claims"]} <= {"investment", "cost"}, row["id"]
        assert {f["kind"] for f in row["trade_targets"]} <= {"trade_target"}, row["id"]
        assert all(f["value_claimed"] for f in row["time_claims"]), "timeframe cells are short values"
