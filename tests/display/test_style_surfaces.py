"""Every surface draws a line and a place as the style table says: for every status, alignment and place kind,
the web map's GeoJSON style, its HTML legend, the PNG, the KML and the QGIS style (QML) agree on colour, width
and dashes, and the markers on shape, fill and outline."""

from __future__ import annotations

import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.markers import MarkerStyle
from matplotlib.text import Annotation

from corridor.atlas.load import DEFAULT_DATA_DIR, Atlas, load_atlas
from corridor.atlas.model import ALIGNMENTS, PLACE_KINDS, STATUSES
from corridor.atlas.resources import SEEDS_DIR
from corridor.display.css import vocabulary_css
from corridor.display.vocab import ALIGNMENT, GAUGE_RING, PLACE_KIND, STATUS
from corridor.exports.formats import ALL
from corridor.exports.kml import kml_bytes
from corridor.exports.layers import select
from corridor.exports.styles import MM_PER_PX, SHARED_LEG, layer_qml
from corridor.maps.legend import legend_html
from corridor.maps.picture import PRINT_DASH_SCALE, PT_PER_PX, draw_picture
from corridor.maps.picture_legend import MPL_MARKERS
from corridor.maps.render import OPTIONAL_LAYERS, breaks_on_map, places_on_map, render_map_html

KML = "{http://www.opengis.net/kml/2.2}"
SVG = "{http://www.w3.org/2000/svg}"
STYLE_JSON = re.compile(r'"style": (\{[^{}]*\})')
LEGEND_LINE = re.compile(r"<li[^>]*><svg[^>]*>(<line [^>]*/>)</svg> <span>([^<]*)</span></li>")
CSS_RULE = re.compile(r"^(\S[^{\n]*?) \{ (.*) \}$", re.MULTILINE)
DRY_PORT = "mazar-i-sharif"
"""The bundled data have no dry port: this place is made one in the copy the tests draw."""


@dataclass(frozen=True)
class Line:
    """A line as a surface draws it, in the web map's units (px)."""

    colour: str
    width_px: float
    opacity: float
    dash_px: tuple[float, ...]
    offset_px: float = 0.0
    """Where a corridor's copy of a shared leg sits (web map and QGIS; the PNG moves the line itself)."""


@dataclass(frozen=True)
class Marker:
    shape: str
    fill: str
    outline: str


def atlas_with_every_place_kind(root: Path) -> Atlas:
    """The bundled data copied under `root`, with one place made a dry port, so that every place kind is drawn."""
    data_dir = root / "geodata"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir, ignore=shutil.ignore_patterns("reference"))
    (data_dir / "reference").symlink_to(DEFAULT_DATA_DIR / "reference", target_is_directory=True)
    places = json.loads((data_dir / "places.geojson").read_text(encoding="utf-8"))
    for feature in places["features"]:
        if feature["properties"]["id"] == DRY_PORT:
            feature["properties"]["kind"] = "dry_port"
    (data_dir / "places.geojson").write_text(json.dumps(places), encoding="utf-8")
    return load_atlas(data_dir, SEEDS_DIR)


@pytest.fixture(scope="module")
def atlas(tmp_path_factory) -> Atlas:
    return atlas_with_every_place_kind(tmp_path_factory.mktemp("styles"))


def _hex(colour: Any) -> str:
    return to_hex(colour, keep_alpha=False)


def _dash(text: str | None, scale: float = 1.0) -> tuple[float, ...]:
    return tuple(round(float(n) / scale, 2) for n in re.split(r"[ ,;]+", text.strip())) if text else ()


def _first_corridor(atlas: Atlas, segment_id: str) -> str:
    corridors = atlas.segments[segment_id].properties.corridors
    return corridors[0] if corridors else "context"


@pytest.fixture(scope="module")
def map_html(atlas) -> str:
    return render_map_html(atlas)


@pytest.fixture(scope="module")
def legend(atlas) -> str:
    """The overview map's legend with every layer shown."""
    shown = list(atlas.corridors)
    breaks = breaks_on_map(atlas, shown)
    return str(
        legend_html(atlas, shown, frozenset(OPTIONAL_LAYERS), breaks, None, place_ids=places_on_map(atlas, None))
    )


