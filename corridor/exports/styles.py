"""The map's styling for GIS tools: QGIS styles (QML) for each layer, stored in the GeoPackage's `layer_styles`
table (QGIS applies it on open) and written beside each shapefile; and the GeoPackage's declared relations
between facts and the records they are about (the GeoPackage Related Tables Extension).

Lines follow `corridor.display.vocab`, as on the web map: colour is the corridor (grey for context lines), weight and
dashes are the status, faded lines are schematic, variants thinner. Places take one marker per kind, as on the map.
"""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from typing import Any

from corridor.atlas.geometry import GaugeBreak, gauge_breaks
from corridor.atlas.model import Segment
from corridor.display.vocab import (
    CORRIDOR_BAND,
    GAUGE_RING,
    LABEL_HALO,
    LABEL_INK,
    PLACE_KIND,
    STATUS,
    corridor_colour,
    segment_style,
)
from corridor.exports.layers import LIST_SEPARATOR, Layer, Selection, data_date

MM_PER_PX = 0.2646
"""A CSS pixel (1/96 inch) in millimetres, QGIS's default symbol unit."""
RELATED_TABLES = "http://www.geopackage.org/18-000.html"
SHARED_LEG = " (shared leg)"
"""Marks the rule of a corridor's copy of a leg it shares with another exported corridor."""
GAUGE_RING_PX = 18
"""The diameter of the web legend's gauge-break ring; its colour, line width and dashes are the style table's."""


def _rgba(hex_colour: str, opacity: float = 1.0) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"{red},{green},{blue},{round(opacity * 255)}"


def _options(parent: ET.Element, values: dict[str, Any]) -> None:
    options = ET.SubElement(parent, "Option", type="Map")
    for name, value in values.items():
        ET.SubElement(options, "Option", name=name, type="QString", value=str(value))


def _line_symbol(colour: str, width_px: float, opacity: float, dash: str | None, offset_px: float = 0.0) -> ET.Element:
    """A QGIS line symbol; `offset_px` to the right of the line's direction, as on the web map (QGIS offsets
    a line to the right for a positive offset too)."""
    symbol = ET.Element("symbol", type="line", name="", alpha=f"{opacity:g}", clip_to_extent="1", force_rhr="0")
    layer = ET.SubElement(symbol, "layer", {"class": "SimpleLine", "enabled": "1", "locked": "0", "pass": "0"})
    values = {
        "line_color": _rgba(colour),
        "line_width": f"{width_px * MM_PER_PX:.2f}",
        "line_width_unit": "MM",
        "capstyle": "round",
        "joinstyle": "round",
        "line_style": "solid",
        "use_custom_dash": "0",
        "offset": f"{offset_px * MM_PER_PX:.2f}",
        "offset_unit": "MM",
    }
    if dash:
        dashes = ";".join(f"{float(part) * MM_PER_PX:.2f}" for part in dash.split())
        values |= {"use_custom_dash": "1", "customdash": dashes, "customdash_unit": "MM", "line_style": "dash"}
    _options(layer, values)
    return symbol


def _marker_symbol(name: str, shape: str, fill: str, outline: str, size_mm: float) -> ET.Element:
    symbol = ET.Element("symbol", type="marker", name=name, alpha="1", clip_to_extent="1", force_rhr="0")
    layer = ET.SubElement(symbol, "layer", {"class": "SimpleMarker", "enabled": "1", "locked": "0", "pass": "0"})
    _options(
        layer,
        {
            "name": shape,
            "color": _rgba(fill),
            "outline_color": _rgba(outline),
            "outline_width": "0.4",
            "outline_width_unit": "MM",
            "size": f"{size_mm:g}",
            "size_unit": "MM",
        },
    )
    return symbol


def _ring_symbol(undecided: bool) -> ET.Element:
    """The map's gauge-break ring (`GAUGE_RING` of the style table): a hollow circle, dashed where a gauge is
    undecided."""
    ring = GAUGE_RING[not undecided]
    symbol = _marker_symbol("", "circle", ring.colour, ring.colour, GAUGE_RING_PX * MM_PER_PX)
    options = symbol.find("layer/Option")
    assert options is not None
    for option in options:
        if option.get("name") == "color":
            option.set("value", "0,0,0,0")
        if option.get("name") == "outline_width":
            option.set("value", f"{ring.width_px * MM_PER_PX:.2f}")
    ET.SubElement(options, "Option", name="outline_style", type="QString", value="dash" if ring.dashed else "solid")
    return symbol


