"""The QGIS project export (`.qgz`): a project that opens the GeoPackage of the same selection, saved beside it,
with the map's styles and labels, the facts and their relations, and a print layout titled and dated like the
PNG.

The project XML is written here, not by QGIS: the app installed from a wheel has no QGIS to call. It holds only
what QGIS needs to read a project (QGIS fills in every default), and `tests/gis/test_qgis.py` opens it in real
QGIS 3.22 (Debian's python3-qgis) and renders its layout. Styles come from `corridor.exports.styles`, so the
layers look as they do when the GeoPackage is opened on its own; words on the layout come from
`corridor.display.captions`, as on the PNG.

QGIS 3.22 does not discover a GeoPackage's relations (its OGR provider learnt that in QGIS 3.30, with GDAL 3.6),
so the project declares them: each mapping table `facts_<layer>` relates to `facts` and to its layer by `fid`.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from corridor.atlas.geometry import Bounds, bounds_of
from corridor.display.captions import caption_date, credit_line, map_title
from corridor.display.licence import ATTRIBUTION, DATA_LICENCE_ID, DATA_LICENCE_URL
from corridor.display.vocab import LABEL_INK, PALETTE
from corridor.exports.formats import ALL, EXPORT_FORMATS, download_name
from corridor.exports.layers import Selection, data_date
from corridor.exports.styles import SPATIAL_LAYERS, layer_style, mapped_layers, mapping_table

QGIS_VERSION = "3.22.0"
"""The oldest QGIS the project is tested with (Debian's)."""
WGS84 = {
    "proj4": "+proj=longlat +datum=WGS84 +no_defs",
    "srid": "4326",
    "authid": "EPSG:4326",
    "description": "WGS 84",
    "projectionacronym": "longlat",
    "ellipsoidacronym": "EPSG:7030",
    "geographicflag": "true",
}
GEOMETRY = {"corridors": ("Line", "MultiLineString"), "segments": ("Line", "LineString"), "places": ("Point", "Point")}
"""Each spatial layer's QGIS geometry type and WKB type, as the GeoPackage declares them."""
PAGE_MM = (297.0, 210.0)
"""A4 landscape."""
MARGIN_MM = 10.0
MAP_TOP_MM = 26.0
MAP_BOTTOM_MM = 198.0
LEGEND_WIDTH_MM = 72.0
"""The legend beside the map, as on the PNG."""
MAP_MARGIN = 0.06
"""Room around the lines and places, as a share of their extent."""
LAYOUT_ITEM = {"map": "65639", "label": "65641", "legend": "65642"}
"""QGIS's layout item type numbers (QgsLayoutItemRegistry)."""


def layer_id(name: str) -> str:
    """A layer's id in the project: QGIS 3.22 keeps an id only if it is longer than 10 characters."""
    return f"corridor_{name}"


def gpkg_name(selection: Selection) -> str:
    """The GeoPackage the project opens: the file name the GeoPackage download of the same selection has."""
    return download_name(selection.key, EXPORT_FORMATS["gpkg"])


def _srs(parent: ET.Element) -> None:
    reference = ET.SubElement(parent, "spatialrefsys")
    for name, value in WGS84.items():
        ET.SubElement(reference, name).text = value


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def _table_names(selection: Selection) -> list[str]:
    return ["facts", *(mapping_table(layer) for layer in mapped_layers(selection))]


def _map_layer(selection: Selection, name: str) -> ET.Element:
    """One layer of the GeoPackage, by a path relative to the project, with its style when it has geometry."""
    geometry, wkb = GEOMETRY.get(name, ("No geometry", "NoGeometry"))
    layer = ET.Element("maplayer", type="vector", geometry=geometry, wkbType=wkb, labelsEnabled="0")
    _text(layer, "id", layer_id(name))
    _text(layer, "datasource", f"./{gpkg_name(selection)}|layername={name}")
    _text(layer, "layername", name)
    _srs(ET.SubElement(layer, "srs"))
    _text(layer, "provider", "ogr").set("encoding", "UTF-8")
    if name in GEOMETRY:
        renderer, labeling = layer_style(selection, name)
        layer.append(renderer)
        if labeling is not None:
            layer.append(labeling)
            layer.set("labelsEnabled", "1")
    return layer


def _relations(selection: Selection) -> ET.Element:
    """Each mapping table's two links: to the fact (`base_id`) and to the record it is about (`related_id`)."""
    relations = ET.Element("relations")
    for layer in mapped_layers(selection):
        mapping = mapping_table(layer)
        for field, referenced, meaning in (("base_id", "facts", "fact"), ("related_id", layer, layer.rstrip("s"))):
            relation = ET.SubElement(
                relations,
                "relation",
                id=f"{mapping}_{field}",
                name=f"{mapping}: {meaning}",
                referencingLayer=layer_id(mapping),
                referencedLayer=layer_id(referenced),
                strength="Association",
            )
            ET.SubElement(relation, "fieldRef", referencingField=field, referencedField="fid")
    return relations


def map_extent(selection: Selection, width_mm: float, height_mm: float) -> Bounds:
    """The selection's lines and places with a margin, widened to the map frame's shape."""
    coordinates = [c for s in selection.segments for c in s.geometry.coordinates]
    coordinates += [selection.atlas.places[p].geometry.coordinates for p in selection.place_ids]
    west, south, east, north = bounds_of(coordinates)
    width, height = (east - west) * (1 + 2 * MAP_MARGIN), (north - south) * (1 + 2 * MAP_MARGIN)
    width, height = max(width, height * width_mm / height_mm), max(height, width * height_mm / width_mm)
    centre_x, centre_y = (west + east) / 2, (south + north) / 2
    return (centre_x - width / 2, centre_y - height / 2, centre_x + width / 2, centre_y + height / 2)


def map_frame() -> tuple[float, float, float, float]:
    """The map's place on the page: (left, top, width, height) in mm."""
    width = PAGE_MM[0] - 2 * MARGIN_MM - LEGEND_WIDTH_MM - MARGIN_MM / 2
    return MARGIN_MM, MAP_TOP_MM, width, MAP_BOTTOM_MM - MAP_TOP_MM


def _mm(x: float, y: float) -> str:
    return f"{x:g},{y:g},mm"


def _item(layout: ET.Element, kind: str, x: float, y: float, width: float, height: float) -> ET.Element:
    return ET.SubElement(
        layout,
        "LayoutItem",
        type=LAYOUT_ITEM[kind],
        position=_mm(x, y),
        positionOnPage=_mm(x, y),
        size=_mm(width, height),
        frame="false",
        background="false",
        visibility="1",
        zValue="1" if kind == "map" else "2",
    )


def _label(layout: ET.Element, text: str, y: float, height: float, font: str, colour: str) -> None:
    """A line of text across the page; `font` as Qt writes one (family, size, …, weight)."""
    width = PAGE_MM[0] - 2 * MARGIN_MM
    label = _item(layout, "label", MARGIN_MM, y, width, height)
    label.attrib |= {"labelText": text, "htmlState": "0", "halign": "1", "valign": "32", "marginX": "0", "marginY": "0"}
    ET.SubElement(label, "LabelFont", description=font, style="")
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    ET.SubElement(label, "FontColor", red=str(red), green=str(green), blue=str(blue), alpha="255")


def _legend(layout: ET.Element, left: float, top: float, height: float) -> None:
    """The spatial layers' legend (every rule of their styles), beside the map."""
    legend = _item(layout, "legend", left, top, LEGEND_WIDTH_MM, height)
    legend.attrib |= {"title": "", "resizeToContents": "0", "columnCount": "1", "symbolWidth": "6"}
    legend.attrib |= {"symbolHeight": "3", "wrapChar": "", "fontColor": LABEL_INK}
    styles = ET.SubElement(legend, "styles")
    for name, size, bold, margin in (("group", 8, True, 2), ("subgroup", 7, True, 1), ("symbolLabel", 6, False, 0.8)):
        style = ET.SubElement(styles, "style", name=name, marginTop=f"{margin:g}")
        font = f"DejaVu Sans,{size},-1,5,{75 if bold else 50},0,0,0,0,0"
        ET.SubElement(style, "styleFont", description=font)
    ET.SubElement(styles, "style", name="symbol", marginTop="0.8")
    tree = ET.SubElement(legend, "layer-tree")
    for name in reversed(SPATIAL_LAYERS):
        ET.SubElement(tree, "layer-tree-layer", id=layer_id(name), name=name, providerKey="ogr", checked="Qt::Checked")


def _layout(selection: Selection) -> ET.Element:
    """An A4 print layout: the title and date above the map, the credit line under it, as on the PNG."""
    atlas = selection.atlas
    corridor_id = None if selection.key == ALL else selection.key
    title = map_title(atlas, corridor_id)
    layouts = ET.Element("Layouts")
    layout = ET.SubElement(layouts, "Layout", name=title, units="mm", printResolution="300")
    pages = ET.SubElement(layout, "PageCollection")
    page = ET.SubElement(pages, "LayoutItem", type="65638", size=_mm(*PAGE_MM), position=_mm(0, 0))
    page.set("background", "true")
    _label(layout, title, 8, 10, "DejaVu Sans,16,-1,5,75,0,0,0,0,0", LABEL_INK)
    _label(
        layout,
        caption_date(atlas, selection.as_of),
        18,
        6,
        "DejaVu Sans,10,-1,5,50,0,0,0,0,0",
        LABEL_INK,
    )
    left, top, width, height = map_frame()
    frame = _item(layout, "map", left, top, width, height)
    frame.attrib |= {"keepLayerSet": "false", "drawCanvasItems": "false", "mapRotation": "0", "frame": "true"}
    west, south, east, north = map_extent(selection, width, height)
    ET.SubElement(frame, "Extent", xmin=repr(west), ymin=repr(south), xmax=repr(east), ymax=repr(north))
    _srs(ET.SubElement(frame, "crs"))
    ET.SubElement(frame, "LayerSet")
    _legend(layout, left + width + MARGIN_MM / 2, top, height)
    credit = credit_line(atlas)
    _label(layout, credit, MAP_BOTTOM_MM + 2, 5, "DejaVu Sans,7,-1,5,50,0,0,0,0,0", PALETTE["subtle"])
    return layouts


def _view(qgis: ET.Element, extent: Bounds) -> None:
    """Where the map window opens: on the layout's extent (the project's default view, and the canvas's)."""
    west, south, east, north = (repr(value) for value in extent)
    settings = ET.SubElement(qgis, "ProjectViewSettings", UseProjectScales="0", rotation="0")
    default = ET.SubElement(settings, "DefaultViewExtent", xmin=west, ymin=south, xmax=east, ymax=north)
    _srs(default)
    canvas = ET.SubElement(qgis, "mapcanvas", name="theMapCanvas", annotationsVisible="1")
    _text(canvas, "units", "degrees")
    bounds = ET.SubElement(canvas, "extent")
    for name, value in zip(("xmin", "ymin", "xmax", "ymax"), (west, south, east, north), strict=True):
        _text(bounds, name, value)
    _text(canvas, "rotation", "0")
    _srs(ET.SubElement(canvas, "destinationsrs"))


def project_xml(selection: Selection) -> str:
    """The project (.qgs) as text."""
    corridor_id = None if selection.key == ALL else selection.key
    title = map_title(selection.atlas, corridor_id)
    qgis = ET.Element("qgis", version=QGIS_VERSION, projectname=title)
    _text(qgis, "title", title)
    _srs(ET.SubElement(qgis, "projectCrs"))
    tree = ET.SubElement(qgis, "layer-tree-group")
    names = [*reversed(SPATIAL_LAYERS), *_table_names(selection)]  # places drawn over lines over corridor bands
    for name in names:
        ET.SubElement(tree, "layer-tree-layer", id=layer_id(name), name=name, providerKey="ogr", checked="Qt::Checked")
        tree[-1].set("source", f"./{gpkg_name(selection)}|layername={name}")
        tree[-1].set("expanded", "0")
    qgis.append(_relations(selection))
    layers = ET.SubElement(qgis, "projectlayers")
    for name in names:
        layers.append(_map_layer(selection, name))
    order = ET.SubElement(qgis, "layerorder")
    for name in names:
        ET.SubElement(order, "layer", id=layer_id(name))
    paths = ET.SubElement(ET.SubElement(qgis, "properties"), "Paths")
    _text(paths, "Absolute", "false").set("type", "bool")
    metadata = ET.SubElement(qgis, "projectMetadata")
    _text(metadata, "title", title)
    _text(metadata, "abstract", f"{ATTRIBUTION}. Data licence: {DATA_LICENCE_ID} ({DATA_LICENCE_URL}).")
    _text(metadata, "creation", f"{data_date(selection.atlas).isoformat()}T00:00:00")
    _view(qgis, map_extent(selection, *map_frame()[2:]))
    qgis.append(_layout(selection))
    ET.indent(qgis)
    body = ET.tostring(qgis, encoding="unicode")
    return f"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n{body}\n"


def qgis_project_bytes(selection: Selection) -> bytes:
    """The .qgz: a zip holding the project (.qgs), as QGIS saves one; the same data version gives the same
    bytes."""
    day = data_date(selection.atlas)
    member = zipfile.ZipInfo(f"corridor-{selection.key}.qgs", date_time=(day.year, day.month, day.day, 0, 0, 0))
    member.external_attr = 0o644 << 16
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, project_xml(selection).encode(), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