@pytest.fixture(scope="module")
def web(map_html) -> dict[tuple[str, str], Line]:
    """The overview map's GeoJSON line styles, by (segment id, corridor id or `context`)."""
    lines = {}
    for found in STYLE_JSON.findall(map_html):
        style = json.loads(found)
        classes = style.get("className", "").split()
        if "seg" in classes:
            segment = next(c.removeprefix("seg-") for c in classes if c.startswith("seg-"))
            corridor = next((c.removeprefix("corridor-") for c in classes if c.startswith("corridor-")), "context")
            line = Line(style["color"], style["weight"], style["opacity"], _dash(style["dashArray"]), style["offset"])
            lines[(segment, corridor)] = line
    return lines


@pytest.fixture(scope="module")
def picture(atlas):
    return draw_picture(atlas)


@pytest.fixture(scope="module")
def png_lines(picture) -> dict[tuple[str, str], Line]:
    """The PNG's lines, read from the same figure written as SVG (ids are the artists' gids), in web px."""
    buffer = io.StringIO()
    picture.figure.savefig(buffer, format="svg")
    lines = {}
    for group in ET.fromstring(buffer.getvalue()).iter(f"{SVG}g"):
        if not group.get("id", "").startswith("segment:"):
            continue
        _, segment, corridor = group.get("id").split(":")
        path = next(group.iter(f"{SVG}path"))
        style = dict(part.split(": ") for part in path.get("style").split("; "))
        lines[(segment, corridor)] = Line(
            style["stroke"],
            float(style["stroke-width"]) / PT_PER_PX,
            float(style.get("stroke-opacity", 1)),
            _dash(style.get("stroke-dasharray"), PT_PER_PX * PRINT_DASH_SCALE),
        )
    return lines


@pytest.fixture(scope="module")
def kml(atlas) -> ET.Element:
    return ET.fromstring(kml_bytes(select(atlas, ALL)))


def kml_lines(atlas: Atlas, document: ET.Element) -> dict[str, tuple[str, float, float]]:
    """Each segment's KML line: (colour, width, opacity) as written."""
    styles = {}
    for style in document.iter(f"{KML}Style"):
        line = style.find(f"{KML}LineStyle")
        if line is not None:
            aabbggrr = line.findtext(f"{KML}color")
            colour = f"#{aabbggrr[6:8]}{aabbggrr[4:6]}{aabbggrr[2:4]}"
            styles[style.get("id")] = (colour, float(line.findtext(f"{KML}width")), int(aabbggrr[:2], 16) / 255)
    lines = {}
    for placemark in document.iter(f"{KML}Placemark"):
        data = {d.get("name"): d.text for d in placemark.iter(f"{KML}SimpleData")}
        if data.get("id") in atlas.segments:
            lines[data["id"]] = styles[placemark.findtext(f"{KML}styleUrl").removeprefix("#")]
    return lines


def qml_options(symbol: ET.Element) -> dict[str, str]:
    return {o.get("name"): o.get("value") for o in symbol.iter("Option") if o.get("name")}


def qml_rules(qml: str) -> dict[str, ET.Element]:
    """A QML rule renderer's symbols by rule label (`group: label` for a rule nested in a group)."""
    renderer = ET.fromstring(qml.split("\n", 1)[1]).find("renderer-v2")
    symbols = {s.get("name"): s for s in renderer.find("symbols")}
    rules = {}
    for rule in renderer.find("rules"):
        for child in rule.findall("rule") or [rule]:
            label = child.get("label") if child is rule else f"{rule.get('label')}: {child.get('label')}"
            rules[label] = symbols[child.get("symbol")]
    return rules


def qml_line(symbol: ET.Element) -> Line:
    options = qml_options(symbol)
    red, green, blue, _ = (int(n) for n in options["line_color"].split(","))
    dash = _dash(options["customdash"], MM_PER_PX) if options["use_custom_dash"] == "1" else ()
    width_px, offset_px = (float(options[name]) / MM_PER_PX for name in ("line_width", "offset"))
    return Line(f"#{red:02x}{green:02x}{blue:02x}", width_px, float(symbol.get("alpha")), dash, offset_px)


