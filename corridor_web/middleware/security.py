"""Security headers on every response: a Content-Security-Policy that the pages satisfy, `nosniff`, a referrer
policy, and who may frame what.

Pages run no inline script. Map documents (folium writes the map as inline `<script>`s) and the documentation
site (its theme sets itself up with two) do: their policy lists the SHA-256 of each, computed once from the bytes
the cache then serves, so no `'unsafe-inline'` for scripts.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, request

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]

INLINE_SCRIPT_PREFIXES = ("/maps/", "/embed/", "/docs/")
"""Paths of documents with inline scripts: maps (shown in iframes) and the documentation site."""
ONLINE_TILES = ("https://tile.openstreetmap.org", "https://*.tiles.openrailwaymap.org")
"""The online layers a reader may switch on."""
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
X_FRAME_OPTIONS = {"'none'": "DENY", "'self'": "SAMEORIGIN"}
BASELINE_HEADERS = (
    ("Content-Security-Policy", "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
)
"""For answers made outside Flask (the server's own errors, the WSGI layers' 400, 414 and 503): plain text,
so nothing may load, run or frame."""


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
    scripted = request.path.startswith(INLINE_SCRIPT_PREFIXES) and response.mimetype == "text/html"
    if scripted and not response.direct_passthrough:
        hashes = inline_script_hashes(response.get_data(as_text=True))
    response.headers["Content-Security-Policy"] = content_security_policy(ancestors, hashes)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    if ancestors in X_FRAME_OPTIONS:
        response.headers["X-Frame-Options"] = X_FRAME_OPTIONS[ancestors]
    return response


class BaselineHeaders:
    """WSGI layer, outermost: an answer made outside Flask (it has no Content-Security-Policy) gets
    BASELINE_HEADERS; Flask's own answers keep theirs (an /embed/ map may be framed)."""

    def __init__(self, wsgi_app: WsgiApp) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        def add_missing(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if not any(name.lower() == "content-security-policy" for name, _ in headers):
                headers = [*headers, *BASELINE_HEADERS]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, add_missing)


def init_app(app: Flask) -> None:
    """Security headers on every response, errors included."""
    app.after_request(add_security_headers)
