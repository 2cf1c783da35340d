"""build_map(atlas, ...) -> folium.Map: corridor lines, places, gauge breaks, legend and layers, offline first.

Every popup and tooltip is escaped HTML: tooltips carried in GeoJSON feature properties, popups in one JSON
table keyed by the features' `popup` property (serialised as JSON either way) and bound by one small JavaScript
function, so quotes, backticks and `<script>` in the data stay text. A served map names where its popup table
and the data of its layers that open switched off are (`MapAssets`: fetched on first use, `popup_table` and
`railways_data` make them); a map without those URLs (the single file) carries them inline. The default
basemap is drawn from the bundled Natural Earth countries; Leaflet's JS and CSS come from `MapAssets`, so a
map makes no request to another host unless a reader switches on an online layer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import folium
from folium.elements import Element
from markupsafe import Markup, escape
from shapely.geometry import LineString

from corridor.atlas.geometry import GaugeBreak, atlas_bounds, bounds_of, gauge_breaks
from corridor.atlas.load import Atlas
from corridor.atlas.model import Corridor, Fact, Segment
from corridor.atlas.network import crossings_of_corridor, shut_crossings
from corridor.atlas.resources import STATIC_DIR
from corridor.atlas.timeline import atlas_on, facts_as_of
from corridor.display.captions import caption_date, map_title
from corridor.display.css import vocabulary_css
from corridor.display.links import Links
from corridor.display.vocab import (
    BORDER_COLOUR,
    LAND_COLOUR,
    NATURAL_EARTH,
    PLACE_KIND,
    REFERENCE_RAILWAY,
    ROUTE_STYLES,
    SEA_COLOUR,
    alternative_style,
    casing_style,
    segment_style,
)
from corridor.maps.basemap import Basemap, basemap_of, railroads_in, view_limits
from corridor.maps.elements import AttributedGroup, DeferredGeoJsonLayer, GeoJsonLayer, figure_of
from corridor.maps.frame import CooperativeGestures, FrameCaption
from corridor.maps.labels import KEY, key_places, label_html, label_order, label_rank, label_texts
from corridor.maps.legend import legend_html
from corridor.maps.popups import (
    MAP_FACT_KINDS,
    corridor_facts_html,
    gauge_break_popup,
    place_popup,
    place_tooltip,
    segment_popup,
    segment_tooltip,
)
from corridor.maps.scripts import BIND_FEATURE, DIV_ICON_MARKER, MapKit, MapSetup, PopupTable

MAX_PERMANENT_LABELS = 200
"""Beyond this many, places name themselves on hover only: each name is placed again on every zoom and pan,
and thousands of them take seconds to draw (bench/scale.py)."""
RAILROADS_MARGIN_DEG = 2.0
GAUGE_RING_PX = 26
VARIANT_LABEL_ORDER = 10_000
"""Names of alternative routes are placed after the key places' names, before the others'."""
OPTIONAL_LAYERS: dict[str, str] = {
    "places": "place markers",
    "gauge-breaks": "gauge break rings",
    "alternatives": "alternative routes",
    "context": "connecting railways",
    "railways": "Natural Earth railways",
    "openrailwaymap": "OpenRailwayMap tiles (online)",
}
"""Layers a map may start with switched on or off; corridor lines are always on."""
DEFAULT_LAYERS = frozenset({"places", "gauge-breaks", "alternatives", "context"})
BASEMAPS: dict[str, str] = {
    "natural-earth": "Natural Earth, bundled (offline)",
    "openstreetmap": "OpenStreetMap tiles (online)",
}


@dataclass(frozen=True)
class MapStyle:
    """What the map shows when it opens: optional layers switched on (the others stay in the layer control),
    the basemap and the legend."""

    layers: frozenset[str] = DEFAULT_LAYERS
    basemap: str = "natural-earth"
    legend: bool = True
    gestures: bool = False
    """Cooperative gestures, for a map inside someone else's page (`corridor.maps.frame`)."""
    caption: bool = False
    """The map's title and the date it is drawn for, over its top edge."""


