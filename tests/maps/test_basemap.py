"""The basemap: Natural Earth land, sea, borders and the areas that name countries and seas, over a box that every
view stays inside; the PNG and the brief's map show land and sea to their edges (no "no data" band)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from shapely.geometry import shape
from shapely.ops import unary_union

from corridor.display.vocab import NO_DATA_COLOUR
from corridor.maps.basemap import MAX_ZOOM, Basemap, basemap_of, view_limits
from corridor.maps.render import render_map_html

BOX = (30.0, 10.0, 100.0, 58.0)
BLOCK_PX = 4


def no_data_blocks(pixels: np.ndarray) -> int:
    """BLOCK_PX squares wholly of the no-data colour (lone pixels of it are anti-aliased borders)."""
    colour = np.array([int(NO_DATA_COLOUR[i : i + 2], 16) for i in (1, 3, 5)])
    void = np.all(np.abs(pixels[:, :, :3].astype(int) - colour) <= 2, axis=2)
    h, w = (s - s % BLOCK_PX for s in void.shape)
    return int(void[:h, :w].reshape(h // BLOCK_PX, BLOCK_PX, w // BLOCK_PX, BLOCK_PX).all(axis=(1, 3)).sum())


def test_the_basemap_covers_its_box_and_every_view_stays_inside_it(atlas):
    basemap = basemap_of(atlas.reference)
    assert basemap.extent == pytest.approx(BOX)
    assert view_limits(basemap) == {"bounds": [[10.0, 30.0], [58.0, 100.0]], "max_zoom": MAX_ZOOM}
    html = render_map_html(atlas)
    assert '"limits": {"bounds": [[10.0, 30.0], [58.0, 100.0]], "max_zoom": 10}' in html


def test_the_seas_are_named_from_natural_earth_and_lie_off_the_land(atlas):
    basemap = basemap_of(atlas.reference)
    seas = {f["properties"]["area_name"]: shape(f["geometry"]) for f in Basemap.features(basemap.seas)}
    assert {"Arabian Sea", "Gulf of Oman", "Caspian Sea", "Persian Gulf", "Indian Ocean"} <= set(seas)
    land = unary_union([shape(f["geometry"]) for f in Basemap.features(basemap.land)])
    for name, area in seas.items():
        assert area.intersection(land).area < 0.06 * area.area, name  # simplified: 6% at most (Gulf of Kutch)
    countries = {f["properties"]["area_name"] for f in Basemap.features(basemap.land)}
    assert {"Afghanistan", "Pakistan", "Kazakhstan", "Uzbekistan", "Turkmenistan", "Iran"} <= countries


@pytest.mark.parametrize("corridor_id", [None, "chaman-onward", "uzbekistan-afghanistan-pakistan"])
def test_the_picture_shows_land_and_sea_to_its_edges_and_names_the_seas(drawn_picture, corridor_id):
    picture = drawn_picture(corridor_id)
    assert no_data_blocks(np.asarray(Image.open(io.BytesIO(picture.png)))) == 0
    west, south, east, north = picture.extent
    assert BOX[0] <= west and BOX[1] <= south and east <= BOX[2] and north <= BOX[3]
    ax = picture.figure.axes[0]
    names = [t for t in ax.texts if (t.get_gid() or "").startswith(("country:", "sea:"))]
    renderer = picture.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    for name in names:  # every basemap name whole inside the picture
        drawn = name.get_window_extent(renderer)
        assert frame.x0 <= drawn.x0 and drawn.x1 <= frame.x1 and frame.y0 <= drawn.y0 and drawn.y1 <= frame.y1
    if corridor_id is None:
        gids = {t.get_gid() for t in names}
        assert {"sea:Arabian Sea", "sea:Caspian Sea", "sea:Gulf of Oman"} <= gids
        assert {"country:AFG", "country:PAK", "country:KAZ", "country:UZB", "country:TKM", "country:IRN"} <= gids


@pytest.mark.skipif(shutil.which("pdftoppm") is None and not __import__("os").environ.get("CI"), reason="no poppler")
def test_the_brief_map_has_no_grey_band(chaman_brief: Path, tmp_path: Path):
    subprocess.run(
        ["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", str(chaman_brief), str(tmp_path / "page")], check=True
    )
    page = next(tmp_path.glob("page*.png"))
    assert no_data_blocks(np.asarray(Image.open(page).convert("RGB"))) == 0
