"""Render once, serve many: finished responses kept per data version, validators with 304 answers, compression
and long lifetimes for versioned static assets.

The app marks a GET response cacheable (a 200 from a view or a small static file); `ResponseCache`, a WSGI
layer around it, keeps those bytes (already compressed) under the request's URL, host, `Accept` and
`Accept-Encoding` and the data version, and answers later requests for them without entering Flask.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, request
from flask_compress import Compress
from werkzeug.http import http_date, is_resource_modified
from werkzeug.security import safe_join

import corridor

CACHEABLE = "corridor.cacheable"
"""The environ key the app sets on a response the cache may keep."""
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, no-cache"
MAX_ASSET_BYTES = 4 * 1024 * 1024
COMPRESSION = {
    "COMPRESS_ALGORITHM": ["br", "zstd", "gzip"],
    "COMPRESS_BR_LEVEL": 6,
    "COMPRESS_ZSTD_LEVEL": 10,
    "COMPRESS_STREAMS": False,
    "COMPRESS_EVALUATE_CONDITIONAL_REQUEST": False,
}
"""Compressed once per cached response, so levels favour size over speed."""
COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/geo+json",
    "application/schema+json",
    "text/csv",
    "text/plain",
    "application/vnd.google-earth.kml+xml",
    "image/svg+xml",
]
NOT_MODIFIED_DROPS = frozenset({"content-length", "content-type", "content-encoding", "content-disposition"})
Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]


def request_identity(environ: Environ) -> tuple[str, ...]:
    """What selects a representation apart from its encoding: URL (absolute, since pages hold absolute links)
    and the `Accept` header that the API negotiates on."""
    return (
        environ.get("wsgi.url_scheme", "http"),
        environ.get("HTTP_HOST", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        environ.get("HTTP_ACCEPT", ""),
    )


@dataclass(frozen=True)
class Stored:
    """A cached 200: its headers, body and validators."""

    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None
    last_modified: str | None

    @classmethod
    def of(cls, headers: list[tuple[str, str]], body: bytes) -> Stored:
        kept = [(name, value) for name, value in headers if name.lower() != "date"]  # the server dates each answer
        named = {name.lower(): value for name, value in kept}
        return cls(kept, body, named.get("etag"), named.get("last-modified"))

    def size(self) -> int:
        return len(self.body) + sum(len(n) + len(v) for n, v in self.headers)

    def answer(self, environ: Environ, start_response: StartResponse) -> list[bytes]:
        """200 with the bytes, or 304 when the client's validators still match."""
        if not is_resource_modified(environ, etag=self.etag, last_modified=self.last_modified):
            start_response("304 Not Modified", [(n, v) for n, v in self.headers if n.lower() not in NOT_MODIFIED_DROPS])
            return []
        start_response("200 OK", self.headers)
        if environ["REQUEST_METHOD"] == "HEAD":
            return []
        # As a file, the server sends the bytes from where they are rather than copying them into its buffer.
        file_wrapper = environ.get("wsgi.file_wrapper")
        return file_wrapper(io.BytesIO(self.body)) if file_wrapper else [self.body]


