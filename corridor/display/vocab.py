"""The style table: every colour, line style and marker the project draws, and one table per vocabulary
(status, alignment, place kind, gauge break) with its label, order and style.

This module is the only place a colour is written. The web map, the embed, the single-file map, the PNG, the
KML export, the QGIS styles, every legend and the pages' stylesheet (`corridor.display.css`) are generated from
it, so a line looks the same wherever it is drawn. Colour is the corridor (grey for connecting track), dash and
weight are the status, fading and thinning are the alignment's confidence, and a casing under the line tells one
alternative route of a corridor from another.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from corridor.atlas.model import ALIGNMENTS, PLACE_KINDS, STATUSES, Corridor, Segment


@dataclass(frozen=True)
class StatusStyle:
    """How a status is named and drawn: weight (px) and dash pattern (SVG dasharray in px, None for solid)
    on the web map; the PNG scales both; KML cannot dash, so it scales width and opacity instead."""

    label: str
    order: int
    weight_px: float
    dash: str | None
    kml_width: float
    kml_opacity: float


@dataclass(frozen=True)
class AlignmentStyle:
    """How sure a line's drawing is: its label, and how much it fades and thins the line (the less sure, the
    fainter and thinner: every surface draws the three apart)."""

    label: str
    order: int
    opacity: float
    weight_factor: float


@dataclass(frozen=True)
class AlternativeStyle:
    """How one alternative route of a corridor is told from the others: a casing drawn under its line, `casing_px`
    wider on each side (0: no casing), in the line's colour darkened `casing_shade` of the way to MARKER_INK, so
    the line keeps its corridor's hue; with the line's own dashes, so that its status still reads. KML draws one
    stroke per line, neither cased nor dashed: there the whole line is darkened `kml_shade` of the way instead."""

    label: str
    casing_px: float
    casing_shade: float
    kml_shade: float

    def casing_colour(self, line_colour: str) -> str | None:
        """The casing's colour under a line of `line_colour`; None for a symbol without a casing."""
        return mix(line_colour, MARKER_INK, self.casing_shade) if self.casing_px else None


@dataclass(frozen=True)
class PlaceKindStyle:
    """A place kind's label, order, marker (shape, fill, outline, the thin halo that sets a white outline off
    the land, size in px on the web map and in points² in the PNG), Google Earth icon, and whether the map must
    name every place of the kind at first view."""

    label: str
    order: int
    shape: str
    fill: str
    outline: str
    halo: str | None
    marker_px: int
    mpl_size: float
    kml_icon: str
    key: bool

    @property
    def ink(self) -> str:
        """The marker's telling colour, where only one can be shown (a KML icon's tint): its fill, or its
        outline when the fill is white."""
        return self.outline if self.fill == WHITE else self.fill


@dataclass(frozen=True)
class GaugeRingStyle:
    """How a gauge break is ringed: label, colour, ring width (px), and whether the ring is dashed."""

    label: str
    colour: str
    width_px: float
    dashed: bool


