"""Exports for GIS tools: the GeoJSON and facts CSV writers, rendering by format name, and atomic writes."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import secrets
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping

from corridor.atlas.load import Atlas
from corridor.display.licence import licence_record
from corridor.display.text import country_name, gauge_text, kind_label, km_text, value_text
from corridor.exports.formats import EXPORT_FORMATS
from corridor.exports.layers import Layer, Selection, fact_layer, feature_layers, place_layer, select
from corridor.exports.shapefile import csv_bytes, table_csv


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _sentence(*parts: str | None) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())


def popup_text(atlas: Atlas, layer_name: str, row: dict[str, Any]) -> tuple[str, str]:
    """(`name`, `description`) of a record as plain text, which web tools such as uMap and geojson.io show as
    a feature's popup: what it is, its status or kind, and for a fact its quote and source."""
    if layer_name == "facts":
        statement = row["statement"]
        title = statement if len(statement) <= 80 else statement[:79].rsplit(" ", 1)[0] + "…"
        source = f"{row['source_title']} ({row['seed']})" if row.get("source_title") else row["seed"]
        value = value_text(row["value"], row["unit"])
        return title, _sentence(
            statement,
            f"[{kind_label(row['kind'])}{', ' + value if value else ''}]",
            f'Quote: "{row["quote"]}"',
            f"Source: {source}.",
        )
    if layer_name == "segments":
        return row["name"], _sentence(
            f"Railway segment, {row['status_source']}.",
            f"Gauge {gauge_text(row['gauge_mm'])}; alignment {row['alignment']}; {km_text(row['length_km'])}.",
            row.get("variant") and f"Variant: {row['variant']}.",
        )
    if layer_name == "places":
        where = country_name(atlas, row["country"])
        return row["name"], _sentence(f"{kind_label(row['kind']).capitalize()} in {where}.", row.get("location_note"))
    return row["name"], _sentence(row["summary"], f"Lines: {km_text(row['length_km'])}.")


def _features(layer: Layer, atlas: Atlas) -> list[dict[str, Any]]:
    geometries = layer.geometries or (None,) * len(layer.rows)
    features = []
    for row, geometry in zip(layer.rows, geometries, strict=True):
        name, description = popup_text(atlas, layer.name, row)
        properties = {"layer": layer.name} | {key: _json_value(value) for key, value in row.items()}
        features.append(
            {
                "type": "Feature",
                "id": row["id"],
                "geometry": mapping(geometry) if geometry is not None else None,
                "properties": properties | {"name": name, "description": description},
            }
        )
    return features


def geojson_bytes(selection: Selection) -> bytes:
    """RFC 7946 GeoJSON: corridors, segments and places, then facts as features without geometry.

    Every feature's `layer` property names its table; lists stay JSON arrays, dates are ISO 8601. Every
    feature has a `name` and a plain-text `description` (`popup_text`), which web tools show as its popup.
    """
    layers = (*feature_layers(selection), fact_layer(selection))
    features = [feature for layer in layers for feature in _features(layer, selection.atlas)]
    document = {"type": "FeatureCollection", "license": licence_record(), "features": features}
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def facts_csv_bytes(selection: Selection) -> bytes:
    """The facts as CSV: subject ids, value, unit, date, seed file, quote and source title."""
    return table_csv(fact_layer(selection))


def places_csv_bytes(selection: Selection) -> bytes:
    """The places as CSV with `lon` and `lat` (WGS84) first, for spreadsheets and tools that read points."""
    layer = place_layer(selection)
    rows = [
        {"lon": shapely.get_x(point), "lat": shapely.get_y(point)} | row
        for row, point in zip(layer.rows, layer.geometries, strict=True)
    ]
    return csv_bytes(["lon", "lat", *(c.name for c in layer.columns)], rows)


def render_export(atlas: Atlas, format_name: str, key: str, as_of: dt.date | None = None) -> bytes:
    """The export of one corridor (or `all`) in one format, lines with their status on `as_of` (today's when
    None). Raises NotFound or KeyError."""
    return EXPORT_FORMATS[format_name].writer()(select(atlas, key, as_of))


PART_FILE = re.compile(r"^\..+\.[0-9a-f]{16}\.part$")
"""A temporary file of `write_atomic`: `.<target name>.<random hex>.part`, hidden beside the target."""


def remove_stale_parts(directory: Path) -> list[Path]:
    """Remove the temporary files that exports killed mid-write left in `directory`; returns them. A file
    still being written is locked by its writer and kept."""
    removed = []
    for path in directory.glob(".*.part"):
        if not PART_FILE.match(path.name):
            continue
        try:
            with path.open("rb") as part:
                fcntl.flock(part.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                path.unlink()
            removed.append(path)
        except OSError:
            continue  # locked (a live export) or already gone
    return removed


@contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """SIGTERM during the write raises SystemExit (in the main thread), so the temporary file is removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` via a temporary file in the same directory and os.replace.

    A failure at any point (SIGTERM included) leaves `target` as it was (absent or the previous file) and no
    temporary file; one left by SIGKILL is removed by the next write to the same directory. An existing
    target keeps its permissions. Raises OSError (a read-only directory, a full disk) with the reason.
    """
    remove_stale_parts(target.parent)
    temp_path = target.with_name(f".{target.name}.{secrets.token_hex(8)}.part")
    try:
        with _terminate_as_exit():
            # open() rather than mkstemp: the file gets the user's umask, not mode 0600
            with temp_path.open("xb") as temp:
                fcntl.flock(temp.fileno(), fcntl.LOCK_EX)  # tells remove_stale_parts it is alive
                if target.exists():
                    os.chmod(temp.fileno(), stat.S_IMODE(target.stat().st_mode))
                temp.write(data)
                temp.flush()
                os.fsync(temp.fileno())
            os.replace(temp_path, target)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise


def write_export(atlas: Atlas, format_name: str, key: str, target: Path, as_of: dt.date | None = None) -> int:
    """Export to a file atomically; returns the number of bytes written."""
    data = render_export(atlas, format_name, key, as_of)
    write_atomic(Path(target), data)
    return len(data)
