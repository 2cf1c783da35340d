"""The route planner over HTTP: /routes (a plain GET form), its /routes.json twin and the route map document."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any, NamedTuple

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for

from corridor import route_views
from corridor.load import Atlas

routes = Blueprint("routes", __name__)


class RouteMaps(NamedTuple):
    """Rendered route maps, the last MAP_CACHE_SIZE of them, for the data of one site."""

    site: Any
    render: Callable[..., str]


def route_maps() -> RouteMaps:
    """The cache for the data served now: reloaded data comes as a new site, which starts a new cache."""
    site = current_app.extensions["corridor"]
    kept = current_app.extensions.get("corridor_route_maps")
    if kept is None or kept.site is not site:
        render = partial(route_views.render_route_map_html, site.atlas)
        kept = RouteMaps(site, lru_cache(maxsize=current_app.config["MAP_CACHE_SIZE"])(render))
        current_app.extensions["corridor_route_maps"] = kept
    return kept


def _atlas() -> Atlas:
    return current_app.extensions["corridor"].atlas


def _params() -> dict[str, list[str]]:
    return request.args.to_dict(flat=False)


def routes_page(fmt: str) -> Any:
    """The planner; a place it cannot find or a status it does not know is a 400 that shows the form again."""
    view = route_views.routes_page(_atlas(), _params())
    status = 400 if view["error"] else 200
    if fmt == "json":
        return jsonify(view), status
    json_url = url_for("routes.routes_page_json", **_params())
    return render_template("routes.html", view=view, json_url=json_url), status


routes.add_url_rule("/routes", view_func=routes_page, defaults={"fmt": "html"})
routes.add_url_rule("/routes.json", "routes_page_json", routes_page, defaults={"fmt": "json"})


@routes.get("/maps/route.html")
def route_map() -> Any:
    """The routes drawn over every corridor, as its own document for the page's iframe."""
    # Imported here: app imports this module, and its map_options is the one place map URLs are made.
    from app import map_options

    try:
        query = route_views.parse_route_query(_atlas(), _params())
    except route_views.BadRouteQuery as exc:
        abort(400, description=str(exc))
    if query is None:
        abort(400, description="Give a start ('from') and an end ('to'); the /routes page has a form.")
    return route_maps().render(query, **map_options())
