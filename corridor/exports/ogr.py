"""Layers as GeoDataFrames, written with pyogrio: the GeoPackage, the shapefiles inside the zip, FlatGeobuf and
GeoParquet.

Each column gets an Arrow type from the model (text, integer, real, date; lists joined with `;` where the format
has no list type), so GDAL creates the matching field (`DATE`, `MEDIUMINT`, `REAL`) instead of guessing. Files
are reproducible: the same data version gives the same bytes, every date inside coming from the data (see
`data_date`), never from the clock.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyogrio

from corridor.display.licence import (
    ATTRIBUTION,
    DATA_LICENCE_ID,
    DATA_LICENCE_NAME,
    DATA_LICENCE_URL,
    NATURAL_EARTH,
    QUOTATIONS,
    licence_record,
    licence_text,
)
from corridor.exports.layers import (
    Column,
    Layer,
    Selection,
    corridor_segment_layer,
    data_date,
    fact_layer,
    fact_subject_layer,
    feature_layers,
    kept,
    text_value,
)
from corridor.exports.scratch import scratch_directory

WGS84 = "EPSG:4326"
LICENCE_METADATA = {
    "LICENSE": f"{DATA_LICENCE_NAME} ({DATA_LICENCE_ID}) {DATA_LICENCE_URL}",
    "ATTRIBUTION": ATTRIBUTION,
    "REFERENCE_DATA": NATURAL_EARTH,
    "QUOTATIONS": QUOTATIONS,
}
"""The GeoPackage's dataset metadata (GDAL writes it to `gpkg_metadata`, the metadata extension)."""
GEOPACKAGE_VERSION = "1.2"
"""GeoPackage 1.2 opens without warnings in older GDAL builds (QGIS LTR, ArcGIS) as well as new ones."""
DBF_DECIMALS = 2
"""Decimals of every real number in a DBF (lengths are rounded to 10 m): `93.51`, never `93.510000000000005`."""
LAYER_DESCRIPTIONS = {
    "corridors": "Named corridors: all their segments as one multiline",
    "segments": "Railway segments between two places: status, gauge, alignment confidence",
    "places": "Towns, stations, border crossings, dry ports and sea ports",
    "facts": "Claims from the source articles, each with its verbatim quote",
    "fact_subjects": "Which corridor, segment or place each fact is about (join on id = subject_id)",
    "corridor_segments": "The segments of each corridor in order (join corridors.id = corridor_id)",
}
Lists = Literal["text", "list"]
ARROW_TYPES: dict[str, pa.DataType] = {
    "text": pa.string(),
    "integer": pa.int32(),
    "real": pa.float64(),
    "date": pa.date32(),
}


def _dbf_number(value: float | None) -> decimal.Decimal | None:
    return None if value is None else decimal.Decimal(f"{value:.{DBF_DECIMALS}f}")


def column_series(column: Column, values: Sequence[Any], lists: Lists = "text", dbf: bool = False) -> pd.Series:
    """One column as a pandas Series of the Arrow type GDAL writes as the matching field type."""
    if column.kind == "list" and lists == "list":
        return pd.Series([list(v or []) for v in values], dtype=pd.ArrowDtype(pa.list_(pa.string())))
    if column.kind == "text" and all(v is None or isinstance(v, str) for v in values):
        return pd.Series(values, dtype=pd.ArrowDtype(pa.string()))  # already text: no conversion per value
    if column.kind in ("text", "list"):
        return pd.Series([text_value(v) for v in values], dtype=pd.ArrowDtype(pa.string()))
    if column.kind == "real" and dbf:
        arrow_type = pa.decimal128(15, DBF_DECIMALS)
        return pd.Series([_dbf_number(v) for v in values], dtype=pd.ArrowDtype(arrow_type))
    return pd.Series(list(values), dtype=pd.ArrowDtype(ARROW_TYPES[column.kind]))


def layer_frame(
    layer: Layer, lists: Lists = "text", field_names: Sequence[str] | None = None, dbf: bool = False
) -> pd.DataFrame:
    """The layer as a GeoDataFrame in WGS84 (a plain DataFrame if it has no geometry), columns in model order."""
    names = list(field_names or [c.name for c in layer.columns])
    data = {
        name: column_series(column, [row[column.name] for row in layer.rows], lists, dbf)
        for name, column in zip(names, layer.columns, strict=True)
    }
    if not layer.geometry_type:
        return pd.DataFrame(data)
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(list(layer.geometries), crs=WGS84))


def kept_frame(
    selection: Selection,
    layer: Layer,
    lists: Lists = "text",
    field_names: Sequence[str] | None = None,
    dbf: bool = False,
) -> pd.DataFrame:
    """`layer_frame` of one of the selection's layers, built once per data version and kept: shared by every
    later export, so read it, never change it."""
    part = ("frame", layer.name, lists, tuple(field_names or ()), dbf)
    return kept(selection, part, lambda: layer_frame(layer, lists, field_names, dbf))