def legend_lines(legend: str) -> dict[str, Line]:
    """The web legend's line samples by label."""
    samples = {}
    for line, label in LEGEND_LINE.findall(legend):
        attributes = dict(re.findall(r'([a-z-]+)="([^"]*)"', line))
        samples[label] = Line(
            attributes["stroke"],
            float(attributes["stroke-width"]),
            float(attributes["stroke-opacity"]),
            _dash(attributes.get("stroke-dasharray")),
        )
    return samples


def close(a: Line, b: Line) -> bool:
    return (
        a.colour == b.colour
        and a.width_px == pytest.approx(b.width_px, abs=0.05)
        and a.opacity == pytest.approx(b.opacity, abs=0.01)
        and a.dash_px == pytest.approx(b.dash_px, abs=0.05)
    )


def test_every_status_alignment_and_place_kind_is_drawn(atlas, web):
    segments = [atlas.segments[segment] for segment, _ in web]
    assert {s.properties.status for s in segments} == set(STATUSES)
    assert {s.properties.alignment for s in segments} == set(ALIGNMENTS)
    assert {atlas.places[p].properties.kind for p in places_on_map(atlas, None)} == set(PLACE_KINDS)


def test_png_draws_every_line_as_the_web_map_does(web, png_lines):
    assert png_lines.keys() == web.keys()
    different = {key: (web[key], png_lines[key]) for key in web if not close(web[key], png_lines[key])}
    assert different == {}


def test_qgis_style_draws_every_line_as_the_web_map_does(atlas, web):
    selection = select(atlas, ALL)
    rules = qml_rules(layer_qml(selection, "segments"))
    names = {c.name: c.id for c in atlas.corridors.values()}
    labels = {s.label: key for key, s in STATUS.items()}
    checked, drawn = set(), set()
    for label, symbol in rules.items():
        owner, style = label.split(": ", 1)
        style, shared_with, _ = style.partition(SHARED_LEG)
        status_label, alignment, *variant = style.split(", ")
        corridor = names.get(owner, "context")
        matching = [
            key
            for key in web
            if key[1] == corridor
            and (len(atlas.segments[key[0]].properties.corridors) > 1) == bool(shared_with)
            and atlas.segments[key[0]].properties.status == labels[status_label]
            and atlas.segments[key[0]].properties.alignment == alignment
            and bool(atlas.segments[key[0]].properties.variant) == bool(variant)
        ]
        assert matching, label
        qgis = qml_line(symbol)
        assert all(close(web[key], qgis) for key in matching), label
        assert all(web[key].offset_px == pytest.approx(qgis.offset_px, abs=0.05) for key in matching), label
        checked.update(atlas.segments[key[0]].properties.status for key in matching)
        drawn.update(matching)
    assert checked == set(STATUSES)
    assert drawn == web.keys(), "every corridor's copy of a shared leg has its rule, as on the web map"
    assert next(iter(rules)).startswith("context lines: "), "QGIS draws the first rules first: the context track under"
    assert any(line.offset_px for line in web.values()), "the bundled data have a shared leg"


def test_kml_draws_every_line_in_the_web_maps_colour_width_and_fading(atlas, web, kml):
    lines = kml_lines(atlas, kml)
    assert lines.keys() == {segment for segment, _ in web}
    for segment, (colour, width, opacity) in lines.items():
        drawn = web[(segment, _first_corridor(atlas, segment))]
        factors = STATUS[atlas.segments[segment].properties.status]
        assert colour == drawn.colour, segment
        assert width == pytest.approx(drawn.width_px * factors.kml_width, abs=0.05), segment
        assert opacity == pytest.approx(drawn.opacity * factors.kml_opacity, abs=1 / 255), segment


