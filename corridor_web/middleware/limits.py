"""Bounded cost per request: how many expensive renders run at once, how long a URL may be and how often a
parameter may repeat, which `Host` names are served, and `HEAD` answers without a body.

Each limit answers with a short plain-text error (or, for renders, the error page) rather than letting one
client's requests take the server's time or memory from everyone else.
"""

from __future__ import annotations

import ipaddress
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, Protocol
from urllib.parse import parse_qsl

from flask import Flask, request
from werkzeug.exceptions import HTTPException, ServiceUnavailable
from werkzeug.routing import Map

from corridor_web.middleware.cache import Environ, StartResponse, WsgiApp
from corridor_web.render_pool import WorkerGone

EXPENSIVE_ENDPOINTS = frozenset(
    {
        "pages.map_document",
        "embeds.embed",
        "embeds.standalone",
        "embeds.picture",
        "routes.route_map",
        "map_data.map_popups",
        "map_data.embed_popups",
        "map_data.railways",
    }
)
"""Endpoints that render a map (HTML or PNG) or what a map fetches on first use (its popup table, a layer's
data) when the caches miss; any route ending in `.pdf` counts too."""
COSTLY_WITH = {
    "pages.facts": frozenset({"q"}),
    "pages.facts_json": frozenset({"q"}),
    "pages.facts_csv": frozenset({"q"}),
    "routes.routes_page": frozenset({"via"}),
    "routes.routes_page_json": frozenset({"via"}),
    "exports.export_file": frozenset({"as_of"}),
}
"""Endpoints whose answer costs a render when given one of these parameters (a search, a route through
places, an export at a date): endless variants one client can ask for, so they share the render slots."""
FILTERED_ENDPOINTS = frozenset({"ogc.items"})
"""Endpoints whose answer costs a render when given any parameter but the format `f` (filters, paging)."""
QUERY_SLOTS = 1
"""Of the render slots, how many the COSTLY_WITH and FILTERED_ENDPOINTS queries may hold at once: each costs
less than a map, but a client can send endless distinct ones, and every one running takes CPU (and the
interpreter) from the cached pages."""
RETRY_AFTER_S = 5
MAX_URL_BYTES = 4096
"""Longest path plus query string; every URL the site links is well under 300 bytes."""
MAX_REPEATS = 12
"""Most times one query parameter may be given (the route planner's `via` is the only repeated one)."""
MAX_PARAMETERS = 40
LABEL = r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?"
HOST_NAME = re.compile(rf"{LABEL}(?:\.{LABEL})*\.?")
"""A host name or IPv4 address (lower case): nothing a link cannot hold."""
PORT = re.compile(r"[0-9]{1,5}")
MAX_HOST_CHARS = 260
DEFAULT_PORTS = {"http": 80, "https": 443}
REFUSED = "corridor.render_refused"
"""The environ key RenderSlots sets on a request it found no slot for."""


def canonical_host(host: str, scheme: str = "http") -> str | None:
    """`host` (a Host header: name, IPv4 or bracketed IPv6, optional port) spelt one way: lower case, no
    trailing dot, the port without leading zeros and dropped when it is the scheme's default; None when it is
    no host or the port is not 1-65535. The one spelling the cache keys on and links are written with."""
    if not host or len(host) > MAX_HOST_CHARS:
        return None
    host = host.lower()
    port: str | None
    if host.startswith("["):
        address, bracket, port = host[1:].partition("]")
        if not bracket or (port and not port.startswith(":")):
            return None
        try:
            ip = ipaddress.IPv6Address(address)
        except ValueError:
            return None
        if ip.scope_id:  # a zone (`%eth0`) names an interface of the client's, nothing a link can hold
            return None
        name = f"[{ip.compressed}]"
        port = port[1:] if port else None
    else:
        name, colon, port = host.partition(":")
        if not HOST_NAME.fullmatch(name):
            return None
        name, port = name.rstrip("."), port if colon else None
    if port is None:
        return name
    if not PORT.fullmatch(port) or not 1 <= int(port) <= 65535:
        return None
    return name if int(port) == DEFAULT_PORTS.get(scheme) else f"{name}:{int(port)}"


