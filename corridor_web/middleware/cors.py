"""Cross-origin reads of the open data: exports, `.json` twins, the JSON API and the OGC API.

Web tools on other sites (uMap, geojson.io, a notebook's map) load these by URL, so any origin may read them,
without credentials; a preflight `OPTIONS` is answered with the methods and request headers allowed. A fixed
policy for public, read-only data fits in one `after_request` hook, so no CORS library is needed.
"""

from __future__ import annotations

from flask import Flask, Response, request

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Type, If-Modified-Since, If-None-Match, Range"
EXPOSED_HEADERS = "Content-Disposition, Content-Length, ETag, Last-Modified"
PREFLIGHT_MAX_AGE_S = 86400


def is_open_data(path: str) -> bool:
    """Whether `path` serves data other sites may read."""
    if path.endswith(".json") or path.startswith("/export/"):
        return True
    return any(path == prefix or path.startswith(prefix + "/") for prefix in ("/api", "/ogc"))


def add_cors_headers(response: Response) -> Response:
    if not is_open_data(request.path):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE_S)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_cors_headers)
