"""The web app: short routes that call the pure `corridor` package and render its dicts as HTML or JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import xstatic.pkg.leaflet
from flask import Blueprint, Flask, abort, current_app, jsonify, render_template, request, send_from_directory, url_for
from werkzeug.exceptions import HTTPException

import web_cache
import web_ops
import web_security
from corridor import queries, views
from corridor.load import DEFAULT_DATA_DIR, Atlas
from corridor.popups import Links
from corridor.reload import load_valid_data
from corridor.render import MapAssets, MapStyle, render_map_html
from corridor.timeline import BadDate, parse_as_of
from views_api import api, ogc
from views_embed import embeds
from views_export import exports
from views_routes import routes

pages = Blueprint("pages", __name__)
View = Callable[..., Any]


class Site:
    """What the app keeps per atlas: the data and the rendered maps."""

    def __init__(self, atlas: Atlas, map_cache_size: int) -> None:
        self.atlas = atlas
        self.map_html = lru_cache(maxsize=map_cache_size)(self._render_map)

    def _render_map(
        self,
        corridor_id: str | None,
        as_of: dt.date | None,
        assets: MapAssets,
        links: Links,
        style: MapStyle | None = None,
    ) -> str:
        return render_map_html(self.atlas, corridor_id, as_of=as_of, assets=assets, links=links, style=style)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app on data that loads and validates (else DataError); config may set DATA_DIR (geodata/),
    SEEDS_DIR (default: seeds/ beside it), MAP_CACHE_SIZE (rendered maps kept, one per corridor and date),
    RESPONSE_CACHE_MB (finished responses kept), DATA_CHECK_SECONDS (how often to look for changed data;
    0: never) and STATIC_SITE (pages for `corridor build-site`: forms that need the server say so)."""
    app = Flask(__name__)
    app.config.from_mapping(DATA_DIR=DEFAULT_DATA_DIR, SEEDS_DIR=None, MAP_CACHE_SIZE=64, DATA_CHECK_SECONDS=5)
    app.config.from_mapping(config or {})
    atlas = load_valid_data(Path(app.config["DATA_DIR"]), app.config["SEEDS_DIR"])
    app.extensions["corridor"] = Site(atlas, app.config["MAP_CACHE_SIZE"])
    app.register_blueprint(pages)
    app.register_blueprint(exports)
    app.register_blueprint(embeds)
    app.register_blueprint(api)
    app.register_blueprint(ogc)
    app.register_blueprint(routes)
    app.register_error_handler(HTTPException, show_error)
    assets = {"static": app.static_folder, "pages.leaflet": xstatic.pkg.leaflet.BASE_DIR}
    cache = web_cache.init_app(app, assets, not_cached=["ops.healthz"])
    web_security.init_app(app)  # after web_cache: it reads bodies before they are compressed
    web_ops.init_app(app, cache, lambda new: Site(new, app.config["MAP_CACHE_SIZE"]))
    return app


def site() -> Site:
    return current_app.extensions["corridor"]


def show_error(error: HTTPException) -> tuple[Any, int]:
    """Errors as a page (or JSON for .json URLs) that says what went wrong, never a traceback."""
    status = error.code or 500
    if request.path.endswith(".json"):
        return jsonify(error=error.name, status=status, message=error.description), status
    return render_template("error.html", error=error, status=status), status


def as_of_param() -> dt.date | None:
    try:
        return parse_as_of(request.args.get("as_of"))
    except BadDate as exc:
        abort(400, description=str(exc))


def respond(template: str, view: dict[str, Any], fmt: str) -> Any:
    """The page, or its `.json` twin holding the same dict."""
    if fmt == "json":
        return jsonify(view)
    route_args = {k: v for k, v in request.view_args.items() if k != "fmt"}
    json_url = url_for(f"{request.endpoint}_json", **route_args, **request.args.to_dict())
    as_of = view.get("timeline", {}).get("as_of")
    return render_template(template, view=view, json_url=json_url, as_of_args={"as_of": as_of} if as_of else {})


def known_corridor(corridor_id: str) -> str:
    if corridor_id not in site().atlas.corridors:
        abort(404, description=f"There is no corridor {corridor_id!r}; the overview lists every corridor.")
    return corridor_id


def map_options() -> dict[str, Any]:
    """Where the map loads Leaflet from and where its links point, relative to this app's root."""
    root = request.script_root
    return {
        "assets": MapAssets(
            leaflet_js=url_for("pages.leaflet", filename="leaflet.js"),
            leaflet_css=url_for("pages.leaflet", filename="leaflet.css"),
            map_css=url_for("static", filename="map.css"),
            icon_svg=url_for("static", filename="favicon.svg"),
        ),
        "links": Links.under(root),
    }


def page(rule: str) -> Callable[[View], View]:
    """Register a page at `rule` and its JSON twin at `rule.json` (endpoint `<name>_json`)."""

    def register(view: View) -> View:
        json_rule = "/index.json" if rule == "/" else f"{rule}.json"
        pages.add_url_rule(rule, view_func=view, defaults={"fmt": "html"}, methods=["GET"])
        pages.add_url_rule(json_rule, f"{view.__name__}_json", view, defaults={"fmt": "json"}, methods=["GET"])
        return view

    return register


@page("/")
def index(fmt: str) -> Any:
    return respond("index.html", views.overview(site().atlas, as_of_param()), fmt)


@page("/corridors/<corridor_id>")
def corridor(corridor_id: str, fmt: str) -> Any:
    view = views.corridor_page(site().atlas, known_corridor(corridor_id), as_of_param())
    return respond("corridor.html", view, fmt)


@page("/facts")
def facts(fmt: str) -> Any:
    try:
        query = queries.parse_fact_query(site().atlas, request.args.to_dict(flat=False))
    except queries.BadQuery as exc:
        abort(400, description=str(exc))
    return respond("facts.html", queries.facts_page(site().atlas, query), fmt)


@page("/sources")
def sources(fmt: str) -> Any:
    return respond("sources.html", views.sources_page(site().atlas), fmt)


@page("/sources/<source_id>")
def source(source_id: str, fmt: str) -> Any:
    if source_id not in site().atlas.sources:
        abort(404, description=f"There is no source {source_id!r}; the sources page lists every article.")
    return respond("source.html", views.source_page(site().atlas, source_id), fmt)


@pages.get("/maps/overview.html", defaults={"corridor_id": None})
@pages.get("/maps/<corridor_id>.html")
def map_document(corridor_id: str | None) -> Any:
    """The map as its own document, shown in an iframe on the pages."""
    if corridor_id is not None:
        known_corridor(corridor_id)
    return site().map_html(corridor_id, as_of_param(), **map_options())


@pages.get("/vendor/leaflet/<path:filename>")
def leaflet(filename: str) -> Any:
    """Leaflet's JS, CSS and images from the installed xstatic package: no CDN."""
    return send_from_directory(xstatic.pkg.leaflet.BASE_DIR, filename)
