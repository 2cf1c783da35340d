"""Which places a map must name at first view, in which order, and which names one label carries.

The browser places the names (static/map/label-layout.js) against the real label boxes; the PNG places them the same
way (corridor/maps/picture.py). Both read the ranks from here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from markupsafe import escape
from shapely.geometry import LineString, Point

from corridor.atlas.geometry import gauge_breaks, segment_length_km
from corridor.atlas.load import Atlas
from corridor.atlas.model import Segment
from corridor.display.vocab import PLACE_KIND, map_label, short_label

BORDER_NEAR_LINE_DEG = 0.1
"""A border crossing within this distance (about 10 km) of a corridor line belongs to that corridor."""
BORDER_LINK_KM = 40.0
"""A segment this short that crosses a border joins the railheads either side of it."""
SAME_SPOT_DEG = 0.3
"""Places this close (about 30 km) whose names one label spells out are named together by it."""
KEY, MAIN, MINOR = 0, 1, 2
"""Label ranks: key places are named at first view; cities and towns where there is room; stations once the
reader zooms in."""


def _shown_segments(atlas: Atlas, corridor_ids: Iterable[str]) -> list[Segment]:
    found: dict[str, Segment] = {}
    for corridor_id in corridor_ids:
        for segment in atlas.corridor_segments(corridor_id):
            found[segment.id] = segment
    return list(found.values())


def termini(atlas: Atlas, corridor_id: str) -> set[str]:
    """Places where a corridor's lines end: joined by one of its segments only."""
    ends = Counter(
        p for s in atlas.corridor_segments(corridor_id) for p in (s.properties.from_place, s.properties.to_place)
    )
    return {place for place, n in ends.items() if n == 1}


def junctions(atlas: Atlas, corridor_ids: Iterable[str]) -> set[str]:
    """Places on the shown corridors where three or more lines meet, connecting track included."""
    shown = _shown_segments(atlas, corridor_ids)
    on_corridor = {p for s in shown for p in (s.properties.from_place, s.properties.to_place)}
    lines = shown + [s for s in atlas.segments.values() if s.properties.role == "context"]
    ends = Counter(p for s in lines for p in (s.properties.from_place, s.properties.to_place))
    return {place for place, n in ends.items() if n >= 3 and place in on_corridor}


def border_railheads(atlas: Atlas, corridor_ids: Iterable[str]) -> set[str]:
    """The stations either side of a border: the ends of a short segment that crosses one."""
    return {
        p
        for s in _shown_segments(atlas, corridor_ids)
        if len(set(s.properties.countries)) > 1 and segment_length_km(s) <= BORDER_LINK_KM
        for p in (s.properties.from_place, s.properties.to_place)
    }


def named_by_alternatives(atlas: Atlas, corridor_ids: Iterable[str]) -> set[str]:
    """The places on an alternative route that its name names ("via Kabul–Torkham" names Kabul and Torkham): a
    reader looks for them to tell the alternatives apart."""
    found = set()
    for segment in _shown_segments(atlas, corridor_ids):
        variant = segment.properties.variant or ""
        for place_id in (segment.properties.from_place, segment.properties.to_place) if variant else ():
            props = atlas.places[place_id].properties
            if map_label(props.name, props.kind) in variant:
                found.add(place_id)
    return found


def named_in_title(atlas: Atlas, corridor_id: str) -> set[str]:
    """The places on a corridor's lines that its name spells out (Kandahar in the Torghundi–Herat–Kandahar–Spin
    Boldak railway): a reader of its own map looks for them first."""
    on_lines = {
        p for s in atlas.corridor_segments(corridor_id) for p in (s.properties.from_place, s.properties.to_place)
    }
    title = atlas.corridors[corridor_id].name
    return {p for p in on_lines if p in atlas.places and atlas.places[p].properties.name in title}


