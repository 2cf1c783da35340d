"""The route planner over HTTP: /routes (a plain GET form), its /routes.json twin and the route map document."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, redirect, render_template, request, url_for

from corridor.pages import routes as route_views
from corridor.request.errors import BadParameter
from corridor_web.site import atlas, map_options, query, site

routes = Blueprint("routes", __name__)


def _params() -> dict[str, Any]:
    """The query as lists of values per name."""
    return request.args.to_dict(flat=False)


def routes_page(fmt: str) -> Any:
    """The planner; a place it cannot find, the same place twice or a status it does not know is a 400 that
    shows the form again with the reason."""
    view = route_views.routes_page(atlas(), _params())
    status = 400 if view["error"] else 200
    if fmt == "json":
        return jsonify(view), status
    json_url = url_for("routes.routes_page_json", **_params())
    return render_template("routes.html", view=view, json_url=json_url), status


routes.add_url_rule("/routes", view_func=routes_page, defaults={"fmt": "html"})
routes.add_url_rule("/routes.json", "routes_page_json", routes_page, defaults={"fmt": "json"})


@routes.get("/routes/swap")
def swap() -> Any:
    """The form's swap button: the same query with from and to exchanged (via places reversed), so swapping
    needs no script."""
    params = _params()
    swapped = params | {
        "from": params.get("to", []),
        "to": params.get("from", []),
        "via": list(reversed(params.get("via", []))),
    }
    return redirect(url_for("routes.routes_page", **{k: v for k, v in swapped.items() if any(x.strip() for x in v)}))


@routes.get("/maps/route.html")
def route_map() -> Any:
    """The routes drawn over every corridor, as its own document for the page's iframe."""
    route = query(route_views.RouteParams, atlas()).resolved()
    if route is None:
        raise BadParameter("Give a start ('from') and an end ('to'); the /routes page has a form.")
    return site().route_map_html(route, **map_options())
