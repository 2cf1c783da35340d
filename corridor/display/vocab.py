"""One table per vocabulary (status, alignment, place kind): label, order, line style, KML factors, marker.

The web map, the embed, the single-file map, the PNG, the KML export and every legend read these tables, so
a line looks the same wherever it is drawn. Colour is the corridor (grey for connecting track), dash and
weight are the status, fading is the alignment's confidence.
"""

from __future__ import annotations

import re
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
    """How sure a line's drawing is: its label, and how much it fades and thins the line."""

    label: str
    order: int
    opacity: float
    weight_factor: float


@dataclass(frozen=True)
class PlaceKindStyle:
    """A place kind's label, order, web marker size (px), matplotlib marker and size, and whether the map
    must name every place of the kind at first view."""

    label: str
    order: int
    marker_px: int
    mpl_marker: str
    mpl_size: float
    key: bool


STATUS: dict[str, StatusStyle] = {
    "existing": StatusStyle("existing", 0, 5.0, None, 1.0, 1.0),
    "under_construction": StatusStyle("under construction", 1, 4.5, "14 5", 0.85, 0.9),
    "planned": StatusStyle("planned", 2, 4.0, "9 4 2 4", 0.7, 0.8),
    "proposed": StatusStyle("proposed", 3, 4.0, "4 5", 0.6, 0.75),
}
"""Existing is the strongest line; the less real a line, the thinner and more broken it is drawn."""
ALIGNMENT: dict[str, AlignmentStyle] = {
    "surveyed": AlignmentStyle("surveyed: traced from mapped track", 0, 0.95, 1.0),
    "approximate": AlignmentStyle("approximate: follows known stations", 1, 0.95, 1.0),
    "schematic": AlignmentStyle("schematic: only end points known (faded)", 2, 0.75, 0.85),
}
PLACE_KIND: dict[str, PlaceKindStyle] = {
    "sea_port": PlaceKindStyle("sea port", 0, 13, "^", 44, True),
    "dry_port": PlaceKindStyle("dry port", 1, 12, "s", 26, True),
    "border_crossing": PlaceKindStyle("border crossing", 2, 13, "D", 28, True),
    "city": PlaceKindStyle("city", 3, 12, "o", 36, False),
    "town": PlaceKindStyle("town", 4, 9, "o", 20, False),
    "station": PlaceKindStyle("station", 5, 8, "o", 12, False),
}
assert set(STATUS) == set(STATUSES) and set(ALIGNMENT) == set(ALIGNMENTS) and set(PLACE_KIND) == set(PLACE_KINDS)

STATUS_LABELS: dict[str, str] = {k: v.label for k, v in sorted(STATUS.items(), key=lambda kv: kv[1].order)}
PLACE_KIND_LABELS: dict[str, str] = {k: v.label for k, v in sorted(PLACE_KIND.items(), key=lambda kv: kv[1].order)}

NATURAL_EARTH = "Made with Natural Earth"
LAND_COLOUR = "#f6f3ea"
CONTEXT_COLOUR = "#5a5a5a"
"""Dark grey: the mid grey it replaced looked like the teal corridor to red-green colour-blind readers."""
CONTEXT_WEIGHT_PX = 1.5
VARIANT_WEIGHT_FACTOR = 0.8
"""An alternative route is a little thinner than the main line; its name is on the map and in the legend."""
SHARED_GAP_PX = 1.5
"""Space between the parallel lines of a leg shared by several corridors."""
REFERENCE_RAILWAY: dict[str, Any] = {
    "color": "#a1887f",
    "weight": 1,
    "opacity": 0.8,
    "dashArray": "4 3",
    "className": "ne-railway",
}
"""Natural Earth railways: thin, brown and broken, unlike the solid grey connecting lines."""
ROUTE_STYLES: dict[str, tuple[str, int]] = {
    "existing": ("#1565c0", 20),
    "announced": ("#ffb300", 12),
    "allowed": ("#ffb300", 12),
}
"""Route bands by kind (colour, width in px): existing-only drawn wider so both show where they share track."""


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
        "color": CONTEXT_COLOUR if corridor is None else corridor.colour,
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
