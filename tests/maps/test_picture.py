"""The static picture: a PNG of the requested size and resolution, really drawn, from the CLI and over HTTP."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import struct

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.legend import Legend
from matplotlib.text import Text
from PIL import Image
from shapely.geometry import LineString, Point

from corridor.display.captions import caption_date, credit_line, map_title
from corridor.display.vocab import ALIGNMENT, LAND_COLOUR, corridor_colour
from corridor.maps.labels import key_places
from corridor.maps.picture import NAME_GAP_PT, Picture, draw_picture, render_png
from corridor.maps.picture_legend import legend_handles
from corridor.maps.render import places_on_map
from corridor.request.errors import BadParameter
from corridor.request.params import PictureOptions, parse_query
from corridor_web.cli import main

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, read without an image library."""
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def colours(data: bytes) -> set[tuple[int, int, int]]:
    return {rgb for _, rgb in Image.open(io.BytesIO(data)).convert("RGB").getcolors(maxcolors=1 << 24)}


@pytest.fixture(scope="module")
def overview_png(drawn_picture) -> bytes:
    return drawn_picture(None, PictureOptions(width=1000, height=700, dpi=100)).png


def test_png_has_the_requested_size_and_dpi(overview_png):
    assert png_size(overview_png) == (1000, 700)
    dpi = Image.open(io.BytesIO(overview_png)).info["dpi"]
    assert [round(d) for d in dpi] == [100, 100]


def test_png_is_drawn_not_blank(overview_png):
    assert len(colours(overview_png)) >= 5


def test_png_shows_every_corridor_colour(atlas, overview_png):
    drawn = colours(overview_png)
    for corridor in atlas.corridors.values():
        colour = [int(corridor_colour(corridor.id)[i : i + 2], 16) for i in (1, 3, 5)]
        # Lines are drawn at 95% opacity: each corridor's colour shows within a few levels.
        assert any(max(abs(a - b) for a, b in zip(colour, rgb, strict=True)) <= 12 for rgb in drawn), corridor.id


def test_png_without_legend_differs_from_one_with_it(atlas):
    with_legend = render_png(atlas, "chaman-onward", PictureOptions(width=600, height=400, dpi=72, legend=True))
    without = render_png(atlas, "chaman-onward", PictureOptions(width=600, height=400, dpi=72, legend=False))
    assert png_size(with_legend) == png_size(without) == (600, 400)
    assert with_legend != without


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"width": ["10"]}, "The width must be between 300 and 6000 px; got 10"),
        ({"height": ["100000"]}, "The height must be between 300 and 6000 px; got 100000"),
        ({"dpi": ["5"]}, "The dpi must be between 50 and 600; got 5"),
    ],
)
def test_picture_options_out_of_range_raise(options, message):
    with pytest.raises(BadParameter) as raised:
        parse_query(PictureOptions, options)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"width": ["wide"]}, "The width option takes a whole number; got 'wide'"),
        ({"dpi": ["-3"]}, "The dpi option takes a whole number; got '-3'"),
        ({"width": ["100"]}, "The width must be between 300 and 6000 px; got 100"),
        ({"legend": ["maybe"]}, "The legend option takes 1 or 0 (or true/false, yes/no, on/off); got 'maybe'"),
        (
            {"colour": ["red"]},
            "There is no parameter 'colour' here; this page takes width, height, dpi, legend, as_of.",
        ),
        ({"dpi": ["100", "200"]}, "Give dpi once; it was given 2 times."),
    ],
)
def test_picture_query_with_bad_values_raises_saying_what_works(query, message):
    with pytest.raises(BadParameter) as raised:
        parse_query(PictureOptions, query)
    assert str(raised.value) == message


def test_picture_query_fills_in_defaults():
    assert parse_query(PictureOptions, {"width": ["800"], "legend": ["0"]}) == PictureOptions(width=800, legend=False)


def test_cli_render_png_writes_the_size_asked_for(runner, tmp_path):
    output = tmp_path / "uap.png"
    args = [
        "render",
        "--png",
        "--corridor",
        "uzbekistan-afghanistan-pakistan",
        "--width",
        "900",
        "--height",
        "600",
        "--dpi",
        "120",
        "-o",
        str(output),
    ]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert png_size(output.read_bytes()) == (900, 600)
    assert f"wrote {output} (PNG, 900 x 600 px, 120 dpi, {output.stat().st_size:,} bytes)" in result.output


