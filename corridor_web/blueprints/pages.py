"""The browsing pages: overview, corridors, facts, sources and the map documents they frame, each with a
`.json` twin holding the same dict."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import xstatic.pkg.leaflet
from flask import Blueprint, jsonify, render_template, request, send_from_directory, url_for
from markupsafe import Markup

from corridor.display.css import vocabulary_css
from corridor.display.fact_card import citation_box, context_line, date_badge, disputed_mark, fact_card
from corridor.exports.formats import ALL
from corridor.pages import facts as queries
from corridor.pages import views
from corridor.request.errors import NotFound
from corridor.request.params import NoParameters
from corridor_web.blueprints.embeds import embed_links
from corridor_web.blueprints.exports import export_links
from corridor_web.site import (
    as_of_param,
    atlas,
    download,
    known_corridor,
    map_options,
    query,
    redirect_to_snapped_date,
    site,
    site_links,
)

pages = Blueprint("pages", __name__)
View = Callable[..., Any]


def with_downloads(view: dict[str, Any], key: str) -> dict[str, Any]:
    """A map page's dict with its download links and Embed panel, so that its `.json` twin holds them too."""
    return {**view, "downloads": export_links(key), "embed": embed_links(key)}


def respond(template: str, view: dict[str, Any], fmt: str) -> Any:
    """The page, or its `.json` twin holding the same dict (in the dict's own key order)."""
    if fmt == "json":
        return jsonify(view)
    route_args: dict[str, Any] = {k: v for k, v in (request.view_args or {}).items() if k != "fmt"}
    json_url = url_for(f"{request.endpoint}_json", **{**route_args, **request.args.to_dict()})
    as_of = view.get("timeline", {}).get("as_of")
    return render_template(template, view=view, json_url=json_url, as_of_args={"as_of": as_of} if as_of else {})


def page(rule: str, blueprint: Blueprint = pages) -> Callable[[View], View]:
    """Register a page at `rule` and its JSON twin at `rule.json` (endpoint `<name>_json`)."""

    def register(view: View) -> View:
        json_rule = "/index.json" if rule == "/" else f"{rule}.json"
        blueprint.add_url_rule(rule, view_func=view, defaults={"fmt": "html"}, methods=["GET"])
        blueprint.add_url_rule(json_rule, f"{view.__name__}_json", view, defaults={"fmt": "json"}, methods=["GET"])
        return view

    return register


@page("/")
def index(fmt: str) -> Any:
    return respond("index.html", with_downloads(views.overview(atlas(), as_of_param()), ALL), fmt)


@page("/corridors/<corridor_id>")
def corridor(corridor_id: str, fmt: str) -> Any:
    view = views.corridor_page(atlas(), known_corridor(corridor_id), as_of_param())
    return respond("corridor.html", with_downloads(view, corridor_id), fmt)


@page("/facts")
def facts(fmt: str) -> Any:
    view = queries.facts_page(atlas(), query(queries.FactQuery, atlas()))
    return respond("facts.html", view, fmt)


@pages.get("/facts.csv")
def facts_csv() -> Any:
    """The facts page's rows, as filtered, searched and sorted, in the exports' CSV columns."""
    data = queries.facts_csv(atlas(), query(queries.FactQuery, atlas()))
    return download(data, "text/csv", "corridor-facts.csv")


@pages.get("/briefs/<corridor_id>.pdf")
def corridor_brief(corridor_id: str) -> Any:
    """The corridor's printable brief (PDF): rendered once per data version, then kept by the response cache
    like the map pictures."""
    query(NoParameters)
    from corridor.pages.brief import render_brief_pdf

    pdf = render_brief_pdf(atlas(), known_corridor(corridor_id))
    return download(pdf, "application/pdf", f"corridor-{corridor_id}-brief.pdf")


@pages.app_template_filter("citation")
def citation(fact: dict[str, Any]) -> str:
    """A claim's citation line, with an absolute link to its highlighted passage."""
    permalink = url_for("pages.source", source_id=fact["source_id"], _anchor=f"fact-{fact['id']}", _external=True)
    return views.citation_line(fact, permalink)


@pages.app_template_global("fact_card")
def page_fact_card(fact: dict[str, Any], mark_disputed: bool = True) -> Markup:
    """A claim on a page: the renderer the map popups and KML balloons use, with this site's links and the
    citation line."""
    return fact_card(fact, site_links(), mark_disputed=mark_disputed, citation=citation(fact), anchored=True)


@pages.app_template_global("disputed_mark")
def page_disputed_mark(fact: dict[str, Any]) -> Markup:
    return disputed_mark(fact, site_links())


@pages.app_template_global("context_line")
def page_context_line(fact: dict[str, Any]) -> Markup:
    """What has happened since the article (a claim time has overtaken), with its sources."""
    return context_line(fact, site_links())


@pages.app_template_global("citation_box")
def page_citation_box(fact: dict[str, Any]) -> Markup:
    return citation_box(citation(fact))


pages.add_app_template_global(date_badge, "date_badge")


@page("/sources")
def sources(fmt: str) -> Any:
    query(NoParameters)
    return respond("sources.html", views.sources_page(atlas()), fmt)


@page("/sources/<source_id>")
def source(source_id: str, fmt: str) -> Any:
    query(NoParameters)
    if source_id not in atlas().sources:
        raise NotFound(f"There is no source {source_id!r}; the sources page lists every article.")
    return respond("source.html", views.source_page(atlas(), source_id), fmt)


@pages.get("/maps/overview.html", defaults={"corridor_id": None})
@pages.get("/maps/<corridor_id>.html")
def map_document(corridor_id: str | None) -> Any:
    """The map as its own document, shown in an iframe on the pages."""
    if corridor_id is not None:
        known_corridor(corridor_id)
    as_of = as_of_param()
    return redirect_to_snapped_date(as_of) or site().map_html(corridor_id, as_of, **map_options(as_of))


@pages.get("/styles/vocabulary.css")
def vocabulary_stylesheet() -> Any:
    """The stylesheet generated from the style table: every colour the pages and maps use."""
    return download(vocabulary_css().encode("utf-8"), "text/css")


@pages.get("/vendor/leaflet/<path:filename>")
def leaflet(filename: str) -> Any:
    """Leaflet's JS, CSS and images from the installed xstatic package: no CDN."""
    return send_from_directory(xstatic.pkg.leaflet.BASE_DIR, filename)
