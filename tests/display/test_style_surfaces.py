"""Every surface draws a line and a place as the style table says: for every status, alignment and place kind,
the web map's GeoJSON style, its HTML legend, the PNG, the KML and the QGIS style (QML) agree on colour, width
and dashes, and the markers on shape, fill and outline. On every surface the three alignments are drawn apart
(schematic the faintest) and each alternative route of a corridor has its own symbol."""

from __future__ import annotations

import dataclasses
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
from corridor.display.vocab import (
    ALIGNMENT,
    GAUGE_RING,
    PLACE_KIND,
    STATUS,
    alternative_style,
    kml_line_colour,
)
from corridor.exports.formats import ALL
from corridor.exports.kml import kml_bytes
from corridor.exports.layers import select
from corridor.exports.styles import MM_PER_PX, SHARED_LEG, layer_qml
from corridor.maps.legend import legend_html
from corridor.maps.picture import PRINT_DASH_SCALE, PT_PER_PX, draw_picture
from corridor.maps.picture_legend import MPL_MARKERS, Cased, legend_handles
from corridor.maps.render import OPTIONAL_LAYERS, breaks_on_map, places_on_map, render_map_html

KML = "{http://www.opengis.net/kml/2.2}"
SVG = "{http://www.w3.org/2000/svg}"
STYLE_JSON = re.compile(r'"style": (\{[^{}]*\})')
LEGEND_SWATCH = re.compile(r"<li[^>]*><svg[^>]*>((?:<line [^>]*/>)+)</svg> <span>([^<]*)</span></li>")
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


def map_lines(map_html: str, kind: str) -> dict[tuple[str, str], Line]:
    """A map document's GeoJSON line styles of one kind (`seg`: the lines, `casing`: the casings under
    alternative routes), by (segment id, corridor id or `context`)."""
    lines = {}
    for found in STYLE_JSON.findall(map_html):
        style = json.loads(found)
        classes = style.get("className", "").split()
        if kind in classes:
            segment = next(c.removeprefix(f"{kind}-") for c in classes if c.startswith(f"{kind}-"))
            of = "corridor-" if kind == "seg" else "under-corridor-"
            corridor = next((c.removeprefix(of) for c in classes if c.startswith(of)), "context")
            line = Line(style["color"], style["weight"], style["opacity"], _dash(style["dashArray"]), style["offset"])
            lines[(segment, corridor)] = line
    return lines


@pytest.fixture(scope="module")
def web(map_html) -> dict[tuple[str, str], Line]:
    """The overview map's lines, by (segment id, corridor id or `context`)."""
    return map_lines(map_html, "seg")


@pytest.fixture(scope="module")
def web_casings(map_html) -> dict[tuple[str, str], Line]:
    """The overview map's casings under alternative routes, by (segment id, corridor id)."""
    return map_lines(map_html, "casing")


@pytest.fixture(scope="module")
def picture(atlas):
    return draw_picture(atlas)


@pytest.fixture(scope="module")
def picture_svg(picture) -> ET.Element:
    """The PNG's figure written as SVG (ids are the artists' gids)."""
    buffer = io.StringIO()
    picture.figure.savefig(buffer, format="svg")
    return ET.fromstring(buffer.getvalue())


def svg_lines(document: ET.Element, kind: str) -> dict[tuple[str, str], Line]:
    """The PNG's lines of one kind (`segment`, `casing`) in web px, by (segment id, corridor id or `context`)."""
    lines = {}
    for group in document.iter(f"{SVG}g"):
        if not group.get("id", "").startswith(f"{kind}:"):
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
def png_lines(picture_svg) -> dict[tuple[str, str], Line]:
    return svg_lines(picture_svg, "segment")


@pytest.fixture(scope="module")
def png_casings(picture_svg) -> dict[tuple[str, str], Line]:
    return svg_lines(picture_svg, "casing")


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


def qml_layers(symbol: ET.Element) -> list[Line]:
    """A QML line symbol's layers, drawn first to last: an alternative route's casing, then its line."""
    return [qml_line(layer) for layer in symbol.iter("layer")]


def qml_line(layer: ET.Element, alpha: str | None = None) -> Line:
    """One SimpleLine layer (or a symbol's last) as a Line, with its symbol's opacity."""
    if layer.tag == "symbol":
        alpha, layer = layer.get("alpha"), list(layer.iter("layer"))[-1]
    options = qml_options(layer)
    red, green, blue, _ = (int(n) for n in options["line_color"].split(","))
    dash = _dash(options["customdash"], MM_PER_PX) if options["use_custom_dash"] == "1" else ()
    width_px, offset_px = (float(options[name]) / MM_PER_PX for name in ("line_width", "offset"))
    return Line(f"#{red:02x}{green:02x}{blue:02x}", width_px, float(alpha or 1), dash, offset_px)


