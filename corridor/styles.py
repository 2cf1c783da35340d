"""How lines look, one vocabulary for the web map, the KML export and the printed picture.

Colour is the corridor (grey for connecting track), the dash pattern is the status, faded lines are schematic.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from corridor.model import Corridor, Segment

NATURAL_EARTH = "Made with Natural Earth"
CONTEXT_COLOUR = "#8a8a8a"
SHARED_BAND_PX = 4
DASHES: dict[str, str | None] = {
    "existing": None,
    "under_construction": "10 5",
    "planned": "7 7",
    "proposed": "1 7",
}
ROUTE_STYLES: dict[str, tuple[str, int]] = {
    "existing": ("#1565c0", 20),
    "announced": ("#ffb300", 12),
    "allowed": ("#ffb300", 12),
}
"""Route bands by kind (colour, width in px): existing-only drawn wider so both show where they share track."""


def segment_style(segment: Segment, corridor: Corridor | None, shown: Iterable[str] = ()) -> dict[str, Any]:
    """Leaflet path options: colour per corridor, dashes per status, faded schematic lines, thin variants and
    thin grey context. A segment shared with corridors that are drawn later (listed after this one and in
    `shown`) is drawn wider by a band per such corridor, so each corridor's colour stays visible."""
    props = segment.properties
    if corridor is None:
        colour, weight, layer_class = CONTEXT_COLOUR, 2, "context"
    else:
        colour, weight, layer_class = corridor.colour, (3 if props.variant else 5), f"corridor-{corridor.id}"
        if corridor.id in props.corridors:
            later = props.corridors[props.corridors.index(corridor.id) + 1 :]
            weight += SHARED_BAND_PX * len(set(later).intersection(shown))
    classes = ["seg", f"seg-{segment.id}", layer_class, f"status-{props.status}", f"alignment-{props.alignment}"]
    if props.variant:
        classes.append("variant")
    return {
        "color": colour,
        "weight": weight,
        "opacity": 0.55 if props.alignment == "schematic" else 0.95,
        "dashArray": DASHES[props.status],
        "lineCap": "round",
        "className": " ".join(classes),
    }
