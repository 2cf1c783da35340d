"""Route finding over the curated network, with routes checked by hand against the data."""

from __future__ import annotations

import datetime as dt

import pytest

from corridor.atlas.network import (
    EVERYTHING,
    EXISTING_ONLY,
    NoRoute,
    Route,
    UnknownPlace,
    build_network,
    compare_routes,
    find_place,
    fold,
    plan_route,
    station_for,
)
from corridor_web.cli import main


@pytest.mark.parametrize(
    ("query", "place_id"),
    [
        ("Turghundi", "torghundi"),
        ("TORGHUNDI", "torghundi"),
        ("Spin Buldak", "spin-boldak"),
        ("mazar-e-sharif", "mazar-i-sharif"),
        ("Gusgy", "serhetabat"),
        ("Guşgy", "serhetabat"),
        ("port-qasim", "port-qasim"),
        ("Zhanaozen", "zhanaozen"),
        ("zhanaozen", "zhanaozen"),
        ("Uzen", "uzen"),
    ],
)
def test_find_place_matches_ids_names_and_aliases_ignoring_case_and_accents(atlas, query, place_id):
    assert find_place(atlas, query).id == place_id


def test_fold_removes_accents_case_and_hyphens():
    assert fold("Türkmen-Abat") == "turkmen abat"


def test_unknown_place_suggests_close_matches(atlas):
    with pytest.raises(UnknownPlace) as caught:
        find_place(atlas, "Torgundy")
    assert "torghundi" in caught.value.suggestions
    assert "did you mean" in str(caught.value)


def test_network_edges_carry_length_status_and_gauge(atlas):
    graph = build_network(atlas, EVERYTHING)
    edge = graph.edges["hairatan", "mazar-i-sharif"]
    assert edge["segment"].properties.gauge_mm == 1520
    published = edge["segment"].properties.published_length_km
    assert 0.7 < edge["km"] / published <= 1.0  # an approximate straight line is shorter than the 75 km of track


def test_existing_only_network_leaves_out_promised_lines(atlas):
    graph = build_network(atlas, EXISTING_ONLY)
    assert not graph.has_edge("herat", "kandahar")


def test_termez_to_karachi_over_existing_track_explains_the_afghan_gap(atlas):
    result = plan_route(atlas, "termez", "karachi-port", EXISTING_ONLY)
    assert isinstance(result, NoRoute)
    assert result.needs_statuses == ["proposed"]
    assert "proposed" in result.reason
    assert set(result.missing_segments) & {"kabul-jalalabad", "torkham-peshawar", "logar-kharlachi"}


def test_termez_to_karachi_via_the_uap_line(atlas):
    result = compare_routes(atlas, "termez", "karachi-port")["announced"]
    assert isinstance(result, Route)
    # Termez–Mazar ~85 km of 1520 mm, a proposed line on to Peshawar, then ML-1 down to Karachi.
    assert 2000 < result.length_km < 2600
    assert "uzbekistan-afghanistan-pakistan" in result.corridors
    assert {"UZB", "AFG", "PAK"} <= set(result.km_by_country)
    assert result.km_by_status["proposed"] > 400
    assert [c.place_id for c in result.gauge_changes if c.from_gauge_mm == 1520] == ["mazar-i-sharif"]
    assert result.gauge_changes[-1].to_gauge_mm == 1676


def test_termez_to_karachi_via_the_western_line_through_herat_and_chaman(atlas):
    result = plan_route(atlas, "termez", "karachi-port", EVERYTHING, via=["herat"])
    assert isinstance(result, Route)
    # Over the Uzbek and Turkmen network to Mary and Serhetabat, the unbuilt line Torghundi–Herat–Kandahar–
    # Spin Boldak (about 650 km: its first 22 km under construction, on to Herat planned, the rest proposed),
    # then Chaman–Quetta–Rohri–Karachi.
    assert result.place_ids[:2] == ["termez", "karshi"]
    western_line = ["serhetabat", "torghundi", "herat", "kandahar", "spin-boldak", "chaman", "quetta"]
    assert [p for p in result.place_ids if p in western_line] == western_line
    assert 2500 < result.length_km < 3100
    assert 600 < result.length_km - result.km_by_status["existing"] < 700
    assert 15 < result.km_by_status["under_construction"] < 30
    assert 500 < result.km_by_status["proposed"] < 600
    assert {"turghundi-herat-spin-boldak", "chaman-onward"} <= set(result.corridors)
    gauges = [(c.place_id, c.from_gauge_mm, c.to_gauge_mm) for c in result.gauge_changes]
    assert gauges == [("torghundi", 1520, None), ("chaman", None, 1676)]


def test_the_uap_route_is_shorter_than_the_western_route_from_termez(atlas):
    uap = plan_route(atlas, "termez", "karachi-port")
    western = plan_route(atlas, "termez", "karachi-port", via=["herat"])
    assert uap.length_km < western.length_km


