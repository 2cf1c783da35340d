"""Write layers through GDAL (pyogrio): the GeoPackage export and the shapefiles inside the zip."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyogrio.raw import write

from corridor.export_layers import Column, Layer, Selection, fact_layer, fact_subject_layer, feature_layers, text_value

WGS84 = "EPSG:4326"
GEOPACKAGE_VERSION = "1.2"
"""GeoPackage 1.2 opens without warnings in older GDAL builds (QGIS LTR, ArcGIS) as well as new ones."""

LAYER_DESCRIPTIONS = {
    "corridors": "Named corridors: all their segments as one multiline",
    "segments": "Railway segments between two places: status, gauge, alignment confidence",
    "places": "Towns, stations, border crossings, dry ports and sea ports",
    "facts": "Claims from the source articles, each with its verbatim quote",
    "fact_subjects": "Which corridor, segment or place each fact is about (join on id = subject_id)",
}


def _field_array(column: Column, values: Sequence[Any]) -> tuple[np.ndarray, np.ndarray | None]:
    """Values of one column as the numpy array pyogrio writes as the matching OGR type, with a null mask."""
    missing = np.array([v is None for v in values], dtype=bool)
    if column.kind == "integer":
        return np.array([v or 0 for v in values], dtype="int32"), missing
    if column.kind == "real":
        return np.array([np.nan if v is None else v for v in values], dtype="float64"), None
    if column.kind == "date":
        return np.array([v.isoformat() if v else "NaT" for v in values], dtype="datetime64[D]"), None
    return np.array([text_value(v) for v in values], dtype=object), None


def write_layer(path: Path, layer: Layer, driver: str, field_names: Sequence[str], **options: Any) -> None:
    """Write one layer with GDAL; `field_names` line up with the layer's columns."""
    arrays = [_field_array(c, [row[c.name] for row in layer.rows]) for c in layer.columns]
    geometry = shapely.to_wkb(np.array(layer.geometries, dtype=object)) if layer.geometry_type else None
    write(
        str(path),
        geometry,
        [data for data, _ in arrays],
        list(field_names),
        field_mask=[mask for _, mask in arrays],
        layer=layer.name,
        driver=driver,
        geometry_type=layer.geometry_type,
        crs=WGS84 if layer.geometry_type else None,
        encoding="UTF-8",
        **options,
    )


def geopackage_layers(selection: Selection) -> tuple[Layer, ...]:
    """Every layer the GeoPackage holds: corridors, segments, places, facts and fact_subjects."""
    return (*feature_layers(selection), fact_layer(selection), fact_subject_layer(selection))


def write_geopackage(selection: Selection, path: Path) -> None:
    """A GeoPackage at `path` with typed columns: numbers, dates and ids as the model defines them."""
    for index, layer in enumerate(geopackage_layers(selection)):
        creation = {"append": True} if index else {"dataset_options": {"VERSION": GEOPACKAGE_VERSION}}
        description = {"DESCRIPTION": LAYER_DESCRIPTIONS[layer.name]}
        write_layer(path, layer, "GPKG", [c.name for c in layer.columns], layer_options=description, **creation)


def geopackage_bytes(selection: Selection) -> bytes:
    """The GeoPackage as bytes (GDAL needs a real file, so it is built in a scratch directory)."""
    with tempfile.TemporaryDirectory(prefix="corridor-gpkg-") as scratch:
        path = Path(scratch) / "export.gpkg"
        write_geopackage(selection, path)
        return path.read_bytes()