def host_is_trusted(host: str, trusted: Sequence[str]) -> bool:
    """`host` (canonical, port dropped) is one of `trusted`, or under one of its `.domain` entries."""
    name = host[: host.index("]") + 1] if host.startswith("[") else host.partition(":")[0]
    for entry in trusted:
        entry = entry.lower().rstrip(".")
        bare = canonical_host(entry.lstrip(".")) or entry
        if name == bare or (entry.startswith(".") and name.endswith("." + bare)):
            return True
    return False


class Renderer(Protocol):
    """Where slot-holding answers are made when not in the request thread (`render_pool.RenderPool`)."""

    def start(self) -> Any: ...

    def render(self, environ: Environ) -> Any: ...


class RenderSlots:
    """WSGI layer (inside the response cache, so only answers not kept yet reach it) holding at most `slots`
    expensive renders (maps, PDFs, and the COSTLY_WITH and FILTERED_ENDPOINTS queries) at once, of which at
    most QUERY_SLOTS queries. One more is answered 503 with Retry-After at once (waiting would hold a request
    thread that cached pages need). Requests for one answer wait for its one render in the response cache, not
    here. Given a `renderer`, the renders run there (worker processes), else in the request thread."""

    def __init__(self, wsgi_app: WsgiApp, url_map: Map, slots: int, renderer: Renderer | None = None) -> None:
        self.wsgi_app = wsgi_app
        self.url_map = url_map
        self.slots = slots
        self.renderer = renderer
        self._free = threading.BoundedSemaphore(slots)
        self._queries = threading.BoundedSemaphore(min(QUERY_SLOTS, slots))

    def kind(self, environ: Environ) -> str | None:
        """ "render" (a map, picture or PDF), "query" (a costly variant of a cheap page) or None (cheap)."""
        try:
            rule, _ = self.url_map.bind_to_environ(environ).match(return_rule=True)
        except HTTPException:  # no such page, or another method: cheap, and Flask answers it
            return None
        if rule.endpoint in EXPENSIVE_ENDPOINTS or rule.rule.endswith(".pdf"):
            return "render"
        names = {name for name, _ in parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)}
        if rule.endpoint in FILTERED_ENDPOINTS:
            return "query" if names - {"f"} else None
        return "query" if not COSTLY_WITH.get(rule.endpoint, frozenset()).isdisjoint(names) else None

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if self.renderer is not None:
            self.renderer.start()
        kind = self.kind(environ)
        if kind is None:
            return self.wsgi_app(environ, start_response)
        if not self._take(kind):
            environ[REFUSED] = True  # the app answers with its error page (refuse_when_full)
            return self.wsgi_app(environ, start_response)
        try:
            if self.renderer is not None:
                try:
                    rendered = self.renderer.render(environ)
                except WorkerGone:
                    environ[REFUSED] = True
                    return self.wsgi_app(environ, start_response)
                if rendered is not None:
                    return rendered.send(environ, start_response)
            return self.wsgi_app(environ, start_response)  # views are not streamed: rendered by now
        finally:
            self._give_back(kind)

    def _take(self, kind: str) -> bool:
        if kind == "query" and not self._queries.acquire(blocking=False):
            return False
        if self._free.acquire(blocking=False):
            return True
        if kind == "query":
            self._queries.release()
        return False

    def _give_back(self, kind: str) -> None:
        if kind == "query":
            self._queries.release()
        self._free.release()

    def refuse_when_full(self) -> None:
        """Flask's before-request hook: the 503 for a request this layer found no slot for."""
        if request.environ.get(REFUSED):
            raise ServiceUnavailable(
                f"The server is rendering {self.slots} maps, searches or dated exports already; try again in "
                f"{RETRY_AFTER_S} seconds.",
                retry_after=RETRY_AFTER_S,
            )