def legend_swatches(legend: str) -> dict[str, tuple[Line, ...]]:
    """The web legend's line samples by label, each the lines of its swatch, drawn first to last (an alternative
    route's casing, then its line; a shared leg's two lines)."""
    samples = {}
    for lines, label in LEGEND_SWATCH.findall(legend):
        swatch = []
        for line in re.findall(r"<line [^>]*/>", lines):
            attributes = dict(re.findall(r'([a-z-]+)="([^"]*)"', line))
            swatch.append(
                Line(
                    attributes["stroke"],
                    float(attributes["stroke-width"]),
                    float(attributes["stroke-opacity"]),
                    _dash(attributes.get("stroke-dasharray")),
                )
            )
        samples[label] = tuple(swatch)
    return samples


def legend_lines(legend: str) -> dict[str, Line]:
    """The web legend's samples of one line by label."""
    return {label: swatch[0] for label, swatch in legend_swatches(legend).items() if len(swatch) == 1}


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


def qml_segment_rules(atlas: Atlas, web: dict[tuple[str, str], Line]) -> dict[str, tuple[ET.Element, list]]:
    """The QGIS segment rules by label, each with its symbol and the web map's lines it matches (its corridor,
    status, alignment and alternative route, read from the label)."""
    rules = qml_rules(layer_qml(select(atlas, ALL), "segments"))
    names = {c.name: c.id for c in atlas.corridors.values()}
    labels = {s.label: key for key, s in STATUS.items()}
    found = {}
    for label, symbol in rules.items():
        owner, style = label.split(": ", 1)
        style, shared_with, _ = style.partition(SHARED_LEG)
        status_label, alignment, *variant = style.split(", ")
        corridor = names.get(owner, "context")
        found[label] = (
            symbol,
            [
                key
                for key in web
                if key[1] == corridor
                and (len(atlas.segments[key[0]].properties.corridors) > 1) == bool(shared_with)
                and atlas.segments[key[0]].properties.status == labels[status_label]
                and atlas.segments[key[0]].properties.alignment == alignment
                and atlas.segments[key[0]].properties.variant
                == (variant[0].removeprefix("alternative route ") if variant else None)
            ],
        )
    return found


def test_qgis_style_draws_every_line_as_the_web_map_does(atlas, web):
    checked, drawn = set(), set()
    rules = qml_segment_rules(atlas, web)
    for label, (symbol, matching) in rules.items():
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
        rank = atlas.index.alternative_rank(atlas.segments[segment], _first_corridor(atlas, segment))
        assert colour == kml_line_colour({"color": drawn.colour}, alternative_style(rank)), segment
        assert width == pytest.approx(drawn.width_px * factors.kml_width, abs=0.05), segment
        assert opacity == pytest.approx(drawn.opacity * factors.kml_opacity, abs=1 / 255), segment


def test_legend_samples_each_status_and_the_schematic_fading_as_the_lines_are_drawn(atlas, web, legend):
    samples = legend_lines(legend)
    for status, style in STATUS.items():
        sample = samples[style.label]
        assert sample.width_px == style.weight_px
        drawn = {line.dash_px for key, line in web.items() if atlas.segments[key[0]].properties.status == status}
        assert drawn == {sample.dash_px}, status
    for alignment, style in ALIGNMENT.items():
        drawn = {line.opacity for key, line in web.items() if atlas.segments[key[0]].properties.alignment == alignment}
        assert drawn == {style.opacity}, alignment
        assert samples[style.label].opacity == style.opacity, alignment
        assert samples[style.label].width_px == STATUS["existing"].weight_px * style.weight_factor, alignment
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


def apart_by_alignment(atlas: Atlas, drawn: dict[Any, tuple[str, float, float]]) -> None:
    """Lines of one corridor and status (`drawn`: key -> (segment id, width, opacity)) are drawn apart by their
    alignment: each alignment one look, no two alike, schematic the faintest and thinnest. Asserts that the
    bundled data draw all three in at least one such group."""
    groups: dict[tuple[str, str], dict[str, set[tuple[float, float]]]] = {}
    for segment_id, width, opacity in drawn.values():
        props = atlas.segments[segment_id].properties
        group = groups.setdefault((_first_corridor(atlas, segment_id), props.status), {})
        group.setdefault(props.alignment, set()).add((round(width, 2), round(opacity, 3)))
    complete = 0
    for key, looks in groups.items():
        assert all(len(look) == 1 for look in looks.values()), (key, looks)
        single = {alignment: next(iter(look)) for alignment, look in looks.items()}
        assert len(set(single.values())) == len(single), (key, single)
        if "schematic" in single:
            assert all(single["schematic"] < look for a, look in single.items() if a != "schematic"), (key, single)
        complete += len(single) == len(ALIGNMENTS)
    assert complete, "no corridor draws all three alignments in one status"


