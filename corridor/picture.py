"""A static map picture (PNG) for print: drawn with matplotlib from local data only, no tiles, no network."""

from __future__ import annotations

import io
import math
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox
from shapely.geometry import GeometryCollection, box

from corridor.geometry import atlas_bounds, countries_for
from corridor.load import Atlas
from corridor.model import Segment
from corridor.params import PictureOptions
from corridor.render import map_title
from corridor.styles import CONTEXT_COLOUR, DASHES, NATURAL_EARTH, segment_style
from corridor.text import STATUS_LABELS, country_name
from corridor.timeline import atlas_on

MARGIN = 0.08
"""Fraction of the map's extent left around the corridor."""
PLACE_MARKERS: dict[str, tuple[str, float]] = {
    "city": ("o", 36),
    "town": ("o", 20),
    "station": ("o", 12),
    "border_crossing": ("D", 28),
    "dry_port": ("s", 26),
    "sea_port": ("^", 44),
}
LABELLED_KINDS = frozenset({"city", "sea_port", "border_crossing"})
LABEL_OFFSETS_PT = ((4, 3), (4, -10), (-4, 3), (-4, -10))
"""Where a place's name may go, in order of preference: right, below right, left, below left."""
NO_DATA_COLOUR = "#e4e2dd"
"""Outside the bundled Natural Earth box, as on the web map: neither land nor sea."""
SEA_COLOUR = "#dfeaf2"
NICE_KM = (10, 20, 50, 100, 200, 250, 500, 1000)


def _dashes(dash_array: str | None) -> tuple[float, ...] | None:
    return tuple(float(n) / 2 for n in dash_array.split()) if dash_array else None


def _extent(atlas: Atlas, corridor_id: str | None, aspect: float) -> tuple[float, float, float, float]:
    """Bounds around the corridor, widened so that the map fills a frame of `aspect` (width / height)."""
    min_lon, min_lat, max_lon, max_lat = (
        atlas.index.summary(corridor_id).bounds if corridor_id else atlas_bounds(atlas)
    )
    mid_lat = (min_lat + max_lat) / 2
    stretch = math.cos(math.radians(mid_lat))
    width, height = (max_lon - min_lon) * (1 + 2 * MARGIN), (max_lat - min_lat) * (1 + 2 * MARGIN)
    if width * stretch / height < aspect:
        width = height * aspect / stretch
    else:
        height = width * stretch / aspect
    mid_lon = (min_lon + max_lon) / 2
    return (mid_lon - width / 2, mid_lat - height / 2, mid_lon + width / 2, mid_lat + height / 2)


def _draw_countries(ax: Axes, atlas: Atlas, extent: tuple[float, float, float, float]) -> None:
    """Sea inside the box the reference data cover, country polygons and names on it."""
    frame = box(*extent)
    countries = countries_for(atlas)
    covered = box(*GeometryCollection(list(countries.values())).bounds)
    sea = covered.intersection(frame)
    if sea.area > 0:  # two boxes meet in a box, or in a line or point when they only touch
        xs, ys = sea.exterior.xy
        ax.fill(xs, ys, facecolor=SEA_COLOUR, edgecolor="none", zorder=0.5)
    for code, polygon in countries.items():
        visible = polygon.intersection(frame)
        if visible.is_empty:
            continue
        parts = getattr(visible, "geoms", [visible])
        for part in parts:
            if part.geom_type != "Polygon":
                continue
            xs, ys = part.exterior.xy
            ax.fill(xs, ys, facecolor="#f3f1ea", edgecolor="#9a9a9a", linewidth=0.6, zorder=1)
        if visible.area > frame.area * 0.01:
            label_at = visible.representative_point()
            ax.text(
                label_at.x,
                label_at.y,
                country_name(atlas, code).upper(),
                fontsize=7,
                color="#9a9a9a",
                ha="center",
                va="center",
                zorder=2,
            )


def _draw_segment(ax: Axes, segment: Segment, style: dict[str, Any]) -> None:
    xs, ys = zip(*segment.geometry.coordinates, strict=True)
    line = Line2D(
        xs,
        ys,
        color=style["color"],
        linewidth=style["weight"] * 0.45,
        alpha=style["opacity"],
        solid_capstyle="round",
        zorder=4 if segment.properties.corridors else 3,
    )
    dashes = _dashes(style["dashArray"])
    if dashes:
        line.set_dashes(dashes)
    ax.add_line(line)


def _draw_lines(ax: Axes, atlas: Atlas, corridor_id: str | None) -> None:
    """Context track first, then each corridor in order; a shared segment is drawn once per corridor, wider
    for the earlier ones, so that every corridor's colour shows as a band (as on the interactive map)."""
    shown = [corridor_id] if corridor_id else list(atlas.corridors)
    for segment in atlas.segments.values():
        if not set(shown).intersection(segment.properties.corridors):
            _draw_segment(ax, segment, segment_style(segment, None, shown))
    for current in shown:
        for segment in atlas.corridor_segments(current):
            _draw_segment(ax, segment, segment_style(segment, atlas.corridors[current], shown))