def plain_error(start_response: StartResponse, status: str, message: str) -> list[bytes]:
    body = f"{status}: {message}\n".encode()
    headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    start_response(status, headers)
    return [body]


class RequestLimits:
    """WSGI layer refusing a URL longer than MAX_URL_BYTES (414) and a query with a parameter repeated more
    than MAX_REPEATS times or more than MAX_PARAMETERS in all (400), before any work is done for them."""

    def __init__(self, wsgi_app: WsgiApp) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        query = environ.get("QUERY_STRING", "")
        if len(environ.get("PATH_INFO", "")) + len(query) > MAX_URL_BYTES:
            return plain_error(start_response, "414 URI Too Long", f"URLs here are under {MAX_URL_BYTES} bytes.")
        if query:
            names = Counter(name for name, _ in parse_qsl(query, keep_blank_values=True))
            name, count = names.most_common(1)[0] if names else ("", 0)
            if count > MAX_REPEATS:
                message = f"Give {name[:40]!r} at most {MAX_REPEATS} times."
                return plain_error(start_response, "400 Bad Request", message)
            if sum(names.values()) > MAX_PARAMETERS:
                return plain_error(start_response, "400 Bad Request", f"At most {MAX_PARAMETERS} parameters.")
        return self.wsgi_app(environ, start_response)


class RejectBadHost:
    """WSGI layer, the site's one host check: a Host header that is no host, or (given `trusted`) not one this
    site is served under, gets a plain 400 whatever its case, port or brackets; any other is rewritten to its
    canonical spelling (what the cache keys on and links are written with, and a spelling Werkzeug accepts,
    so no later check can disagree). No Host header: the server's own name and port are checked instead."""

    def __init__(self, wsgi_app: WsgiApp, trusted: Sequence[str] | None = None) -> None:
        self.wsgi_app = wsgi_app
        self.trusted = list(trusted) if trusted else None

    def served_host(self, environ: Environ) -> str | None:
        scheme = environ.get("wsgi.url_scheme", "http")
        host = environ.get("HTTP_HOST")
        if host is None:
            name = environ.get("SERVER_NAME", "")
            host = f"[{name}]" if ":" in name else name
            host += f":{environ['SERVER_PORT']}" if environ.get("SERVER_PORT") else ""
        canonical = canonical_host(host, scheme)
        if canonical is None or (self.trusted is not None and not host_is_trusted(canonical, self.trusted)):
            return None
        return canonical

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        host = self.served_host(environ)
        if host is not None:
            environ["HTTP_HOST"] = host
            return self.wsgi_app(environ, start_response)
        reason = "is not one this site is served under" if self.trusted else "is not a valid host name"
        return plain_error(start_response, "400 Bad Request", f"the Host header {reason}; send this server's name.")


class NoBodyForHead:
    """WSGI layer making sure no answer to `HEAD` has a body, whichever layer made it (a body would be read as
    the start of the next answer on a kept-alive connection)."""

    def __init__(self, wsgi_app: WsgiApp) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        body = self.wsgi_app(environ, start_response)
        if environ.get("REQUEST_METHOD") != "HEAD":
            return body
        getattr(body, "close", lambda: None)()
        return []


def init_app(app: Flask, renderer: Renderer | None = None) -> RenderSlots:
    """The render bound (RENDER_SLOTS, default 2) on the expensive endpoints, as a layer around the app itself
    (so that the response cache, added later, is outside it); the renders run in `renderer` when given."""
    slots = RenderSlots(app.wsgi_app, app.url_map, app.config.setdefault("RENDER_SLOTS", 2), renderer)
    app.before_request(slots.refuse_when_full)
    app.wsgi_app = slots  # type: ignore[method-assign]
    return slots


def wrap(wsgi_app: Any, app: Flask) -> Any:
    """The request limits and the host check around `wsgi_app`, given the names served (None: any)."""
    return RejectBadHost(RequestLimits(wsgi_app), app.extensions["corridor_hosts"])