STATUS: dict[str, StatusStyle] = {
    "existing": StatusStyle("existing", 0, 5.0, None, 1.0, 1.0),
    "under_construction": StatusStyle("under construction", 1, 4.5, "14 5", 0.85, 0.9),
    "planned": StatusStyle("planned", 2, 4.0, "9 4 2 4", 0.7, 0.8),
    "proposed": StatusStyle("proposed", 3, 4.0, "4 5", 0.6, 0.75),
}
"""Existing is the strongest line; the less real a line, the thinner and more broken it is drawn."""
ALIGNMENT: dict[str, AlignmentStyle] = {
    "surveyed": AlignmentStyle("surveyed: traced from mapped track", 0, 1.0, 1.0),
    "approximate": AlignmentStyle("approximate: follows known stations (lighter)", 1, 0.8, 0.9),
    "schematic": AlignmentStyle("schematic: only end points known (faintest)", 2, 0.6, 0.8),
}
"""A line known only by its end points is the faintest and thinnest; one that follows known stations is lighter
than one traced from mapped track."""
WHITE = "#ffffff"
MARKER_INK = "#222222"
ALTERNATIVE: tuple[AlternativeStyle, ...] = (
    AlternativeStyle("plain line", 0.0, 0.0, 0.0),
    AlternativeStyle("line over a dark edge", 1.0, 0.6, 0.45),
    AlternativeStyle("line over a wide band of its colour", 2.5, 0.0, 0.2),
)
"""The symbols of a corridor's alternative routes, in the order of their names' first appearance in the corridor's
segments (`AtlasIndex.alternatives`): the first drawn plain, the second over a dark edge, the third over a wide
band of its own colour (in KML: the line's colour, darker, a little darker). A fourth takes the first's symbol
again: give a corridor with more alternatives more rows here."""
PLACE_KIND: dict[str, PlaceKindStyle] = {
    "sea_port": PlaceKindStyle("sea port", 0, "square", "#1565c0", WHITE, "#0d3c78", 13, 44, "ferry.png", True),
    "dry_port": PlaceKindStyle("dry port", 1, "square", "#8d6e63", WHITE, "#4e342e", 12, 26, "truck.png", True),
    "border_crossing": PlaceKindStyle(
        "border crossing", 2, "diamond", "#c62828", WHITE, "#7f0000", 13, 28, "flag.png", True
    ),
    "city": PlaceKindStyle("city", 3, "circle", MARKER_INK, WHITE, MARKER_INK, 12, 36, "placemark_circle.png", False),
    "town": PlaceKindStyle("town", 4, "circle", WHITE, MARKER_INK, None, 9, 20, "shaded_dot.png", False),
    "station": PlaceKindStyle("station", 5, "circle", WHITE, MARKER_INK, None, 8, 12, "rail.png", False),
}
"""Ports are squares, border crossings diamonds, the rest circles, dark for cities and open for towns and
stations; a coloured marker has a white outline and a darker halo."""
MARKER_OUTLINE_PX = {"station": 1.5}
"""The web marker's outline width where it is not the usual 2 px: a station's small circle stays open."""
GAUGE_RING: dict[bool, GaugeRingStyle] = {
    True: GaugeRingStyle("break: 1520 / 1676 / 1435 mm meet", "#6a1b9a", 3.0, False),
    False: GaugeRingStyle("possible break: gauge undecided", "#6a1b9a", 3.0, True),
}
"""Keyed by whether the break is certain: a possible one (a gauge still undecided) is dashed. Labels are short,
under the legends' "Gauge" heading: a longer legend folds away on a small map."""
assert set(STATUS) == set(STATUSES) and set(ALIGNMENT) == set(ALIGNMENTS) and set(PLACE_KIND) == set(PLACE_KINDS)

STATUS_LABELS: dict[str, str] = {k: v.label for k, v in sorted(STATUS.items(), key=lambda kv: kv[1].order)}
PLACE_KIND_LABELS: dict[str, str] = {k: v.label for k, v in sorted(PLACE_KIND.items(), key=lambda kv: kv[1].order)}

