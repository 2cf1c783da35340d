"""A static map picture (PNG) for print: drawn with matplotlib from local data only, no tiles, no network."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox
from shapely.geometry import GeometryCollection, LineString, Point, Polygon, box, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from corridor.atlas.geometry import atlas_bounds, countries_for
from corridor.atlas.load import Atlas
from corridor.atlas.model import Segment
from corridor.atlas.timeline import atlas_on
from corridor.display.captions import caption_date, credit_line, map_title
from corridor.display.text import country_name
from corridor.display.vocab import (
    BORDER_COLOUR,
    COUNTRY_LABEL_COLOUR,
    GAUGE_RING,
    LABEL_HALO,
    LABEL_INK,
    LAND_COLOUR,
    LEADER_COLOUR,
    NO_DATA_COLOUR,
    PALETTE,
    PLACE_KIND,
    SEA_COLOUR,
    SEA_LABEL_COLOUR,
    WHITE,
    alternative_style,
    casing_style,
    segment_style,
)
from corridor.maps.basemap import Basemap, basemap_of
from corridor.maps.labels import KEY, MINOR, key_places, label_order, label_rank, label_texts
from corridor.maps.picture_legend import MPL_MARKERS, draw_legend, renderer_of, ring_marker
from corridor.maps.render import breaks_on_map, places_on_map
from corridor.request.params import PictureOptions

MARGIN = 0.08
"""Fraction of the map's extent left around the corridor."""
TITLE_BAND = 0.06
"""Extra fraction of the corridor's height kept free at the top for the title."""
LEGEND_SHARE = 0.25
"""Share of the picture's width given to the legend, beside the map, where it covers no data."""
PT_PER_PX = 0.5
"""Web map px to print points: a 5 px existing line is 2.5 pt wide."""
PRINT_DASH_SCALE = 1.5
"""Dashes a little longer on paper than on screen, so that each status' pattern stays legible in print."""
LABEL_REACH_PT = (4.0, 7.0, 10.0, 13.0, 16.0)
"""How far from its marker a name may go (points); beyond the first, only key places, with a leader line."""
DIRECTIONS = ((1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1), (0, -1))
"""Right, left, above right, below right, above left, below left, above, below (y up)."""
MORE_DIRECTIONS = (*DIRECTIONS, (1, 0.5), (1, -0.5), (-1, 0.5), (-1, -0.5), (0.5, 1), (-0.5, 1), (0.5, -1), (-0.5, -1))
"""A key place's name may also go in between (as on the web map)."""
NAME_GAP_PT = 3 * PT_PER_PX
"""The least room between two names, or a name and a country or sea name: the web map's 3 px (NAME_GAP_PX in
label-layout.js) in print points. Names written flush read as one phrase."""
CLEARLY_NEARER_PX = 2.0
"""How much nearer its own marker than any other a name must be (as on the web map): a tie reads either way."""
NICE_KM = (10, 20, 50, 100, 200, 250, 500, 1000)
SEA_NAME_MIN_SHARE = 0.01
"""A sea is named when at least this share of the picture shows it."""
Extent = tuple[float, float, float, float]


def _dashes(dash_array: str | None, weight: float) -> tuple[float, ...] | None:
    """The web map's dash pattern (px) in matplotlib's units, which are multiples of the line width."""
    return tuple(float(n) * PRINT_DASH_SCALE / weight for n in dash_array.split()) if dash_array else None


def _moved_inside(extent: Extent, limits: Extent) -> Extent:
    """`extent` moved (not resized) to lie inside `limits` where it fits: the picture then shows land and sea to
    its edges, never past the basemap's box."""
    west, south, east, north = extent
    dx = max(0.0, limits[0] - west) - max(0.0, east - limits[2])
    dy = max(0.0, limits[1] - south) - max(0.0, north - limits[3])
    return (west + dx, south + dy, east + dx, north + dy)


