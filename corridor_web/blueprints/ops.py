"""Running the app for real: `/healthz`, an access log, and changed data checked (and validated) as requests
arrive, swapped in only when it passes."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

import werkzeug
from flask import Blueprint, Flask, Response, current_app, jsonify, redirect, url_for
from werkzeug.middleware.proxy_fix import ProxyFix

from corridor.atlas.load import Atlas
from corridor.atlas.reload import AtlasKeeper
from corridor_web.middleware import limits
from corridor_web.middleware.cache import Environ, ResponseCache, StartResponse, WsgiApp
from corridor_web.middleware.security import BaselineHeaders

ops = Blueprint("ops", __name__)
access_log = logging.getLogger("corridor.access")


def keeper() -> AtlasKeeper:
    return current_app.extensions["corridor_data"]


@ops.get("/healthz")
def healthz() -> Response:
    """200 while the server answers: the data version served, whether render workers are off (renders run in
    the request threads), starting (they do meanwhile) or ready, and the last rejected data if any."""
    data = keeper()
    pool = current_app.extensions.get("corridor_render_pool")
    return jsonify(
        status="ok",
        render_workers="off" if pool is None else "ready" if pool.ready else "starting",
        data_version=data.atlas.version,
        corridors=len(data.atlas.corridors),
        rejected_version=data.rejected_version,
        rejected_because=data.last_error,
    )


@ops.get("/favicon.ico")
def favicon() -> werkzeug.Response:
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


class DataRefresh:
    """WSGI layer asking the keeper, before each request, whether changed data is due for a check."""

    def __init__(self, wsgi_app: WsgiApp, data: AtlasKeeper) -> None:
        self.wsgi_app = wsgi_app
        self.data = data

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        self.data.refresh_if_due()
        return self.wsgi_app(environ, start_response)


def init_app(app: Flask, cache: ResponseCache, new_site: Callable[[Atlas], Any]) -> AtlasKeeper:
    """/healthz, the access log, data reloads (every DATA_CHECK_SECONDS; 0 turns them off), the request
    limits and host check, and `X-Forwarded-*` from FORWARDED_HOPS proxies (0: none trusted). Each accepted
    atlas becomes a new site (`new_site`) and empties the response cache."""

    def serve_new_data(atlas: Atlas) -> None:
        app.extensions["corridor"] = new_site(atlas)
        cache.clear()

    data = AtlasKeeper(app.extensions["corridor"].atlas, app.config["DATA_CHECK_SECONDS"], serve_new_data)
    app.extensions["corridor_data"] = data
    app.register_blueprint(ops)
    wsgi_app: WsgiApp = AccessLog(limits.wrap(DataRefresh(app.wsgi_app, data), app))
    hops = int(app.config.get("FORWARDED_HOPS", 0))
    if hops:  # outside the log and the host check: both see the client and host the proxy was given
        wsgi_app = ProxyFix(wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)
    app.wsgi_app = BaselineHeaders(limits.NoBodyForHead(wsgi_app))  # type: ignore[method-assign]
    return data
