"""The shapefile export: one zip holding a shapefile per layer, the facts as CSV, FIELDS.txt and README.txt."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from corridor.display.licence import licence_lines, licence_text
from corridor.exports.layers import (
    LIST_SEPARATOR,
    Layer,
    Selection,
    corridor_segment_layer,
    data_date,
    fact_layer,
    fact_subject_layer,
    feature_layers,
    kept,
    newest_source_date,
    text_value,
)
from corridor.exports.ogr import write_layer
from corridor.exports.scratch import scratch_directory

SHAPEFILE_FIELDS: dict[str, str] = {
    "id": "id",
    "name": "name",
    "aliases": "aliases",
    "country": "country",
    "kind": "kind",
    "location_note": "loc_note",
    "location_cites": "loc_cites",
    "crossing_history": "cross_hist",
    "crossing_state": "cross_st",
    "from_place": "from_place",
    "to_place": "to_place",
    "corridors": "corridors",
    "role": "role",
    "status": "status",
    "status_history": "stat_hist",
    "gauge_mm": "gauge_mm",
    "gauge_note": "gauge_note",
    "gauge_cites": "gauge_cite",
    "alignment": "alignment",
    "countries": "countries",
    "variant": "variant",
    "published_length_km": "pub_len_km",
    "published_length_note": "pub_len_nt",
    "published_length_cites": "pub_len_ct",
    "geometry_note": "geom_note",
    "geometry_cites": "geom_cites",
    "status_source": "stat_src",
    "gauge_source": "gauge_src",
    "published_length_source": "pub_len_sr",
    "length_km": "length_km",
    "segments": "segments",
    "colour": "colour",
    "summary": "summary",
    "reviewed_on": "reviewed",
    "published_routes": "pub_routes",
    "known_missing": "missing",
}
"""Property name -> DBF field name (at most 10 characters), one mapping for every layer; listed in FIELDS.txt."""
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
DBF_TEXT_BYTES = 254
LONG_TEXT_FILE = "long_text.csv"
LICENCE_FILE = "LICENCE.txt"
LONG_TEXT_MARKER = f" … [full text in {LONG_TEXT_FILE}]"
TABLE_FILES = {"facts": "facts.csv", "fact_subjects": "fact_subjects.csv", "corridor_segments": "corridor_segments.csv"}
JOIN_TABLES = {("corridors", "segments"): "corridor_segments.csv"}
"""List columns with a join table that holds every item, one row each."""
CSVT_TYPES = {"text": "String", "list": "String", "integer": "Integer", "real": "Real", "date": "Date"}
"""GDAL's `.csvt` column types, so QGIS opens the CSV tables with numbers and dates typed."""


def fit_dbf_text(text: str) -> str:
    """Text cut at a character boundary to fit a DBF field, marked as cut."""
    budget = DBF_TEXT_BYTES - len(LONG_TEXT_MARKER.encode())
    head = text.encode()[:budget].decode(errors="ignore").rstrip()
    return head + LONG_TEXT_MARKER


def fit_dbf_list(items: list[str], where: str) -> str:
    """As many whole ids as fit a DBF field, never one cut in two, marked as cut and saying where the rest is."""
    marker = f"{LIST_SEPARATOR}… [all in {where}]"
    budget = DBF_TEXT_BYTES - len(marker.encode())
    kept: list[str] = []
    for item in items:
        if len(LIST_SEPARATOR.join([*kept, item]).encode()) > budget:
            break
        kept.append(item)
    return LIST_SEPARATOR.join(kept) + marker