def _extent(atlas: Atlas, corridor_id: str | None, aspect: float) -> Extent:
    """Bounds around the corridor, widened so that the map fills a frame of `aspect` (width / height), inside the
    basemap's box."""
    min_lon, min_lat, max_lon, max_lat = atlas.index.summary(corridor_id).bounds if corridor_id else atlas_bounds(atlas)
    max_lat += (max_lat - min_lat) * TITLE_BAND  # room for the title above the northernmost line
    mid_lat = (min_lat + max_lat) / 2
    stretch = math.cos(math.radians(mid_lat))
    width, height = (max_lon - min_lon) * (1 + 2 * MARGIN), (max_lat - min_lat) * (1 + 2 * MARGIN)
    if width * stretch / height < aspect:
        width = height * aspect / stretch
    else:
        height = width * stretch / aspect
    mid_lon = (min_lon + max_lon) / 2
    extent = (mid_lon - width / 2, mid_lat - height / 2, mid_lon + width / 2, mid_lat + height / 2)
    return _moved_inside(extent, basemap_of(atlas.reference).extent)


def _draw_countries(ax: Axes, atlas: Atlas, extent: Extent) -> list[Text]:
    """Sea inside the box the reference data cover, country polygons and names on it, and the seas' names;
    returns the names drawn (place names keep clear of them)."""
    frame = box(*extent)
    countries = countries_for(atlas)
    covered = box(*GeometryCollection(list(countries.values())).bounds)
    sea = covered.intersection(frame)
    if isinstance(sea, Polygon) and sea.area > 0:  # two boxes meet in a box, or a line or point when they touch
        xs, ys = sea.exterior.xy
        ax.fill(xs, ys, facecolor=SEA_COLOUR, edgecolor="none", zorder=0.5)
    names: list[Text | None] = []
    for code, polygon in countries.items():
        visible = polygon.intersection(frame)
        if visible.is_empty:
            continue
        parts = getattr(visible, "geoms", [visible])
        for part in parts:
            if part.geom_type != "Polygon":
                continue
            xs, ys = part.exterior.xy
            ax.fill(xs, ys, facecolor=LAND_COLOUR, edgecolor=BORDER_COLOUR, linewidth=0.6, zorder=1)
        if visible.area > frame.area * 0.01:
            at = visible.representative_point()
            names.append(_area_name(ax, at, country_name(atlas, code).upper(), f"country:{code}", COUNTRY_LABEL_COLOUR))
    for feature in Basemap.features(basemap_of(atlas.reference).seas):
        visible = shape(feature["geometry"]).intersection(frame)
        if visible.area > frame.area * SEA_NAME_MIN_SHARE:
            name = feature["properties"]["area_name"]
            largest = max(getattr(visible, "geoms", [visible]), key=lambda part: part.area)
            if largest.geom_type == "Polygon":  # the middle of its largest visible part
                names.append(_area_name(ax, polylabel(largest), name, f"sea:{name}", SEA_LABEL_COLOUR, style="italic"))
    return [name for name in names if name is not None]


def _area_name(ax: Axes, at: Point, text: str, gid: str, colour: str, **style: Any) -> Text | None:
    """A country's or sea's name at `at`; None (left out) when it would run past the picture's edge."""
    name = ax.text(at.x, at.y, text, fontsize=7, color=colour, ha="center", va="center", zorder=2, gid=gid, **style)
    renderer = renderer_of(ax)
    frame, drawn = ax.get_window_extent(renderer), name.get_window_extent(renderer)
    if not (frame.x0 <= drawn.x0 and drawn.x1 <= frame.x1 and frame.y0 <= drawn.y0 and drawn.y1 <= frame.y1):
        name.remove()
        return None
    return name


