"""The web map's legend: a sample of exactly what the map draws, every sample styled from corridor/display/vocab.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from markupsafe import Markup

from corridor.atlas.geometry import GaugeBreak
from corridor.atlas.load import Atlas
from corridor.atlas.model import Segment
from corridor.atlas.network import shut_crossings
from corridor.atlas.timeline import never_dated
from corridor.display.captions import drawn_for
from corridor.display.vocab import (
    ALIGNMENT,
    CONTEXT_COLOUR,
    CONTEXT_WEIGHT_PX,
    GAUGE_RING,
    LEGEND_SAMPLE_COLOUR,
    PLACE_KIND,
    REFERENCE_RAILWAY,
    STATUS,
    AlternativeStyle,
    alternative_style,
    corridor_colour,
    line_weight,
    shared_offset_px,
)


def line_sample(
    colour: str,
    weight: float,
    dash: str | None = None,
    opacity: float = 1.0,
    second: str | None = None,
    casing: AlternativeStyle | None = None,
) -> Markup:
    """A short line drawn as the map draws it; with `second`, two parallel lines (a shared leg); with `casing`,
    over the casing of an alternative route."""
    y = (5, 5) if second is None else (2.5, 7.5)
    lines = [(colour, y[0], min(weight, 5))] + ([(second, y[1], min(weight, 5))] if second else [])
    edge = casing.casing_colour(colour) if casing else None
    if casing is not None and edge is not None:
        lines.insert(0, (edge, y[0], min(weight, 5) + 2 * casing.casing_px))
    parts = Markup("").join(
        Markup(
            '<line x1="2" y1="{y}" x2="38" y2="{y}" stroke="{c}" stroke-width="{w:g}" stroke-opacity="{o}"'
            '{dash} stroke-linecap="{cap}"/>'
        ).format(
            y=ly,
            c=lc,
            w=lw,
            o=opacity,
            dash=Markup(' stroke-dasharray="{}"').format(dash) if dash else "",
            cap="butt" if dash else "round",
        )
        for lc, ly, lw in lines
    )
    return Markup('<svg width="40" height="10" aria-hidden="true">{}</svg>').format(parts)


def _item(sample: Markup, label: str, css_class: str = "") -> Markup:
    return Markup('<li class="{}">{} <span>{}</span></li>').format(css_class, sample, label)


def _marker(label: str, css_class: str) -> Markup:
    return Markup('<li><span class="legend-icon {}"></span> <span>{}</span></li>').format(css_class, label)


def _section(title: str, items: list[Markup], css_class: str = "") -> Markup:
    if not items:
        return Markup("")
    return Markup('<h5>{}</h5><ul class="{}">{}</ul>').format(title, css_class, Markup("").join(items))


def _drawn(atlas: Atlas, shown: list[str], layers: frozenset[str]) -> list[Segment]:
    segments = {
        s.id: s
        for c in shown
        for s in atlas.corridor_segments(c)
        if not s.properties.variant or "alternatives" in layers
    }
    if "context" in layers:
        segments.update({s.id: s for s in atlas.segments.values() if s.properties.role == "context"})
    return list(segments.values())


def _corridor_items(atlas: Atlas, shown: list[str], layers: frozenset[str]) -> list[Markup]:
    items = []
    for corridor_id in shown:
        corridor = atlas.corridors[corridor_id]
        items.append(_item(line_sample(corridor_colour(corridor.id), STATUS["existing"].weight_px), corridor.name))
        if "alternatives" not in layers:
            continue
        variants: dict[str, Segment] = {}
        for segment in atlas.corridor_segments(corridor_id):
            if segment.properties.variant:
                variants.setdefault(segment.properties.variant, segment)
        for name, segment in variants.items():
            props = segment.properties
            symbol = alternative_style(atlas.index.alternative_rank(segment, corridor_id))
            sample = line_sample(
                corridor_colour(corridor.id),
                line_weight(segment, corridor),
                STATUS[props.status].dash,
                ALIGNMENT[props.alignment].opacity,
                casing=symbol,
            )
            items.append(_item(sample, f"alternative route {name}", "variant-item"))
    return items


def _style_items(atlas: Atlas, drawn: list[Segment], shown: list[str], layers: frozenset[str]) -> list[Markup]:
    statuses = sorted({s.properties.status for s in drawn}, key=lambda s: STATUS[s].order)
    items = [
        _item(line_sample(LEGEND_SAMPLE_COLOUR, STATUS[s].weight_px, STATUS[s].dash), STATUS[s].label) for s in statuses
    ]
    alignments = {s.properties.alignment for s in drawn if s.properties.corridors}
    solid = STATUS["existing"]  # the three alignments sampled in one status, so that only their fading differs
    for alignment, style in sorted(ALIGNMENT.items(), key=lambda kv: kv[1].order):
        if alignment in alignments:
            sample = line_sample(LEGEND_SAMPLE_COLOUR, solid.weight_px * style.weight_factor, solid.dash, style.opacity)
            items.append(_item(sample, style.label))
    shared = [
        s
        for s in drawn
        if s.properties.corridors and shared_offset_px(s, atlas.corridors[s.properties.corridors[0]], shown)
    ]
    if shared:
        first, second = (corridor_colour(c) for c in shared[0].properties.corridors[:2])
        items.append(_item(line_sample(first, 3, second=second), "shared leg: one line per corridor"))
    if "context" in layers and any(not s.properties.corridors for s in drawn):
        items.append(_item(line_sample(CONTEXT_COLOUR, CONTEXT_WEIGHT_PX), "connecting railway (no corridor)"))
    if "railways" in layers:
        sample = line_sample(REFERENCE_RAILWAY["color"], 1.5, REFERENCE_RAILWAY["dashArray"])
        items.append(_item(sample, "railway in Natural Earth"))
    return items


SHUT_CROSSING_LABEL = "border crossing closed or restricted on the map's date"


def legend_html(
    atlas: Atlas,
    shown: list[str],
    layers: frozenset[str],
    breaks: list[GaugeBreak],
    as_of: dt.date | None,
    routes: Iterable[tuple[str, str]] = (),
    place_ids: Iterable[str] = (),
) -> Markup:
    """The legend of what the map draws: routes (label, colour), corridors and their alternative routes,
    the line styles in use, the kinds of places shown and the kinds of gauge break."""
    drawn = _drawn(atlas, shown, layers)
    kinds = {atlas.places[p].properties.kind for p in place_ids} if "places" in layers else set()
    places = [
        _marker(style.label, f"place-marker place-{kind}")
        for kind, style in sorted(PLACE_KIND.items(), key=lambda kv: kv[1].order)
        if kind in kinds
    ]
    if kinds and any(p in shut_crossings(atlas, as_of) for p in place_ids):
        places.append(_marker(SHUT_CROSSING_LABEL, "place-marker place-border_crossing crossing-shut"))
    gauges = []
    if "gauge-breaks" in layers and any(b.certain for b in breaks):
        gauges.append(_marker(GAUGE_RING[True].label, "gauge-break"))
    if "gauge-breaks" in layers and any(not b.certain for b in breaks):
        gauges.append(_marker(GAUGE_RING[False].label, "gauge-break gauge-break-undecided"))
    sections = [
        _section("Routes", [_item(line_sample(c, 5, opacity=0.6), label) for label, c in routes]),
        _section("Corridors (colour)", _corridor_items(atlas, shown, layers)),
        _section("Status and how sure (line style)", _style_items(atlas, drawn, shown, layers)),
        _section("Places", places, "two"),
        _section("Gauge", gauges),
    ]
    if as_of is not None:
        # The whole sentence inside; folded (a phone), the summary keeps the date on one short line.
        sections.insert(0, Markup('<p class="legend-date">Lines and claims {}</p>').format(drawn_for(atlas, as_of)))
        if undated := _left_undated(atlas, shown, layers):
            sections.append(Markup('<p class="legend-note">{}</p>').format(undated))
    heading = "Legend" if as_of is None else f"Legend · {as_of.isoformat()}"
    return Markup('<details open><summary>{}</summary><div class="legend-body">{}</div></details>').format(
        heading, Markup("").join(sections)
    )


def _left_undated(atlas: Atlas, shown: list[str], layers: frozenset[str]) -> str:
    """What a map at a date leaves out because no source dates it, in words (empty when nothing is)."""
    undated = set(never_dated(atlas))
    count = sum(1 for s in _drawn(atlas.as_loaded, shown, layers) if s.id in undated)
    if not count:
        return ""
    lines = "line" if count == 1 else "lines"
    return f"Not drawn: {count} {lines} that no source dates (today's map shows them)"