@dataclass(frozen=True)
class MapAssets:
    """Where the map page loads Leaflet, the map stylesheet and (when opened on its own) its tab icon from."""

    leaflet_js: str
    leaflet_css: str
    map_css: str
    icon_svg: str | None = None
    popups_url: str | None = None
    """Where the popup table (`popup_table` at the map's date and links) is fetched from when the first popup
    opens; None: inline."""
    railways_url: str | None = None
    """Where the Natural Earth railways (`railways_data`) are fetched from when first shown; None: inline."""


def leaflet_dir() -> Path:
    """Where the installed xstatic package keeps Leaflet's JS, CSS and images."""
    import xstatic.pkg.leaflet

    return Path(xstatic.pkg.leaflet.BASE_DIR)


def local_assets() -> MapAssets:
    """file:// URLs of the installed Leaflet (xstatic) and static/map.css, for a map written to disk."""
    return MapAssets(
        leaflet_js=(leaflet_dir() / "leaflet.js").as_uri(),
        leaflet_css=(leaflet_dir() / "leaflet.css").as_uri(),
        map_css=(STATIC_DIR / "map.css").as_uri(),
    )


def _feature(geometry: dict[str, Any], **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def _styled(features: list[dict[str, Any]], style: dict[str, Any]) -> dict[str, Any]:
    for feature in features:
        feature["properties"]["style"] = style
    return _collection(features)


def _add_basemaps(m: folium.Map, atlas: Atlas, shown: str) -> None:
    """Offline Natural Earth land, sea, borders and the areas that name countries and seas (named by
    static/map/area-names.js); OpenStreetMap tiles (online); `shown` picks one."""
    basemap = basemap_of(atlas.reference)
    # The attribution on the group, not on its GeoJSON layers: Leaflet gives a GeoJSON layer's options to each of
    # its features, and the attribution box is rewritten (innerHTML) for every feature added that carries one.
    offline = AttributedGroup(
        name="Offline basemap (Natural Earth)",
        overlay=False,
        show=shown == "natural-earth",
        attribution=NATURAL_EARTH,
    ).add_to(m)
    layers = (
        (basemap.sea, {"stroke": False, "fillColor": SEA_COLOUR, "fillOpacity": 1, "className": "sea"}),
        (basemap.land, {"stroke": False, "fillColor": LAND_COLOUR, "fillOpacity": 1, "className": "land"}),
        (basemap.borders, {"color": BORDER_COLOUR, "weight": 1, "className": "border"}),
        (basemap.seas, {"stroke": False, "fill": False, "className": "sea-name-area"}),
    )
    for encoded, style in layers:
        data = _styled(Basemap.features(encoded), style)
        GeoJsonLayer(data, pane="basemap", interactive=False, on_each_feature=BIND_FEATURE).add_to(offline)
    folium.TileLayer(
        "OpenStreetMap", name="OpenStreetMap (online)", overlay=False, show=shown == "openstreetmap"
    ).add_to(m)


def _add_online_railways(m: folium.Map, show: bool) -> None:
    folium.TileLayer(
        tiles="https://{s}.tiles.openrailwaymap.org/standard/{z}/{x}/{y}.png",
        attr='Style: <a href="https://www.openrailwaymap.org/">OpenRailwayMap</a> (CC-BY-SA); '
        'data © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        name="OpenRailwayMap (online)",
        max_zoom=19,
        overlay=True,
        show=show,
    ).add_to(m)


def railways_data(atlas: Atlas) -> dict[str, Any]:
    """The Natural Earth railways around the atlas (a margin of RAILROADS_MARGIN_DEG), styled: the same on every
    map of a data version."""
    min_lon, min_lat, max_lon, max_lat = atlas_bounds(atlas)
    clip = (
        min_lon - RAILROADS_MARGIN_DEG,
        min_lat - RAILROADS_MARGIN_DEG,
        max_lon + RAILROADS_MARGIN_DEG,
        max_lat + RAILROADS_MARGIN_DEG,
    )
    return _styled(Basemap.features(railroads_in(atlas.reference, clip)), dict(REFERENCE_RAILWAY))


def _add_reference_railways(m: folium.Map, atlas: Atlas, show: bool, url: str | None) -> None:
    # In a group carrying the attribution, as the basemap's layers are (see _add_basemaps).
    group = AttributedGroup(name="Railways in Natural Earth", show=show, attribution=NATURAL_EARTH).add_to(m)
    if show:
        GeoJsonLayer(railways_data(atlas), pane="railways", interactive=False, control=False).add_to(group)
    else:
        data = url if url is not None else railways_data(atlas)
        DeferredGeoJsonLayer(data, pane="railways", interactive=False, control=False).add_to(group)


@dataclass(frozen=True)
class Drawing:
    """What every layer builder needs: the data, the facts each popup lists, and where links point."""

    atlas: Atlas
    facts: dict[str, list[Fact]]
    links: Links
    shown: tuple[str, ...]
    style: MapStyle
    popups: PopupTable
    as_of: dt.date | None = None


def popup_facts(atlas: Atlas, as_of: dt.date | None) -> dict[str, list[Fact]]:
    """What popups list, as announced by `as_of`: each place's and segment's facts, and of each corridor's
    (`AtlasIndex.facts_of` decides which belong where) those of the kinds a map shows (all when none is)."""
    found = {s: facts_as_of(atlas, atlas.index.facts_of(s), as_of) for s in [*atlas.places, *atlas.segments]}
    for corridor_id in atlas.corridors:
        about = facts_as_of(atlas, atlas.index.facts_of(corridor_id), as_of)
        found[corridor_id] = [f for f in about if f.kind in MAP_FACT_KINDS] or about
    return found


def _segment_popup(drawing: Drawing, segment: Segment) -> Markup:
    facts = drawing.facts
    counts = {c: len(facts.get(c, [])) for c in segment.properties.corridors}
    return segment_popup(drawing.atlas, segment, facts.get(segment.id, []), drawing.links, drawing.as_of, counts)


def _place_popup(drawing: Drawing, place_id: str) -> Markup:
    place = drawing.atlas.places[place_id]
    return place_popup(drawing.atlas, place, drawing.facts.get(place_id, []), drawing.links, drawing.as_of)


def _gauge_break_key(gauge_break: GaugeBreak) -> str:
    """Named by what it says: two corridors meeting at one place may see different gauges there."""
    gauges = "-".join(str(g) for g in gauge_break.gauges_mm) + ("-undecided" if gauge_break.undecided else "")
    return f"gauge-break:{gauge_break.place_id}:{gauges}"


def _segment_feature(drawing: Drawing, segment: Segment, corridor: Corridor | None) -> dict[str, Any]:
    return _feature(
        segment.geometry.model_dump(),
        id=segment.id,
        segment_id=segment.id,
        style=segment_style(segment, corridor, drawing.shown),
        popup=drawing.popups.add("features", f"segment:{segment.id}", lambda: _segment_popup(drawing, segment)),
        tooltip_html=str(segment_tooltip(segment)),
    )


def _casing_features(drawing: Drawing, segments: list[Segment], corridor: Corridor | None) -> list[dict[str, Any]]:
    """The casings that tell a corridor's alternative routes apart, drawn under the lines; they take no click
    (static/map.css), the line above them does."""
    features = []
    for segment in segments:
        rank = drawing.atlas.index.alternative_rank(segment, corridor.id if corridor else None)
        casing = casing_style(segment_style(segment, corridor, drawing.shown), alternative_style(rank))
        if casing is not None:
            features.append(_feature(segment.geometry.model_dump(), casing_of=segment.id, style=casing))
    return features


def _segment_layer(
    drawing: Drawing, name: str, segments: list[Segment], corridor: Corridor | None, **options: Any
) -> GeoJsonLayer:
    features = _casing_features(drawing, segments, corridor) + [
        _segment_feature(drawing, s, corridor) for s in segments
    ]
    # Leaflet's layer control sets names with innerHTML: escape them.
    return GeoJsonLayer(_collection(features), name=str(escape(name)), on_each_feature=BIND_FEATURE, **options)


def _add_corridor_popups(drawing: Drawing) -> None:
    atlas, facts, links = drawing.atlas, drawing.facts, drawing.links
    for c in atlas.corridors:
        drawing.popups.add("corridors", c, partial(corridor_facts_html, atlas, c, facts.get(c, []), links))


def _add_corridors(m: folium.Map, drawing: Drawing) -> None:
    for corridor in drawing.atlas.corridors.values():
        segments = drawing.atlas.corridor_segments(corridor.id)
        main = [s for s in segments if not s.properties.variant]
        variants = [s for s in segments if s.properties.variant]
        show = corridor.id in drawing.shown
        if main:
            _segment_layer(drawing, corridor.name, main, corridor, show=show).add_to(m)
        if variants:
            name = f"{corridor.name}: alternative routes"
            show_variants = show and "alternatives" in drawing.style.layers
            _segment_layer(drawing, name, variants, corridor, show=show_variants).add_to(m)


def _add_context(m: folium.Map, drawing: Drawing) -> None:
    context = [s for s in drawing.atlas.segments.values() if s.properties.role == "context"]
    if context:
        name = "Connecting railways (context)"
        show = "context" in drawing.style.layers
        _segment_layer(drawing, name, context, None, pane="context", show=show).add_to(m)


@dataclass(frozen=True)
class Highlight:
    """A route drawn as a thick band under the lines; `kind` (a ROUTE_STYLES key) sets colour and width."""

    kind: str
    label: str
    segments: tuple[Segment, ...]


def _add_highlights(m: folium.Map, highlights: Sequence[Highlight]) -> None:
    # Under the corridor and context lines, so their colours and dashes stay readable on top of the band.
    folium.map.CustomPane("routes", z_index=340, pointer_events=False).add_to(m)
    for highlight in highlights:
        colour, weight = ROUTE_STYLES[highlight.kind]
        style = {
            "color": colour,
            "weight": weight,
            "opacity": 0.6,
            "lineCap": "round",
            "lineJoin": "round",
            "className": f"route route-{highlight.kind}",
        }
        features = [_feature(s.geometry.model_dump(), id=s.id) for s in highlight.segments]
        name = str(escape(highlight.label))
        GeoJsonLayer(_styled(features, style), name=name, pane="routes", interactive=False).add_to(m)


def places_on_map(atlas: Atlas, corridor_id: str | None) -> list[str]:
    """Every place on the overview; on a corridor map, the places its segments join and the border crossings
    they pass."""
    if corridor_id is None:
        return list(atlas.places)
    segments = atlas.corridor_segments(corridor_id)
    shown = {p for s in segments for p in (s.properties.from_place, s.properties.to_place)}
    shown.update(crossings_of_corridor(atlas, corridor_id))
    return [place_id for place_id in atlas.places if place_id in shown]


def _place_feature(
    drawing: Drawing, place_id: str, labels: bool, key: set[str], ringed: set[str], place_ids: list[str], order: int
) -> dict[str, Any]:
    place = drawing.atlas.places[place_id]
    kind = place.properties.kind
    size = PLACE_KIND[kind].marker_px
    shut = " crossing-shut" if place_id in shut_crossings(drawing.atlas, drawing.as_of) else ""
    texts = label_texts(drawing.atlas, place_id, place_ids) if labels else []
    return _feature(
        place.geometry.model_dump(),
        id=place.id,
        icon_class=f"place-marker place-{kind} place-{place.id}{shut}",
        icon_size=[size, size],
        z_offset=1000,
        popup=drawing.popups.add("features", f"place:{place.id}", lambda: _place_popup(drawing, place_id)),
        tooltip_html=str(place_tooltip(place)),
        search_name=place.properties.name,
        label_html=label_html(texts[0][0]) if texts else None,
        label_more=[{"html": label_html(text), "names": names} for text, names in texts[1:]],
        label_rank=label_rank(drawing.atlas, place_id, key),
        label_order=order,
        label_names=texts[0][1] if texts else None,
        marker_px=max(size, GAUGE_RING_PX if place_id in ringed else 0),
    )


def _add_places(m: folium.Map, drawing: Drawing, place_ids: list[str], ringed: set[str]) -> None:
    key = key_places(drawing.atlas, drawing.shown)
    labels = len(place_ids) <= MAX_PERMANENT_LABELS
    features = [
        _place_feature(drawing, p, labels, key, ringed, place_ids, order)
        for order, p in enumerate(label_order(drawing.atlas, place_ids, key))
    ]
    GeoJsonLayer(
        _collection(features),
        name="Places",
        point_to_layer=DIV_ICON_MARKER,
        on_each_feature=BIND_FEATURE,
        show="places" in drawing.style.layers,
    ).add_to(m)


VARIANT_ANCHOR_AT = (0.3, 0.5, 0.7)
"""Where along each segment of an alternative route its name may go (fractions of the segment's length)."""


def _variant_name_feature(variant: str, segments: list[Segment]) -> dict[str, Any]:
    """An unmarked point on an alternative route carrying its name as a key label, with points along its
    segments (the route's middle first) as the places along the line where the name may go."""
    middles = [
        LineString(s.geometry.coordinates).interpolate(at, normalized=True).coords[0]
        for s in segments
        for at in VARIANT_ANCHOR_AT
    ]
    centre = (len(middles) - 1) / 2
    ordered = sorted(range(len(middles)), key=lambda i: abs(i - centre))
    lon, lat = middles[ordered[0]]
    return _feature(
        {"type": "Point", "coordinates": [lon, lat]},
        id=f"variant-{variant}",
        icon_class="variant-anchor",
        icon_size=[1, 1],
        label_html=str(escape(variant)),
        label_rank=KEY,
        label_names=[],
        marker_px=0,
        label_order=VARIANT_LABEL_ORDER,
        label_anchors=[[middles[i][1], middles[i][0]] for i in ordered],
    )


def _add_variant_names(m: folium.Map, drawing: Drawing) -> None:
    """Each alternative route's name on the map, beside its line."""
    features = []
    for corridor_id in drawing.shown:
        variants: dict[str, list[Segment]] = {}
        for segment in drawing.atlas.corridor_segments(corridor_id):
            if segment.properties.variant:
                variants.setdefault(segment.properties.variant, []).append(segment)
        features += [_variant_name_feature(v, segments) for v, segments in variants.items()]
    if features:
        GeoJsonLayer(
            _collection(features),
            name="Names of alternative routes",
            point_to_layer=DIV_ICON_MARKER,
            on_each_feature=BIND_FEATURE,
            show="alternatives" in drawing.style.layers,
        ).add_to(m)


def breaks_on_map(atlas: Atlas, corridor_ids: list[str]) -> list[GaugeBreak]:
    """Gauge breaks of the given corridors, one per place."""
    found: dict[str, GaugeBreak] = {}
    for corridor_id in corridor_ids:
        for gauge_break in gauge_breaks(atlas.corridor_segments(corridor_id)):
            found.setdefault(gauge_break.place_id, gauge_break)
    return [found[p] for p in sorted(found) if p in atlas.places]


def _gauge_break_feature(atlas: Atlas, gauge_break: GaugeBreak, popups: PopupTable) -> dict[str, Any]:
    html = gauge_break_popup(atlas, gauge_break)
    return _feature(
        atlas.places[gauge_break.place_id].geometry.model_dump(),
        id=gauge_break.place_id,
        icon_class="gauge-break" + ("" if gauge_break.certain else " gauge-break-undecided"),
        icon_size=[26, 26],
        popup=popups.add("features", _gauge_break_key(gauge_break), lambda: html),
        tooltip_html=str(html),
    )


def _add_gauge_breaks(m: folium.Map, drawing: Drawing, breaks: list[GaugeBreak], show: bool) -> None:
    features = [_gauge_break_feature(drawing.atlas, b, drawing.popups) for b in breaks]
    GeoJsonLayer(
        _collection(features),
        name="Gauge breaks",
        point_to_layer=DIV_ICON_MARKER,
        on_each_feature=BIND_FEATURE,
        show=show,
    ).add_to(m)


def _new_map(assets: MapAssets, kit: MapKit) -> folium.Map:
    m = folium.Map(tiles=None, control_scale=True, zoom_start=5, location=(35.0, 65.0), zoom_snap=0.25)
    # Replace folium's CDN defaults (leaflet, jquery, bootstrap, awesome-markers, font-awesome) with what we use.
    m.default_js = [("leaflet", assets.leaflet_js)]
    m.default_css = [("leaflet_css", assets.leaflet_css), ("corridor_map_css", assets.map_css)]
    kit.add_to(m)
    # Inline, so that a map opened from disk or saved as one file has its colours: they are not in map.css.
    figure_of(m).header.add_child(Element(f"<style>{vocabulary_css()}</style>"), name="corridor_vocabulary_css")
    figure_of(m).header.add_child(Element('<meta name="referrer" content="no-referrer">'), name="referrer")
    if assets.icon_svg:
        icon = Markup('<link rel="icon" href="{}" type="image/svg+xml">').format(assets.icon_svg)
        figure_of(m).header.add_child(Element(icon), name="icon")
    for name, z_index in (("basemap", 250), ("railways", 300), ("context", 350)):
        folium.map.CustomPane(name, z_index=z_index, pointer_events=name == "context").add_to(m)
    return m


def build_map(
    atlas: Atlas,
    corridor_id: str | None = None,
    as_of: dt.date | None = None,
    assets: MapAssets | None = None,
    links: Links | None = None,
    style: MapStyle | None = None,
    highlights: Sequence[Highlight] = (),
) -> folium.Map:
    """The overview map (all corridors) or one corridor's map, with each line's status on `as_of` and the claims
    announced by then; with `highlights`, routes drawn as bands, named in the legend, and the map fitted to them."""
    if corridor_id is not None and corridor_id not in atlas.corridors:
        raise KeyError(corridor_id)
    atlas = atlas_on(atlas, as_of)
    style = style or MapStyle()
    shown = [corridor_id] if corridor_id else list(atlas.corridors)
    assets = assets or local_assets()
    popups, kit = PopupTable(assets.popups_url), MapKit()
    drawing = Drawing(atlas, popup_facts(atlas, as_of), links or Links(), tuple(shown), style, popups, as_of)
    m = _new_map(assets, kit)
    _add_basemaps(m, atlas, style.basemap)
    _add_reference_railways(m, atlas, "railways" in style.layers, assets.railways_url)
    _add_online_railways(m, "openrailwaymap" in style.layers)
    popups.add_to(m)
    _add_corridor_popups(drawing)
    _add_context(m, drawing)
    _add_corridors(m, drawing)
    if highlights:
        _add_highlights(m, highlights)
    breaks = breaks_on_map(atlas, shown)
    _add_gauge_breaks(m, drawing, breaks, "gauge-breaks" in style.layers)
    _add_variant_names(m, drawing)
    _add_places(m, drawing, places_on_map(atlas, corridor_id), {b.place_id for b in breaks})
    coordinates = [c for h in highlights for s in h.segments for c in s.geometry.coordinates] or [
        c for cid in shown for s in atlas.corridor_segments(cid) for c in s.geometry.coordinates
    ]
    min_lon, min_lat, max_lon, max_lat = bounds_of(coordinates) if coordinates else atlas_bounds(atlas)
    routes = [(h.label, ROUTE_STYLES[h.kind][0]) for h in highlights]
    place_ids = places_on_map(atlas, corridor_id)
    legend = legend_html(atlas, shown, style.layers, breaks, as_of, routes, place_ids) if style.legend else None
    folium.LayerControl(collapsed=True).add_to(m)
    if style.caption:
        FrameCaption(map_title(atlas, corridor_id), caption_date(atlas, as_of)).add_to(m)
    if style.gestures:
        CooperativeGestures().add_to(m)
    kit.configure(legend, [[min_lat, min_lon], [max_lat, max_lon]], view_limits(basemap_of(atlas.reference)))
    MapSetup().add_to(m)
    return m


def popup_table(atlas: Atlas, as_of: dt.date | None = None, links: Links | None = None) -> dict[str, dict[str, str]]:
    """Every popup any map of `atlas` on `as_of` with `links` shows, under the keys its features name: each
    segment's, place's and gauge break's (of every corridor) and each corridor's claims. A served map fetches
    it (`MapAssets.popups_url`); the HTML is what the map would carry inline, built by the same functions."""
    atlas = atlas_on(atlas, as_of)
    popups = PopupTable()
    shown = tuple(atlas.corridors)
    drawing = Drawing(atlas, popup_facts(atlas, as_of), links or Links(), shown, MapStyle(), popups, as_of)
    _add_corridor_popups(drawing)
    for segment in atlas.segments.values():
        popups.add("features", f"segment:{segment.id}", partial(_segment_popup, drawing, segment))
    for place_id in atlas.places:
        popups.add("features", f"place:{place_id}", partial(_place_popup, drawing, place_id))
    for corridor_id in atlas.corridors:
        for gauge_break in breaks_on_map(atlas, [corridor_id]):
            popups.add("features", _gauge_break_key(gauge_break), partial(gauge_break_popup, atlas, gauge_break))
    return popups.table


def render_map_html(atlas: Atlas, corridor_id: str | None = None, **options: Any) -> str:
    """The map as a complete HTML document."""
    return build_map(atlas, corridor_id, **options).get_root().render()
