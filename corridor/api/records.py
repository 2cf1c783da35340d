"""Records for machine access: corridors, segments, places, facts and sources as JSON-ready dicts.

The plain JSON API (`/api/...`) serves these records as they are; the OGC API – Features endpoint
(`corridor.api.ogc.features`) wraps the spatial ones as GeoJSON features. Attribute names come from the export tables
in `corridor.exports.layers`, so a downloaded GeoPackage and a live layer have the same columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from corridor.atlas.load import Atlas
from corridor.atlas.model import Fact, Source
from corridor.display.licence import licence_record
from corridor.exports.layers import (
    ALL,
    FACT_COLUMNS,
    Column,
    Layer,
    corridor_layer,
    fact_row,
    place_layer,
    segment_layer,
    select,
)
from corridor.request.errors import NotFound

FEATURE_KINDS = ("places", "segments", "corridors")
"""The kinds of record that have a geometry (and are OGC API collections)."""
KINDS = (*FEATURE_KINDS, "facts", "sources", "references", "topics")
"""Every kind of record the JSON API lists, in the order its index names them."""
LAYER_BUILDERS = {"places": place_layer, "segments": segment_layer, "corridors": corridor_layer}
FACT_RECORD_COLUMNS = (
    *FACT_COLUMNS,
    Column("source_id", "text", "Id of the source article (sources.json); null if the seed has no source record"),
    Column("source_url", "text", "Web page of the source article, scrolled to this fact's quote"),
)
"""The fields of every fact record, in order."""


@dataclass(frozen=True)
class SiteUrls:
    """Absolute URLs of the site's own pages, for the links inside records."""

    root: str
    """The app's external root without a trailing slash, e.g. `http://127.0.0.1:8000`."""

    def source(self, source_id: str, fact_id: str | None = None) -> str:
        anchor = f"#fact-{fact_id}" if fact_id else ""
        return f"{self.root}/sources/{source_id}{anchor}"


@dataclass(frozen=True)
class Record:
    """One thing as the APIs serve it: JSON-ready properties and, for places, segments and corridors, a shape."""

    id: str
    properties: dict[str, Any]
    geometry: BaseGeometry | None = None

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """The record as a GeoJSON Feature, for shapely, geopandas and folium."""
        geometry = mapping(self.geometry) if self.geometry is not None else None
        return {"type": "Feature", "id": self.id, "geometry": geometry, "properties": self.properties}

    def as_json(self) -> dict[str, Any]:
        """The properties, with the geometry as a GeoJSON member when there is one."""
        if self.geometry is None:
            return self.properties
        return self.properties | {"geometry": mapping(self.geometry)}


def json_ready(row: dict[str, Any]) -> dict[str, Any]:
    """A table row with dates as ISO 8601 text, so `json.dumps` takes it as is."""
    return {key: value.isoformat() if isinstance(value, dt.date) else value for key, value in row.items()}


def fact_properties(atlas: Atlas, fact: Fact, urls: SiteUrls) -> dict[str, Any]:
    """A fact with its quote, seed file, and the title, date and page URL of its source."""
    source_id = atlas.source_for_seed(fact.seed).id
    return json_ready(fact_row(atlas, fact)) | {"source_id": source_id, "source_url": urls.source(source_id, fact.id)}


def source_properties(atlas: Atlas, source: Source, urls: SiteUrls) -> dict[str, Any]:
    """A source article with its page URL (`url`; where the article itself was read is `article_url`) and the
    ids of the facts it supports."""
    fact_ids = [f.id for f in atlas.index.facts_by_seed.get(source.file, ())]
    properties = json_ready(source.model_dump(exclude={"url"})) | {"article_url": source.url}
    return properties | {"url": urls.source(source.id), "fact_ids": fact_ids}


def facts_of_record(atlas: Atlas, kind: str, record_id: str) -> list[Fact]:
    """A corridor's facts as every page counts them; a segment's or a place's own."""
    return atlas.index.corridor_facts(record_id) if kind == "corridors" else atlas.facts_about([record_id])


def _feature_records(atlas: Atlas, layer: Layer, urls: SiteUrls) -> dict[str, Record]:
    records = {}
    for row, geometry in zip(layer.rows, layer.geometries, strict=True):
        facts = [fact_properties(atlas, f, urls) for f in facts_of_record(atlas, layer.name, row["id"])]
        records[row["id"]] = Record(row["id"], json_ready(row) | {"facts": facts}, geometry)
    return records


def records_of(atlas: Atlas, kind: str, urls: SiteUrls) -> dict[str, Record]:
    """Every record of one kind keyed by id, in data order. Raises NotFound for an unknown kind."""
    if kind in LAYER_BUILDERS:
        return _feature_records(atlas, LAYER_BUILDERS[kind](select(atlas, ALL)), urls)
    if kind == "facts":
        return {f.id: Record(f.id, fact_properties(atlas, f, urls)) for f in atlas.facts.values()}
    if kind == "sources":
        return {s.id: Record(s.id, source_properties(atlas, s, urls)) for s in atlas.sources.values()}
    if kind == "references":
        return {r.id: Record(r.id, json_ready(r.model_dump())) for r in atlas.references.values()}
    if kind == "topics":
        return {
            t.id: Record(
                t.id,
                t.model_dump()
                | {"facts": [fact_properties(atlas, f, urls) for f in atlas.facts.values() if t.id in f.subjects]},
            )
            for t in atlas.topics.values()
        }
    raise NotFound(f"There is nothing called {kind!r} here; the API lists {', '.join(KINDS)}.")


def record_of(atlas: Atlas, kind: str, record_id: str, urls: SiteUrls) -> Record:
    """One record by kind and id. Raises NotFound naming where to find the valid ids."""
    record = records_of(atlas, kind, urls).get(record_id)
    if record is None:
        raise NotFound(f"There is no {kind.removesuffix('s')} {record_id!r}; /api/{kind} lists every one.")
    return record


def api_index(api_base: str, ogc_base: str) -> dict[str, Any]:
    """The API's front door: where each listing is, and the OGC API – Features endpoint for GIS clients."""
    return {
        "title": "corridor JSON API",
        "resources": {kind: f"{api_base}/{kind}" for kind in KINDS},
        "ogc_api_features": ogc_base,
        "license": licence_record(),
    }


def listing(atlas: Atlas, kind: str, urls: SiteUrls) -> dict[str, Any]:
    """Every record of one kind: `{"count": n, "<kind>": [...]}`."""
    records = records_of(atlas, kind, urls)
    return {"count": len(records), kind: [r.as_json() for r in records.values()]}
