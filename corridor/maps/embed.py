"""Maps for other people's pages and reports: the options an embed URL and a picture URL take, and the
`<iframe>` snippet to paste.

Options come from a query string (as a mapping of name to values) and are checked strictly: an unknown option,
an unknown value or a repeated option is a BadParameter whose message lists what is accepted.
"""

from __future__ import annotations

from typing import Any, ClassVar

from markupsafe import Markup
from pydantic import field_validator

from corridor.maps.render import BASEMAPS, OPTIONAL_LAYERS, MapStyle
from corridor.request.params import AsOfDate, QueryModel, parse_flag

IFRAME_WIDTH_PX = 800
IFRAME_HEIGHT_PX = 560


class EmbedOptions(QueryModel):
    """A checked embed query: claims as of a date, and what the map shows when it opens."""

    layers: frozenset[str] = MapStyle().layers
    basemap: str = MapStyle().basemap
    as_of: AsOfDate = None
    legend: bool = True
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

    @field_validator("legend", mode="before")
    @classmethod
    def _legend(cls, value: Any) -> bool:
        return parse_flag("legend", value)

    @property
    def style(self) -> MapStyle:
        return MapStyle(layers=self.layers, basemap=self.basemap, legend=self.legend)


def iframe_snippet(url: str, title: str) -> str:
    """The HTML to paste into an article or report: the map at `url`, a column wide, never wider than its page."""
    return str(
        Markup(
            '<iframe src="{url}" title="{title}" width="{width}" height="{height}" '
            'style="border:0;max-width:100%" loading="lazy" allowfullscreen></iframe>'
        ).format(url=url, title=title, width=IFRAME_WIDTH_PX, height=IFRAME_HEIGHT_PX)
    )
