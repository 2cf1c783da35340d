"""The one style table: every vocabulary covered, and colours that stay apart on the basemap and for readers
with a colour-vision deficiency."""

from __future__ import annotations

import itertools

import pytest

from corridor.atlas.model import ALIGNMENTS, PLACE_KINDS, STATUSES
from corridor.display.vocab import (
    ALIGNMENT,
    ALTERNATIVE,
    CONTEXT_COLOUR,
    CORRIDOR_COLOURS,
    LAND_COLOUR,
    PLACE_KIND,
    SPARE_CORRIDOR_COLOURS,
    STATUS,
    alternative_style,
    casing_style,
    contrast_ratio,
    corridor_colour,
    kml_line,
    kml_line_colour,
    map_label,
    segment_style,
    short_label,
)

MACHADO_2009 = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
"""Machado, Oliveira and Fernandes (2009), severity 1, on linear RGB."""


def _linear(hex_colour: str) -> list[float]:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def _srgb(linear: list[float]) -> list[float]:
    clipped = [min(1.0, max(0.0, c)) for c in linear]
    return [255 * (12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055) for c in clipped]


def simulate(hex_colour: str, deficiency: str) -> list[float]:
    """How a colour looks to a reader with the deficiency, in sRGB 0-255."""
    rgb = _linear(hex_colour)
    return _srgb([sum(m * c for m, c in zip(row, rgb, strict=True)) for row in MACHADO_2009[deficiency]])


def test_every_status_alignment_and_place_kind_has_a_row():
    assert set(STATUS) == set(STATUSES) and set(ALIGNMENT) == set(ALIGNMENTS) and set(PLACE_KIND) == set(PLACE_KINDS)
    for table in (STATUS, ALIGNMENT, PLACE_KIND):
        assert sorted(row.order for row in table.values()) == list(range(len(table)))


def test_corridor_colours_stand_out_from_the_land(atlas):
    for corridor in atlas.corridors.values():
        assert contrast_ratio(corridor_colour(corridor.id), LAND_COLOUR) >= 3.0, corridor.id
    assert contrast_ratio(CONTEXT_COLOUR, LAND_COLOUR) >= 3.0


def test_a_corridor_not_in_the_table_gets_a_spare_colour_that_stands_out_and_stays_its_own():
    assert "a-corridor-of-ones-own" not in CORRIDOR_COLOURS
    colour = corridor_colour("a-corridor-of-ones-own")
    assert colour in SPARE_CORRIDOR_COLOURS and colour == corridor_colour("a-corridor-of-ones-own")
    for spare in SPARE_CORRIDOR_COLOURS:
        assert contrast_ratio(spare, LAND_COLOUR) >= 3.0, spare


@pytest.mark.parametrize("deficiency", sorted(MACHADO_2009))
def test_corridor_colours_stay_apart_for_colour_blind_readers(atlas, deficiency):
    colours = [corridor_colour(c.id) for c in atlas.corridors.values()] + [CONTEXT_COLOUR]
    for a, b in itertools.combinations(colours, 2):
        distance = max(abs(x - y) for x, y in zip(simulate(a, deficiency), simulate(b, deficiency), strict=True))
        assert distance >= 40, (a, b, deficiency)


def test_kml_lines_get_thinner_and_fainter_the_less_real_the_status(atlas):
    corridor = atlas.corridors["chaman-onward"]
    existing = kml_line(segment_style(atlas.segments["quetta-chaman"], corridor), "existing")
    proposed = kml_line(segment_style(atlas.segments["herat-kandahar"], corridor), "proposed")
    assert proposed[0] < existing[0] and proposed[1] < existing[1]


def test_map_labels_are_short():
    assert map_label("Kharlachi border crossing", "border_crossing") == "Kharlachi"
    assert map_label("Karachi Port (Keamari)", "sea_port") == "Karachi Port"
    assert (
        short_label(
            "Afghanistan–Uzbekistan Friendship Bridge", ["Termez–Hairatan bridge", "Hairatan bridge"], "border_crossing"
        )
        == "Hairatan bridge"
    )
    assert short_label("Herat", [], "city") is None


def test_the_alternative_symbols_are_all_different_and_repeat_only_past_the_table(atlas):
    style = segment_style(atlas.segments["logar-kharlachi"], atlas.corridors["uzbekistan-afghanistan-pakistan"])
    looks = []
    for rank in range(len(ALTERNATIVE)):
        symbol = alternative_style(rank)
        casing = casing_style(style, symbol)
        looks.append((casing and (casing["color"], casing["weight"]), kml_line_colour(style, symbol)))
    assert len(set(looks)) == len(ALTERNATIVE) == 3
    assert looks[0] == (None, style["color"]), "the first alternative is drawn plain"
    assert alternative_style(len(ALTERNATIVE)) == alternative_style(0) and alternative_style(None) is None
