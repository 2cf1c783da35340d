"""The offline basemap: Natural Earth land, sea, borders, country names and railways, simplified for the browser.

The reference files cover a lon/lat box around the region. Inside it, sea is the box less the land; outside
it the map shows a neutral "no data" background, and borders come from the boundary lines, so the edge of the
box never looks like a coastline.
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

GRID_DEG = 1e-3
"""Coordinates are snapped to this grid (about 100 m): finer than the 1:10m/1:50m sources."""
LABEL_MIN_AREA_DEG2 = 2.0
"""Countries smaller than this (in square degrees inside the box) get no name label."""

Feature = dict[str, Any]


@dataclass(frozen=True)
class Basemap:
    """GeoJSON features (as JSON text: immutable and hashable) for each basemap layer."""

    land: tuple[str, ...]
    sea: tuple[str, ...]
    borders: tuple[str, ...]
    labels: tuple[str, ...]

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


def _basemap(layers: ReferenceLayers, tolerance: float) -> Basemap:
    land = unary_union([geometry for geometry, _ in layers.countries])
    extent = box(*land.bounds)
    labels = [
        _feature(geometry.representative_point(), name=props["NAME"])
        for geometry, props in layers.countries
        if geometry.area >= LABEL_MIN_AREA_DEG2
    ]
    return Basemap(
        land=tuple(_feature(_simplified(g, tolerance), name=p["NAME"]) for g, p in layers.countries),
        sea=(_feature(_simplified(extent.difference(land), tolerance)),),
        borders=tuple(_feature(_simplified(g, tolerance / 2)) for g, _ in layers.borders),
        labels=tuple(labels),
    )


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
