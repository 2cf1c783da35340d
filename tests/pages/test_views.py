"""The page dicts and the small pure helpers behind them: passages, the timeline, filters, number formats."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from corridor.atlas.timeline import announced_by
from corridor.display.quotes import passages
from corridor.display.text import value_text
from corridor.pages.facts import FactQuery, facts_page
from corridor.pages.views import corridor_page, overview, source_page, sources_page
from corridor.request.errors import BadParameter
from corridor.request.params import parse_as_of, parse_query


def test_passages_mark_overlapping_quotes_and_anchor_each_start():
    text = "Alpha beta gamma delta."
    found = passages(text, [("one", "beta gamma"), ("two", "gamma delta"), ("gone", "not there")])
    assert "".join(p["text"] for p in found) == text
    assert [(p["text"], p["facts"], p["anchors"]) for p in found] == [
        ("Alpha ", [], []),
        ("beta ", ["one"], ["one"]),
        ("gamma", ["one", "two"], ["two"]),
        (" delta", ["two"], []),
        (".", [], []),
    ]


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (7e9, "USD", "USD 7 bn"),
        (5e8, "USD", "USD 500 million"),
        (3e9, "USD/year", "USD 3 bn/year"),
        (3.0, "years", "3 years"),
        (None, None, ""),
    ],
)
def test_value_text_reads_like_the_articles(value, unit, text):
    assert value_text(value, unit) == text


def test_as_of_must_be_an_iso_date():
    assert parse_as_of("2025-06-30") == dt.date(2025, 6, 30)
    assert parse_as_of("") is None
    with pytest.raises(BadParameter, match="YYYY-MM-DD"):
        parse_as_of("30/06/2025")


def test_undated_facts_are_announced_at_any_date(atlas):
    undated = next(f for f in atlas.facts.values() if atlas.source_for_seed(f.seed).date is None)
    dated = next(f for f in atlas.facts.values() if atlas.source_for_seed(f.seed).date is not None)
    published = atlas.source_for_seed(dated.seed).date
    assert announced_by(atlas, undated, dt.date(1900, 1, 1))
    assert announced_by(atlas, dated, published) and not announced_by(atlas, dated, published - dt.timedelta(1))


def test_page_dicts_serialise_as_json(atlas):
    source_id = next(iter(atlas.sources))
    query = parse_query(FactQuery, {"kind": ["route"], "as_of": ["2026-01-01"]}, atlas)
    for view in (
        overview(atlas),
        corridor_page(atlas, "chaman-onward", dt.date(2026, 1, 1)),
        sources_page(atlas),
        source_page(atlas, source_id),
        facts_page(atlas, query),
    ):
        assert json.loads(json.dumps(view)) == view


def test_corridor_page_groups_each_disagreement_once(atlas):
    groups = corridor_page(atlas, "chaman-onward")["disputes"]
    ids = [fact["id"] for group in groups for fact in group["facts"]]
    assert len(ids) == len(set(ids))
    for group in groups:
        members = {fact["id"] for fact in group["facts"]}
        assert all(set(fact["disputed_by"]) & members for fact in group["facts"])


def test_filters_reject_unknown_values_naming_the_choices(atlas):
    with pytest.raises(BadParameter, match="choose one of: turghundi-herat-spin-boldak"):
        parse_query(FactQuery, {"corridor": ["atlantis"]}, atlas)
    assert parse_query(FactQuery, {"country": ["pak"], "kind": [""]}, atlas).as_params() == {"country": "PAK"}


@pytest.mark.parametrize("corridor_id", ["chaman-onward", "uzbekistan-afghanistan-pakistan"])
def test_a_corridor_page_says_in_one_line_over_its_map_what_is_drawn_by_status(atlas, client, corridor_id):
    rows = corridor_page(atlas, corridor_id)["corridor"]["km_by_status"]
    html = client.get(f"/corridors/{corridor_id}").get_data(as_text=True)
    line = "Drawn: " + ", ".join(f"{r['text']} {r['label']}" for r in rows) + "."
    assert f'<p class="lead map-summary">{line}</p>' in html
    assert html.index(line) < html.index('<iframe class="map"')
    dated = client.get(f"/corridors/{corridor_id}?as_of=2025-05-09").get_data(as_text=True)
    assert "Drawn: " not in dated and '<p class="lead map-summary map-date">Map for 2025-05-09: ' in dated
