"""Maps for other sites and for reports: /embed/<key> to put in an iframe anywhere, /standalone/<key>.html (one
self-contained file) and /maps/<key>.png (a picture for print). Who may frame which path is decided in one
place, `corridor_web.middleware.security.frame_ancestors`: any site an /embed/ map, nobody a page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request, url_for

from corridor.display.captions import map_title
from corridor.display.links import Links
from corridor.exports.formats import ALL, selection_keys
from corridor.maps.embed import EmbedOptions, iframe_snippet
from corridor.maps.picture import render_png
from corridor.maps.standalone import render_standalone_html
from corridor.request.errors import NotFound
from corridor.request.params import NoParameters, PictureOptions
from corridor_web.site import atlas, download, map_options, query, redirect_to_snapped_date, site

embeds = Blueprint("embeds", __name__)


def _corridor_for(key: str) -> str | None:
    """The corridor id a key names (None for `all`); 404 naming the valid keys otherwise."""
    keys = selection_keys(atlas())
    if key not in keys:
        raise NotFound(f"There is no corridor {key!r}; use one of {', '.join(keys)}.")
    return None if key == ALL else key


def standalone_name(key: str) -> str:
    return f"corridor-{key}-map.html"


def picture_name(key: str) -> str:
    return f"corridor-{key}.png"


@embeds.get("/embed/<key>")
def embed(key: str) -> Any:
    """The map alone, filling its frame; popup links open a new tab instead of leaving the host page."""
    corridor_id, options = _corridor_for(key), query(EmbedOptions)
    if snapped := redirect_to_snapped_date(options.as_of):
        return snapped
    return site().map_html(corridor_id, options.as_of, **map_options(options.as_of, new_tab=True), style=options.style)


@embeds.get("/standalone/<key>.html")
def standalone(key: str) -> Any:
    """The map as one self-contained HTML file to download; its links point back to this site."""
    query(NoParameters)
    html = render_standalone_html(atlas(), _corridor_for(key), Links.under(request.url_root.rstrip("/")))
    return download(html.encode("utf-8"), "text/html", standalone_name(key))


@embeds.get("/maps/<key>.png")
def picture(key: str) -> Any:
    """The map as a PNG for print: ?width=&height= in pixels, &dpi=, &legend=0|1."""
    corridor_id, options = _corridor_for(key), query(PictureOptions)
    if snapped := redirect_to_snapped_date(options.as_of):
        return snapped
    png = render_png(atlas(), corridor_id, options)
    return download(png, "image/png")


def embed_links(key: str) -> dict[str, str]:
    """For a page's Embed panel: the iframe snippet (with this site's absolute URL) and the download links."""
    title = f"Map: {map_title(atlas(), None if key == ALL else key)}"
    default_picture = PictureOptions()
    return {
        "snippet": iframe_snippet(url_for("embeds.embed", key=key, _external=True), title),
        "embed": url_for("embeds.embed", key=key),
        "standalone": url_for("embeds.standalone", key=key),
        "standalone_file": standalone_name(key),
        "picture": url_for("embeds.picture", key=key),
        "picture_file": picture_name(key),
        "picture_size": f"{default_picture.width_px} × {default_picture.height_px} px at {default_picture.dpi} dpi",
    }
