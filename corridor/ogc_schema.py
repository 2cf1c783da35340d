"""JSON Schemas of the OGC API collections' features, generated from the model and the export columns.

A collection links its schema with `describedBy`, so GDAL types each field from it instead of guessing from the
first page of features (where, for instance, every `published_length_km` may be null).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from corridor.api import FACT_RECORD_COLUMNS
from corridor.export_layers import CORRIDOR_COLUMNS, PLACE_COLUMNS, SEGMENT_COLUMNS, Column
from corridor.model import Corridor, Fact, PlaceProperties, SegmentProperties
from corridor.ogc import COLLECTION_TITLES, known_collection

COLLECTION_FIELDS: dict[str, tuple[type[BaseModel], tuple[Column, ...]]] = {
    "places": (PlaceProperties, PLACE_COLUMNS),
    "segments": (SegmentProperties, SEGMENT_COLUMNS),
    "corridors": (Corridor, CORRIDOR_COLUMNS),
}
"""The model (for which fields may be null) and the columns of each collection's feature properties."""
JSON_TYPES: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "list": {"type": "array", "items": {"type": "string"}},
    "integer": {"type": "integer"},
    "real": {"type": "number"},
    "date": {"type": "string", "format": "date"},
}
GEOMETRY_TYPES = {"places": "Point", "segments": "LineString", "corridors": "MultiLineString"}


def _nullable(model: type[BaseModel]) -> set[str]:
    properties = model.model_json_schema()["properties"]
    return {name for name, prop in properties.items() if {"type": "null"} in prop.get("anyOf", [])}


def _property_schemas(columns: Sequence[Column], nullable: set[str]) -> dict[str, dict[str, Any]]:
    """JSON Schema of each column; `nullable` as in OpenAPI 3.0, which OGC API – Features Part 1 builds on."""
    return {
        c.name: JSON_TYPES[c.kind] | {"description": c.description} | ({"nullable": True} if c.name in nullable else {})
        for c in columns
    }


def collection_schema(base: str, collection_id: str) -> dict[str, Any]:
    """A JSON Schema of the collection's features: every property with its type and meaning, from the model."""
    model, columns = COLLECTION_FIELDS[known_collection(collection_id)]
    fact_nullable = _nullable(Fact) | {"source_title", "source_date", "source_id", "source_url"}
    facts = {
        "type": "array",
        "description": "The facts about this record, each with its verbatim quote, seed file and source",
        "items": {"type": "object", "properties": _property_schemas(FACT_RECORD_COLUMNS, fact_nullable)},
    }
    # `id` is described once, as the feature's id member that repeats it; GDAL would make two id columns.
    record_columns = [c for c in columns if c.name != "id"]
    properties = _property_schemas(record_columns, _nullable(model)) | {"facts": facts}
    return {
        "$id": f"{base}/collections/{collection_id}/schema",
        "title": COLLECTION_TITLES[collection_id][0],
        "type": "object",
        "required": ["type", "id", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "string", "description": "The record's kebab-case id"},
            "geometry": {"type": "object", "description": f"GeoJSON {GEOMETRY_TYPES[collection_id]} in CRS84"},
            "properties": {"type": "object", "required": list(properties), "properties": properties},
        },
    }
