"""Machine access over HTTP: the plain JSON API under /api and OGC API – Features under /ogc."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from corridor.api import records
from corridor.api.ogc import features
from corridor.api.ogc.openapi import openapi_document, queryables_document
from corridor.api.ogc.schemas import collection_schema
from corridor.request.errors import BadParameter, NotFound, shorten
from corridor.request.params import NoParameters
from corridor_web.site import atlas, query

api = Blueprint("api", __name__, url_prefix="/api")
ogc = Blueprint("ogc", __name__, url_prefix="/ogc")
OGC_ERROR_CODES = {400: "InvalidParameterValue", 404: "NotFound"}


def json_response(document: Any, status: int = 200, media_type: str = "application/json") -> Response:
    """JSON in the record's own field order (jsonify would sort the keys)."""
    return Response(json.dumps(document, ensure_ascii=False), status=status, mimetype=media_type)


def _site_urls() -> records.SiteUrls:
    return records.SiteUrls(request.url_root.rstrip("/"))


@api.after_request
@ogc.after_request
def vary_by_accept(response: Response) -> Response:
    """Without `f`, the Accept header picks the format (cross-origin reads: `corridor_web.middleware.cors`)."""
    response.vary.add("Accept")
    return response


def retry_after(error: HTTPException) -> dict[str, str]:
    """The `Retry-After` header a refusal (503) says when to try again in, for every error page to carry."""
    seconds = getattr(error, "retry_after", None)
    return {"Retry-After": str(seconds)} if seconds else {}


@api.errorhandler(HTTPException)
def api_error(error: HTTPException) -> Response:
    status = error.code or 500
    message = {"error": error.name, "status": status, "message": shorten(error.description or "")}
    response = json_response(message, status)
    response.headers.update(retry_after(error))
    return response


@api.errorhandler(NotFound)
def api_not_found(error: NotFound) -> Response:
    return json_response({"error": "Not Found", "status": 404, "message": shorten(str(error))}, 404)


@api.errorhandler(BadParameter)
def api_bad_parameter(error: BadParameter) -> Response:
    return json_response({"error": "Bad Request", "status": 400, "message": shorten(str(error))}, 400)


@api.get("/", strict_slashes=False)
def api_index() -> Response:
    """Where everything is, as JSON; a browser (Accept preferring HTML, or `?f=html`) gets a short page with the
    same links and the JSON beside them."""
    document = records.api_index(url_for("api.api_index", _external=True).rstrip("/"), _ogc_base())
    if request.args.get("f") == "html" or (request.args.get("f") != "json" and _accepted_format() == "html"):
        text = json.dumps(document, ensure_ascii=False, indent=2)
        json_url = url_for("api.api_index", f="json")
        return Response(render_template("api.html", view=document, text=text, json_url=json_url), mimetype="text/html")
    return json_response(document)


@api.get("/<kind>")
def api_listing(kind: str) -> Response:
    query(NoParameters)
    return json_response(records.listing(atlas(), kind, _site_urls()))


@api.get("/<kind>/<record_id>")
def api_record(kind: str, record_id: str) -> Response:
    query(NoParameters)
    return json_response(records.record_of(atlas(), kind, record_id, _site_urls()).as_json())


def _ogc_base() -> str:
    return url_for("ogc.landing", _external=True).rstrip("/")


def _accepted_format() -> str:
    """The format the Accept header prefers; JSON unless HTML is preferred."""
    best = request.accept_mimetypes.best_match(["application/json", "application/geo+json", "text/html"])
    return "html" if best == "text/html" else "json"


def requested_format() -> str:
    """`f=json|html` if given (400 otherwise), else the Accept header's choice."""
    if request.args.get("f"):
        return features.parse_format(request.args["f"])
    return _accepted_format()


def plain_request() -> str:
    """The format of a request that takes no parameter but `f`."""
    features.check_parameters(request.args.to_dict(flat=False), ("f",))
    return requested_format()


def represent(document: dict[str, Any], fmt: str, template: str, media_type: str = "application/json") -> Response:
    """The document as JSON of the given media type, or rendered by `template` with the document as `view`."""
    if fmt == "html":
        json_url = next(link["href"] for link in document["links"] if link["rel"] == "alternate")
        return Response(render_template(template, view=document, json_url=json_url), mimetype="text/html")
    return json_response(document, media_type=media_type)


@ogc.errorhandler(BadParameter)
def bad_parameter(error: BadParameter) -> Response:
    return ogc_error(400, "Bad Request", str(error))


@ogc.errorhandler(NotFound)
def not_found(error: NotFound) -> Response:
    return ogc_error(404, "Not Found", str(error))


@ogc.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    response = ogc_error(error.code or 500, error.name, error.description or error.name)
    response.headers.update(retry_after(error))
    return response


