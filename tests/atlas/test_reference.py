"""The Natural Earth reference layers are data: read and versioned with the atlas, one home for their files."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from atlas.test_strict_data import own_reference
from corridor.atlas.load import load_atlas
from corridor.atlas.problems import DataError
from corridor.atlas.reference import COUNTRIES_FILE, REFERENCE_DIR
from corridor.atlas.timeline import atlas_on
from corridor.maps.basemap import basemap_of
from corridor.maps.render import render_map_html


def test_the_layers_are_read_once_per_version_and_shared_by_the_atlas_at_every_date(atlas):
    first, again = load_atlas(atlas.data_dir, atlas.seeds_dir), load_atlas(atlas.data_dir, atlas.seeds_dir)
    assert again is not first and again.reference is first.reference
    assert atlas_on(atlas, dt.date(2019, 1, 1)).reference is atlas.reference
    assert basemap_of(first.reference) is basemap_of(again.reference)
    assert atlas.reference.country_names["AFG"] == "Afghanistan"


def test_changed_layers_are_a_new_version_drawn_by_the_new_atlas_only(data_copy):
    directory = own_reference(data_copy)
    before = load_atlas(data_copy)
    unread = load_atlas(data_copy)
    assert before.reference.country_names["AFG"] == "Afghanistan"  # read on first use
    path = directory / COUNTRIES_FILE
    document = json.loads(path.read_text(encoding="utf-8"))
    afghanistan = next(f for f in document["features"] if f["properties"]["ADM0_A3"] == "AFG")
    afghanistan["properties"]["NAME"] = "Renamed Afghanistan"
    path.write_text(json.dumps(document), encoding="utf-8")
    after = load_atlas(data_copy)
    assert after.reference.version != before.reference.version
    assert before.reference.country_names["AFG"] == "Afghanistan"
    assert after.reference.country_names["AFG"] == after.index.country_names["AFG"] == "Renamed Afghanistan"
    assert "Renamed Afghanistan" in render_map_html(after)
    assert "Renamed Afghanistan" not in render_map_html(before)
    assert data_copy / REFERENCE_DIR == directory
    assert unread.reference is before.reference, "the version it was loaded with, read by another atlas"


def test_an_atlas_never_draws_layers_other_than_those_it_was_loaded_with(data_copy):
    directory = own_reference(data_copy)
    atlas = load_atlas(data_copy)
    (directory / COUNTRIES_FILE).write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    with pytest.raises(DataError) as error:
        render_map_html(atlas)
    assert "reference" in str(error.value) and "load it again" in str(error.value)