def test_cli_render_png_refuses_a_tiny_picture(runner, tmp_path):
    result = runner.invoke(main, ["render", "--png", "--width", "20", "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 2
    assert "The width must be between 300 and 6000 px; got 20" in result.output
    assert not (tmp_path / "x.png").exists()


def test_png_route_serves_the_picture_and_400s_bad_options(client):
    response = client.get("/maps/chaman-onward.png?width=640&height=480&dpi=80&legend=0")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert png_size(response.data) == (640, 480)
    bad = client.get("/maps/chaman-onward.png?width=99999")
    assert bad.status_code == 400
    assert "The width must be between 300 and 6000 px; got 99999" in bad.get_data(as_text=True)
    assert client.get("/maps/atlantis.png").status_code == 404


@pytest.fixture(scope="module")
def overview_picture(drawn_picture) -> Picture:
    return drawn_picture(None, PictureOptions(width_px=1600, height_px=1100, dpi=150))


def blended(hex_colour: str, opacity: float, under: str = LAND_COLOUR) -> tuple[int, int, int]:
    """The colour a line of `opacity` shows over `under`."""
    top, bottom = ([int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in (hex_colour, under))
    return tuple(round(a * opacity + b * (1 - opacity)) for a, b in zip(top, bottom, strict=True))


def test_png_keeps_each_corridors_colour_along_its_proposed_lines(atlas, overview_picture):
    image = Image.open(io.BytesIO(overview_picture.png)).convert("RGB")
    for corridor in atlas.corridors.values():
        proposed = [s for s in atlas.corridor_segments(corridor.id) if s.properties.status == "proposed"]
        assert proposed, corridor.id
        wanted = blended(corridor_colour(corridor.id), ALIGNMENT["schematic"].opacity)
        hits = total = 0
        for segment in proposed:
            line = LineString(segment.geometry.coordinates)
            for step in range(41):
                lon, lat = line.interpolate(step / 40, normalized=True).coords[0]
                x, y = overview_picture.to_pixel(lon, lat)
                near = [image.getpixel((round(x) + dx, round(y) + dy)) for dx in range(-5, 6) for dy in range(-5, 6)]
                total += 1
                hits += any(max(abs(a - b) for a, b in zip(p, wanted, strict=True)) <= 24 for p in near)
        # Dashed: the colour shows along most of the line, not only at its ends.
        assert hits / total >= 0.6, (corridor.id, hits, total)


def test_png_names_every_key_place_and_no_two_names_overlap(atlas, overview_picture):
    assert key_places(atlas, list(atlas.corridors)) <= overview_picture.spelled
    boxes = overview_picture.label_boxes_px
    assert len(boxes) == len(overview_picture.named)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_png_legend_sits_beside_the_map_and_names_alternatives_and_gauge_breaks(atlas, overview_picture):
    left, top, right, bottom = overview_picture.map_box_px
    assert right < 1600, "the legend has its own panel"
    sections = legend_handles(atlas, list(atlas.corridors), list(atlas.places))
    labels = [
        (h[-1] if isinstance(h, tuple) else h).get_label().replace("\n", " ")
        for handles in sections.values()
        for h in handles
    ]
    assert any("via Kabul–Torkham" in label for label in labels)
    assert any("schematic" in label for label in labels)
    assert any("gauge" in label for label in labels) and "sea port" in labels
    drawn = [
        legend.get_title().get_text()
        for ax in overview_picture.figure.axes
        for legend in ax.findobj(Legend)
        if legend.get_visible()
    ]
    assert sorted(drawn) == sorted(title for title, handles in sections.items() if handles), "each section once"


def _gap(box: tuple[float, float, float, float], x: float, y: float, r: float) -> float:
    """From a marker's edge (centre x, y, radius r) to a name's box (left, top, right, bottom), in pixels."""
    dx, dy = max(box[0] - x, 0.0, x - box[2]), max(box[1] - y, 0.0, y - box[3])
    return max(0.0, (dx * dx + dy * dy) ** 0.5 - r)


def name_problems(picture: Picture) -> list[str]:
    """What a reader could misread in a picture's names: one nearer another marker than its own, or over or
    touching (nearer than NAME_GAP_PT, less half a pixel of rounding) another name or a country or sea name (the
    browser tests measure the web map the same way)."""
    assert picture.figure is not None
    gap = NAME_GAP_PT * picture.figure.dpi / 72 - 0.5
    markers = {place_id: (x, y, r) for place_id, x, y, r in picture.markers_px}
    found = []
    for place_id, box, names in zip(picture.named, picture.label_boxes_px, picture.names_px, strict=True):
        x, y, r = markers[place_id]
        own = _gap(box, x, y, r)
        for other, (ox, oy, o_r) in markers.items():
            coincide = ((ox - x) ** 2 + (oy - y) ** 2) ** 0.5 <= max(r, o_r)
            if other not in names and not coincide and _gap(box, ox, oy, o_r) < own + 1:
                found.append(f"{place_id} is nearer {other} than its own marker")
    boxes = [*zip(picture.named, picture.label_boxes_px, strict=True)]
    boxes += [("country name", b) for b in picture.country_boxes_px]
    for i, (a_id, a) in enumerate(boxes):
        for b_id, b in boxes[i + 1 :]:
            if a[0] - gap < b[2] and b[0] < a[2] + gap and a[1] - gap < b[3] and b[1] < a[3] + gap:
                found.append(f"{a_id} over or touching {b_id}")
    return found


@pytest.mark.parametrize("corridor_id", [None, "uzbekistan-afghanistan-pakistan", "chaman-onward"])
def test_png_names_stand_by_their_own_places_clear_of_country_names(atlas, drawn_picture, corridor_id):
    picture = drawn_picture(corridor_id, PictureOptions(width=1000, height=700, dpi=100))
    assert name_problems(picture) == []
    shown = [corridor_id] if corridor_id else list(atlas.corridors)
    assert key_places(atlas, shown) & set(places_on_map(atlas, corridor_id)) <= picture.spelled, "the key places named"
    named = dict(zip(picture.named, picture.label_boxes_px, strict=True))
    if "termez" in named:  # on the Uzbek (north) bank of the Amu Darya, where Termez is
        centre = ((named["termez"][0] + named["termez"][2]) / 2, named["termez"][3] - 1)
        lon, lat = picture.to_lon_lat(*centre)
        assert not atlas.reference.country_shapes["AFG"].contains(Point(lon, lat)), "Termez written in Afghanistan"
    if {"karachi-port", "port-qasim"} <= set(named):  # west to east, as the ports lie
        assert (named["karachi-port"][0] + named["karachi-port"][2]) < (named["port-qasim"][0] + named["port-qasim"][2])


def test_png_name_check_finds_a_planted_bad_placement(atlas, overview_picture):
    # Kabul's name moved beside Peshawar's marker: the check must say so.
    index = overview_picture.named.index("kabul")
    x, y, r = next((x, y, r) for p, x, y, r in overview_picture.markers_px if p == "peshawar")
    boxes = list(overview_picture.label_boxes_px)
    boxes[index] = (x + r + 2, y - 6, x + r + 40, y + 6)
    planted = dataclasses.replace(overview_picture, label_boxes_px=tuple(boxes))
    assert "kabul is nearer peshawar than its own marker" in name_problems(planted)
    # Herat's name written 1 px right of Kabul's, as "via Logar–Kharlachi" stood flush against "Kabul".
    boxes = list(overview_picture.label_boxes_px)
    kabul, herat = boxes[index], overview_picture.named.index("herat")
    boxes[herat] = (kabul[2] + 1, kabul[1], kabul[2] + 41, kabul[3])
    flush = dataclasses.replace(overview_picture, label_boxes_px=tuple(boxes))
    assert {"kabul over or touching herat", "herat over or touching kabul"} & set(name_problems(flush))


@pytest.mark.parametrize("as_of", [None, dt.date(2025, 6, 30)], ids=["latest", "dated"])
def test_png_says_after_its_title_the_date_it_is_drawn_for_clear_of_every_name(atlas, overview_picture, as_of):
    """As the web map's caption and the QGIS layout do; the credit line no longer repeats it."""
    dated = PictureOptions(width_px=1600, height_px=1100, dpi=150, as_of=as_of)
    picture = overview_picture if as_of is None else draw_picture(atlas, None, dated)
    texts = {t.get_gid(): t for t in picture.figure.findobj(Text) if t.get_gid() in ("map-title", "map-date")}
    assert texts["map-title"].get_text() == map_title(atlas, None)
    assert texts["map-date"].get_text() == caption_date(atlas, as_of)
    renderer = FigureCanvasAgg(picture.figure).get_renderer()
    title, date = (texts[gid].get_window_extent(renderer) for gid in ("map-title", "map-date"))
    assert date.x0 > title.x1 and date.y0 == pytest.approx(title.y0, abs=1), "the date follows the title on its line"
    height = picture.figure.bbox.height
    bottom = height - min(title.y0, date.y0) + 4  # from the top, as the name boxes are; 4 px of the boxes' halo
    for left, top, right, _ in picture.label_boxes_px + picture.country_boxes_px:
        assert right <= title.x0 or left >= date.x1 or top >= bottom, "a name under the heading"
    assert "as of" not in credit_line(atlas)
