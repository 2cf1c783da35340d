"""The KML export for Google Earth: the map's colours, status line styles and a balloon of facts per feature."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from typing import Any

from shapely.geometry import MultiLineString, Point
from shapely.geometry.base import BaseGeometry

from corridor.atlas.model import Corridor, Fact
from corridor.display.claims import claim_html
from corridor.display.licence import ATTRIBUTION, DATA_LICENCE_NAME, DATA_LICENCE_URL, NATURAL_EARTH, QUOTATIONS
from corridor.display.links import OFFLINE_LINKS
from corridor.display.vocab import (
    CORRIDOR_BAND,
    PLACE_KIND,
    alternative_style,
    kml_line,
    kml_line_colour,
    segment_style,
)
from corridor.exports.layers import Column, Layer, Selection, feature_layers, newest_source_date, text_value

KML_NAMESPACE = "http://www.opengis.net/kml/2.2"
FOLDER_NAMES = {"corridors": "Corridors", "segments": "Segments", "places": "Places"}
SCHEMA_TYPES = {"text": "string", "list": "string", "integer": "int", "real": "double", "date": "string"}
"""Column kind -> KML SimpleField type (dates are ISO 8601 text, lists joined with `;`)."""
ICON_BASE = "https://maps.google.com/mapfiles/kml/shapes/"


def kml_colour(hex_colour: str, opacity: float) -> str:
    """`#rrggbb` and an opacity as KML's `aabbggrr`."""
    red, green, blue = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"{round(opacity * 255):02x}{blue}{green}{red}"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _fact_html(selection: Selection, fact: Fact) -> str:
    """A claim as the pages and popups show it; its source is named by title and seed file (no site to link)."""
    return str(claim_html(selection.atlas, fact, OFFLINE_LINKS))


def _cited_references(selection: Selection, row: dict[str, Any]) -> str:
    """A linked list item for each outside publication the row's `*_cites` columns name."""
    references = getattr(selection.atlas, "references", {})
    ids = dict.fromkeys(i for name, value in row.items() if name.endswith("_cites") for i in (value or ()))
    items = []
    for reference_id in ids:
        reference = references.get(reference_id)
        if reference is not None:
            day = reference.date.isoformat() if reference.date else "undated"
            items.append(
                f'<li><a href="{_html(reference.url)}">{_html(reference.publisher)}: {_html(reference.title)}</a> '
                f"({day})</li>"
            )
    return "".join(items)


def balloon_html(selection: Selection, row: dict[str, Any], columns: tuple[Column, ...]) -> str:
    """The description balloon: the feature's attributes, then each fact about it with quote and source."""
    cells = [(c.name, text_value(row[c.name])) for c in columns]
    rows = "".join(f"<tr><th>{_html(name)}</th><td>{_html(value)}</td></tr>" for name, value in cells if value)
    parts = [f"<h3>{_html(row['name'])}</h3><table>{rows}</table>"]
    cited = _cited_references(selection, row)
    if cited:
        parts.append(f"<h4>Cited for these attributes</h4><ul>{cited}</ul>")
    exported = {f.id for f in selection.facts}
    facts = [f for f in selection.atlas.index.facts_of(row["id"]) if f.id in exported]
    if facts:
        parts.append(f"<h4>Facts ({len(facts)})</h4><ol>{''.join(_fact_html(selection, f) for f in facts)}</ol>")
    return "".join(parts)


def _coordinates(line: BaseGeometry) -> str:
    return " ".join(f"{x},{y}" for x, y in line.coords)


def _add_geometry(placemark: ET.Element, geometry: BaseGeometry) -> None:
    if isinstance(geometry, Point):
        _text(ET.SubElement(placemark, "Point"), "coordinates", f"{geometry.x},{geometry.y}")
        return
    lines = geometry.geoms if isinstance(geometry, MultiLineString) else [geometry]
    parent = ET.SubElement(placemark, "MultiGeometry") if isinstance(geometry, MultiLineString) else placemark
    for line in lines:
        element = ET.SubElement(parent, "LineString")
        _text(element, "tessellate", "1")
        _text(element, "coordinates", _coordinates(line))


def _placemark(folder: ET.Element, selection: Selection, layer: Layer, index: int, style_id: str) -> None:
    row = layer.rows[index]
    placemark = ET.SubElement(folder, "Placemark")
    _text(placemark, "name", row["name"])
    _text(placemark, "description", balloon_html(selection, row, layer.columns))
    _text(placemark, "styleUrl", f"#{style_id}")
    data = ET.SubElement(ET.SubElement(placemark, "ExtendedData"), "SchemaData", schemaUrl=f"#{layer.name}")
    for column in layer.columns:
        value = text_value(row[column.name])
        if value is not None and column.name != "name":  # <name> holds it
            _text(data, "SimpleData", value).set("name", column.name)
    _add_geometry(placemark, layer.geometries[index])


def _segment_corridor(selection: Selection, row: dict[str, Any]) -> Corridor | None:
    """The first exported corridor a segment serves: its colour is the segment's colour."""
    exported = {c.id: c for c in selection.corridors}
    return next((exported[c] for c in row["corridors"] if c in exported), None)