def _dbf_rows(layer: Layer, long_texts: list[dict[str, str]]) -> tuple[dict[str, Any], ...]:
    """The layer's rows with text too long for a DBF field cut and recorded in `long_texts`; a list too long is
    cut between ids (a corridor's segments are whole in corridor_segments.csv)."""
    rows = []
    for row in layer.rows:
        fitted = dict(row)
        for column in layer.columns:
            text = text_value(row[column.name]) if column.kind in ("text", "list") else None
            if text is not None and len(text.encode()) > DBF_TEXT_BYTES:
                long_texts.append({"layer": layer.name, "id": row["id"], "field": column.name, "text": text})
                where = JOIN_TABLES.get((layer.name, column.name), LONG_TEXT_FILE)
                cut = fit_dbf_list(list(row[column.name]), where) if column.kind == "list" else fit_dbf_text(text)
                fitted[column.name] = cut
        rows.append(fitted)
    return tuple(rows)


def _fitted_layers(layers: tuple[Layer, ...]) -> tuple[tuple[Layer, ...], tuple[dict[str, str], ...]]:
    """The layers with their rows fitted to DBF fields, and the long texts cut from them."""
    long_texts: list[dict[str, str]] = []
    fitted = tuple(replace(layer, rows=_dbf_rows(layer, long_texts)) for layer in layers)
    return fitted, tuple(long_texts)


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
"""First characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection advice)."""


