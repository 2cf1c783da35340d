"""Running the app for real: `/healthz`, an access log, and changed data checked (and validated) as requests
arrive, swapped in only when it passes."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, redirect, url_for
from werkzeug.exceptions import BadHost
from werkzeug.routing import Map

from corridor.load import Atlas
from corridor.reload import AtlasKeeper
from corridor_web.cache import Environ, ResponseCache, StartResponse, WsgiApp

ops = Blueprint("ops", __name__)
access_log = logging.getLogger("corridor.access")


def keeper() -> AtlasKeeper:
    return current_app.extensions["corridor_data"]


@ops.get("/healthz")
def healthz() -> Response:
    """200 while the server answers: the data version served, and the last rejected data if any."""
    data = keeper()
    return jsonify(
        status="ok",
        data_version=data.atlas.version,
        corridors=len(data.atlas.corridors),
        rejected_version=data.rejected_version,
        rejected_because=data.last_error,
    )


@ops.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever a page links (map documents link none): the site's icon."""
    return redirect(url_for("static", filename="favicon.svg"))


class AccessLog:
    """WSGI layer logging one line per request as the app answers: client, request line, status, bytes and the
    milliseconds the app took. (Logged then, not once the body is sent, so that the app's answer reaches the
    server unwrapped and a file goes out without being copied.)"""

    def __init__(self, wsgi_app: WsgiApp) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if not access_log.isEnabledFor(logging.INFO):
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()

        def log_answer(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            size = next((v for n, v in headers if n.lower() == "content-length"), "-")
            query = environ.get("QUERY_STRING")
            target = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "") + (f"?{query}" if query else "")
            access_log.info(
                '%s "%s %s %s" %s %s %.1fms',
                environ.get("REMOTE_ADDR", "-"),
                environ["REQUEST_METHOD"],
                target,
                environ.get("SERVER_PROTOCOL", "-"),
                status.split(" ", 1)[0],
                size,
                (time.perf_counter() - started) * 1000,
            )
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, log_answer)


class RejectBadHost:
    """WSGI layer answering 400 to a Host header that is no host name, for which Flask cannot build links."""

    def __init__(self, wsgi_app: WsgiApp, url_map: Map) -> None:
        self.wsgi_app = wsgi_app
        self.url_map = url_map
        self.is_valid = lru_cache(maxsize=256)(self._is_valid)

    def _is_valid(self, host: str) -> bool:
        try:
            self.url_map.bind(host)
        except BadHost:
            return False
        return True

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if self.is_valid(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")):
            return self.wsgi_app(environ, start_response)
        body = b"400 Bad Request: the Host header is not a valid host name; send this server's name.\n"
        start_response(
            "400 Bad Request",
            [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )
        return [body]


class DataRefresh:
    """WSGI layer asking the keeper, before each request, whether changed data is due for a check."""

    def __init__(self, wsgi_app: WsgiApp, data: AtlasKeeper) -> None:
        self.wsgi_app = wsgi_app
        self.data = data

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        self.data.refresh_if_due()
        return self.wsgi_app(environ, start_response)


def init_app(app: Flask, cache: ResponseCache, new_site: Callable[[Atlas], Any]) -> AtlasKeeper:
    """/healthz, the access log and data reloads (every DATA_CHECK_SECONDS; 0 turns them off). Each accepted
    atlas becomes a new site (`new_site`) and empties the response cache."""

    def serve_new_data(atlas: Atlas) -> None:
        app.extensions["corridor"] = new_site(atlas)
        cache.clear()

    data = AtlasKeeper(app.extensions["corridor"].atlas, app.config["DATA_CHECK_SECONDS"], serve_new_data)
    app.extensions["corridor_data"] = data
    app.register_blueprint(ops)
    app.wsgi_app = AccessLog(RejectBadHost(DataRefresh(app.wsgi_app, data), app.url_map))  # type: ignore[method-assign]
    return data