def _line_style(layer_name: str, selection: Selection, row: dict[str, Any]) -> tuple[str, str, float]:
    """(style id, KML colour, width) for a corridor or segment row: the map's colour, weight and fading (an
    alternative route's colour shaded as its symbol says, KML drawing no casing)."""
    if layer_name == "corridors":
        width, opacity = CORRIDOR_BAND
        return f"corridor-{row['id']}", kml_colour(row["colour"], opacity), width
    segment, corridor = selection.atlas.segments[row["id"]], _segment_corridor(selection, row)
    style = segment_style(segment, corridor)
    alternative = alternative_style(selection.atlas.index.alternative_rank(segment, corridor.id if corridor else None))
    width, opacity = kml_line(style, row["status"])
    colour = kml_colour(kml_line_colour(style, alternative), opacity)
    return f"line-{colour}-{width:g}".replace(".", "_"), colour, width


def _add_schemas(document: ET.Element, layers: tuple[Layer, ...]) -> None:
    """A typed `<Schema>` per layer, so Google Earth and GDAL read numbers as numbers."""
    for layer in layers:
        schema = ET.SubElement(document, "Schema", name=layer.name, id=layer.name)
        for column in layer.columns:
            if column.name != "name":
                field = ET.SubElement(schema, "SimpleField", name=column.name, type=SCHEMA_TYPES[column.kind])
                _text(field, "displayName", column.description or column.name)


def _add_styles(document: ET.Element, line_styles: dict[str, tuple[str, float]]) -> None:
    for kind, marker in PLACE_KIND.items():  # Google Earth's built-in icon per kind, tinted the marker's colour
        place = ET.SubElement(document, "Style", id=f"place-{kind}")
        icon_style = ET.SubElement(place, "IconStyle")
        _text(icon_style, "color", kml_colour(marker.ink, 1.0))
        _text(icon_style, "scale", "0.8")
        _text(ET.SubElement(icon_style, "Icon"), "href", ICON_BASE + marker.kml_icon)
        _text(ET.SubElement(place, "LabelStyle"), "scale", "0.8")
    for style_id, (colour, width) in line_styles.items():
        line = ET.SubElement(ET.SubElement(document, "Style", id=style_id), "LineStyle")
        _text(line, "color", colour)
        _text(line, "width", f"{width:g}")


def _document_description(selection: Selection) -> str:
    newest = newest_source_date(selection.atlas)
    sources = "".join(f"<li>{_html(s.title)} ({s.file})</li>" for s in selection.atlas.sources.values())
    return (
        f"<p>Data version {selection.atlas.version}; newest source date "
        f"{newest.isoformat() if newest else 'none stated'}.</p><p>Sources:</p><ul>{sources}</ul>"
        + "".join(
            f"<p>{_html(line)}</p>"
            for line in (
                f"Data licence: {DATA_LICENCE_NAME} ({DATA_LICENCE_URL}).",
                f"Credit: {ATTRIBUTION}.",
                NATURAL_EARTH,
                QUOTATIONS,
            )
        )
    )


def _folder(selection: Selection, layer: Layer, line_styles: dict[str, tuple[str, float]]) -> ET.Element:
    """A folder of placemarks for one layer, collecting the line styles it uses."""
    folder = ET.Element("Folder")
    _text(folder, "name", FOLDER_NAMES[layer.name])
    if layer.name == "corridors":
        _text(folder, "visibility", "0")
        _text(folder, "description", "Each whole corridor, with every fact about it in its balloon; tick to show.")
    for index, row in enumerate(layer.rows):
        style_id = f"place-{row['kind']}" if layer.geometry_type == "Point" else ""
        if layer.geometry_type != "Point":
            style_id, colour, width = _line_style(layer.name, selection, row)
            line_styles[style_id] = (colour, width)
        _placemark(folder, selection, layer, index, style_id)
    return folder


def _topic_folder(selection: Selection) -> ET.Element | None:
    """Facts about countries and relations rather than a line or place: one placemark without geometry each."""
    exported = {f.id for f in selection.facts}
    topics = [
        t
        for t in selection.atlas.topics.values()
        if any(f.id in exported for f in selection.atlas.index.facts_of(t.id))
    ]
    if not topics:
        return None
    folder = ET.Element("Folder")
    _text(folder, "name", "Countries and relations")
    for topic in topics:
        placemark = ET.SubElement(folder, "Placemark")
        _text(placemark, "name", topic.name)
        _text(placemark, "description", balloon_html(selection, {"id": topic.id, "name": topic.name}, ()))
    return folder


def kml_bytes(selection: Selection) -> bytes:
    """A KML document with a folder per layer; the corridors folder starts hidden."""
    kml = ET.Element("kml", xmlns=KML_NAMESPACE)
    document = ET.SubElement(kml, "Document")
    _text(document, "name", f"Railway corridors: {', '.join(c.name for c in selection.corridors)}")
    _text(document, "description", _document_description(selection))
    line_styles: dict[str, tuple[str, float]] = {}
    layers = feature_layers(selection)
    folders = [_folder(selection, layer, line_styles) for layer in layers]
    # KML 2.2's order inside a Document: the styles (a Feature's StyleSelectors), then the Schemas, then the
    # folders; Google Earth forgives another order, the OGC schema does not.
    _add_styles(document, line_styles)
    _add_schemas(document, layers)
    document.extend(folders)
    topics = _topic_folder(selection)
    if topics is not None:
        document.append(topics)
    return ET.tostring(kml, encoding="UTF-8", xml_declaration=True)