def _offset_line(ax: Axes, coordinates: list[tuple[float, float]], offset_px: float) -> list[tuple[float, float]]:
    """The line moved `offset_px` (web px, scaled to print) to the right of its direction, as the web map does."""
    if not offset_px:
        return coordinates
    to_display = ax.transData
    points = to_display.transform(coordinates)
    shift = offset_px * PT_PER_PX * ax.figure.dpi / 72
    normals = []  # of each piece, to the right of the direction of travel (display y points up)
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:], strict=True):
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        normals.append(((y1 - y0) / length, -(x1 - x0) / length))
    moved = []
    for i, (x, y) in enumerate(points):
        (ax0, ay0), (bx0, by0) = normals[max(0, i - 1)], normals[min(len(normals) - 1, i)]
        nx, ny = ax0 + bx0, ay0 + by0
        size = math.hypot(nx, ny) or 1.0
        moved.append((x + nx / size * shift, y + ny / size * shift))
    return [tuple(p) for p in to_display.inverted().transform(moved)]


def _draw_segment(ax: Axes, segment: Segment, style: dict[str, Any], corridor_id: str | None, kind: str) -> None:
    """One line (`kind` "segment") or an alternative route's casing under it ("casing"), its artist's gid
    `<kind>:<segment id>:<corridor id or context>`."""
    xs, ys = zip(*_offset_line(ax, list(segment.geometry.coordinates), style["offset"]), strict=True)
    zorder = 4 if segment.properties.corridors else 3
    line = Line2D(
        xs,
        ys,
        color=style["color"],
        linewidth=style["weight"] * PT_PER_PX,
        alpha=style["opacity"],
        solid_capstyle="round",
        dash_capstyle="butt",
        zorder=zorder - 0.5 if kind == "casing" else zorder,
        gid=f"{kind}:{segment.id}:{corridor_id or 'context'}",
    )
    dashes = _dashes(style["dashArray"], style["weight"])
    if dashes:
        line.set_dashes(dashes)
    ax.add_line(line)


def _draw_lines(ax: Axes, atlas: Atlas, shown: list[str]) -> None:
    """Context track first, then each corridor, an alternative route over its casing; a leg shared by several
    corridors is drawn once per corridor, side by side, so that every corridor's colour shows (as on the web
    map)."""
    for segment in atlas.segments.values():
        if not set(shown).intersection(segment.properties.corridors):
            _draw_segment(ax, segment, segment_style(segment, None, shown), None, "segment")
    for current in shown:
        for segment in atlas.corridor_segments(current):
            style = segment_style(segment, atlas.corridors[current], shown)
            casing = casing_style(style, alternative_style(atlas.index.alternative_rank(segment, current)))
            if casing is not None:
                _draw_segment(ax, segment, casing, current, "casing")
            _draw_segment(ax, segment, style, current, "segment")


def _draw_breaks(ax: Axes, atlas: Atlas, shown: list[str]) -> None:
    for gauge_break in breaks_on_map(atlas, shown):
        lon, lat = atlas.places[gauge_break.place_id].geometry.coordinates
        ring = GAUGE_RING[gauge_break.certain]
        ax.scatter(
            [lon],
            [lat],
            marker=ring_marker(ring.dashed),
            s=150,
            facecolor="none",
            edgecolor=ring.colour,
            linewidth=ring.width_px * PT_PER_PX,
            zorder=5,
            gid=f"gauge-break:{gauge_break.place_id}",
        )


def _inside(extent: Bbox, frame: Bbox) -> bool:
    return frame.x0 <= extent.x0 and frame.y0 <= extent.y0 and extent.x1 <= frame.x1 and extent.y1 <= frame.y1


def _line_points(ax: Axes, atlas: Atlas, shown: list[str]) -> list[tuple[float, float]]:
    """Display points every few pixels along the corridor lines: a name should not lie on one."""
    points = []
    for corridor_id in shown:
        for segment in atlas.corridor_segments(corridor_id):
            line = LineString(ax.transData.transform(segment.geometry.coordinates))
            steps = max(2, int(line.length / 3))
            along = (line.interpolate(i / steps, normalized=True) for i in range(steps + 1))
            points += [(point.x, point.y) for point in along]
    return points


