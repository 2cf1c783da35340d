"""Maps for other people's pages and reports: the options an embed URL and a picture URL take, and the
`<iframe>` snippet to paste.

Options come from a query string (as a mapping of name to values) and are checked strictly: an unknown option,
an unknown value or a repeated option is a BadParameter whose message lists what is accepted.
"""

from __future__ import annotations

from typing import Any, ClassVar

from markupsafe import Markup
from pydantic import ValidationInfo, field_validator

from corridor.maps.render import BASEMAPS, OPTIONAL_LAYERS, MapStyle
from corridor.request.params import AsOfDate, QueryModel, parse_flag

IFRAME_MAX_WIDTH_PX = 800
IFRAME_ASPECT = "10 / 7"
IFRAME_MIN_HEIGHT_PX = 360
"""The frame keeps its width-to-height ratio as it narrows, down to this height: a phone gets a map about as
tall as it is wide, not a tall strip, with room for the map's buttons."""


class EmbedOptions(QueryModel):
    """A checked embed query: claims as of a date, and what the map shows when it opens."""

    layers: frozenset[str] = MapStyle().layers
    basemap: str = MapStyle().basemap
    as_of: AsOfDate = None
    legend: bool = True
    gestures: bool = True
    title: bool = True
    BLANK_ALLOWED: ClassVar[frozenset[str]] = frozenset({"layers"})

    @field_validator("layers", mode="before")
    @classmethod
    def _layers(cls, value: Any) -> frozenset[str]:
        if isinstance(value, frozenset):
            return value
        names = [name.strip() for name in value.split(",") if name.strip()]
        unknown = [name for name in names if name not in OPTIONAL_LAYERS]
        if unknown:
            raise ValueError(f"There is no layer {unknown[0]!r}; layers takes {', '.join(OPTIONAL_LAYERS)}")
        return frozenset(names)

    @field_validator("basemap")
    @classmethod
    def _basemap(cls, value: str) -> str:
        if value not in BASEMAPS:
            raise ValueError(f"There is no basemap {value!r}; basemap takes {', '.join(BASEMAPS)}")
        return value

    @field_validator("legend", "gestures", "title", mode="before")
    @classmethod
    def _flag(cls, value: Any, info: ValidationInfo) -> bool:
        return parse_flag(str(info.field_name), value)

    @property
    def style(self) -> MapStyle:
        return MapStyle(
            layers=self.layers, basemap=self.basemap, legend=self.legend, gestures=self.gestures, caption=self.title
        )


def embed_query(options: EmbedOptions) -> dict[str, str]:
    """The options that differ from an embed's defaults, as its URL's query takes them (an empty dict for a
    default embed, whose snippet stays the plain address)."""
    defaults, query = EmbedOptions(), {}
    if options.layers != defaults.layers:
        query["layers"] = ",".join(name for name in OPTIONAL_LAYERS if name in options.layers)
    if options.basemap != defaults.basemap:
        query["basemap"] = options.basemap
    if options.as_of is not None:
        query["as_of"] = options.as_of.isoformat()
    for name in ("legend", "gestures", "title"):
        if getattr(options, name) != getattr(defaults, name):
            query[name] = "1" if getattr(options, name) else "0"
    return query


def iframe_snippet(url: str, title: str) -> str:
    """The HTML to paste into an article or report: the map at `url`, a column wide (never wider than its page
    nor than IFRAME_MAX_WIDTH_PX), its height following its width."""
    return str(
        Markup(
            '<div style="position:relative;width:100%;max-width:{width}px;aspect-ratio:{aspect};'
            'min-height:{min_height}px">'
            '<iframe src="{url}" title="{title}" style="position:absolute;inset:0;width:100%;height:100%;border:0" '
            'loading="lazy" allowfullscreen></iframe></div>'
        ).format(url=url, title=title, width=IFRAME_MAX_WIDTH_PX, aspect=IFRAME_ASPECT, min_height=IFRAME_MIN_HEIGHT_PX)
    )
