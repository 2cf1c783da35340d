"""Maps for other people's pages and reports: the options an embed URL and a picture URL take, and the
`<iframe>` snippet to paste.

Options come from a query string (as a mapping of name to values) and are checked strictly: an unknown option,
an unknown value or a repeated option is a BadParameter whose message lists what is accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from corridor.errors import BadParameter
from corridor.params import PictureOptions
from corridor.render import BASEMAPS, OPTIONAL_LAYERS, MapStyle
from corridor.timeline import parse_as_of

EMBED_OPTIONS = ("layers", "basemap", "as_of", "legend")
PICTURE_OPTIONS = ("width", "height", "dpi", "legend")
FLAGS: dict[str, bool] = {"1": True, "true": True, "yes": True, "on": True,
                          "0": False, "false": False, "no": False, "off": False}
IFRAME_WIDTH_PX = 800
IFRAME_HEIGHT_PX = 560


@dataclass(frozen=True)
class EmbedOptions:
    """A checked embed query: claims as of a date, and what the map shows when it opens."""

    as_of: dt.date | None = None
    style: MapStyle = MapStyle()


def _layers(text: str) -> frozenset[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in OPTIONAL_LAYERS]
    if unknown:
        raise BadParameter(f"There is no layer {unknown[0]!r}; layers takes {', '.join(OPTIONAL_LAYERS)}")
    return frozenset(names)


def _basemap(text: str) -> str:
    if text not in BASEMAPS:
        raise BadParameter(f"There is no basemap {text!r}; basemap takes {', '.join(BASEMAPS)}")
    return text


def _legend(text: str) -> bool:
    if text.lower() not in FLAGS:
        raise BadParameter(f"The legend option takes 1 or 0 (or true/false, yes/no, on/off); got {text!r}")
    return FLAGS[text.lower()]


def _as_of(text: str) -> dt.date | None:
    try:
        return parse_as_of(text)
    except BadParameter as exc:
        raise BadParameter(str(exc)) from None


def _single_values(args: Mapping[str, Sequence[str]], accepted: Sequence[str]) -> dict[str, str]:
    unknown = sorted(set(args) - set(accepted))
    if unknown:
        raise BadParameter(f"There is no option {unknown[0]!r}; this map takes {', '.join(accepted)}")
    repeated = sorted(name for name, values in args.items() if len(values) != 1)
    if repeated:
        raise BadParameter(f"Give {repeated[0]} once; it was given {len(args[repeated[0]])} times")
    return {name: values[0] for name, values in args.items()}


def _integer(name: str, text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,6}", text):
        raise BadParameter(f"The {name} option takes a whole number; got {text!r}")
    return int(text)


def parse_embed_options(args: Mapping[str, Sequence[str]]) -> EmbedOptions:
    """Check a query (each name with its list of values) and turn it into EmbedOptions."""
    given = _single_values(args, EMBED_OPTIONS)
    default = MapStyle()
    style = MapStyle(
        layers=_layers(given["layers"]) if "layers" in given else default.layers,
        basemap=_basemap(given.get("basemap", default.basemap)),
        legend=_legend(given.get("legend", "1")),
    )
    return EmbedOptions(as_of=_as_of(given.get("as_of", "")), style=style)


def parse_picture_options(args: Mapping[str, Sequence[str]]) -> PictureOptions:
    """Check a picture query (width, height, dpi, legend) and turn it into PictureOptions."""
    given = _single_values(args, PICTURE_OPTIONS)
    default = PictureOptions()
    try:
        return PictureOptions(
            width_px=_integer("width", given["width"]) if "width" in given else default.width_px,
            height_px=_integer("height", given["height"]) if "height" in given else default.height_px,
            dpi=_integer("dpi", given["dpi"]) if "dpi" in given else default.dpi,
            legend=_legend(given.get("legend", "1")),
        )
    except BadParameter as exc:
        raise BadParameter(str(exc)) from None


def iframe_snippet(url: str, title: str) -> str:
    """The HTML to paste into an article or report: the map at `url`, a column wide, never wider than its page."""
    return str(
        Markup(
            '<iframe src="{url}" title="{title}" width="{width}" height="{height}" '
            'style="border:0;max-width:100%" loading="lazy"></iframe>'
        ).format(url=url, title=title, width=IFRAME_WIDTH_PX, height=IFRAME_HEIGHT_PX)
    )
