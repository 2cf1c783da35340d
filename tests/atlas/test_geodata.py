"""The bundled data itself: seeds intact, quotes verbatim, lines on real track, places where they are."""

from __future__ import annotations

import hashlib
import json

import pytest
from shapely.geometry import LineString, Point, shape
from shapely.ops import nearest_points, unary_union

from corridor.atlas.geometry import distance_km
from corridor.atlas.load import DEFAULT_DATA_DIR
from corridor.atlas.resources import SEEDS_DIR
from corridor.atlas.validate import validate

SHARED_SEEDS = SEEDS_DIR.parent.parent / "shared" / "seeds"
SEED_SHA256 = {
    "000_22cb328290fae5cb.txt": "0d34c5936e6040677a77a87b109de95e70c5b4d8d039cc4329421d5692718d1a",
    "001_c926c80320afb655.txt": "96df98b80b3da7c487a149053d3f363d96bd05555adea4cde362b7ed7928c76c",
    "002_cd5f8a68b4b3e00c.txt": "2fb8143a5d056c2bb603f341475fe8c28d60f64afeea50a5fc7e39101dd7a701",
    "003_fba5e8936d1eb623.txt": "e11cc5298ac860666f56339137cfe0335ac3ff82fe2d2e14fbe499972adf8169",
    "004_b51f9af0961c45b9.txt": "423fb4e86ac56b316de668b903ea103fe7c4556929394be3da532cd50ed0c6d9",
}
MAX_TRACK_GAP_KM = 3.0
"""How far a surveyed existing line may stray from Natural Earth's track (tile-grid snapping, simplification)."""


def test_seeds_are_byte_identical_to_the_articles():
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS_DIR.glob("*")}
    assert found == SEED_SHA256


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="shared/seeds is not beside this checkout")
def test_seeds_match_the_shared_copies():
    for name in SEED_SHA256:
        assert (SEEDS_DIR / name).read_bytes() == (SHARED_SEEDS / name).read_bytes()


def test_bundled_data_validates(atlas):
    assert [str(p) for p in validate(atlas)] == []


def test_every_quote_is_verbatim_in_its_seed(atlas):
    for fact in atlas.facts.values():
        assert fact.quote in (SEEDS_DIR / fact.seed).read_text(encoding="utf-8"), fact.id


def test_every_seed_is_cited_by_a_fact(atlas):
    assert {f.seed for f in atlas.facts.values()} == set(SEED_SHA256)


def test_every_corridor_has_facts(atlas):
    for corridor_id in atlas.corridors:
        assert atlas.facts_about([corridor_id]), corridor_id


def test_proposed_lines_do_not_claim_surveyed_alignment(atlas):
    for segment in atlas.segments.values():
        if segment.properties.status in ("proposed", "planned"):
            assert segment.properties.alignment != "surveyed", segment.id


def test_uap_carries_its_published_route_variants(atlas):
    variants = {s.properties.variant for s in atlas.corridor_segments("uzbekistan-afghanistan-pakistan")}
    assert len(variants - {None}) >= 1


@pytest.fixture(scope="module")
def natural_earth_track():
    document = json.loads((DEFAULT_DATA_DIR / "reference" / "ne_railroads_region.geojson").read_text())
    return unary_union([shape(f["geometry"]) for f in document["features"]])


def test_surveyed_existing_lines_lie_on_natural_earth_track(atlas, natural_earth_track):
    surveyed = [
        s for s in atlas.segments.values() if s.properties.status == "existing" and s.properties.alignment == "surveyed"
    ]
    assert len(surveyed) >= 4
    for segment in surveyed:
        line = LineString(segment.geometry.coordinates)
        for fraction in [i / 20 for i in range(21)]:
            sample = line.interpolate(fraction, normalized=True)
            nearest, _ = nearest_points(natural_earth_track, sample)
            gap = distance_km((sample.x, sample.y), (nearest.x, nearest.y))
            assert gap <= MAX_TRACK_GAP_KM, f"{segment.id} strays {gap:.1f} km from track at {sample.coords[0]}"


# Independent reference positions (city centre, border post or railhead) from published gazetteer coordinates
# (Wikipedia/GeoNames degree-minute values) and the Natural Earth railheads, not from our data, with how far
# our point may be from them: a few km, more where our point is a station outside the town.
REFERENCE_POSITIONS: dict[str, tuple[float, float, float]] = {
    "herat": (62.20, 34.35, 6),
    "kandahar": (65.71, 31.61, 6),
    "spin-boldak": (66.40, 31.00, 5),
    "chaman": (66.45, 30.92, 5),
    "torghundi": (62.27, 35.26, 3),
    "serhetabat": (62.34, 35.28, 4),
    "mary": (61.83, 37.60, 5),
    "quetta": (67.00, 30.19, 5),
    "karachi-port": (66.98, 24.84, 5),
    "termez": (67.28, 37.22, 5),
    "hairatan": (67.42, 37.23, 5),
    # the railhead (Naibabad, at Gur-e Mar) lies about 14 km east of the city centre, 5 km beyond the airport
    "mazar-i-sharif": (67.11, 36.71, 16),
    "maidan-shahr": (68.87, 34.40, 3),  # Afghan Peace Watch, not the Wikipedia copies 10 km north-west
    "kabul": (69.18, 34.53, 8),
    "torkham": (71.09, 34.11, 3),
    "peshawar": (71.56, 34.01, 6),
    "zhanaozen": (52.86, 43.34, 10),  # Uzen station lies south-west of the town centre
    "gwadar-port": (62.35, 25.11, 5),
}


@pytest.mark.parametrize("place_id", sorted(REFERENCE_POSITIONS))
def test_place_is_within_a_few_km_of_its_reference_position(atlas, place_id):
    lon, lat, max_km = REFERENCE_POSITIONS[place_id]
    gap = distance_km(atlas.places[place_id].geometry.coordinates, (lon, lat))
    assert gap <= max_km, f"{place_id} is {gap:.1f} km from its reference position"


def test_places_sit_on_the_lines_that_serve_them(atlas):
    for segment in atlas.segments.values():
        line = LineString(segment.geometry.coordinates)
        for place_id in (segment.properties.from_place, segment.properties.to_place):
            assert line.distance(Point(atlas.places[place_id].geometry.coordinates)) < 0.01
