"""The export formats, one table: name -> file extension, media type, description and writer.

Writers are named, not imported, so that reading the table (the CLI's `--help`, the pages' download links)
costs no GIS library import; `ExportFormat.writer()` imports the one that is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corridor.atlas.load import Atlas
    from corridor.exports.layers import Selection

ALL = "all"
"""The selection key for every corridor, context lines included."""


@dataclass(frozen=True)
class ExportFormat:
    """How one export format is named, served and written."""

    name: str
    extension: str
    media_type: str
    writer_name: str
    """`module:function` taking a Selection and returning the file's bytes."""
    description: str

    def writer(self) -> Callable[[Selection], bytes]:
        module, _, function = self.writer_name.partition(":")
        return getattr(import_module(module), function)


EXPORT_FORMATS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ExportFormat(
            "shp", "shp.zip", "application/zip", "corridor.exports.shapefile:shapefile_zip_bytes", "Shapefiles in a zip"
        ),
        ExportFormat(
            "gpkg", "gpkg", "application/geopackage+sqlite3", "corridor.exports.ogr:geopackage_bytes", "GeoPackage"
        ),
        ExportFormat(
            "geojson", "geojson", "application/geo+json", "corridor.exports.write:geojson_bytes", "GeoJSON (RFC 7946)"
        ),
        ExportFormat(
            "kml",
            "kml",
            "application/vnd.google-earth.kml+xml",
            "corridor.exports.kml:kml_bytes",
            "KML for Google Earth",
        ),
        ExportFormat("csv", "csv", "text/csv", "corridor.exports.write:facts_csv_bytes", "Facts as CSV"),
        ExportFormat(
            "places-csv",
            "places.csv",
            "text/csv",
            "corridor.exports.write:places_csv_bytes",
            "Places as CSV (lon, lat)",
        ),
        ExportFormat("fgb", "fgb", "application/vnd.flatgeobuf", "corridor.exports.ogr:flatgeobuf_bytes", "FlatGeobuf"),
        ExportFormat(
            "parquet",
            "parquet",
            "application/vnd.apache.parquet",
            "corridor.exports.ogr:geoparquet_bytes",
            "GeoParquet",
        ),
        ExportFormat(
            "qgz",
            "qgz",
            "application/zip",
            "corridor.exports.qgis_project:qgis_project_bytes",
            "QGIS project (save it beside the GeoPackage)",
        ),
    )
}


def format_for_extension(extension: str) -> ExportFormat | None:
    """The format whose file extension is `extension` (`shp.zip`, `gpkg`, ...), if any."""
    return next((fmt for fmt in EXPORT_FORMATS.values() if fmt.extension == extension), None)


def download_name(key: str, fmt: ExportFormat) -> str:
    """The file name an export of `key` (corridor id or `all`) is offered under."""
    return f"corridor-{key}.{fmt.extension}"


def selection_keys(atlas: Atlas) -> list[str]:
    """Every valid selection key: `all` and each corridor id."""
    return [ALL, *atlas.corridors]
