"""The app factory: blueprints, error pages, cache, security headers and data reloads around one atlas."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import xstatic.pkg.leaflet
from flask import Flask, jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.exceptions import NotFound as NotFoundPage

from corridor.atlas.load import DEFAULT_DATA_DIR, Atlas
from corridor.atlas.reload import load_valid_data
from corridor.atlas.resources import STATIC_DIR, bundled_dir
from corridor.request.errors import BadParameter, NotFound, shorten
from corridor_web.blueprints import ops
from corridor_web.blueprints.api import api, ogc, ogc_error, retry_after
from corridor_web.blueprints.catalog import catalog
from corridor_web.blueprints.changes import changes
from corridor_web.blueprints.docs import docs
from corridor_web.blueprints.embeds import embeds
from corridor_web.blueprints.exports import exports
from corridor_web.blueprints.map_data import map_data
from corridor_web.blueprints.pages import pages
from corridor_web.blueprints.routes import routes
from corridor_web.docs_site import BuiltDocs
from corridor_web.middleware import cache, cors, limits, security
from corridor_web.render_pool import RenderPool
from corridor_web.site import Site

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = bundled_dir("templates", PACKAGE_DIR)


class KeyOrderJSONProvider(DefaultJSONProvider):
    """JSON in each dict's own key order: a `.json` twin keeps its view's order, the order the page shows."""

    sort_keys = False


def build_app(config: Mapping[str, Any] | None = None, atlas: Atlas | None = None) -> Flask:
    """Build the app on data that loads and validates (else DataError); config may set DATA_DIR (geodata/),
    SEEDS_DIR (default: seeds/ beside it), MAP_CACHE_SIZE (rendered maps kept, one per corridor and date),
    RESPONSE_CACHE_MB (finished responses kept), VARIANT_CACHE_MB (of them, those for URLs with a query),
    RENDER_SLOTS (maps drawn at once), RENDER_PROCESSES (True: each slot a worker process of its own, as
    `corridor serve` runs; else renders run in the request threads), TRUSTED_HOSTS (host names served, any
    case and port; None: any), FORWARDED_HOPS (proxies whose X-Forwarded-* headers count),
    DATA_CHECK_SECONDS (how often to look for changed data; 0: never) and STATIC_SITE (pages for `corridor
    build-site`: forms that need the server say so). `atlas`: data the caller has already loaded and validated
    from DATA_DIR, so it is not read twice."""
    app = Flask("corridor_web", template_folder=str(TEMPLATES_DIR), static_folder=str(STATIC_DIR))
    app.config.from_mapping(DATA_DIR=DEFAULT_DATA_DIR, SEEDS_DIR=None, MAP_CACHE_SIZE=64, DATA_CHECK_SECONDS=5)
    app.config.from_mapping(config or {})
    # The host layer is the one host check; Flask's own (the same key) would disagree with it on case, ports
    # and IPv6, and its refusal raises again in the error page's links.
    app.extensions["corridor_hosts"], app.config["TRUSTED_HOSTS"] = app.config.get("TRUSTED_HOSTS"), None
    app.json = KeyOrderJSONProvider(app)
    if atlas is None:
        atlas = load_valid_data(Path(app.config["DATA_DIR"]), app.config["SEEDS_DIR"])
    app.extensions["corridor"] = Site(atlas, app.config["MAP_CACHE_SIZE"])
    app.extensions["corridor_docs"] = BuiltDocs()
    for blueprint in (pages, changes, exports, embeds, map_data, api, ogc, routes, catalog, docs):
        app.register_blueprint(blueprint)
    app.register_error_handler(HTTPException, show_error)
    app.register_error_handler(BadParameter, lambda error: show_error(BadRequest(str(error))))
    app.register_error_handler(NotFound, lambda error: show_error(NotFoundPage(str(error))))
    pool = None
    if app.config.get("RENDER_PROCESSES"):

        def served_version() -> str:
            return app.extensions["corridor"].atlas.version

        pool = RenderPool(config or {}, app.config.setdefault("RENDER_SLOTS", 2), served_version)
        app.extensions["corridor_render_pool"] = pool
    limits.init_app(app, pool)  # before the cache: only answers it does not keep take a slot
    assets = {"static": app.static_folder, "pages.leaflet": xstatic.pkg.leaflet.BASE_DIR}
    immutable = ["map_data.map_popups", "map_data.embed_popups", "map_data.railways"]  # versioned URLs
    response_cache = cache.init_app(app, assets, not_cached=["ops.healthz"], immutable=immutable)
    security.init_app(app)  # after cache: it reads bodies before they are compressed
    cors.init_app(app)
    ops.init_app(app, response_cache, lambda new: Site(new, app.config["MAP_CACHE_SIZE"]))
    return app


SITE_WORDS = {
    404: "There is no page at this address. Check it for a typing mistake, or start from one of the pages below.",
    400: "This address asks for something the site cannot answer.",
    405: "This address only answers GET requests: the site is read-only.",
}
"""The site's own words for errors raised without a message of ours (an unknown URL, a POST)."""


def show_error(error: HTTPException) -> tuple[Any, int, dict[str, str]]:
    """Errors as a page (or JSON for .json URLs) that says what went wrong, never a traceback; a message
    that echoes input is cut to MAX_MESSAGE_CHARS, and a 503 says when to try again."""
    status = error.code or 500
    headers = retry_after(error)
    if request.path == "/ogc" or request.path.startswith("/ogc/"):  # e.g. a 405: OGC clients read JSON
        return ogc_error(status, error.name, shorten(error.description or error.name)), status, headers
    if error.description == type(error).description and status in SITE_WORDS:
        error.description = SITE_WORDS[status]
    error.description = shorten(error.description or "")
    if request.path.endswith(".json"):
        return jsonify(error=error.name, status=status, message=error.description), status, headers
    return render_template("error.html", error=error, status=status), status, headers