@dataclass(frozen=True)
class Marker:
    """A place's marker in display pixels: centre and radius."""

    place_id: str
    x: float
    y: float
    r: float

    def gap(self, extent: Bbox) -> float:
        """From the marker's edge to a name's box (0 when they touch)."""
        dx = max(extent.x0 - self.x, 0.0, self.x - extent.x1)
        dy = max(extent.y0 - self.y, 0.0, self.y - extent.y1)
        return max(0.0, math.hypot(dx, dy) - self.r)

    def coincides(self, other: Marker) -> bool:
        """One marker's centre inside the other's: one symbol to a reader."""
        return math.hypot(self.x - other.x, self.y - other.y) <= max(self.r, other.r)


class LabelPlacer:
    """Greedy label placement, by the web map's rules (static/map/label-layout.js): each name, in order, at the
    first candidate position clear (by NAME_GAP_PT) of the names already placed and of the country and sea names,
    clear of every marker and of the
    frame's edge, nearer its own marker than any other and not inside another country than its place's (Termez is
    written on the Uzbek bank); lines are avoided where any position allows."""

    def __init__(
        self,
        ax: Axes,
        renderer: RendererBase,
        markers: list[Marker],
        line_points: list[tuple[float, float]],
        obstacles: list[Bbox],
        countries: dict[str, BaseGeometry],
    ):
        self.ax, self.renderer, self.markers = ax, renderer, markers
        self.marker_boxes = [Bbox.from_extents(m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r) for m in markers]
        self.line_points, self.obstacles, self.countries = line_points, obstacles, countries
        self.placed: list[Bbox] = []
        self.frame = ax.get_window_extent(renderer)
        self.gap_px = NAME_GAP_PT * ax.figure.dpi / 72

    def _crosses_line(self, extent: Bbox) -> bool:
        return any(extent.x0 <= x <= extent.x1 and extent.y0 <= y <= extent.y1 for x, y in self.line_points)

    def _clear(self, extent: Bbox, own: Marker) -> bool:
        spaced = extent.padded(self.gap_px)
        return (
            _inside(extent, self.frame)
            and not any(spaced.overlaps(o) for o in self.placed)
            and not any(spaced.overlaps(o) for o in self.obstacles)
            and not any(extent.overlaps(b) for m, b in zip(self.markers, self.marker_boxes, strict=True) if m != own)
        )

    def _by_its_place(self, extent: Bbox, own: Marker, names: list[str]) -> bool:
        gap = own.gap(extent)
        others = (m for m in self.markers if m.place_id not in names and m != own and not m.coincides(own))
        return all(m.gap(extent) >= gap + CLEARLY_NEARER_PX for m in others)

    def _in_another_country(self, extent: Bbox, country: str) -> bool:
        centre = Point(self.ax.transData.inverted().transform(((extent.x0 + extent.x1) / 2, extent.y0 + 1)))
        return any(code != country and shape.contains(centre) for code, shape in self.countries.items())

    def _annotate(
        self,
        name: str,
        lon: float,
        lat: float,
        rank: int,
        align: tuple[str, str],
        offset: tuple[float, float],
        leader: bool,
    ) -> Annotation:
        return self.ax.annotate(
            name,
            (lon, lat),
            xytext=offset,
            textcoords="offset points",
            ha=align[0],
            va=align[1],
            fontsize=6.5 if rank == KEY else 6,
            color=LABEL_INK,
            zorder=7,
            weight="bold" if rank == KEY else "normal",
            bbox={"boxstyle": "square,pad=0.1", "facecolor": LABEL_HALO, "edgecolor": "none", "alpha": 0.7},
            arrowprops={"arrowstyle": "-", "color": LEADER_COLOUR, "linewidth": 0.5, "shrinkA": 0, "shrinkB": 2}
            if leader
            else None,
        )

    def _text_box(self, name: str, lon: float, lat: float, rank: int, align: tuple[str, str]) -> Bbox:
        """The name's own box (no leader) written at its place with this alignment, in display pixels."""
        label = self._annotate(name, lon, lat, rank, align, (0.0, 0.0), leader=False)
        extent = label.get_window_extent(self.renderer)
        label.remove()
        return extent

    def _surely_blocked(self, text_box: Bbox, dx: float, dy: float, own: Marker, avoid_lines: bool) -> bool:
        """Whether a candidate fails before it is drawn: the name's own box moved to the candidate (less half a
        pixel, for rounding) is already out of the frame, on a name, marker or line. A written name's box holds its
        text's box (and its leader's), so what blocks this blocks it: measuring the text once instead of writing
        every candidate is what makes small pictures, whose names try many positions, cost little."""
        scale = self.ax.figure.dpi / 72
        box = text_box.translated(dx * scale, dy * scale).expanded(1.04, 1.1).padded(-0.5)
        return not self._clear(box, own) or (avoid_lines and self._crosses_line(box))

    def place(self, name: str, lon: float, lat: float, own: Marker, rank: int, country: str, names: list[str]) -> bool:
        """Place the name (which names the places `names`); False when no candidate is clear."""
        reach = LABEL_REACH_PT if rank == KEY else LABEL_REACH_PT[:1]
        gap = own.r * 72 / self.ax.figure.dpi
        directions = MORE_DIRECTIONS if rank == KEY else DIRECTIONS
        candidates = [(dx * (gap + r), dy * (gap + r), r) for r in reach for dx, dy in directions]
        text_boxes: dict[tuple[str, str], Bbox] = {}
        for own_side, avoid_lines in ((True, True), (True, False), (False, True), (False, False)):
            if not avoid_lines and rank == MINOR:
                continue
            for dx, dy, r in candidates:
                align = (
                    "left" if dx > 0 else "right" if dx < 0 else "center",
                    "bottom" if dy > 0 else "top" if dy < 0 else "center",
                )
                if align not in text_boxes:
                    text_boxes[align] = self._text_box(name, lon, lat, rank, align)
                if self._surely_blocked(text_boxes[align], dx, dy, own, avoid_lines):
                    continue
                label = self._annotate(name, lon, lat, rank, align, (dx, dy), leader=r > LABEL_REACH_PT[0])
                extent = label.get_window_extent(self.renderer).expanded(1.04, 1.1)
                if (
                    self._clear(extent, own)
                    and self._by_its_place(extent, own, names)
                    and not (avoid_lines and self._crosses_line(extent))
                    and not (own_side and self._in_another_country(extent, country))
                ):
                    self.placed.append(extent)
                    return True
                label.remove()
        return False