def test_the_three_alignments_are_drawn_apart_on_every_surface(atlas, web, png_lines, kml, legend, picture):
    plain = {k: v for k, v in web.items() if not atlas.segments[k[0]].properties.variant}
    apart_by_alignment(atlas, {k: (k[0], line.width_px, line.opacity) for k, line in plain.items()})
    apart_by_alignment(atlas, {k: (k[0], png_lines[k].width_px, png_lines[k].opacity) for k in plain})
    apart_by_alignment(atlas, {s: (s, w, o) for s, (_, w, o) in kml_lines(atlas, kml).items()})
    qgis = {}
    for symbol, matching in qml_segment_rules(atlas, plain).values():
        qgis |= {key: (key[0], qml_line(symbol).width_px, qml_line(symbol).opacity) for key in matching}
    assert qgis.keys() == plain.keys()
    apart_by_alignment(atlas, qgis)
    samples = legend_lines(legend)
    web_legend = {a: (samples[s.label].width_px, samples[s.label].opacity) for a, s in ALIGNMENT.items()}
    handles = [h for h in legend_handles(atlas, list(atlas.corridors), [])["Status and how sure (line style)"]]
    labels = {s.label: a for a, s in ALIGNMENT.items()}
    png_legend = {
        labels[h.get_label().replace("\n", " ")]: (h.get_linewidth() / PT_PER_PX, h.get_alpha())
        for h in handles
        if not isinstance(h, tuple) and h.get_label().replace("\n", " ") in labels
    }
    for looks in (web_legend, png_legend):
        assert looks.keys() == set(ALIGNMENTS)
        assert len(set(looks.values())) == 3
        assert looks["schematic"] < looks["approximate"] < looks["surveyed"]


def alternatives(atlas: Atlas) -> dict[str, list[tuple[str, str]]]:
    """Each alternative route's drawn lines, (segment id, corridor id), by its name."""
    found: dict[str, list[tuple[str, str]]] = {}
    for corridor_id in atlas.corridors:
        for segment in atlas.corridor_segments(corridor_id):
            if segment.properties.variant:
                found.setdefault(segment.properties.variant, []).append((segment.id, corridor_id))
    return found


def one_symbol_each(symbols: dict[str, set[Any]]) -> None:
    """Every alternative drawn with one symbol along its whole length, and no two with the same."""
    assert all(len(symbol) == 1 for symbol in symbols.values()), symbols
    assert len({next(iter(symbol)) for symbol in symbols.values()}) == len(symbols) >= 2, symbols


def test_each_alternative_route_has_its_own_symbol_on_every_surface(
    atlas, web, web_casings, png_lines, png_casings, kml, legend
):
    routes = alternatives(atlas)
    assert sorted(routes) == ["via Kabul–Torkham", "via Logar–Kharlachi"]
    assert set(web_casings) < {key for keys in routes.values() for key in keys}, "only alternatives are cased"
    one_symbol_each({name: {(web[k], web_casings.get(k)) for k in keys} for name, keys in routes.items()})
    one_symbol_each({name: {(png_lines[k], png_casings.get(k)) for k in keys} for name, keys in routes.items()})
    for keys in routes.values():  # the PNG draws each alternative (and its casing) as the web map does
        for key in keys:
            assert close(png_lines[key], web[key]), key
            assert (key in png_casings) == (key in web_casings), key
            assert key not in web_casings or close(png_casings[key], web_casings[key]), key
    drawn_kml = kml_lines(atlas, kml)
    one_symbol_each({name: {drawn_kml[s] for s, _ in keys} for name, keys in routes.items()})
    rules = qml_rules(layer_qml(select(atlas, ALL), "segments"))
    qgis = {
        name: [symbol for label, symbol in rules.items() if label.endswith(f"alternative route {name}")]
        for name in routes
    }
    one_symbol_each({name: {tuple(qml_layers(s)) for s in symbols} for name, symbols in qgis.items()})
    for name, symbols in qgis.items():  # QGIS: the casing under the line, as the web map draws both
        key = routes[name][0]
        layers = qml_layers(symbols[0])
        assert close(qml_line(symbols[0]), web[key]) and len(layers) == 1 + (key in web_casings), name
        if key in web_casings:
            assert close(dataclasses.replace(layers[0], opacity=float(symbols[0].get("alpha"))), web_casings[key])
    swatches = legend_swatches(legend)
    web_legend = {name: swatches[f"alternative route {name}"] for name in routes}
    assert len(set(web_legend.values())) == len(routes)
    for name, swatch in web_legend.items():  # the legend's swatch: the line over its casing, as drawn
        key = routes[name][0]
        assert swatch[-1].colour == web[key].colour and swatch[-1].dash_px == web[key].dash_px, name
        assert len(swatch) == 1 + (key in web_casings), name
        if key in web_casings:
            assert swatch[0].colour == web_casings[key].colour, name
            assert swatch[0].width_px - swatch[-1].width_px == pytest.approx(
                web_casings[key].width_px - web[key].width_px
            ), name
    handles = legend_handles(atlas, list(atlas.corridors), [])["Corridors (colour)"]
    png_legend = {}
    for handle in handles:
        lines = handle if isinstance(handle, Cased) else (handle,)
        label = lines[-1].get_label().replace("\n", " ")
        if label.startswith("alternative route "):
            png_legend[label.removeprefix("alternative route ")] = tuple(
                (_hex(line.get_color()), round(line.get_linewidth() / PT_PER_PX, 2)) for line in lines
            )
    assert png_legend.keys() == routes.keys() and len(set(png_legend.values())) == len(routes)
    for name, swatch in png_legend.items():
        assert swatch == tuple((line.colour, line.width_px) for line in web_legend[name]), name