def spreadsheet_text(text: str) -> str:
    """Text a spreadsheet shows as text: one that begins with a formula trigger gets a leading `'`, which
    Excel, LibreOffice and Google Sheets read as "this cell is text" and do not show."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_cell(value: Any) -> str | None:
    """A value as a CSV cell: text (and lists of it) neutralised; numbers and dates as they are, so a negative
    number stays a number."""
    text = text_value(value)
    return spreadsheet_text(text) if text is not None and isinstance(value, str | list | tuple) else text


def csv_bytes(header: list[str], rows: list[dict[str, Any]]) -> bytes:
    """An RFC 4180 CSV in UTF-8: lists joined with `;`, dates ISO 8601, empty for null, and no text cell a
    spreadsheet would run as a formula. Every CSV the project writes comes from here."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header)
    writer.writeheader()
    writer.writerows({key: csv_cell(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue().encode()


def table_csv(layer: Layer) -> bytes:
    """A layer without geometry as CSV, columns in model order."""
    return csv_bytes([c.name for c in layer.columns], list(layer.rows))


def _csvt(layer: Layer) -> bytes:
    return ",".join(CSVT_TYPES[c.kind] for c in layer.columns).encode()


def _shapefile_parts(selection: Selection, layer: Layer, scratch: Path, day: dt.date) -> dict[str, bytes]:
    # The DBF header holds a date of last update: the data's date, not today's, so the bytes are reproducible.
    options = {"ENCODING": "UTF-8", "DBF_DATE_LAST_UPDATE": day.isoformat()}
    field_names = [SHAPEFILE_FIELDS[c.name] for c in layer.columns]
    path = scratch / f"{layer.name}.shp"
    write_layer(path, layer, "ESRI Shapefile", field_names, selection, layer_options=options)
    return {f"{layer.name}{suffix}": (scratch / f"{layer.name}{suffix}").read_bytes() for suffix in SHAPEFILE_PARTS}


def _shapefile_qml(selection: Selection, layer: Layer) -> bytes:
    """The map's style for QGIS, with the style's attribute names mapped to the DBF field names."""
    from corridor.exports.styles import layer_qml

    qml = layer_qml(selection, layer.name)
    for column in layer.columns:
        qml = qml.replace(f"&quot;{column.name}&quot;", f"&quot;{SHAPEFILE_FIELDS[column.name]}&quot;")
    return qml.encode()


def fields_text(layers: tuple[Layer, ...]) -> str:
    """FIELDS.txt: every shapefile field with its full property name, type and meaning."""
    lines = [
        "DBF field names are limited to 10 characters. corridor maps each property to one field name",
        "(the same name in every layer, never a silent truncation):",
        "",
    ]
    for layer in layers:
        lines += [f"{layer.name}.shp ({layer.geometry_type})", f"  {'field':<11}{'property':<25}{'type':<8}meaning"]
        for c in layer.columns:
            lines.append(f"  {SHAPEFILE_FIELDS[c.name]:<11}{c.name:<25}{c.kind:<8}{c.description}")
        lines.append("")
    lines += [
        "Lists (aliases, countries, corridors, segments) are joined with ';'. Text is UTF-8 (see the .cpg files).",
        f"A DBF text field holds at most {DBF_TEXT_BYTES} bytes: longer text is cut at a character boundary, ends",
        f"with '{LONG_TEXT_MARKER.strip()}', and is given in full in {LONG_TEXT_FILE} (layer, id, field, text).",
        "A list too long for its field is cut between ids, never inside one, and ends with '… [all in FILE]';",
        "corridor_segments.csv holds every corridor's segments in order (corridor_id, segment_id, position).",
        "The facts, with every quote in full, are in facts.csv; fact_subjects.csv has one row per fact and",
        "subject: join any layer's id to fact_subjects.subject_id, then fact_subjects.fact_id to facts.id.",
        "The .csvt files give GDAL/QGIS the column types of the CSV tables.",
    ]
    return "\n".join(lines) + "\n"


def readme_text(selection: Selection) -> str:
    """README.txt: what the zip holds, its sources, licence and data date."""
    atlas = selection.atlas
    newest = newest_source_date(atlas)
    lines = [
        f"corridor export: {selection.key} ({', '.join(c.name for c in selection.corridors)})",
        "",
        "Railway corridors between Central Asia and the Arabian Sea, curated from the news articles below.",
        "Coordinates: WGS84 longitude/latitude (EPSG:4326). Lengths: geodesic on the WGS84 ellipsoid, km.",
        "Shapefiles: corridors.shp, segments.shp (lines), places.shp (points); FIELDS.txt maps field names.",
        "",
        f"Data version: {atlas.version} (hash of the curated data and seed files)",
        f"Newest source date: {newest.isoformat() if newest else 'none stated'}",
        f"Data date: {data_date(atlas).isoformat()} (the newest date the data states; every date in these files)",
        "The same data version always gives the same bytes: nothing here depends on when it was exported.",
        "",
        "Sources (seed file, publication date, title):",
    ]
    for source in atlas.sources.values():
        lines.append(f"  {source.file}  {source.date.isoformat() if source.date else 'undated':<10}  {source.title}")
    lines += ["", "Licence", *licence_lines(), f"The same in {LICENCE_FILE}."]
    return "\n".join(lines) + "\n"


def shapefile_zip_bytes(selection: Selection) -> bytes:
    """The zip: a shapefile per spatial layer, the fact tables as CSV, FIELDS.txt and README.txt."""
    layers = feature_layers(selection)
    tables = (fact_layer(selection), fact_subject_layer(selection), corridor_segment_layer(selection))
    fitted, long_texts = kept(selection, "dbf rows", lambda: _fitted_layers(layers))
    members: dict[str, bytes] = {}
    day = data_date(selection.atlas)
    with scratch_directory() as scratch:
        for layer, dbf_layer in zip(layers, fitted, strict=True):
            members |= _shapefile_parts(selection, dbf_layer, scratch, day)
            members[f"{layer.name}.qml"] = _shapefile_qml(selection, layer)
    for table in tables:
        members[TABLE_FILES[table.name]] = table_csv(table)
        members[TABLE_FILES[table.name] + "t"] = _csvt(table)
    members[LONG_TEXT_FILE] = csv_bytes(["layer", "id", "field", "text"], list(long_texts))
    members["FIELDS.txt"] = fields_text(layers).encode()
    members["README.txt"] = readme_text(selection).encode()
    members[LICENCE_FILE] = licence_text().encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            member = zipfile.ZipInfo(name, date_time=(day.year, day.month, day.day, 0, 0, 0))
            member.external_attr = 0o644 << 16
            archive.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