def _breaks(selection: Selection) -> list[GaugeBreak]:
    """The gauge breaks of the selection's lines at places it exports."""
    exported = set(selection.place_ids)
    return [b for b in gauge_breaks(selection.segments) if b.place_id in exported]


def gauge_ring_rules(selection: Selection) -> list[tuple[str, str, ET.Element]]:
    """A ring around each place where the exported lines change gauge (or meet one of undecided gauge), drawn
    over the place's own marker, as the web map does."""
    breaks = _breaks(selection)
    rules = []
    for undecided, label in ((False, "gauge break"), (True, "possible gauge break (gauge undecided)")):
        ids = [b.place_id for b in breaks if (not b.certain) == undecided]
        if ids:
            rules.append((label, f'"id" IN ({", ".join(_quoted(i) for i in ids)})', _ring_symbol(undecided)))
    return rules


def _place_labels(selection: Selection) -> ET.Element:
    """Names of the key places (ports, border crossings, cities and the gauge breaks), with a white halo; QGIS
    leaves out a name that would overlap another."""
    kinds = [kind for kind, style in PLACE_KIND.items() if style.key or kind == "city"]
    breaks = [b.place_id for b in _breaks(selection)]
    shown = f'"kind" IN ({", ".join(_quoted(k) for k in kinds)})'
    if breaks:
        shown += f' OR "id" IN ({", ".join(_quoted(i) for i in breaks)})'
    labeling = ET.Element("labeling", type="simple")
    settings = ET.SubElement(labeling, "settings", calloutType="simple")
    style = ET.SubElement(
        settings,
        "text-style",
        fieldName=f'CASE WHEN {shown} THEN "name" END',
        isExpression="1",
        fontFamily="DejaVu Sans",
        fontSize="8",
        fontSizeUnit="Point",
        textColor=_rgba(LABEL_INK),
        textOpacity="1",
    )
    ET.SubElement(
        style, "text-buffer", bufferDraw="1", bufferSize="0.8", bufferSizeUnits="MM", bufferColor=_rgba(LABEL_HALO)
    )
    ET.SubElement(settings, "placement", placement="6", dist="1.2", distUnits="MM", priority="5")
    ET.SubElement(settings, "rendering", obstacle="1", displayAll="0", scaleVisibility="0")
    return labeling


def _rule_renderer(rules: Iterable[tuple[str, str, ET.Element]], groups: Sequence[str] = ()) -> ET.Element:
    """A QGIS rule-based renderer from (label, filter expression, symbol) triples. With `groups` (one per rule),
    each rule is nested under a rule named after its group, so the legend lists a group's rules under its
    name."""
    renderer = ET.Element("renderer-v2", type="RuleRenderer", symbollevels="0", enableorderby="0", forceraster="0")
    root = ET.SubElement(renderer, "rules", key="root")
    symbols = ET.SubElement(renderer, "symbols")
    parents: dict[str, ET.Element] = {}
    for index, (label, expression, symbol) in enumerate(rules):
        parent = root
        if groups:
            group = groups[index]
            if group not in parents:
                parents[group] = ET.SubElement(root, "rule", key=f"group-{len(parents)}", label=group)
            parent = parents[group]
        ET.SubElement(parent, "rule", key=f"rule-{index}", label=label, filter=expression, symbol=str(index))
        symbol.set("name", str(index))
        symbols.append(symbol)
    return renderer


