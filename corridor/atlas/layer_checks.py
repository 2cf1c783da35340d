"""What a reference layer's features may hold, checked like the data: Natural Earth's properties are shown on
maps and pictures (country names) and reach every served document, so each is a plain value, each text short
and printable, and each geometry of the layer's kind."""

from __future__ import annotations

import math
from typing import Any

from corridor.atlas.model import text_problem
from corridor.atlas.problems import Problem

MAX_REFERENCE_TEXT_CHARS = 200
"""Longest text property of a reference feature: Natural Earth's longest in the region is under 60."""
MAX_REFERENCE_PROPERTIES = 200
"""Most properties of one reference feature: Natural Earth's countries have under 170."""
LAYER_GEOMETRIES = {
    "ne_countries_region.geojson": ("Polygon", "MultiPolygon"),
    "ne_boundary_lines_10m_region.geojson": ("LineString", "MultiLineString"),
    "ne_railroads_region.geojson": ("LineString", "MultiLineString"),
    "ne_marine_polys_region.geojson": ("Polygon", "MultiPolygon"),
}
"""The geometry types each reference layer may hold."""


def value_problem(value: Any) -> str | None:
    """Why a reference property's value cannot be shown, or None: text short and printable, numbers finite,
    no lists or objects."""
    if value is None or isinstance(value, bool | int):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else "not a finite number"
    if isinstance(value, str):
        if len(value) > MAX_REFERENCE_TEXT_CHARS:
            return f"text of {len(value):,} characters; at most {MAX_REFERENCE_TEXT_CHARS}"
        return text_problem(value)
    return f"a {type(value).__name__}; give text, a number or null"


def reference_feature_problem(name: str, index: int, feature: dict[str, Any]) -> Problem | None:
    """The first problem of one reference feature's geometry type and properties, or None."""
    where = f"#{index}"
    allowed = LAYER_GEOMETRIES.get(name.rsplit("/", 1)[-1])
    kind = feature["geometry"].get("type") if isinstance(feature.get("geometry"), dict) else None
    if allowed and kind not in allowed:
        return Problem(name, where, "geometry", f"a {kind}; this layer holds {' or '.join(allowed)}")
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        return Problem(name, where, "properties", "not an object")
    if len(properties) > MAX_REFERENCE_PROPERTIES:
        return Problem(name, where, "properties", f"{len(properties)} properties; at most {MAX_REFERENCE_PROPERTIES}")
    for key, value in properties.items():
        if len(key) > MAX_REFERENCE_TEXT_CHARS or text_problem(key):
            return Problem(name, where, "properties", "a property name too long or not printable")
        if problem := value_problem(value):
            return Problem(name, where, f"properties.{key}", problem)
    return None
