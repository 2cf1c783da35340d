"""The offline basemap: Natural Earth land, sea, borders, the areas that name countries and seas, and railways,
simplified for the browser.

The reference files cover a lon/lat box well beyond the corridors (`geodata/reference/README.md`). The sea is the
whole box, drawn under the land (so the two, simplified, can leave no gap between them at any zoom), and borders
come from the boundary lines, so the edge of the box never looks like a coastline. Maps keep every view inside the
box (`view_limits`: Leaflet's maxBounds and a minimum zoom fitted to the screen), so the land and sea reach the edge
of every view. Country and sea names are placed by the browser in the visible part of their area (static/map/
area-names.js): the land polygons name their countries, and each of Natural Earth's named marine areas, less the land,
names its sea.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from shapely import set_precision
from shapely.geometry import box, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from corridor.atlas.reference import ReferenceLayers
from corridor.atlas.validate import REGION_BOUNDS

GRID_DEG = 1e-3
"""Coordinates are snapped to this grid (about 100 m): finer than the 1:10m/1:50m sources."""
SEA_NAME_TOLERANCE_DEG = 0.05
"""The areas that only place sea names need no finer outline than this (about 5 km)."""
FAR_FACTOR = 2.5
"""Countries and borders wholly outside the corridors' region (`REGION_BOUNDS`) are simplified this much more:
they frame the map, and a single-file map carries the whole basemap."""
MAX_ZOOM = 10
"""The closest the maps zoom (about 150 m a pixel): the 1:50m countries and the data's positions, right to a
few km, are not worth zooming further."""

Feature = dict[str, Any]


@dataclass(frozen=True)
class Basemap:
    """GeoJSON features (as JSON text: immutable and hashable) for each basemap layer."""

    land: tuple[str, ...]
    sea: tuple[str, ...]
    borders: tuple[str, ...]
    seas: tuple[str, ...]
    """Each named sea, gulf or bay less the land, drawn invisibly: the browser names it in its visible part."""
    extent: tuple[float, float, float, float]
    """The box the land and sea cover (west, south, east, north): no view of the map goes beyond it."""

    @staticmethod
    def features(encoded: tuple[str, ...]) -> list[Feature]:
        """The features, each a fresh dict with fresh properties (maps add their style there); their geometry,
        which nothing changes, is parsed once and shared by every map."""
        return [{**feature, "properties": dict(feature["properties"])} for feature in _parsed(encoded)]


@lru_cache(maxsize=16)
def _parsed(encoded: tuple[str, ...]) -> tuple[Feature, ...]:
    return tuple(json.loads(text) for text in encoded)


def _feature(geometry: BaseGeometry, **properties: Any) -> str:
    return json.dumps({"type": "Feature", "geometry": mapping(geometry), "properties": properties})


def _simplified(geometry: BaseGeometry, tolerance: float) -> BaseGeometry:
    return set_precision(geometry.simplify(tolerance, preserve_topology=True), GRID_DEG)


def basemap_of(layers: ReferenceLayers, tolerance: float = 0.02) -> Basemap:
    """Land, sea, borders and labels from the reference layers, simplified (once per layers and tolerance)."""
    return layers.derived(("basemap", tolerance), lambda: _basemap(layers, tolerance))


def sea_name(name: str) -> str:
    """Natural Earth writes oceans in capitals ("INDIAN OCEAN"), seas and gulfs in title case: one case for all."""
    return name.title() if name.isupper() else name


def _basemap(layers: ReferenceLayers, tolerance: float) -> Basemap:
    land = unary_union([geometry for geometry, _ in layers.countries])
    extent = box(*land.bounds)
    sea = extent.difference(land)
    seas = [(sea_name(props["name"]), geometry.intersection(sea)) for geometry, props in layers.marine]
    region = box(*REGION_BOUNDS)

    def simplified(geometry: BaseGeometry, tolerance: float) -> BaseGeometry:
        return _simplified(geometry, tolerance if geometry.intersects(region) else tolerance * FAR_FACTOR)

    return Basemap(
        land=tuple(
            _feature(simplified(g, tolerance), area_name=p["NAME"], area_kind="country") for g, p in layers.countries
        ),
        sea=(_feature(extent),),
        borders=tuple(_feature(simplified(g, tolerance)) for g, _ in layers.borders),
        seas=tuple(
            _feature(_simplified(area, SEA_NAME_TOLERANCE_DEG), area_name=name, area_kind="sea")
            for name, area in seas
            if not area.is_empty
        ),
        extent=land.bounds,
    )


def view_limits(basemap: Basemap) -> dict[str, Any]:
    """What the browser keeps every view within: the basemap's box ([[south, west], [north, east]]) and the
    closest zoom (the farthest follows from the screen: the zoom at which the view fits inside the box)."""
    west, south, east, north = basemap.extent
    return {"bounds": [[south, west], [north, east]], "max_zoom": MAX_ZOOM}


def railroads_in(
    layers: ReferenceLayers, clip: tuple[float, float, float, float], tolerance: float = 0.01
) -> tuple[str, ...]:
    """Natural Earth railroads inside a lon/lat box, simplified: the full file is too big for a page (once per
    layers, box and tolerance: a map's box follows from the data's bounds)."""
    return layers.derived(("railroads", clip, tolerance), lambda: _railroads(layers, clip, tolerance))


def _railroads(layers: ReferenceLayers, clip: tuple[float, float, float, float], tolerance: float) -> tuple[str, ...]:
    window = box(*clip)
    found = []
    for geometry, _ in layers.railroads:
        if geometry.intersects(window):
            clipped = _simplified(geometry.intersection(window), tolerance)
            if not clipped.is_empty:
                found.append(_feature(clipped))
    return tuple(found)
