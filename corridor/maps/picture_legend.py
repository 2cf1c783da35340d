"""The printed picture's legend, in its own panel beside the map: every corridor (and its alternative routes),
every line style, place kind and gauge break drawn, styled from corridor/display/vocab.py."""

from __future__ import annotations

import math
from collections.abc import Iterable
from textwrap import fill
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.path import Path

from corridor.atlas.geometry import gauge_breaks
from corridor.atlas.load import Atlas
from corridor.atlas.model import Segment
from corridor.display.vocab import (
    ALIGNMENT,
    CONTEXT_COLOUR,
    CONTEXT_WEIGHT_PX,
    GAUGE_RING,
    LEGEND_SAMPLE_COLOUR,
    PLACE_KIND,
    STATUS,
    WHITE,
    AlternativeStyle,
    alternative_style,
    corridor_colour,
    line_weight,
)

PT_PER_PX = 0.5
PRINT_DASH_SCALE = 1.5
WRAP = 40
"""Characters per legend line: long corridor names wrap rather than run out of the panel."""
MPL_MARKERS = {"circle": "o", "square": "s", "diamond": "D"}
"""The table's marker shapes as matplotlib markers."""
RING_DASHES = 10
RING_DASH_SHARE = 0.6
"""A possible gauge break's ring: 10 dashes, each 60 % of its tenth of the circle."""


def renderer_of(ax: Axes) -> RendererAgg:
    """A renderer of the figure the axes are on, to measure text and legends before the figure is saved."""
    figure = ax.get_figure(root=True)
    if not isinstance(figure, Figure):
        raise TypeError("the axes are not on a figure")
    return FigureCanvasAgg(figure).get_renderer()


def _line(colour: str, weight_px: float, dash: str | None = None, opacity: float = 1.0, label: str = "") -> Line2D:
    line = Line2D(
        [], [], color=colour, linewidth=weight_px * PT_PER_PX, alpha=opacity, label=label, dash_capstyle="butt"
    )
    if dash:
        line.set_dashes(tuple(float(n) * PRINT_DASH_SCALE / weight_px for n in dash.split()))
    return line


class Cased(tuple[Line2D, ...]):
    """A legend handle of an alternative route: its casing and its line, drawn one over the other."""


def _cased_line(
    colour: str, weight_px: float, dash: str | None, opacity: float, label: str, symbol: AlternativeStyle | None
) -> Line2D | Cased:
    line = _line(colour, weight_px, dash, opacity, label)
    edge = symbol.casing_colour(colour) if symbol else None
    if symbol is None or edge is None:
        return line
    return Cased((_line(edge, weight_px + 2 * symbol.casing_px, dash, opacity), line))


def _marker(kind: str, label: str) -> Line2D:
    style = PLACE_KIND[kind]
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=MPL_MARKERS[style.shape],
        markersize=(style.mpl_size * 0.5) ** 0.5,
        markerfacecolor=style.fill,
        markeredgecolor=style.outline,
        label=label,
    )


def ring_marker(dashed: bool) -> str | Path:
    """A gauge-break ring's marker: a circle, or for a possible break a circle of RING_DASHES dashes (a marker's
    edge cannot be dashed with a line style)."""
    if not dashed:
        return "o"
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    for dash in range(RING_DASHES):
        start = 2 * math.pi * dash / RING_DASHES
        angles = [start + 2 * math.pi / RING_DASHES * RING_DASH_SHARE * step / 4 for step in range(5)]
        vertices += [(math.cos(a), math.sin(a)) for a in angles]
        codes += [int(Path.MOVETO)] + [int(Path.LINETO)] * 4
    return Path(vertices, codes)


def _ring(certain: bool) -> Line2D:
    ring = GAUGE_RING[certain]
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=ring_marker(ring.dashed),
        markersize=11,
        markerfacecolor="none",
        markeredgecolor=ring.colour,
        markeredgewidth=ring.width_px * PT_PER_PX,
        label=ring.label,
    )


def _segments(atlas: Atlas, shown: list[str]) -> list[Segment]:
    found = {s.id: s for c in shown for s in atlas.corridor_segments(c)}
    found.update({s.id: s for s in atlas.segments.values() if s.properties.role == "context"})
    return list(found.values())