def ogc_error(status: int, name: str, message: str) -> Response:
    """An OGC exception document (`code`, `description`), or the error page when the client wants HTML."""
    wants_html = request.args.get("f") == "html" or ("f" not in request.args and _accepted_format() == "html")
    if wants_html:
        page = render_template("error.html", error={"name": name, "description": message}, status=status)
        return Response(page, status=status, mimetype="text/html")
    code = OGC_ERROR_CODES.get(status, name.replace(" ", ""))
    return json_response({"code": code, "description": message}, status)


@ogc.app_template_filter("facts_of")
def facts_of(properties: dict[str, Any]) -> list[dict[str, Any]]:
    """The facts an OGC feature carries as JSON text (see `features.client_values`), as a list to show."""
    return json.loads(properties["facts"]) if properties.get("facts") else []


@ogc.get("/", strict_slashes=False)
def landing() -> Response:
    fmt = plain_request()
    return represent(features.landing_page(_ogc_base(), fmt), fmt, "ogc_landing.html")


@ogc.get("/api")
def service_doc() -> str:
    """How to use this API, for people: the landing page's `service-doc`; HTML only."""
    features.check_parameters(request.args.to_dict(flat=False), ())
    urls = {"base": _ogc_base(), "api_base": url_for("api.api_index", _external=True)}
    limits = {"default_limit": features.DEFAULT_LIMIT, "max_limit": features.MAX_LIMIT}
    return render_template("ogc_api.html", **urls, **limits)


@ogc.get("/conformance")
def conformance() -> Response:
    fmt = plain_request()
    return represent(features.conformance_document(_ogc_base(), fmt), fmt, "ogc_conformance.html")


@ogc.get("/collections")
def collections() -> Response:
    fmt = plain_request()
    document = features.collections_document(atlas(), _ogc_base(), fmt, _site_urls())
    return represent(document, fmt, "ogc_collections.html")


@ogc.get("/collections/<collection_id>")
def collection(collection_id: str) -> Response:
    fmt = plain_request()
    document = features.collection_document(atlas(), _ogc_base(), collection_id, fmt, _site_urls())
    return represent(document, fmt, "ogc_collection.html")


@ogc.get("/collections/<collection_id>/schema")
def schema(collection_id: str) -> Response:
    """The JSON Schema of a collection's features, which GDAL reads to type the layer's fields."""
    features.check_parameters(request.args.to_dict(flat=False), ())
    return json_response(collection_schema(_ogc_base(), collection_id), media_type="application/schema+json")


@ogc.get("/openapi")
def service_desc() -> Response:
    """The API definition that QGIS, GDAL and OWSLib read first: the landing page's `service-desc`."""
    features.check_parameters(request.args.to_dict(flat=False), ())
    return json_response(openapi_document(atlas(), _ogc_base()), media_type=features.MEDIA_TYPES["openapi"])


@ogc.get("/collections/<collection_id>/queryables")
def queryables(collection_id: str) -> Response:
    """What a collection's items filter and sort on: JSON Schema, or a table for people (`f=html`)."""
    fmt = plain_request()
    document = queryables_document(atlas(), _ogc_base(), collection_id)
    if fmt == "json":
        return json_response(document, media_type=features.MEDIA_TYPES["schema"])
    json_url = features.url(f"{_ogc_base()}/collections/{collection_id}/queryables", {"f": "json"})
    example = {"segments": "status = 'existing'", "facts": "kind = 'investment'"}.get(collection_id, "name LIKE 'K%'")
    page = render_template(
        "ogc_queryables.html", view=document, json_url=json_url, collection_id=collection_id, example=example
    )
    return Response(page, mimetype="text/html")


@ogc.get("/<path:unknown>")
def unknown_path(unknown: str) -> Response:
    """Any other path under /ogc: a 404 in the client's format (an OGC exception for JSON clients)."""
    raise NotFound(f"There is nothing at /ogc/{unknown}; start from {_ogc_base()} (links to everything served).")


@ogc.get("/collections/<collection_id>/items")
def items(collection_id: str) -> Response:
    features.known_collection(collection_id)
    query = features.parse_item_query(request.args.to_dict(flat=False), collection_id, atlas())
    fmt = requested_format()
    document = features.items_document(atlas(), _ogc_base(), collection_id, query, fmt, _site_urls())
    return represent(document, fmt, "ogc_items.html", "application/geo+json")


@ogc.get("/collections/<collection_id>/items/<item_id>")
def item(collection_id: str, item_id: str) -> Response:
    fmt = plain_request()
    document = features.item_document(atlas(), _ogc_base(), collection_id, item_id, fmt, _site_urls())
    return represent(document, fmt, "ogc_item.html", "application/geo+json")
