"""The offline basemap: Natural Earth land, sea, borders, country names and railways, simplified for the browser.

The reference files cover a lon/lat box around the region. Inside it, sea is the box less the land; outside
it the map shows a neutral "no data" background, and borders come from the boundary lines, so the edge of the
box never looks like a coastline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from shapely import set_precision
from shapely.geometry import box, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from corridor.atlas.files import read_data_bytes
from corridor.atlas.geometry import COUNTRIES_FILE

BORDERS_FILE = COUNTRIES_FILE.parent / "ne_boundary_lines_10m_region.geojson"
RAILROADS_FILE = COUNTRIES_FILE.parent / "ne_railroads_region.geojson"
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


@lru_cache(maxsize=8)
def _read(path: Path) -> tuple[tuple[BaseGeometry, dict[str, Any]], ...]:
    """A reference layer's features, read once (the served data keeps them even if the file breaks later)."""
    document = json.loads(read_data_bytes(path))
    return tuple((shape(f["geometry"]), f["properties"]) for f in document["features"])


@lru_cache(maxsize=4)
def load_basemap(data_dir: Path, tolerance: float = 0.02) -> Basemap:
    """Land, sea, borders and labels from the reference files beside the data."""
    countries = _read(data_dir / COUNTRIES_FILE)
    land = unary_union([geometry for geometry, _ in countries])
    extent = box(*land.bounds)
    labels = [
        _feature(geometry.representative_point(), name=props["NAME"])
        for geometry, props in countries
        if geometry.area >= LABEL_MIN_AREA_DEG2
    ]
    return Basemap(
        land=tuple(_feature(_simplified(g, tolerance), name=p["NAME"]) for g, p in countries),
        sea=(_feature(_simplified(extent.difference(land), tolerance)),),
        borders=tuple(_feature(_simplified(g, tolerance / 2)) for g, _ in _read(data_dir / BORDERS_FILE)),
        labels=tuple(labels),
    )


@lru_cache(maxsize=8)
def load_railroads(data_dir: Path, clip: tuple[float, float, float, float], tolerance: float = 0.01) -> tuple[str, ...]:
    """Natural Earth railroads inside a lon/lat box, simplified: the full file is too big for a page."""
    window = box(*clip)
    found = []
    for geometry, _ in _read(data_dir / RAILROADS_FILE):
        if geometry.intersects(window):
            clipped = _simplified(geometry.intersection(window), tolerance)
            if not clipped.is_empty:
                found.append(_feature(clipped))
    return tuple(found)