CORRIDOR_COLOURS: dict[str, str] = {
    "turghundi-herat-spin-boldak": "#d95f02",
    "chaman-onward": "#1b9e77",
    "uzbekistan-afghanistan-pakistan": "#7570b3",
}
"""Each corridor's line colour, by corridor id (ColorBrewer's Dark2): they stand out from the land and stay
apart for colour-blind readers (tests/display/test_vocab.py). A new corridor is given its colour here."""
SPARE_CORRIDOR_COLOURS = ("#e7298a", "#a6761d")
"""Dark2's other colours dark enough for the land, for a corridor not in CORRIDOR_COLOURS (data of one's own)."""
NATURAL_EARTH = "Made with Natural Earth"
LAND_COLOUR = "#f6f3ea"
SEA_COLOUR = "#cfe0ea"
BORDER_COLOUR = "#a39e93"
NO_DATA_COLOUR = "#f1efe8"
"""Beyond the bundled Natural Earth box: neither land nor sea."""
NO_DATA_HATCH = "#5a503c0f"
COUNTRY_LABEL_COLOUR = "#7b7468"
SEA_LABEL_COLOUR = "#3d6580"
"""Sea names: a darker blue of the sea, readable on it (contrast over 4:1 on SEA_COLOUR)."""
CONTEXT_COLOUR = "#5a5a5a"
"""Dark grey: the mid grey it replaced looked like the teal corridor to red-green colour-blind readers."""
CONTEXT_WEIGHT_PX = 1.5
VARIANT_WEIGHT_FACTOR = 0.8
"""An alternative route is a little thinner than the main line; its name is on the map and in the legend."""
SHARED_GAP_PX = 1.5
"""Space between the parallel lines of a leg shared by several corridors."""
LEGEND_SAMPLE_COLOUR = "#444444"
"""The grey a legend draws line styles in: the style, not a corridor's colour."""
LABEL_INK = "#1a1a1a"
LABEL_HALO = WHITE
LEADER_COLOUR = LABEL_INK
"""Place names on the map and the PNG: near-black on a white halo; a name set further out is joined to its
marker by a leader in the names' own ink, a hairline on a white halo with a dot at the name's end: no line in
the legend is near-black, haloed or dotted at its end, so a leader cannot be read as track."""
REFERENCE_RAILWAY: dict[str, Any] = {
    "color": "#a1887f",
    "weight": 1,
    "opacity": 0.8,
    "dashArray": "4 3",
    "className": "ne-railway",
}
"""Natural Earth railways: thin, brown and broken, unlike the solid grey connecting lines."""
CORRIDOR_BAND = (9.0, 0.35)
"""A whole corridor in the exports (KML, QGIS): a wide translucent band (px, opacity) under its segments."""
ROUTE_STYLES: dict[str, tuple[str, int]] = {
    "existing": ("#1565c0", 20),
    "announced": ("#ffb300", 12),
    "allowed": ("#ffb300", 12),
}
"""Route bands by kind (colour, width in px): existing-only drawn wider so both show where they share track."""
PALETTE: dict[str, str] = {
    "ink": "#1d1d1b",
    "ink-soft": "#33322f",
    "muted": "#5c5a55",
    "subtle": "#555555",
    "subtle-light": "#999999",
    "line": "#dcd8cf",
    "rule": "#b9b5aa",
    "paper": "#fbfaf7",
    "white": WHITE,
    "panel": "#f1efe9",
    "frame": "#e4e2dd",
    "accent": "#0b5cad",
    "focus": "#ffbf00",
    "mark": "#fff0a8",
    "mark-rule": "#e0b800",
    "target": "#ffd24d",
    "target-rule": "#b38600",
    "header": "#23303b",
    "badge": "#ecebe6",
    "badge-ink": "#4a4843",
    "undated": "#fff3cd",
    "undated-ink": "#6b4e00",
    "kind": "#e8eef5",
    "kind-ink": "#2a4663",
    "warning-ink": "#7a3e00",
    "existing-ink": "#1b5e20",
    "pending-ink": "#8a4b00",
    "quote-rule": "#c8c2b4",
    "quote-ink": "#3b3a36",
    "alarm": "#c62828",
    "error": "#fff3f0",
    "disputed": "#fde2e0",
    "disputed-ink": "#8e1c1c",
    "dispute-target": "#fff6f5",
    "row-hover": "#fff6d6",
    "candidate": "#fff3b0",
    "kept": "#c9f0c4",
    "kept-rule": "#3c9a35",
    "taken": "#2f6fb0",
    "popup-rule": "#e3e3e3",
    "popup-quote-rule": "#bbbbbb",
    "popup-ink": "#333333",
    "popup-badge": "#eeeeee",
    "tool-ink": MARKER_INK,
    "tool-active": "#ffe08a",
    "measure": "#111111",
    "overlay": "#ffffffd9",
    "legend": "#fffffff0",
    "shadow": "#00000059",
    "no-data": NO_DATA_COLOUR,
    "no-data-hatch": NO_DATA_HATCH,
    "country-label": COUNTRY_LABEL_COLOUR,
    "sea-label": SEA_LABEL_COLOUR,
    "label-ink": LABEL_INK,
    "label-ink-minor": "#333333",
    "label-halo": LABEL_HALO,
    "leader": LEADER_COLOUR,
}
"""The pages' and the map document's colours by name, served as CSS custom properties (`var(--ink)`) by
`corridor.display.css` and written into the PDF brief's stylesheet."""


def corridor_colour(corridor_id: str) -> str:
    """A corridor's line colour: its own from CORRIDOR_COLOURS, else a spare one that the id always picks."""
    spare = SPARE_CORRIDOR_COLOURS[zlib.crc32(corridor_id.encode()) % len(SPARE_CORRIDOR_COLOURS)]
    return CORRIDOR_COLOURS.get(corridor_id, spare)


def line_weight(segment: Segment, corridor: Corridor | None) -> float:
    """A line's width in px: grey context lines thin, corridor lines by status, thinner when schematic or an
    alternative route."""
    props = segment.properties
    if corridor is None:
        return CONTEXT_WEIGHT_PX
    weight = STATUS[props.status].weight_px * ALIGNMENT[props.alignment].weight_factor
    return round(weight * (VARIANT_WEIGHT_FACTOR if props.variant else 1.0), 2)


