"""Geodesic lengths, country splits and gauge breaks."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, box

from corridor.atlas.geometry import (
    OUTSIDE_COUNTRIES,
    corridor_summary,
    distance_km,
    gauge_breaks,
    km_by_country,
    line_length_km,
    segment_length_km,
    shared_track_km,
)
from corridor.atlas.model import Segment


def make_segment(segment_id: str, start: str, end: str, gauge: int | None) -> Segment:
    return Segment.model_validate(
        {
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [[60.0, 30.0], [61.0, 30.0]]},
            "properties": {
                "id": segment_id,
                "name": segment_id,
                "from_place": start,
                "to_place": end,
                "corridors": [],
                "role": "context",
                "status": "existing",
                "status_history": [{"status": "existing", "since": None, "cites": ["a-reference"]}],
                "gauge_mm": gauge,
                "gauge_note": None if gauge else "not decided",
                "alignment": "schematic",
                "countries": ["AFG"],
                "geometry_note": "test",
            },
        }
    )


def test_one_degree_of_longitude_at_the_equator_is_geodesic_not_planar():
    assert line_length_km(LineString([(0, 0), (1, 0)])) == pytest.approx(111.32, abs=0.01)


def test_a_degree_of_longitude_shrinks_with_latitude():
    # At 35 N a degree of longitude is cos(35°) of the equator's: about 91.3 km.
    assert line_length_km(LineString([(62, 35), (63, 35)])) == pytest.approx(91.3, abs=0.2)


def test_distance_km_between_herat_and_kandahar_is_about_460_km():
    assert distance_km((62.20, 34.35), (65.71, 31.61)) == pytest.approx(457, abs=10)


def test_segment_length_km_matches_line_length():
    segment = make_segment("a", "x", "y", 1520)
    assert segment_length_km(segment) == pytest.approx(line_length_km(LineString([(60, 30), (61, 30)])))


def test_km_by_country_splits_at_the_border_and_reports_what_falls_outside():
    countries = {"AAA": box(0, -1, 1, 1), "BBB": box(1, -1, 2, 1)}
    split = km_by_country(LineString([(0.5, 0), (1.5, 0), (2.5, 0)]), countries)
    assert split["AAA"] == pytest.approx(55.66, abs=0.05)
    assert split["BBB"] == pytest.approx(111.32, abs=0.05)
    assert split[OUTSIDE_COUNTRIES] == pytest.approx(55.66, abs=0.05)


def test_gauge_breaks_finds_known_and_undecided_meetings():
    segments = [
        make_segment("a", "p", "q", 1520),
        make_segment("b", "q", "r", 1676),
        make_segment("c", "r", "s", None),
        make_segment("d", "s", "t", None),
    ]
    breaks = {b.place_id: b for b in gauge_breaks(segments)}
    assert set(breaks) == {"q", "r"}
    assert breaks["q"].certain and breaks["q"].gauges_mm == (1520, 1676)
    assert not breaks["r"].certain and breaks["r"].undecided


def test_corridor_summary_adds_up(atlas):
    for corridor_id in atlas.corridors:
        summary = corridor_summary(atlas, corridor_id)
        assert summary.length_km > 0
        assert sum(summary.km_by_status.values()) == pytest.approx(summary.length_km)
        assert sum(summary.km_by_country.values()) == pytest.approx(summary.length_km, abs=0.5)
        assert summary.fact_count >= 1
        min_lon, min_lat, max_lon, max_lat = summary.bounds
        assert min_lon < max_lon and min_lat < max_lat


def test_corridor_length_counts_track_two_segments_share_once(atlas):
    segments = atlas.corridor_segments("chaman-onward")
    sibi_quetta, quetta_mastung = (atlas.segments[s] for s in ("sibi-quetta", "quetta-mastung"))
    # Quetta–Spezand is drawn by both: measure the common stretch independently of the code under test.
    common = LineString(sibi_quetta.geometry.coordinates).intersection(LineString(quetta_mastung.geometry.coordinates))
    common_km = (
        line_length_km(common)
        if common.geom_type == "LineString"
        else sum(line_length_km(part) for part in common.geoms if part.geom_type == "LineString")
    )
    assert common_km > 5
    drawn_km = sum(segment_length_km(s) for s in segments)
    summary = corridor_summary(atlas, "chaman-onward")
    assert summary.length_km == pytest.approx(drawn_km - common_km, abs=0.5)
    assert sum(summary.km_by_country.values()) == pytest.approx(summary.length_km, abs=1.0)
    assert shared_track_km(segments) == pytest.approx(common_km, abs=0.5)