def test_legend_samples_each_status_and_the_schematic_fading_as_the_lines_are_drawn(atlas, web, legend):
    samples = legend_lines(legend)
    for status, style in STATUS.items():
        sample = samples[style.label]
        assert sample.width_px == style.weight_px
        drawn = {line.dash_px for key, line in web.items() if atlas.segments[key[0]].properties.status == status}
        assert drawn == {sample.dash_px}, status
    schematic = samples[ALIGNMENT["schematic"].label]
    for alignment, style in ALIGNMENT.items():
        drawn = {line.opacity for key, line in web.items() if atlas.segments[key[0]].properties.alignment == alignment}
        assert drawn == {style.opacity}, alignment
    assert schematic.opacity == ALIGNMENT["schematic"].opacity
    for corridor_id in atlas.corridors:
        main = [line for key, line in web.items() if key[1] == corridor_id]
        assert {line.colour for line in main} == {samples[atlas.corridors[corridor_id].name].colour}


def css_rules() -> dict[str, dict[str, str]]:
    """The generated stylesheet's rules: selector -> declarations."""
    rules = {}
    for selector, body in CSS_RULE.findall(vocabulary_css()):
        rules[selector] = dict(d.strip().split(": ", 1) for d in body.rstrip(";").split(";"))
    return rules


def css_marker(kind: str) -> Marker:
    """A place kind's marker as the web map and its legend draw it (both use `place-marker place-<kind>`)."""
    rules = css_rules()
    declarations = rules.get(f".place-marker.place-{kind}::before") or rules[f".place-marker.place-{kind}"]
    shape = {"50%": "circle", "2px": "square"}.get(declarations["border-radius"])
    if declarations.get("transform") == "rotate(45deg)":
        shape = "diamond"
    return Marker(shape, declarations["background"], declarations["border"].split()[-1])


def png_markers(atlas: Atlas, picture) -> dict[str, Marker]:
    """The PNG's place markers by kind (each kind's markers all alike)."""
    shapes = {}
    for shape, marker in MPL_MARKERS.items():
        style = MarkerStyle(marker)
        shapes[shape] = style.get_path().transformed(style.get_transform()).vertices
    found: dict[str, set[Marker]] = {}
    for collection in picture.figure.axes[0].collections:
        gid = collection.get_gid() or ""
        if gid.startswith("place:"):
            vertices = collection.get_paths()[0].vertices
            shape = next(s for s, v in shapes.items() if v.shape == vertices.shape and np.allclose(v, vertices))
            marker = Marker(shape, _hex(collection.get_facecolor()[0]), _hex(collection.get_edgecolor()[0]))
            found.setdefault(atlas.places[gid.removeprefix("place:")].properties.kind, set()).add(marker)
    assert all(len(markers) == 1 for markers in found.values())
    return {kind: markers.pop() for kind, markers in found.items()}


def qml_markers(atlas: Atlas) -> dict[str, tuple[Marker, float]]:
    """QGIS's place markers by kind, with their size in web px."""
    markers = {}
    for label, symbol in qml_rules(layer_qml(select(atlas, ALL), "places")).items():
        options = qml_options(symbol)
        fill, outline = (
            "#{:02x}{:02x}{:02x}".format(*(int(n) for n in options[name].split(",")[:3]))
            for name in ("color", "outline_color")
        )
        kind = next((k for k, s in PLACE_KIND.items() if s.label == label), None)
        if kind is None:
            continue  # a gauge-break ring (test_gauge_rings_…)
        markers[kind] = (Marker(options["name"], fill, outline), float(options["size"]) / MM_PER_PX)
    return markers


def kml_tints(document: ET.Element) -> dict[str, tuple[str, float]]:
    tints = {}
    for style in document.iter(f"{KML}Style"):
        if style.get("id").startswith("place-"):
            aabbggrr = style.find(f"{KML}IconStyle").findtext(f"{KML}color")
            colour = f"#{aabbggrr[6:8]}{aabbggrr[4:6]}{aabbggrr[2:4]}"
            tints[style.get("id").removeprefix("place-")] = (colour, int(aabbggrr[:2], 16) / 255)
    return tints