class ResponseCache:
    """WSGI layer keeping the responses the app marks cacheable, least recently used dropped past `max_bytes`."""

    def __init__(self, wsgi_app: WsgiApp, version: Callable[[], str], max_bytes: int) -> None:
        self.wsgi_app = wsgi_app
        self.version = version
        self.max_bytes = max_bytes
        self.entries: OrderedDict[tuple[str, ...], Stored] = OrderedDict()
        self.size_bytes = 0
        self._lock = threading.Lock()

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD") or "HTTP_RANGE" in environ:
            return self.wsgi_app(environ, start_response)
        key = (self.version(), environ.get("HTTP_ACCEPT_ENCODING", ""), *request_identity(environ))
        stored = self._get(key)
        if stored is not None:
            return stored.answer(environ, start_response)
        return self._fill(key, environ, start_response)

    def _fill(self, key: tuple[str, ...], environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        sent: dict[str, Any] = {}

        def keep_headers(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            sent.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, keep_headers)
        if not (environ.get(CACHEABLE) and sent.get("status", "").startswith("200 ")):
            return body
        try:
            data = b"".join(body)
        finally:
            getattr(body, "close", lambda: None)()
        self._put(key, Stored.of(sent["headers"], data))
        return [data]

    def _get(self, key: tuple[str, ...]) -> Stored | None:
        with self._lock:
            stored = self.entries.get(key)
            if stored is not None:
                self.entries.move_to_end(key)
            return stored

    def _put(self, key: tuple[str, ...], stored: Stored) -> None:
        if stored.size() > self.max_bytes:
            return
        with self._lock:
            old = self.entries.pop(key, None)
            self.size_bytes += stored.size() - (old.size() if old else 0)
            self.entries[key] = stored
            while self.size_bytes > self.max_bytes:
                _, dropped = self.entries.popitem(last=False)
                self.size_bytes -= dropped.size()

    def clear(self) -> None:
        with self._lock:
            self.entries.clear()
            self.size_bytes = 0


@lru_cache(maxsize=256)
def file_version(directory: str, filename: str) -> str | None:
    """A short hash of a static file's bytes, for its URL; None when there is no such file."""
    path = safe_join(directory, filename)
    if path is None or not Path(path).is_file():
        return None
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def code_version(files: Iterable[Path]) -> tuple[str, float]:
    """A hash and the newest modification time of `files` (the code, templates and static files)."""
    digest, newest = hashlib.sha256(), 0.0
    for path in sorted(files):
        digest.update(path.name.encode() + path.read_bytes())
        newest = max(newest, path.stat().st_mtime)
    return digest.hexdigest()[:12], newest


@lru_cache(maxsize=8)
def data_modified(data_dir: Path, seeds_dir: Path, version: str) -> float:
    """The newest modification time of a data version's files (`version` keys the cache)."""
    paths = [*data_dir.glob("*.json"), *data_dir.glob("*.geojson"), *seeds_dir.glob("*.txt")]
    return max((p.stat().st_mtime for p in paths), default=0.0)


def code_files(app: Flask) -> list[Path]:
    """What a page is made from besides the data: both packages' modules, the templates and the static files."""
    modules = [*Path(corridor.__file__).parent.glob("*.py"), *Path(__file__).parent.glob("*.py")]
    assets = [p for folder in (app.template_folder, app.static_folder) for p in Path(folder).rglob("*")]
    return [p for p in modules + assets if p.is_file()]


class CachePolicy:
    """The app side: validators and lifetimes on responses, and which of them the cache may keep."""

    def __init__(self, app: Flask, assets: Mapping[str, str], not_cached: Iterable[str]) -> None:
        self.assets = dict(assets)
        self.not_cached = frozenset(not_cached)
        self.code, self.code_modified = code_version(code_files(app))

    def add_asset_version(self, endpoint: str, values: dict[str, Any]) -> None:
        """`url_for` of a static asset adds `?v=<hash of its bytes>`, so its URL changes when it does."""
        if endpoint in self.assets and "filename" in values and "v" not in values:
            version = file_version(self.assets[endpoint], values["filename"])
            if version:
                values["v"] = version

    def prepare(self, response: Response) -> Response:
        """Lifetimes and validators on a GET's 200, a 304 when the client's copy is current, and the mark that
        lets the cache keep it."""
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if request.endpoint in self.not_cached:
            response.headers["Cache-Control"] = "no-store"
            return response
        if request.endpoint in self.assets:
            self._prepare_asset(response)
        else:
            self._prepare_page(response)
        response.make_conditional(request)
        if response.status_code == 200 and not response.is_streamed and request.method == "GET":
            request.environ[CACHEABLE] = True
        return response

    def _prepare_asset(self, response: Response) -> None:
        """Read small files into memory (so they can be compressed and kept); versioned URLs live a year."""
        if response.direct_passthrough and (response.content_length or 0) <= MAX_ASSET_BYTES:
            response.direct_passthrough = False
            response.set_data(response.get_data())
        current = file_version(self.assets[request.endpoint], request.view_args.get("filename", ""))
        versioned = current is not None and request.args.get("v") == current
        response.headers["Cache-Control"] = IMMUTABLE if versioned else REVALIDATE
        response.headers.pop("Expires", None)

    def _prepare_page(self, response: Response) -> None:
        """A weak ETag from the data version, the code version and the request's identity; Last-Modified from
        the newest data or code file. Weak: maps hold random element ids, so bytes differ between renders."""
        atlas = current_app.extensions["corridor"].atlas
        identity = "\n".join((atlas.version, self.code, response.mimetype or "", *request_identity(request.environ)))
        response.set_etag(hashlib.sha256(identity.encode()).hexdigest()[:24], weak=True)
        modified = max(self.code_modified, data_modified(atlas.data_dir, atlas.seeds_dir, atlas.version))
        response.headers["Last-Modified"] = http_date(datetime.fromtimestamp(int(modified), UTC))
        response.headers["Cache-Control"] = REVALIDATE


def init_app(app: Flask, assets: Mapping[str, str], not_cached: Iterable[str] = ()) -> ResponseCache:
    """Compression, validators and the response cache. `assets` maps static endpoints to their directories;
    `not_cached` names endpoints answered fresh every time. Returns the cache (to clear on new data)."""
    for name, value in {**COMPRESSION, "COMPRESS_MIMETYPES": COMPRESSED_TYPES, "RESPONSE_CACHE_MB": 256}.items():
        app.config.setdefault(name, value)
    Compress(app)  # registered first, so it runs after `prepare` (Flask runs after_request hooks in reverse)
    policy = CachePolicy(app, assets, not_cached)
    app.url_defaults(policy.add_asset_version)
    app.after_request(policy.prepare)
    cache = ResponseCache(
        app.wsgi_app, lambda: app.extensions["corridor"].atlas.version, app.config["RESPONSE_CACHE_MB"] * 1024 * 1024
    )
    app.wsgi_app = cache  # type: ignore[method-assign]
    app.extensions["corridor_response_cache"] = cache
    return cache