def write_layer(
    path: Path, layer: Layer, driver: str, field_names: Sequence[str], selection: Selection, **options: Any
) -> None:
    """Write one of the selection's layers with GDAL; `field_names` line up with the layer's columns."""
    frame = kept_frame(selection, layer, field_names=field_names, dbf=driver == "ESRI Shapefile")
    geometry_type: dict[str, Any] = {"geometry_type": layer.geometry_type} if layer.geometry_type else {}
    pyogrio.write_dataframe(frame, path, layer=layer.name, driver=driver, use_arrow=True, **geometry_type, **options)


def geopackage_layers(selection: Selection) -> tuple[Layer, ...]:
    """Every layer the GeoPackage holds: corridors, segments, places, facts and fact_subjects."""
    return (
        *feature_layers(selection),
        fact_layer(selection),
        fact_subject_layer(selection),
        corridor_segment_layer(selection),
    )


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00.000Z"


def write_geopackage(selection: Selection, path: Path) -> None:
    """A GeoPackage at `path` with typed columns, the map's styles and the fact relations."""
    from corridor.exports.styles import add_geopackage_extras

    layers = geopackage_layers(selection)
    for index, layer in enumerate(layers):
        creation = (
            {"append": True}
            if index
            else {"dataset_options": {"VERSION": GEOPACKAGE_VERSION}, "dataset_metadata": LICENCE_METADATA}
        )
        description = {"DESCRIPTION": LAYER_DESCRIPTIONS[layer.name]}
        field_names = [c.name for c in layer.columns]
        write_layer(path, layer, "GPKG", field_names, selection, layer_options=description, **creation)
    with closing(sqlite3.connect(path)) as connection, connection:
        # GDAL stamps each table with the time of writing; the data's own date makes the file reproducible.
        stamp = _timestamp(data_date(selection.atlas))
        connection.execute("UPDATE gpkg_contents SET last_change = ?", (stamp,))
        connection.execute("UPDATE gpkg_metadata_reference SET timestamp = ?", (stamp,))
        add_geopackage_extras(connection, selection, layers)


def geopackage_bytes(selection: Selection) -> bytes:
    """The GeoPackage as bytes (GDAL needs a real file, so it is built in a scratch directory)."""
    with scratch_directory() as scratch:
        path = scratch / "export.gpkg"
        write_geopackage(selection, path)
        return path.read_bytes()


def combined_layer(selection: Selection) -> Layer:
    """Corridors, segments and places as one table with a `layer` column, for one-layer formats (kept per
    selection)."""

    def build() -> Layer:
        layers = feature_layers(selection)
        columns: dict[str, Column] = {"layer": Column("layer", "text", "Which table the record belongs to")}
        for layer in layers:
            columns |= {c.name: c for c in layer.columns if c.name not in columns}
        rows = tuple(
            {name: None for name in columns} | {"layer": layer.name} | row for layer in layers for row in layer.rows
        )
        geometries = tuple(g for layer in layers for g in layer.geometries)
        return Layer("corridor", "Unknown", tuple(columns.values()), rows, geometries)

    return kept(selection, "combined", build)


def flatgeobuf_bytes(selection: Selection) -> bytes:
    """FlatGeobuf: corridors, segments and places in one layer (mixed geometry) with a spatial index."""
    layer = combined_layer(selection)
    with scratch_directory() as scratch:
        path = scratch / "corridor.fgb"
        frame = kept_frame(selection, layer)
        pyogrio.write_dataframe(
            frame,
            path,
            layer=layer.name,
            driver="FlatGeobuf",
            use_arrow=True,
            geometry_type="Unknown",
            layer_options={"TITLE": "corridor", "DESCRIPTION": licence_text()},
        )
        return path.read_bytes()


GEOPARQUET_VERSION = "1.1.0"
"""GeoParquet 1.1: the `bbox` covering column lets readers skip row groups by their extent."""


def geoparquet_bytes(selection: Selection) -> bytes:
    """GeoParquet 1.1: corridors, segments and places in one table with a `bbox` covering column; lists stay
    lists, dates are dates.

    geopandas records each column's pandas dtype in a `pandas` metadata entry, and cannot read back the one it
    writes for a list column (`list<item: string>[pyarrow]`). The file keeps only the `geo` metadata, so
    `geopandas.read_parquet`, pyarrow, GDAL and DuckDB all type the columns from the Parquet schema alone."""
    frame = kept_frame(selection, combined_layer(selection), lists="list")
    written = io.BytesIO()
    frame.to_parquet(written, index=False, schema_version=GEOPARQUET_VERSION, write_covering_bbox=True)
    table = pq.read_table(io.BytesIO(written.getvalue()))
    licence = json.dumps(licence_record(), ensure_ascii=False).encode()
    table = table.replace_schema_metadata({b"geo": table.schema.metadata[b"geo"], b"license": licence})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", write_statistics=True)
    return buffer.getvalue()