def _draw_places(
    ax: Axes,
    atlas: Atlas,
    shown: list[str],
    extent: tuple[float, float, float, float],
    place_ids: list[str],
    country_names: list[Text],
) -> tuple[list[tuple[str, list[str]]], list[Bbox], list[Marker]]:
    """Markers and names (each the first way of writing it that fits: the name, a crossing's railheads, an alias);
    returns each name's place and the places it names, the boxes of the names and the markers (display px)."""
    frame = box(*extent)
    renderer = renderer_of(ax)
    inside = [
        p
        for p in place_ids
        if frame.contains(box(*atlas.places[p].geometry.coordinates, *atlas.places[p].geometry.coordinates))
    ]
    markers: dict[str, Marker] = {}
    for place_id in inside:
        place = atlas.places[place_id]
        style = PLACE_KIND[place.properties.kind]
        lon, lat = place.geometry.coordinates
        ax.scatter(
            [lon],
            [lat],
            marker=MPL_MARKERS[style.shape],
            s=style.mpl_size * 0.5,
            facecolor=style.fill,
            edgecolor=style.outline,
            linewidth=0.8,
            zorder=6,
            gid=f"place:{place_id}",
        )
        x, y = ax.transData.transform((lon, lat))
        markers[place_id] = Marker(place_id, x, y, math.sqrt(style.mpl_size * 0.5) / 2 * ax.figure.dpi / 72 + 1)
    key = key_places(atlas, shown)
    obstacles = [name.get_window_extent(renderer) for name in country_names]
    placer = LabelPlacer(
        ax, renderer, list(markers.values()), _line_points(ax, atlas, shown), obstacles, countries_for(atlas)
    )
    named: list[tuple[str, list[str]]] = []
    spelled: set[str] = set()
    for place_id in label_order(atlas, inside, key):
        if place_id in spelled:
            continue
        props = atlas.places[place_id].properties
        lon, lat = atlas.places[place_id].geometry.coordinates
        for text, names in label_texts(atlas, place_id, inside):
            if placer.place(text, lon, lat, markers[place_id], label_rank(atlas, place_id, key), props.country, names):
                named.append((place_id, names))
                spelled.update(names)
                break
    return named, placer.placed, list(markers.values())