def legend_handles(atlas: Atlas, shown: list[str], place_ids: Iterable[str]) -> dict[str, list[Any]]:
    """The legend's sections (title -> handles) for what the picture draws."""
    corridors: list[Line2D | Cased] = []
    for corridor_id in shown:
        corridor = atlas.corridors[corridor_id]
        corridors.append(
            _line(corridor_colour(corridor.id), STATUS["existing"].weight_px, label=fill(corridor.name, WRAP))
        )
        variants: dict[str, Segment] = {}
        for segment in atlas.corridor_segments(corridor_id):
            if segment.properties.variant:
                variants.setdefault(segment.properties.variant, segment)
        for name, segment in variants.items():
            props = segment.properties
            corridors.append(
                _cased_line(
                    corridor_colour(corridor.id),
                    line_weight(segment, corridor),
                    STATUS[props.status].dash,
                    ALIGNMENT[props.alignment].opacity,
                    fill(f"alternative route {name}", WRAP),
                    alternative_style(atlas.index.alternative_rank(segment, corridor_id)),
                )
            )
    drawn = _segments(atlas, shown)
    statuses = sorted({s.properties.status for s in drawn}, key=lambda s: STATUS[s].order)
    styles: list[Any] = [
        _line(LEGEND_SAMPLE_COLOUR, STATUS[s].weight_px, STATUS[s].dash, label=STATUS[s].label) for s in statuses
    ]
    alignments = {s.properties.alignment for s in drawn if s.properties.corridors}
    solid = STATUS["existing"]  # the three alignments sampled in one status, so that only their fading differs
    styles += [
        _line(
            LEGEND_SAMPLE_COLOUR,
            solid.weight_px * style.weight_factor,
            solid.dash,
            style.opacity,
            fill(style.label, WRAP),
        )
        for alignment, style in sorted(ALIGNMENT.items(), key=lambda kv: kv[1].order)
        if alignment in alignments
    ]
    shared = [s for s in drawn if len(set(shown) & set(s.properties.corridors)) > 1]
    if shared:
        first, second = (corridor_colour(c) for c in shared[0].properties.corridors[:2])
        label = fill("shared leg: one line per corridor, side by side", WRAP)
        styles.append((_line(first, 3), _line(second, 3, label=label)))
    styles.append(_line(CONTEXT_COLOUR, CONTEXT_WEIGHT_PX, label="connecting railway (no corridor)"))
    kinds = {atlas.places[p].properties.kind for p in place_ids}
    places = [_marker(k, s.label) for k, s in sorted(PLACE_KIND.items(), key=lambda kv: kv[1].order) if k in kinds]
    breaks = [b for c in shown for b in gauge_breaks(atlas.corridor_segments(c))]
    gauges = []
    if any(b.certain for b in breaks):
        gauges.append(_ring(True))
    if any(not b.certain for b in breaks):
        gauges.append(_ring(False))
    return {
        "Corridors (colour)": corridors,
        "Status and how sure (line style)": styles,
        "Places": places,
        "Gauge": gauges,
    }


def draw_legend(ax: Axes, atlas: Atlas, shown: list[str], place_ids: Iterable[str]) -> None:
    """The legend panel: sections stacked from the top, beside the map."""
    ax.set_axis_off()
    ax.set_facecolor(WHITE)
    ax.add_patch(ax.patch)
    top = 0.985
    for title, handles in legend_handles(atlas, shown, place_ids).items():
        if not handles:
            continue
        labels = [(h[-1] if isinstance(h, tuple) else h).get_label() for h in handles]
        legend = ax.legend(
            handles=handles,
            labels=labels,
            handler_map={tuple: HandlerTuple(ndivide=None, pad=0), Cased: HandlerTuple(ndivide=1)},
            title=title,
            loc="upper left",
            bbox_to_anchor=(0.02, top),
            fontsize=5.8,
            title_fontsize=6.5,
            frameon=False,
            alignment="left",
            handlelength=3.2,
            borderaxespad=0,
        )
        ax.add_artist(legend)
        renderer = renderer_of(ax)
        height = legend.get_window_extent(renderer).height / ax.get_window_extent(renderer).height
        top -= height + 0.02
    ax.legend_ = None  # every section is an artist already; as the axes' legend too, the last was drawn twice
