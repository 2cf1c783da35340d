"""Security headers on every response: a Content-Security-Policy that the pages satisfy, `nosniff`, a referrer
policy, and who may frame what.

Pages run no inline script. Map documents do (folium writes the map as inline `<script>`s): their policy lists
the SHA-256 of each, computed once from the bytes the cache then serves, so no `'unsafe-inline'` for scripts.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

from flask import Flask, Response, request

MAP_DOCUMENT_PREFIXES = ("/maps/", "/embed/")
"""Paths of documents that draw a map with inline scripts, shown in iframes."""
ONLINE_TILES = ("https://tile.openstreetmap.org", "https://*.tiles.openrailwaymap.org")
"""The online layers a reader may switch on."""
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
X_FRAME_OPTIONS = {"'none'": "DENY", "'self'": "SAMEORIGIN"}


def frame_ancestors(path: str) -> str:
    """Who may frame the response at `path`: any site an /embed/ map, this site its /maps/ documents, nobody
    anything else."""
    if path.startswith("/embed/"):
        return "*"
    if path.startswith("/maps/"):
        return "'self'"
    return "'none'"


def content_security_policy(frame_ancestors: str, script_hashes: Iterable[str] = ()) -> str:
    """The policy: everything from this origin; inline scripts only by hash; inline styles allowed (templates
    colour swatches with `style`, Leaflet positions everything with it); tiles from the online layers."""
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": " ".join(["'self'", "data:", *ONLINE_TILES]),
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": frame_ancestors,
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def inline_script_hashes(html: str) -> list[str]:
    """CSP sources (`'sha256-…'`) for each inline `<script>` in an HTML document, in order, once each."""
    hashes = []
    for match in INLINE_SCRIPT.finditer(html):
        digest = hashlib.sha256(match.group(1).encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return list(dict.fromkeys(hashes))


def add_security_headers(response: Response) -> Response:
    ancestors = frame_ancestors(request.path)
    hashes: list[str] = []
    map_document = request.path.startswith(MAP_DOCUMENT_PREFIXES) and response.mimetype == "text/html"
    if map_document and not response.direct_passthrough:
        hashes = inline_script_hashes(response.get_data(as_text=True))
    response.headers["Content-Security-Policy"] = content_security_policy(ancestors, hashes)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    if ancestors in X_FRAME_OPTIONS:
        response.headers["X-Frame-Options"] = X_FRAME_OPTIONS[ancestors]
    return response


def init_app(app: Flask) -> None:
    """Security headers on every response, errors included."""
    app.after_request(add_security_headers)