def _nice_scale_km(span_km: float) -> int:
    return max((n for n in NICE_KM if n <= span_km / 4), default=NICE_KM[0])


def _draw_scale(ax: Axes, extent: tuple[float, float, float, float]) -> None:
    min_lon, min_lat, max_lon, max_lat = extent
    km_per_deg = 111.32 * math.cos(math.radians((min_lat + max_lat) / 2))
    length_km = _nice_scale_km((max_lon - min_lon) * km_per_deg)
    x0 = min_lon + (max_lon - min_lon) * 0.04
    y0 = min_lat + (max_lat - min_lat) * 0.05
    ax.plot([x0, x0 + length_km / km_per_deg], [y0, y0], color=PALETTE["ink"], linewidth=2.5, zorder=7)
    ax.text(x0, y0 + (max_lat - min_lat) * 0.012, f"{length_km} km", fontsize=7, zorder=7)


def _draw_heading(ax: Axes, title: str, date: str) -> None:
    """Top left, over the band kept free for it: the title and, on its line, the date the lines are drawn for, in
    the words of the web map's caption, so that a printed picture says when it holds."""
    box = {"boxstyle": "square,pad=0.2", "facecolor": WHITE, "edgecolor": "none", "alpha": 0.8}
    heading = ax.text(
        0.01, 0.985, title, transform=ax.transAxes, fontsize=10, weight="bold", va="top", zorder=8, bbox=box
    )
    heading.set_gid("map-title")
    title_box = heading.get_window_extent(renderer_of(ax)).transformed(ax.transAxes.inverted())
    ax.text(
        title_box.x1 + 0.008,
        title_box.y0,
        date,
        transform=ax.transAxes,
        fontsize=7,
        va="bottom",
        zorder=8,
        bbox=box,
        gid="map-date",
    )


@dataclass(frozen=True)
class Picture:
    """The PNG, the places it names and their name boxes, and where a longitude/latitude falls in it (all in
    pixels from the top left: left, top, right, bottom)."""

    png: bytes
    named: tuple[str, ...]
    extent: tuple[float, float, float, float]
    map_box_px: tuple[float, float, float, float]
    label_boxes_px: tuple[tuple[float, float, float, float], ...] = ()
    figure: Figure | None = None
    """The matplotlib figure drawn, whose artists name what they draw (`gid`), for checking against the map."""
    markers_px: tuple[tuple[str, float, float, float], ...] = ()
    """Each place's marker: id, centre x and y, radius."""
    country_boxes_px: tuple[tuple[float, float, float, float], ...] = ()
    names_px: tuple[tuple[str, ...], ...] = ()
    """The places each name names (Termez–Hairatan names the bridge, Termez and Hairatan)."""

    @property
    def spelled(self) -> set[str]:
        """Every place a name on the picture names."""
        return {place_id for names in self.names_px for place_id in names}

    def to_lon_lat(self, x: float, y: float) -> tuple[float, float]:
        """The longitude and latitude at a pixel of the map."""
        min_lon, min_lat, max_lon, max_lat = self.extent
        left, top, right, bottom = self.map_box_px
        return (
            min_lon + (x - left) / (right - left) * (max_lon - min_lon),
            max_lat - (y - top) / (bottom - top) * (max_lat - min_lat),
        )

    def to_pixel(self, lon: float, lat: float) -> tuple[float, float]:
        min_lon, min_lat, max_lon, max_lat = self.extent
        left, top, right, bottom = self.map_box_px
        return (
            left + (lon - min_lon) / (max_lon - min_lon) * (right - left),
            top + (max_lat - lat) / (max_lat - min_lat) * (bottom - top),
        )


