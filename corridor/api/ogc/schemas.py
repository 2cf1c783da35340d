"""JSON Schemas of the OGC API collections' features, generated from the model and the export columns.

A collection links its schema with `describedBy`, so GDAL types each field from it instead of guessing from the
first page of features (where, for instance, every `published_length_km` may be null).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from corridor.api.ogc.features import COLLECTION_TITLES, known_collection
from corridor.api.ogc.filtering import COLLECTION_COLUMNS
from corridor.api.records import FACT_RECORD_COLUMNS
from corridor.atlas.model import Corridor, Fact, PlaceProperties, SegmentProperties
from corridor.exports.layers import Column

COLLECTION_MODELS: dict[str, type[BaseModel]] = {
    "places": PlaceProperties,
    "segments": SegmentProperties,
    "corridors": Corridor,
}
"""The model of each spatial collection's features, for which fields may be null."""
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
    """JSON Schema of each column; `nullable` as in OpenAPI 3.0, which OGC API – Features Part 1 builds on (a
    list is null when it has no items: see `features.client_values`)."""
    return {
        c.name: JSON_TYPES[c.kind]
        | {"description": c.description}
        | ({"nullable": True} if c.name in nullable or c.kind == "list" else {})
        for c in columns
    }


def collection_schema(base: str, collection_id: str) -> dict[str, Any]:
    """A JSON Schema of the collection's features: every property with its type and meaning, from the model."""
    known_collection(collection_id)
    fact_nullable = _nullable(Fact) | {"source_title", "source_date", "source_id", "source_url"}
    if collection_id == "facts":
        fact_columns = [c for c in FACT_RECORD_COLUMNS if c.name != "id"]
        return _feature_schema(base, collection_id, _property_schemas(fact_columns, fact_nullable))
    model, columns = COLLECTION_MODELS[collection_id], COLLECTION_COLUMNS[collection_id]
    facts = {
        "type": "string",
        "contentMediaType": "application/json",
        "description": "The facts about this record as the text of a JSON array, each fact with its verbatim "
        "quote, seed file and source (text, which QGIS 3.22 keeps, where it shows a JSON field as NULL)",
        "contentSchema": {
            "type": "array",
            "items": {"type": "object", "properties": _property_schemas(FACT_RECORD_COLUMNS, fact_nullable)},
        },
    }
    # `id` is described once, as the feature's id member that repeats it; GDAL would make two id columns.
    record_columns = [c for c in columns if c.name != "id"]
    properties = _property_schemas(record_columns, _nullable(model)) | {"facts": facts}
    return _feature_schema(base, collection_id, properties)


def _feature_schema(base: str, collection_id: str, properties: dict[str, Any]) -> dict[str, Any]:
    geometry = GEOMETRY_TYPES.get(collection_id)
    geometry_schema = (
        {"type": "object", "description": f"GeoJSON {geometry} in CRS84"}
        if geometry
        else {"nullable": True, "description": "Always null: a fact is about the records its subjects name"}
    )
    return {
        "$id": f"{base}/collections/{collection_id}/schema",
        "title": COLLECTION_TITLES[collection_id][0],
        "type": "object",
        "required": ["type", "id", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "string", "description": "The record's kebab-case id"},
            "geometry": geometry_schema,
            "properties": {"type": "object", "required": list(properties), "properties": properties},
        },
    }
