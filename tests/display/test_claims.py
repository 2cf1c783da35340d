"""A claim's record and card: one home, built once per data version, the same at every date."""

from __future__ import annotations

import datetime as dt

from corridor.atlas.timeline import atlas_on
from corridor.display.claims import claim_html, claim_record, disputed_ids
from corridor.display.links import OFFLINE_LINKS, Links
from corridor.exports.kml import kml_bytes
from corridor.exports.layers import select


def test_a_contradiction_recorded_on_one_side_shows_on_both(atlas):
    linked = [(f.id, other) for f in atlas.facts.values() for other in f.disputes]
    assert linked
    for fact_id, other in linked:
        assert other in claim_record(atlas, atlas.facts[fact_id])["disputed_by"]
        assert fact_id in claim_record(atlas, atlas.facts[other])["disputed_by"]
    assert disputed_ids(atlas) == {i for pair in linked for i in pair}


def test_a_claim_reads_the_same_at_every_date(atlas):
    early = atlas_on(atlas, dt.date(2019, 1, 1))
    assert set(early.segments) < set(atlas.segments)
    for fact in atlas.facts.values():
        assert claim_record(early, fact) == claim_record(atlas, fact)


def test_a_record_is_a_copy_the_caller_may_add_to(atlas):
    fact = next(iter(atlas.facts.values()))
    claim_record(atlas, fact)["statement"] = "changed"
    assert claim_record(atlas, fact)["statement"] == fact.statement


def test_cards_are_built_once_per_data_version_and_links(atlas):
    fact = next(iter(atlas.facts.values()))
    card = claim_html(atlas, fact, OFFLINE_LINKS)
    assert claim_html(atlas_on(atlas, dt.date(2024, 1, 1)), fact, OFFLINE_LINKS) is card
    assert claim_html(atlas, fact, Links()) is not card
    assert 'href="/sources/' in claim_html(atlas, fact, Links()) and 'href="/sources/' not in card


def test_a_kml_export_lists_each_claim_as_its_card(atlas):
    kml = kml_bytes(select(atlas, "all")).decode("utf-8")
    for fact in atlas.facts.values():
        card = str(claim_html(atlas, fact, OFFLINE_LINKS))
        assert card.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in kml, fact.id


def test_a_record_is_built_once_per_data_version_whatever_shows_it(atlas):
    fact = next(f for f in atlas.facts.values() if f.disputes)
    first = claim_record(atlas, fact)
    kml_bytes(select(atlas, "all", dt.date(2024, 1, 1)))
    for again in (claim_record(atlas, fact), claim_record(atlas_on(atlas, dt.date(2019, 1, 1)), fact)):
        assert again["subjects"] is first["subjects"] and again["disputed_by"] is first["disputed_by"]