def _qml(renderer: ET.Element, labeling: ET.Element | None = None) -> str:
    categories = "Symbology|Labeling" if labeling is not None else "Symbology"
    enabled = "0" if labeling is None else "1"
    qgis = ET.Element("qgis", version="3.22.0", styleCategories=categories, labelsEnabled=enabled)
    qgis.append(renderer)
    if labeling is not None:
        qgis.append(labeling)
    body = ET.tostring(qgis, encoding="unicode")
    return f"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n{body}\n"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def segment_rules(selection: Selection) -> list[tuple[str, str, str, ET.Element]]:
    """(group, label, filter, symbol): one rule per corridor colour, status, alignment and variant that the
    selection's segments have, each drawn as the web map draws such a line
    (`corridor.display.vocab.segment_style`), grouped by corridor, context lines first. A leg shared by
    several exported corridors gets one rule per corridor, each copy offset as the web map offsets it, so
    every corridor's colour shows side by side."""
    exported = {c.id: c for c in selection.corridors}
    samples: dict[tuple[str | None, tuple[str, ...], str, str, bool], Segment] = {}
    for segment in selection.segments:
        props = segment.properties
        sharing = tuple(c for c in props.corridors if c in exported)
        for corridor_id in sharing or (None,):
            samples.setdefault(
                (corridor_id, sharing, props.status, props.alignment, props.variant is not None), segment
            )
    rules: list[tuple[str | None, str, str, str, ET.Element]] = []
    for (corridor_id, sharing, status, alignment, variant), sample in samples.items():
        corridor = exported.get(corridor_id) if corridor_id else None
        group = corridor.name if corridor else "context lines"
        if corridor is None:
            where = "\"role\" = 'context'"
        elif len(exported) == 1:
            where = "\"role\" = 'corridor'"
        else:  # the exported list names every corridor of the leg: the whole atlas is exported
            where = f'"corridors" = {_quoted(LIST_SEPARATOR.join(sharing))}'
        where += f' AND "status" = {_quoted(status)} AND "alignment" = {_quoted(alignment)}'
        where += ' AND "variant" IS NOT NULL' if variant else ' AND "variant" IS NULL'
        style = segment_style(sample, corridor, list(exported))
        label = f"{STATUS[status].label}, {alignment}{', variant' if variant else ''}"
        label += SHARED_LEG if len(sharing) > 1 else ""
        symbol = _line_symbol(style["color"], style["weight"], style["opacity"], style["dashArray"], style["offset"])
        rules.append((corridor_id, group, label, where, symbol))
    order = [None, *exported]  # QGIS draws the first rule first: context track under the corridors, as on the map
    return [rule[1:] for rule in sorted(rules, key=lambda rule: order.index(rule[0]))]


def layer_qml(selection: Selection, layer_name: str) -> str:
    """The QML style of one spatial layer of the export."""
    return _qml(*layer_style(selection, layer_name))


def layer_style(selection: Selection, layer_name: str) -> tuple[ET.Element, ET.Element | None]:
    """The renderer and labelling (None: the layer is not labelled) of one spatial layer of the export, as a
    QML style or a QGIS project's layer holds them."""
    if layer_name == "segments":
        grouped = segment_rules(selection)
        return _rule_renderer([rule[1:] for rule in grouped], [rule[0] for rule in grouped]), None
    if layer_name == "places":
        # QGIS draws the rules in order: the least important kind first, so no port or crossing hides under a station.
        rules = [
            (
                marker.label,
                f'"kind" = {_quoted(kind)}',
                _marker_symbol("", marker.shape, marker.fill, marker.outline, round(marker.marker_px * MM_PER_PX, 1)),
            )
            for kind, marker in sorted(PLACE_KIND.items(), key=lambda kv: kv[1].order, reverse=True)
        ]
        return _rule_renderer([*rules, *gauge_ring_rules(selection)]), _place_labels(selection)
    width, opacity = CORRIDOR_BAND
    rules = [
        (c.name, f'"id" = {_quoted(c.id)}', _line_symbol(corridor_colour(c.id), width, opacity, None))
        for c in selection.corridors
    ]
    return _rule_renderer(rules), None


SPATIAL_LAYERS = ("corridors", "segments", "places")
LAYER_STYLES_TABLE = """CREATE TABLE layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
  f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
  useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), update_time DATETIME)"""


def _register(connection: sqlite3.Connection, table: str, description: str, stamp: str) -> None:
    connection.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
        "VALUES (?, 'attributes', ?, ?, ?)",
        (table, table, description, stamp),
    )


def add_layer_styles(connection: sqlite3.Connection, selection: Selection, stamp: str) -> None:
    """QGIS's `layer_styles` table with the map's style of each spatial layer as its default."""
    connection.execute(LAYER_STYLES_TABLE)
    _register(connection, "layer_styles", "QGIS styles: the map's colours, dashes and markers", stamp)
    for layer in SPATIAL_LAYERS:
        connection.execute(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName,"
            " styleQML, styleSLD, useAsDefault, description, owner, ui, update_time)"
            " VALUES ('', '', ?, 'geom', ?, ?, '', 1, ?, '', '', ?)",
            (layer, f"corridor {layer}", layer_qml(selection, layer), f"The corridor map's style of {layer}", stamp),
        )


def mapping_table(layer: str) -> str:
    """The table relating facts to the records of `layer` they name."""
    return f"facts_{layer}"


def mapped_layers(selection: Selection) -> list[str]:
    """The spatial layers that the selection's facts name (each gets a mapping table from facts)."""
    subjects = {subject for fact in selection.facts for subject in fact.subjects}
    ids = {
        "corridors": {c.id for c in selection.corridors},
        "segments": {s.id for s in selection.segments},
        "places": set(selection.place_ids),
    }
    return [layer for layer in SPATIAL_LAYERS if subjects & ids[layer]]


