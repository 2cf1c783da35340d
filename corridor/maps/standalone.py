"""One self-contained HTML file: the map with Leaflet, the stylesheets, their images and the basemap inlined.

The file opens from file:// (or an e-mail attachment, or a USB stick) and makes no request at all until a
reader switches on an online layer. Popup links point under `Links`; with no site to point to they are plain
text, since every popup already carries the quote, the article title and its date.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache

from folium.elements import Element
from markupsafe import Markup

from corridor.atlas.load import Atlas
from corridor.atlas.resources import STATIC_DIR
from corridor.display.captions import map_title
from corridor.display.links import OFFLINE_LINKS, Links
from corridor.maps.elements import figure_of
from corridor.maps.render import MapStyle, build_map, leaflet_dir

SOURCE_MAP_COMMENT = re.compile(r"\n//# sourceMappingURL=\S+\s*$")
CSS_IMAGE = re.compile(r"url\((images/[\w.-]+\.png)\)")


def _inline(tag: str, text: str) -> Element:
    """`text` inside a <script> or <style> element; refuses text that would close the element early."""
    if f"</{tag}" in text.lower():
        raise ValueError(f"cannot inline text containing </{tag}")
    return Element(f"<{tag}>{text}</{tag}>")


def _data_uri(match: re.Match[str]) -> str:
    image = (leaflet_dir() / match.group(1)).read_bytes()
    return f"url(data:image/png;base64,{base64.b64encode(image).decode('ascii')})"


@lru_cache(maxsize=1)
def _inline_assets() -> tuple[str, str, str]:
    """Leaflet's JS (without its source-map comment), its CSS with images as data: URIs, and static/map.css."""
    leaflet_js = SOURCE_MAP_COMMENT.sub("\n", (leaflet_dir() / "leaflet.js").read_text(encoding="utf-8"))
    leaflet_css = CSS_IMAGE.sub(_data_uri, (leaflet_dir() / "leaflet.css").read_text(encoding="utf-8"))
    map_css = (STATIC_DIR / "map.css").read_text(encoding="utf-8")
    return leaflet_js, leaflet_css, map_css


def render_standalone_html(
    atlas: Atlas,
    corridor_id: str | None = None,
    links: Links = OFFLINE_LINKS,
    style: MapStyle | None = None,
) -> str:
    """The map (one corridor, or all for None) as a single HTML document that needs no other file."""
    m = build_map(atlas, corridor_id, links=links, style=style)
    # Replace the linked Leaflet and stylesheets with inline copies, in the same order.
    m.default_js, m.default_css = [], []
    leaflet_js, leaflet_css, map_css = _inline_assets()
    header = figure_of(m).header
    header.add_child(Element(Markup("<title>{} · corridor</title>").format(map_title(atlas, corridor_id))))
    feed = links.to_changes_feed(corridor_id)
    if feed is not None:  # the site's feed, for a reader who wants to follow what changes after this copy
        link = Markup('<link rel="alternate" type="application/atom+xml" title="What changed" href="{}">')
        header.add_child(Element(link.format(feed)), name="changes_feed")
    header.add_child(_inline("script", leaflet_js), name="leaflet")
    header.add_child(_inline("style", leaflet_css), name="leaflet_css")
    header.add_child(_inline("style", map_css), name="corridor_map_css")
    return m.get_root().render()