def test_every_place_kind_has_one_marker_on_the_map_its_legend_the_png_qgis_and_kml(
    atlas, map_html, legend, picture, kml
):
    png, qgis, tints = png_markers(atlas, picture), qml_markers(atlas), kml_tints(kml)
    for kind, style in PLACE_KIND.items():
        sizes = re.findall(rf'"icon_class": "place-marker place-{kind} [^"]*", "icon_size": \[(\d+), \1\]', map_html)
        assert sizes and set(sizes) == {str(style.marker_px)}, kind
        assert f'class="legend-icon place-marker place-{kind}"' in legend, kind
        web = css_marker(kind)
        assert web == Marker(style.shape, style.fill, style.outline), kind
        assert png[kind] == web, kind
        assert qgis[kind][0] == web, kind
        assert qgis[kind][1] == pytest.approx(style.marker_px, abs=0.2), kind
        assert tints[kind] == (web.outline if web.fill == "#ffffff" else web.fill, 1.0), kind


def qml_rings(atlas: Atlas) -> dict[bool, list[str]]:
    """QGIS's gauge-break rings, by whether the break is certain: [width px, solid or dashed, colour]."""
    rings = {}
    for label, symbol in qml_rules(layer_qml(select(atlas, ALL), "places")).items():
        if "gauge" in label:
            options = qml_options(symbol)
            red, green, blue, _ = (int(n) for n in options["outline_color"].split(","))
            assert options["color"].endswith(",0"), "a ring, not a disc"
            width = f"{float(options['outline_width']) / MM_PER_PX:.0f}px"
            style = {"solid": "solid", "dash": "dashed"}[options["outline_style"]]
            rings["possible" not in label] = [width, style, f"#{red:02x}{green:02x}{blue:02x}"]
    return rings


def test_gauge_rings_are_the_same_on_the_map_its_legend_the_png_and_qgis(atlas, picture):
    rules = css_rules()
    web = {
        True: rules[".gauge-break"]["border"].split(),
        False: rules[".gauge-break.gauge-break-undecided"]["border"].split(),
    }
    for certain, ring in GAUGE_RING.items():
        assert web[certain] == [f"{ring.width_px:g}px", "dashed" if ring.dashed else "solid", ring.colour]
    qgis = qml_rings(atlas)
    assert qgis and all(qgis[certain] == web[certain] for certain in qgis)
    breaks = {b.place_id: b for b in breaks_on_map(atlas, list(atlas.corridors))}
    drawn = [c for c in picture.figure.axes[0].collections if (c.get_gid() or "").startswith("gauge-break:")]
    assert len(drawn) == len(breaks) > 0
    for collection in drawn:
        certain = breaks[collection.get_gid().removeprefix("gauge-break:")].certain
        width_px, dashing, colour = web[certain]
        assert _hex(collection.get_edgecolor()[0]) == colour
        assert collection.get_facecolor().size == 0, "a ring, not a disc"
        assert collection.get_linewidth()[0] == pytest.approx(float(width_px.removesuffix("px")) * PT_PER_PX)
        pieces = int(np.count_nonzero(collection.get_paths()[0].codes == 1))  # MOVETO: one per dash
        assert (pieces > 1) == (dashing == "dashed")


def test_place_names_are_in_the_same_ink_and_halo_on_the_map_the_png_and_qgis(atlas, picture):
    properties = css_rules()[":root"]
    ink, halo = properties["--label-ink"], properties["--label-halo"]
    annotations = [t for t in picture.figure.axes[0].texts if isinstance(t, Annotation)]
    assert annotations, "the PNG names places"
    assert {_hex(t.get_color()) for t in annotations} == {ink}
    assert {_hex(t.get_bbox_patch().get_facecolor()) for t in annotations} == {halo}
    labeling = ET.fromstring(layer_qml(select(atlas, ALL), "places").split("\n", 1)[1]).find("labeling")
    text_style = labeling.find("settings/text-style")
    rgb = "#{:02x}{:02x}{:02x}"
    assert rgb.format(*(int(n) for n in text_style.get("textColor").split(",")[:3])) == ink
    buffer = text_style.find("text-buffer").get("bufferColor")
    assert rgb.format(*(int(n) for n in buffer.split(",")[:3])) == halo