def add_relations(connection: sqlite3.Connection, selection: Selection, stamp: str) -> list[str]:
    """Declare facts ↔ corridors, segments and places as related tables (one mapping table each, by fid),
    from the `fact_subjects` rows, so GDAL lists the relations; returns the mapping tables made.

    A mapping table is made only for a layer that facts name: a fact is about what its article names, and
    no article names a single segment of the bundled data, so its claims stay on the corridors and places
    they name instead of filling `facts_segments` with guesses. Each mapping table has an INTEGER PRIMARY
    KEY, as every GeoPackage attributes table must (requirement 119)."""
    connection.execute(
        "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,"
        " definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name,"
        " extension_name))"
    )
    connection.execute(
        "CREATE TABLE gpkgext_relations (id INTEGER PRIMARY KEY AUTOINCREMENT, base_table_name TEXT NOT NULL,"
        " base_primary_column TEXT NOT NULL DEFAULT 'id', related_table_name TEXT NOT NULL,"
        " related_primary_column TEXT NOT NULL DEFAULT 'id', relation_name TEXT NOT NULL,"
        " mapping_table_name TEXT NOT NULL UNIQUE)"
    )
    extension = "INSERT INTO gpkg_extensions VALUES (?, NULL, 'related_tables', ?, 'read-write')"
    connection.execute(extension, ("gpkgext_relations", RELATED_TABLES))
    made = []
    for layer in mapped_layers(selection):
        pairs = connection.execute(
            f'SELECT f.fid, l.fid FROM fact_subjects s JOIN facts f ON f.id = s.fact_id JOIN "{layer}" l'
            " ON l.id = s.subject_id ORDER BY f.fid, l.fid"
        ).fetchall()
        mapping = mapping_table(layer)
        connection.execute(
            f'CREATE TABLE "{mapping}" (fid INTEGER PRIMARY KEY AUTOINCREMENT,'
            f' base_id INTEGER NOT NULL REFERENCES facts (fid), related_id INTEGER NOT NULL REFERENCES "{layer}" (fid))'
        )
        connection.executemany(f'INSERT INTO "{mapping}" (base_id, related_id) VALUES (?, ?)', pairs)
        _register(connection, mapping, f"Which {layer} each fact is about (facts.fid -> {layer}.fid)", stamp)
        connection.execute(
            "INSERT INTO gpkgext_relations (base_table_name, base_primary_column, related_table_name,"
            " related_primary_column, relation_name, mapping_table_name) VALUES ('facts', 'fid', ?, 'fid',"
            " 'features', ?)",
            (layer, mapping),
        )
        connection.execute(extension, (mapping, RELATED_TABLES))
        made.append(mapping)
    return made


def add_field_descriptions(connection: sqlite3.Connection, layers: Iterable[Layer]) -> None:
    """Each column's meaning from the model in `gpkg_data_columns` (the GeoPackage schema extension), which GDAL
    reads as the field's comment (GDAL 3.7 and later)."""
    connection.execute(
        "CREATE TABLE gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT,"
        " title TEXT, description TEXT, mime_type TEXT, constraint_name TEXT,"
        " CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), CONSTRAINT gdc_tn UNIQUE (table_name, name))"
    )
    connection.execute(
        "CREATE TABLE gpkg_data_column_constraints (constraint_name TEXT NOT NULL, constraint_type TEXT NOT NULL,"
        " value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN,"
        " description TEXT, CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value))"
    )
    for table in ("gpkg_data_columns", "gpkg_data_column_constraints"):
        connection.execute(
            "INSERT INTO gpkg_extensions VALUES (?, NULL, 'gpkg_schema',"
            " 'http://www.geopackage.org/spec/#extension_schema', 'read-write')",
            (table,),
        )
    for layer in layers:
        for column in layer.columns:
            connection.execute(
                "INSERT INTO gpkg_data_columns (table_name, column_name, name, description) VALUES (?, ?, ?, ?)",
                (layer.name, column.name, column.name, column.description or None),
            )


def add_geopackage_extras(connection: sqlite3.Connection, selection: Selection, layers: Iterable[Layer] = ()) -> None:
    """Styles, relations and field descriptions, stamped with the data's date."""
    stamp = f"{data_date(selection.atlas).isoformat()}T00:00:00.000Z"
    add_layer_styles(connection, selection, stamp)
    add_relations(connection, selection, stamp)
    add_field_descriptions(connection, layers)