def test_route_reports_the_border_crossings_with_their_crossing_points(atlas):
    result = plan_route(atlas, "termez", "karachi-port")
    crossings = [(c.from_country, c.to_country, c.place_id) for c in result.border_crossings]
    assert crossings == [("UZB", "AFG", "termez-friendship-bridge"), ("AFG", "PAK", "torkham")]


def test_western_route_crosses_into_afghanistan_at_torghundi_and_out_at_chaman(atlas):
    result = plan_route(atlas, "serhetabat", "quetta")
    crossings = [(c.from_country, c.to_country, c.place_id) for c in result.border_crossings]
    assert crossings == [("TKM", "AFG", "serhetabat-torghundi-border"), ("AFG", "PAK", "chaman-spin-boldak-border")]


def test_same_start_and_end_is_not_a_route(atlas):
    assert isinstance(plan_route(atlas, "herat", "herat"), NoRoute)


def test_route_command_compares_existing_with_announced(runner):
    result = runner.invoke(main, ["route", "Turghundi", "Karachi Port"])
    assert result.exit_code == 0, result.output
    needs = "it needs under construction and planned and proposed segments"
    assert result.output.startswith(f"Existing track only: no path over existing track; {needs}")
    assert "Everything announced: " in result.output and "Herat" in result.output
    assert "Herat–Kandahar" in result.output and "herat-kandahar" not in result.output  # names, not ids


def test_route_command_lists_close_matches_for_unknown_places(runner):
    result = runner.invoke(main, ["route", "Torgundy", "Karachi"])
    assert result.exit_code == 2
    assert "ORIGIN" in result.output and "Torghundi" in result.output


def test_a_town_off_the_track_is_reached_at_the_station_named_after_it(atlas):
    assert station_for(atlas, "zhanaozen") == "uzen"
    assert station_for(atlas, "termez") == "termez", "a place on the track is its own station"


def test_a_route_to_zhanaozen_runs_to_uzen_station_and_says_so(atlas):
    announced = compare_routes(atlas, "chaman", "zhanaozen")["announced"]
    assert isinstance(announced, Route)
    assert announced.place_ids[-1] == "uzen" and announced.served_by == {"zhanaozen": "uzen"}


def test_no_route_names_places_not_ids(atlas):
    result = plan_route(atlas, "termez", "thal")
    assert isinstance(result, NoRoute)
    assert result.reason == "no line in the data joins Termez to Thal, whatever its status"


def test_route_command_takes_a_town_and_names_its_station(runner):
    result = runner.invoke(main, ["route", "Chaman", "Zhanaozen"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Zhanaozen is reached at Uzen (Zhanaozen) station, 8 km away."
    assert any(
        line.startswith("Everything announced: ") and line.endswith("Uzen (Zhanaozen) station") for line in lines
    )
    assert "No line in the data joins" not in result.output


def test_a_town_and_its_own_station_in_a_row_make_no_route_said_by_name(atlas):
    result = plan_route(atlas, "zhanaozen", "uzen")
    assert isinstance(result, NoRoute)
    assert result.reason == "Zhanaozen is reached at Uzen (Zhanaozen) station itself: no route between them"


@pytest.mark.parametrize(
    ("typed", "station"), [("Zhanaozen", "Uzen (Zhanaozen) station"), ("zhanaozen", "Uzen (Zhanaozen) station")]
)
def test_route_command_takes_a_city_by_name_or_alias_and_names_its_station(runner, atlas, typed, station):
    alias = atlas.places["kagan"].properties.aliases[0]
    result = runner.invoke(main, ["route", alias, typed])
    assert result.exit_code == 0, result.output
    assert f"{typed.title()} is reached at {station}, 8 km away." in result.output
    assert "kagan" not in result.output and "uzen " not in result.output.replace("Uzen ", "")


def test_the_places_on_the_track_are_worked_out_once_per_data_version(monkeypatch):
    """`station_for` reads the index's set: a hundred look-ups build it once; the atlas at a date has its own
    (a line not yet announced brings no place onto the track)."""
    import corridor.atlas.index as index_module
    from corridor.atlas.load import DEFAULT_DATA_DIR, load_atlas
    from corridor.atlas.timeline import atlas_on

    built = []
    real = index_module._on_track
    monkeypatch.setattr(index_module, "_on_track", lambda atlas: built.append(atlas) or real(atlas))
    fresh = load_atlas(DEFAULT_DATA_DIR)
    for _ in range(50):
        assert station_for(fresh, "zhanaozen") == "uzen"
        assert station_for(fresh, "termez") == "termez"
    assert built == [fresh]
    assert fresh.index.on_track == {
        p for s in fresh.segments.values() for p in (s.properties.from_place, s.properties.to_place)
    }
    early = atlas_on(fresh, dt.date(2000, 1, 1))
    ends = {p for s in early.segments.values() for p in (s.properties.from_place, s.properties.to_place)}
    assert early.index.on_track == ends and ends < fresh.index.on_track