def _place_label(ax: Axes, renderer: RendererBase, placed: list[Bbox], name: str, lon: float, lat: float) -> None:
    """Name a place at the first offset where the name overlaps no name already placed (else at the last)."""
    for dx, dy in LABEL_OFFSETS_PT:
        label = ax.annotate(
            name, (lon, lat), xytext=(dx, dy), textcoords="offset points", ha="left" if dx > 0 else "right",
            fontsize=6.5, color="#222222", zorder=6,
        )
        extent = label.get_window_extent(renderer)
        if not any(extent.overlaps(other) for other in placed) or (dx, dy) == LABEL_OFFSETS_PT[-1]:
            placed.append(extent)
            return
        label.remove()


def _draw_places(ax: Axes, atlas: Atlas, extent: tuple[float, float, float, float]) -> None:
    frame = box(*extent)
    renderer = FigureCanvasAgg(ax.figure).get_renderer()
    placed: list[Bbox] = []
    for place in atlas.places.values():
        lon, lat = place.geometry.coordinates
        if not frame.contains(box(lon, lat, lon, lat)):
            continue
        marker, size = PLACE_MARKERS[place.properties.kind]
        ax.scatter(
            [lon], [lat], marker=marker, s=size * 0.5, facecolor="white", edgecolor="#333333", linewidth=0.8, zorder=5
        )
        if place.properties.kind in LABELLED_KINDS:
            _place_label(ax, renderer, placed, place.properties.name, lon, lat)


def _draw_legend(ax: Axes, atlas: Atlas, corridor_id: str | None) -> None:
    corridors = [atlas.corridors[corridor_id]] if corridor_id else list(atlas.corridors.values())
    handles = [Line2D([], [], color=c.colour, linewidth=2.4, label=c.name) for c in corridors]
    handles.append(Line2D([], [], color=CONTEXT_COLOUR, linewidth=1, label="connecting track (context)"))
    for status, label in STATUS_LABELS.items():
        handle = Line2D([], [], color="#444444", linewidth=1.6, label=label)
        dashes = _dashes(DASHES[status])
        if dashes:
            handle.set_dashes(dashes)
        handles.append(handle)
    ax.legend(
        handles=handles, loc="upper right", fontsize=6.5, framealpha=0.9, title="Corridors and status", title_fontsize=7
    )


def _nice_scale_km(span_km: float) -> int:
    return max((n for n in NICE_KM if n <= span_km / 4), default=NICE_KM[0])


def _draw_scale(ax: Axes, extent: tuple[float, float, float, float]) -> None:
    min_lon, min_lat, max_lon, max_lat = extent
    km_per_deg = 111.32 * math.cos(math.radians((min_lat + max_lat) / 2))
    length_km = _nice_scale_km((max_lon - min_lon) * km_per_deg)
    x0 = min_lon + (max_lon - min_lon) * 0.04
    y0 = min_lat + (max_lat - min_lat) * 0.05
    ax.plot([x0, x0 + length_km / km_per_deg], [y0, y0], color="#222222", linewidth=2.5, zorder=7)
    ax.text(x0, y0 + (max_lat - min_lat) * 0.012, f"{length_km} km", fontsize=7, zorder=7)


def render_png(atlas: Atlas, corridor_id: str | None = None, options: PictureOptions | None = None) -> bytes:
    """The map as PNG bytes: basemap, lines styled like the web map, places, legend, scale and attribution."""
    options = options or PictureOptions()
    atlas = atlas_on(atlas, options.as_of)
    figure = Figure(figsize=(options.width_px / options.dpi, options.height_px / options.dpi), dpi=options.dpi)
    ax = figure.add_axes((0, 0, 1, 1))
    extent = _extent(atlas, corridor_id, options.width_px / options.height_px)
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_aspect(1 / math.cos(math.radians((extent[1] + extent[3]) / 2)), adjustable="datalim")
    ax.set_facecolor(NO_DATA_COLOUR)
    ax.set_xticks([])
    ax.set_yticks([])
    _draw_countries(ax, atlas, extent)
    _draw_lines(ax, atlas, corridor_id)
    _draw_places(ax, atlas, extent)
    if options.legend:
        _draw_legend(ax, atlas, corridor_id)
    _draw_scale(ax, extent)
    title = map_title(atlas, corridor_id)
    ax.text(0.01, 0.985, title, transform=ax.transAxes, fontsize=10, weight="bold", va="top", zorder=8)
    ax.text(
        0.995,
        0.006,
        f"corridor · data {atlas.version} · {NATURAL_EARTH} · schematic lines are not surveyed"
        + (f" · lines as of {options.as_of.isoformat()}" if options.as_of else ""),
        transform=ax.transAxes,
        fontsize=5.5,
        ha="right",
        va="bottom",
        color="#555555",
        zorder=8,
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=options.dpi)
    return buffer.getvalue()