def key_places(atlas: Atlas, corridor_ids: Iterable[str]) -> set[str]:
    """Every terminus, border crossing (and the railheads either side), port, junction and gauge break of the
    shown corridors, the places their alternative routes are named after and, on a corridor's own map, the
    places its name spells out: named at first view."""
    corridor_ids = list(corridor_ids)
    shown = _shown_segments(atlas, corridor_ids)
    found = set().union(*(termini(atlas, c) for c in corridor_ids)) | junctions(atlas, corridor_ids)
    if len(corridor_ids) == 1:
        found |= named_in_title(atlas, corridor_ids[0])
    found |= border_railheads(atlas, corridor_ids) | named_by_alternatives(atlas, corridor_ids)
    found |= {b.place_id for c in corridor_ids for b in gauge_breaks(atlas.corridor_segments(c))}
    candidates = [place for place in atlas.places.values() if PLACE_KIND[place.properties.kind].key]
    lines = [LineString(s.geometry.coordinates) for s in shown] if candidates else []
    for place in candidates:
        if any(line.distance(Point(place.geometry.coordinates)) <= BORDER_NEAR_LINE_DEG for line in lines):
            found.add(place.id)
    return {p for p in found if p in atlas.places}


def label_rank(atlas: Atlas, place_id: str, key: set[str]) -> int:
    kind = atlas.places[place_id].properties.kind
    if place_id in key:
        return KEY
    return MAIN if kind in ("city", "town") or PLACE_KIND[kind].key else MINOR


def label_order(atlas: Atlas, place_ids: Iterable[str], key: set[str]) -> list[str]:
    """Places in the order their names are placed: key places first, by kind (ports, border crossings, cities,
    towns, stations), then the rest."""
    return sorted(
        place_ids, key=lambda p: (label_rank(atlas, p, key), PLACE_KIND[atlas.places[p].properties.kind].order)
    )


def names_in_label(atlas: Atlas, place_id: str, place_ids: Iterable[str], text: str | None = None) -> list[str]:
    """The place itself and the places close by whose whole name its label (or `text`, another way to write
    it) spells out ("Serhetabat–Torghundi" names Serhetabat and Torghundi)."""
    place = atlas.places[place_id]
    text = text or map_label(place.properties.name, place.properties.kind)
    here = Point(place.geometry.coordinates)
    named = [place_id]
    for other_id in place_ids:
        other = atlas.places[other_id]
        if (
            other_id != place_id
            and other.properties.name in text
            and here.distance(Point(other.geometry.coordinates)) <= SAME_SPOT_DEG
        ):
            named.append(other_id)
    return named


def railheads_label(atlas: Atlas, place_id: str) -> str | None:
    """A border crossing written as the railheads either side of it ("Termez–Hairatan"): one short name for three
    key places that stand too close together to be named one by one at small scale."""
    place = atlas.places[place_id]
    if place.properties.kind != "border_crossing":
        return None
    here = Point(place.geometry.coordinates)
    for segment in atlas.segments.values():
        props = segment.properties
        if (
            len(set(props.countries)) > 1
            and segment_length_km(segment) <= BORDER_LINK_KM
            and LineString(segment.geometry.coordinates).distance(here) <= BORDER_NEAR_LINE_DEG
        ):
            text = "–".join(atlas.places[p].properties.name for p in (props.from_place, props.to_place))
            return None if text == map_label(place.properties.name, place.properties.kind) else text
    return None


def label_texts(atlas: Atlas, place_id: str, place_ids: list[str]) -> list[tuple[str, list[str]]]:
    """The ways to write a place's name, each with the places it names: the name, for a border crossing its
    railheads, a shorter alias, each name joined by a dash also on two lines; those naming the most places first
    (one name for three places that stand too close to be named one by one), then the longest. The layout takes
    the first that fits."""
    props = atlas.places[place_id].properties
    texts = [map_label(props.name, props.kind)]
    texts += [t for t in (railheads_label(atlas, place_id), short_label(props.name, props.aliases, props.kind)) if t]
    texts = [way for text in dict.fromkeys(texts) for way in (text, on_two_lines(text)) if way]
    named = [(text, names_in_label(atlas, place_id, place_ids, text.replace("\n", ""))) for text in texts]
    return sorted(named, key=lambda pair: -len(pair[1]))  # stable: the longest first among those naming as many


def on_two_lines(text: str) -> str | None:
    """A name joined by a dash ("Serhetabat–Torghundi") broken after its dash, "\n" between the lines: where one
    long line has no room beside a crowded marker, a block half as wide often has."""
    head, dash, tail = text.partition("–")
    return f"{head}{dash}\n{tail}" if dash and head.strip() and tail.strip() else None


def label_html(text: str) -> str:
    """A way to write a name as the web map shows it: escaped, its lines broken where the text breaks them."""
    return str(escape(text)).replace("\n", "<br>")