def shared_offset_px(segment: Segment, corridor: Corridor | None, shown: Iterable[str]) -> float:
    """Where this corridor's copy of a shared leg sits, in px to the right of the line's direction: the
    corridors shown that share the leg are drawn side by side, centred on the line."""
    sharing = [c for c in segment.properties.corridors if c in set(shown)]
    if corridor is None or corridor.id not in sharing or len(sharing) < 2:
        return 0.0
    step = line_weight(segment, corridor) + SHARED_GAP_PX
    return round((sharing.index(corridor.id) - (len(sharing) - 1) / 2) * step, 2)


def segment_style(segment: Segment, corridor: Corridor | None, shown: Iterable[str] = ()) -> dict[str, Any]:
    """Leaflet path options: colour per corridor (grey for context), weight and dashes per status, faded
    schematic lines, and an offset that lays a leg shared by several shown corridors out as parallel lines."""
    props = segment.properties
    layer_class = "context" if corridor is None else f"corridor-{corridor.id}"
    classes = ["seg", f"seg-{segment.id}", layer_class, f"status-{props.status}", f"alignment-{props.alignment}"]
    if props.variant:
        classes.append("variant")
    return {
        "color": CONTEXT_COLOUR if corridor is None else corridor_colour(corridor.id),
        "weight": line_weight(segment, corridor),
        "opacity": ALIGNMENT[props.alignment].opacity,
        "dashArray": STATUS[props.status].dash,
        "lineCap": "butt" if STATUS[props.status].dash else "round",
        "offset": shared_offset_px(segment, corridor, shown),
        "className": " ".join(classes),
    }


def kml_line(style: dict[str, Any], status: str) -> tuple[float, float]:
    """(width, opacity) of a line in KML: the map's weight and fading, scaled by the status' KML factors."""
    factors = STATUS[status]
    return round(style["weight"] * factors.kml_width, 1), style["opacity"] * factors.kml_opacity


def alternative_style(rank: int | None) -> AlternativeStyle | None:
    """The symbol of a corridor's alternative route by its rank among the corridor's alternatives (None: a line
    that is no alternative)."""
    return None if rank is None else ALTERNATIVE[rank % len(ALTERNATIVE)]


def casing_style(style: dict[str, Any], alternative: AlternativeStyle | None) -> dict[str, Any] | None:
    """Leaflet path options of the casing drawn under an alternative route's line (`style`, from
    `segment_style`): wider, in the casing colour, with the line's dashes, fading and offset; None for a line
    drawn without one."""
    colour = alternative.casing_colour(style["color"]) if alternative else None
    if alternative is None or colour is None:
        return None
    # Classes of its own (`casing-<segment>`, `under-corridor-<corridor>`): a casing is no line of the corridor.
    classes = ["casing"]
    for name in style["className"].split():
        if name.startswith("seg-"):
            classes.append("casing-" + name.removeprefix("seg-"))
        elif name.startswith("corridor-"):
            classes.append("under-" + name)
    return style | {
        "color": colour,
        "weight": round(style["weight"] + 2 * alternative.casing_px, 2),
        "className": " ".join(classes),
    }


def mix(colour: str, other: str, share: float) -> str:
    """`#rrggbb` `share` of the way from `colour` towards `other`."""
    channels = [round(int(colour[i : i + 2], 16) * (1 - share) + int(other[i : i + 2], 16) * share) for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in channels)


def kml_line_colour(style: dict[str, Any], alternative: AlternativeStyle | None) -> str:
    """A line's colour in KML: the map's, darkened for a cased alternative route (KML draws one stroke per line,
    so it cannot draw the casing)."""
    if alternative is None or not alternative.casing_px:
        return str(style["color"])
    return mix(style["color"], MARKER_INK, alternative.kml_shade)


def map_label(name: str, kind: str) -> str:
    """The name as written beside its marker, short: without the part in brackets (the popup has the full
    name), and without "border crossing", which the diamond already says."""
    short = re.sub(r"\s*\([^)]*\)", "", name).strip() or name
    if kind == "border_crossing":
        short = short.replace(" border crossing", "").strip() or short
    return short


def short_label(name: str, aliases: Iterable[str], kind: str) -> str | None:
    """A shorter name to try where the full one does not fit: the shortest alias, if it is shorter."""
    label = map_label(name, kind)
    shorter = [map_label(a, kind) for a in aliases if len(map_label(a, kind)) < len(label)]
    return min(shorter, key=len) if shorter else None


def relative_luminance(hex_colour: str) -> float:
    """WCAG relative luminance of `#rrggbb`."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio between two `#rrggbb` colours (1 to 21)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
