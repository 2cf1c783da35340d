"""What the app keeps per data version (the atlas and its rendered maps), and the helpers every blueprint uses
to reach it: one place for map asset URLs, corridor lookups and the `as_of` parameter."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import lru_cache
from typing import Any

import werkzeug
from flask import Response, current_app, redirect, request, url_for

from corridor.atlas.load import Atlas
from corridor.atlas.timeline import drawn_on
from corridor.display.links import Links
from corridor.maps.render import MapAssets, MapStyle, popup_table, railways_data, render_map_html
from corridor.pages import routes as route_views
from corridor.request.errors import NotFound
from corridor.request.params import AsOfQuery, Query, parse_query


def compact_json(data: Any) -> bytes:
    """JSON without spaces, in UTF-8: a file a map fetches, not a page anyone reads."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class Site:
    """What the app keeps per atlas: the data and the rendered maps (corridor and route maps, the most recent
    MAP_CACHE_SIZE of each, and what they fetch on first use: popup tables and the railways layer); new data
    comes as a new Site, so nothing stale is kept."""

    def __init__(self, atlas: Atlas, map_cache_size: int) -> None:
        self.atlas = atlas
        self.map_html = lru_cache(maxsize=map_cache_size)(self._render_map)
        self.route_map_html = lru_cache(maxsize=map_cache_size)(self._render_route_map)
        self.popup_table_json = lru_cache(maxsize=map_cache_size)(self._popup_table_json)
        self.railways_json = lru_cache(maxsize=1)(self._railways_json)

    def _render_map(
        self,
        corridor_id: str | None,
        as_of: dt.date | None,
        assets: MapAssets,
        links: Links,
        style: MapStyle | None = None,
    ) -> str:
        return render_map_html(self.atlas, corridor_id, as_of=as_of, assets=assets, links=links, style=style)

    def _popup_table_json(self, as_of: dt.date | None, links: Links) -> bytes:
        return compact_json(popup_table(self.atlas, as_of, links))

    def _railways_json(self) -> bytes:
        return compact_json(railways_data(self.atlas))

    def _render_route_map(self, query: route_views.RouteQuery, assets: MapAssets, links: Links) -> str:
        return route_views.render_route_map_html(self.atlas, query, assets=assets, links=links)


def site() -> Site:
    """The site serving the current data version (replaced whole when new data validates)."""
    return current_app.extensions["corridor"]


def atlas() -> Atlas:
    return site().atlas


def query(model: type[Query], context: Any = None) -> Query:
    """This request's parameters as the page's model; BadParameter (a 400 saying what is accepted) otherwise.
    `context` reaches the model's validators (the atlas, for values checked against the data)."""
    return parse_query(model, request.args.to_dict(flat=False), context)


def redirect_to_snapped_date(as_of: dt.date | None) -> werkzeug.Response | None:
    """For a map, embed or picture: a redirect to the same URL at the date whose drawing `as_of` shares (the
    latest date on or before it when an article or a line changed), so that any number of dates costs at
    most one render per change; None when `as_of` is that date already."""
    snapped = drawn_on(atlas(), as_of)
    if snapped is None or snapped == as_of:
        return None
    args: dict[str, Any] = {**(request.view_args or {}), **request.args.to_dict(), "as_of": snapped.isoformat()}
    return redirect(url_for(str(request.endpoint), **args), 302)


def as_of_param() -> dt.date | None:
    """For pages that take only `as_of`."""
    return query(AsOfQuery).as_of


def known_corridor(corridor_id: str) -> str:
    if corridor_id not in atlas().corridors:
        raise NotFound(f"There is no corridor {corridor_id!r}; the overview lists every corridor.")
    return corridor_id


def download(data: bytes, media_type: str, filename: str | None = None) -> Response:
    """Rendered bytes as a plain (not streamed) response, so the response cache and compression treat it the
    same under every WSGI server; `filename` makes it an attachment."""
    response = Response(data, mimetype=media_type)
    if filename:
        response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response


def site_links(target: str = "_top") -> Links:
    """Links to this site's pages, relative to its root, for claims on pages and in maps, opening in `target`."""
    return Links.under(request.script_root, target)


LATEST = "latest"
"""The date part of a popup table's name for the map drawn today (no `as_of`)."""
NEW_TAB = "_blank"


def data_token() -> str:
    """A short version of the data and the code (both shape a popup's HTML): part of the URL of everything a
    map fetches on first use (corridor_web.blueprints.map_data), so those URLs can be cached for good."""
    code = current_app.extensions["corridor_code_version"]
    return hashlib.sha256(f"{atlas().version}\n{code}".encode()).hexdigest()[:12]


def map_options(as_of: dt.date | None = None, new_tab: bool = False) -> dict[str, Any]:
    """Where the map on `as_of` (already snapped) loads Leaflet from, fetches its popup table and the railways
    layer from, and where its links point (in a new tab for an embed), relative to this app's root. The popup
    table lives beside the documents that use it, so that the static site's relative links inside it hold."""
    token, when = data_token(), as_of.isoformat() if as_of else LATEST
    popups = "map_data.embed_popups" if new_tab else "map_data.map_popups"
    return {
        "assets": MapAssets(
            leaflet_js=url_for("pages.leaflet", filename="leaflet.js"),
            leaflet_css=url_for("pages.leaflet", filename="leaflet.css"),
            map_css=url_for("static", filename="map.css"),
            icon_svg=url_for("static", filename="favicon.svg"),
            popups_url=url_for(popups, token=token, when=when),
            railways_url=url_for("map_data.railways", token=token),
        ),
        "links": site_links(NEW_TAB if new_tab else "_top"),
    }