def draw_picture(atlas: Atlas, corridor_id: str | None = None, options: PictureOptions | None = None) -> Picture:
    """The map drawn for print: basemap, lines styled from the vocabulary, places named without overlap,
    gauge breaks, the legend beside the map, scale and attribution."""
    # Names are text, never mathtext: a `$...$` in the data is drawn as written (and cannot fail to parse).
    with matplotlib.rc_context({"text.parse_math": False}):
        return _draw_picture(atlas, corridor_id, options or PictureOptions())


def _draw_picture(atlas: Atlas, corridor_id: str | None, options: PictureOptions) -> Picture:
    atlas = atlas_on(atlas, options.as_of)
    figure = Figure(figsize=(options.width_px / options.dpi, options.height_px / options.dpi), dpi=options.dpi)
    share = LEGEND_SHARE if options.legend else 0.0
    ax = figure.add_axes((0, 0, 1 - share, 1))
    shown = [corridor_id] if corridor_id else list(atlas.corridors)
    extent = _extent(atlas, corridor_id, options.width_px * (1 - share) / options.height_px)
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_facecolor(NO_DATA_COLOUR)
    ax.set_xticks([])
    ax.set_yticks([])
    country_names = _draw_countries(ax, atlas, extent)
    _draw_lines(ax, atlas, shown)
    _draw_breaks(ax, atlas, shown)
    named, label_boxes, markers = _draw_places(
        ax, atlas, shown, extent, places_on_map(atlas, corridor_id), country_names
    )
    if options.legend:
        draw_legend(figure.add_axes((1 - share, 0, share, 1)), atlas, shown, places_on_map(atlas, corridor_id))
    _draw_scale(ax, extent)
    _draw_heading(ax, map_title(atlas, corridor_id), caption_date(atlas, options.as_of))
    ax.text(
        0.995,
        0.006,
        credit_line(atlas),
        transform=ax.transAxes,
        fontsize=5.5,
        ha="right",
        va="bottom",
        color=PALETTE["subtle"],
        zorder=8,
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=options.dpi)
    map_box = (0.0, 0.0, options.width_px * (1 - share), float(options.height_px))
    boxes = tuple((b.x0, options.height_px - b.y1, b.x1, options.height_px - b.y0) for b in label_boxes)
    renderer = renderer_of(ax)
    country_boxes = tuple(
        (b.x0, options.height_px - b.y1, b.x1, options.height_px - b.y0)
        for b in (name.get_window_extent(renderer) for name in country_names)
    )
    marks = tuple((m.place_id, m.x, options.height_px - m.y, m.r) for m in markers)
    return Picture(
        buffer.getvalue(),
        tuple(place_id for place_id, _ in named),
        extent,
        map_box,
        boxes,
        figure,
        marks,
        country_boxes,
        tuple(tuple(names) for _, names in named),
    )


def render_png(atlas: Atlas, corridor_id: str | None = None, options: PictureOptions | None = None) -> bytes:
    """The map as PNG bytes: basemap, lines styled like the web map, places, legend, scale and attribution."""
    return draw_picture(atlas, corridor_id, options).png
