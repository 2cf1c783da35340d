"""Bounded cost per request: how many expensive renders run at once, how long a URL may be and how often a
parameter may repeat, which `Host` names are served, and `HEAD` answers without a body.

Each limit answers with a short plain-text error (or, for renders, the error page) rather than letting one
client's requests take the server's time or memory from everyone else.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask, g, request
from werkzeug.exceptions import BadHost, ServiceUnavailable
from werkzeug.routing import Map

from corridor_web.middleware.cache import Environ, StartResponse, WsgiApp

EXPENSIVE_ENDPOINTS = frozenset(
    {"pages.map_document", "embeds.embed", "embeds.standalone", "embeds.picture", "routes.route_map"}
)
"""Endpoints that render a map (HTML or PNG) when the caches miss; any route ending in `.pdf` counts too."""
RETRY_AFTER_S = 5
MAX_URL_BYTES = 4096
"""Longest path plus query string; every URL the site links is well under 300 bytes."""
MAX_REPEATS = 12
"""Most times one query parameter may be given (the route planner's `via` is the only repeated one)."""
MAX_PARAMETERS = 40
LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
HOST = re.compile(rf"(?:{LABEL}(?:\.{LABEL})*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{{1,5}})?")
"""A host name, IPv4 or bracketed IPv6 address, with an optional port: nothing a link cannot hold."""


def host_is_trusted(host: str, trusted: Sequence[str]) -> bool:
    """`host` (port dropped) is one of `trusted`, or under one of its `.domain` entries."""
    name = host[: host.index("]") + 1] if host.startswith("[") else host.rsplit(":", 1)[0]
    name = name.lower().rstrip(".")
    for entry in trusted:
        entry = entry.lower()
        if name == entry.lstrip(".") or (entry.startswith(".") and name.endswith(entry)):
            return True
    return False


class RenderSlots:
    """At most `slots` expensive renders at once; one more is answered 503 with Retry-After at once (waiting
    would hold a request thread that cached pages need)."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self._free = threading.BoundedSemaphore(slots)

    def expensive(self) -> bool:
        rule = request.url_rule.rule if request.url_rule is not None else ""
        return request.endpoint in EXPENSIVE_ENDPOINTS or rule.endswith(".pdf")

    def acquire(self) -> None:
        if not self.expensive():
            return
        if not self._free.acquire(blocking=False):
            raise ServiceUnavailable(
                f"The server is drawing {self.slots} maps already; try again in {RETRY_AFTER_S} seconds.",
                retry_after=RETRY_AFTER_S,
            )
        g.render_slot = True

    def release(self, _error: BaseException | None = None) -> None:
        if g.pop("render_slot", False):
            self._free.release()


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
    """WSGI layer answering 400 to a Host header that is no host name, or (given `trusted`) not one this
    site is served under: the app writes the host into absolute links and the cache keys on it."""

    def __init__(self, wsgi_app: WsgiApp, url_map: Map, trusted: Sequence[str] | None = None) -> None:
        self.wsgi_app = wsgi_app
        self.url_map = url_map
        self.trusted = list(trusted) if trusted else None

    def is_valid(self, host: str) -> bool:
        if len(host) > 260 or not HOST.fullmatch(host):
            return False
        if self.trusted is not None and not host_is_trusted(host, self.trusted):
            return False
        try:
            self.url_map.bind(host)
        except BadHost:
            return False
        return True

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if self.is_valid(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")):
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


def init_app(app: Flask) -> RenderSlots:
    """The render bound (RENDER_SLOTS, default 2) on the expensive endpoints."""
    slots = RenderSlots(app.config.setdefault("RENDER_SLOTS", 2))
    app.before_request(slots.acquire)
    app.teardown_request(slots.release)
    return slots


def wrap(wsgi_app: Any, app: Flask) -> Any:
    """The request limits and the host check around `wsgi_app` (TRUSTED_HOSTS: names served; None: any)."""
    return RejectBadHost(RequestLimits(wsgi_app), app.url_map, app.config.get("TRUSTED_HOSTS"))
