"""Render once, serve many: finished responses kept per data version, validators with 304 answers, compression
and long lifetimes for versioned static assets.

The app marks a GET response cacheable (a 200 from a view or a small static file); `ResponseCache`, a WSGI
layer around it, keeps those bytes (already compressed) under the request's URL, host, the negotiated format
and encoding (not the raw headers) and the data version, and answers later requests for them, byte ranges
included, without entering Flask.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, request
from flask_compress import Compress
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import http_date, is_resource_modified, parse_accept_header, parse_range_header
from werkzeug.security import safe_join

import corridor
from corridor.atlas.load import data_files

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
    "application/atom+xml",
    "image/svg+xml",
]
NOT_MODIFIED_DROPS = frozenset({"content-length", "content-type", "content-encoding", "content-disposition"})
RANGE_416_KEEPS = frozenset({"etag", "last-modified", "cache-control", "vary"})
Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]


ENCODINGS = ("br", "zstd", "gzip")
"""What the compression layer can send, in its order of preference (COMPRESSION's COMPRESS_ALGORITHM)."""
NEGOTIATED_TYPES = ("application/json", "application/geo+json", "text/html")
"""What the API and OGC documents choose between on `Accept`: HTML, or JSON otherwise."""
NO_ENCODING = "identity"
ASSET_VERSION_QUERY = re.compile(r"v=[0-9a-f]{12}")
"""The query of a versioned static asset's URL: one per file, so it is kept with the pages."""


NEGOTIATIONS_KEPT = 512
"""Header spellings whose negotiated value is remembered: browsers send a few, and parsing them took a third of
a cached answer's time in Python."""


@lru_cache(maxsize=NEGOTIATIONS_KEPT)
def negotiated_encoding(accept_encoding: str) -> str:
    """The one content coding a request gets: the client's most preferred of ENCODINGS (ties in our order), or
    identity. Rewritten into the request, so that the cache key and the compression layer agree."""
    accepted = parse_accept_header(accept_encoding)
    best = max(ENCODINGS, key=lambda coding: (accepted[coding], -ENCODINGS.index(coding)))
    return best if accepted[best] > 0 else NO_ENCODING


@lru_cache(maxsize=NEGOTIATIONS_KEPT)
def negotiated_type(accept: str) -> str:
    """`text/html` when the client prefers it to JSON, else `application/json`: all the API decides on."""
    best = parse_accept_header(accept, MIMEAccept).best_match(NEGOTIATED_TYPES)
    return "text/html" if best == "text/html" else "application/json"


def normalise_negotiation(environ: Environ) -> None:
    """Replace `Accept-Encoding` and `Accept` by what they select, so that endless spellings of them are one
    request to the cache and to the app."""
    environ["HTTP_ACCEPT_ENCODING"] = negotiated_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
    environ["HTTP_ACCEPT"] = negotiated_type(environ.get("HTTP_ACCEPT", ""))


def request_identity(environ: Environ) -> tuple[str, ...]:
    """What selects a representation apart from its encoding: URL (absolute, since pages hold absolute links;
    the host is one the app trusts) and the negotiated `Accept`."""
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

    def answer(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        """200 with the bytes, 206 with the part a `Range` asks for, or 304 when the client's validators still
        match."""
        conditional = "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ
        if conditional and not is_resource_modified(environ, etag=self.etag, last_modified=self.last_modified):
            start_response("304 Not Modified", [(n, v) for n, v in self.headers if n.lower() not in NOT_MODIFIED_DROPS])
            return []
        status, headers, body = "200 OK", [*self.headers, ("Accept-Ranges", "bytes")], self.body
        wanted = self._range(environ)
        if wanted == "unsatisfiable":
            status = "416 Range Not Satisfiable"
            body = f"{status}: this answer is {len(self.body)} bytes long.\n".encode()
            headers = [(n, v) for n, v in self.headers if n.lower() in RANGE_416_KEEPS]
            headers += [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Range", f"bytes */{len(self.body)}"),
                ("Content-Length", str(len(body))),
            ]
        elif isinstance(wanted, tuple):
            start, stop = wanted
            status, body = "206 Partial Content", self.body[start:stop]
            headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
            content_range = f"bytes {start}-{stop - 1}/{len(self.body)}"
            headers += [("Content-Range", content_range), ("Content-Length", str(len(body)))]
        start_response(status, headers)
        if environ["REQUEST_METHOD"] == "HEAD" or not body:
            return []
        # As a file, the server sends the bytes from where they are rather than copying them into its buffer.
        file_wrapper = environ.get("wsgi.file_wrapper")
        return file_wrapper(io.BytesIO(body)) if file_wrapper else [body]

    def _range(self, environ: Environ) -> tuple[int, int] | str | None:
        """The one byte range asked for (and still current, by `If-Range`), "unsatisfiable", or None: all."""
        ranges = parse_range_header(environ.get("HTTP_RANGE"))
        if ranges is None or ranges.units != "bytes" or len(ranges.ranges) != 1:
            return None
        if not self._if_range_holds(environ.get("HTTP_IF_RANGE")):
            return None
        bounds = ranges.range_for_length(len(self.body))
        return "unsatisfiable" if bounds is None else bounds

    def _if_range_holds(self, if_range: str | None) -> bool:
        """No `If-Range`, or its date is ours (an ETag never matches: ours are weak, and If-Range is strong)."""
        return not if_range or (not if_range.startswith(('"', 'W/"')) and if_range == self.last_modified)


class Budget:
    """Entries kept least recently used first, dropped past `max_bytes`."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.entries: OrderedDict[tuple[str, ...], Stored] = OrderedDict()
        self.size_bytes = 0

    def get(self, key: tuple[str, ...]) -> Stored | None:
        stored = self.entries.get(key)
        if stored is not None:
            self.entries.move_to_end(key)
        return stored

    def put(self, key: tuple[str, ...], stored: Stored) -> None:
        if stored.size() > self.max_bytes:
            return
        old = self.entries.pop(key, None)
        self.size_bytes += stored.size() - (old.size() if old else 0)
        self.entries[key] = stored
        while self.size_bytes > self.max_bytes:
            _, dropped = self.entries.popitem(last=False)
            self.size_bytes -= dropped.size()

    def clear(self) -> None:
        self.entries.clear()
        self.size_bytes = 0


ANY_ENCODING = "*"
"""The encoding a stored answer is kept under when its bytes are never compressed (PNG, PDF, zips, GeoPackage):
one copy serves every `Accept-Encoding`."""
FLIGHT_WAIT_S = 120
"""Longest a request waits for another one rendering the same answer before it renders for itself."""


def compressible(headers: list[tuple[str, str]]) -> bool:
    """Whether the compression layer could have encoded this answer differently for another client."""
    named = {name.lower(): value for name, value in headers}
    media_type = named.get("content-type", "").split(";")[0].strip()
    return "content-encoding" in named or media_type in COMPRESSED_TYPES


class Flights:
    """Single flight: one render per answer at a time. A request that finds another one rendering the same
    answer waits for it (then finds it in the cache) instead of rendering it again or being refused."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[tuple[str, ...], tuple[threading.Lock, list[int]]] = {}

    @contextlib.contextmanager
    def turn(self, identity: tuple[str, ...]) -> Iterator[None]:
        """Hold the turn to render `identity` (waiting up to FLIGHT_WAIT_S while another request holds it)."""
        with self._lock:
            turn, waiting = self._running.setdefault(identity, (threading.Lock(), [0]))
            waiting[0] += 1
        holding = turn.acquire(timeout=FLIGHT_WAIT_S)
        try:
            yield
        finally:
            if holding:
                turn.release()
            with self._lock:
                waiting[0] -= 1
                if not waiting[0]:
                    del self._running[identity]


class ResponseCache:
    """WSGI layer keeping the responses the app marks cacheable. URLs with a query string (endless variants
    one client can ask for) live in a budget of their own, `variant_bytes`, so they never push out the pages,
    maps and files that every reader asks for, which share `max_bytes`. Concurrent requests for one answer
    not yet kept render it once (Flights); an answer whose bytes are never compressed is kept once for every
    encoding."""

    def __init__(self, wsgi_app: WsgiApp, version: Callable[[], str], max_bytes: int, variant_bytes: int) -> None:
        self.wsgi_app = wsgi_app
        self.version = version
        self.pages = Budget(max_bytes)
        self.variants = Budget(variant_bytes)
        self.flights = Flights()
        self._lock = threading.Lock()

    @property
    def entries(self) -> dict[tuple[str, ...], Stored]:
        with self._lock:
            return {**self.pages.entries, **self.variants.entries}

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            return self.wsgi_app(environ, start_response)
        normalise_negotiation(environ)
        identity = (self.version(), *request_identity(environ))
        encoding = environ["HTTP_ACCEPT_ENCODING"]
        stored = self._get(identity, encoding)
        if stored is None:
            with self.flights.turn(identity):
                stored = self._get(identity, encoding)
                if stored is None:
                    return self._render(identity, environ, start_response)
        return stored.answer(environ, start_response)

    def _render(self, identity: tuple[str, ...], environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        """The app's answer, kept when it may be. A range is cut from the whole answer, and a HEAD is answered
        from it, both rendered (and kept) once like any other GET."""
        asked: Environ = {name: environ.pop(name) for name in ("HTTP_RANGE", "HTTP_IF_RANGE") if name in environ}
        method, environ["REQUEST_METHOD"] = environ["REQUEST_METHOD"], "GET"
        sent: dict[str, Any] = {}
        direct = not asked and method == "GET"
        body = self._fill(identity, environ, sent, start_response if direct else None)
        environ.update(asked, REQUEST_METHOD=method)
        if direct:
            return body
        stored = self._get(identity, environ["HTTP_ACCEPT_ENCODING"])
        if stored is None:  # not cacheable: the whole answer, as the app gave it (NoBodyForHead drops a HEAD's)
            start_response(sent["status"], sent["headers"], sent.get("exc_info"))
            return body
        return stored.answer(environ, start_response)

    def _fill(
        self, identity: tuple[str, ...], environ: Environ, sent: dict[str, Any], start_response: StartResponse | None
    ) -> Iterable[bytes]:
        def keep_headers(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            sent.update(status=status, headers=headers, exc_info=exc_info)
            return start_response(status, headers, exc_info) if start_response else (lambda data: None)

        body = self.wsgi_app(environ, keep_headers)
        if not (environ.get(CACHEABLE) and sent.get("status", "").startswith("200 ")):
            return body
        try:
            data = b"".join(body)
        finally:
            getattr(body, "close", lambda: None)()
        encoding = environ["HTTP_ACCEPT_ENCODING"] if compressible(sent["headers"]) else ANY_ENCODING
        self._put((encoding, *identity), Stored.of(sent["headers"], data))
        return [data]

    def _budget(self, key: tuple[str, ...]) -> Budget:
        query = key[-2]
        return self.variants if query and not ASSET_VERSION_QUERY.fullmatch(query) else self.pages

    def _get(self, identity: tuple[str, ...], encoding: str) -> Stored | None:
        with self._lock:
            for key in ((ANY_ENCODING, *identity), (encoding, *identity)):
                stored = self._budget(key).get(key)
                if stored is not None:
                    return stored
        return None

    def _put(self, key: tuple[str, ...], stored: Stored) -> None:
        with self._lock:
            self._budget(key).put(key, stored)

    def clear(self) -> None:
        with self._lock:
            self.pages.clear()
            self.variants.clear()


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
    times = []
    for path in data_files(data_dir, seeds_dir):
        with contextlib.suppress(OSError):
            times.append(path.stat().st_mtime)
    return max(times, default=0.0)


def code_files(app: Flask) -> list[Path]:
    """What a page is made from besides the data: both packages' modules, the templates and the static files."""
    modules = [*Path(corridor.__file__).parent.rglob("*.py"), *Path(__file__).parent.parent.rglob("*.py")]
    folders = [folder for folder in (app.template_folder, app.static_folder) if folder]
    assets = [p for folder in folders for p in Path(folder).rglob("*")]
    return [p for p in modules + assets if p.is_file()]


class CachePolicy:
    """The app side: validators and lifetimes on responses, and which of them the cache may keep."""

    def __init__(
        self, app: Flask, assets: Mapping[str, str], not_cached: Iterable[str], immutable: Iterable[str] = ()
    ) -> None:
        self.assets = dict(assets)
        self.not_cached = frozenset(not_cached)
        self.immutable = frozenset(immutable)
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
        endpoint, filename = request.endpoint or "", (request.view_args or {}).get("filename", "")
        current = file_version(self.assets[endpoint], filename)
        versioned = current is not None and request.args.get("v") == current
        response.headers["Cache-Control"] = IMMUTABLE if versioned else REVALIDATE
        response.headers.pop("Expires", None)

    def _prepare_page(self, response: Response) -> None:
        """A weak ETag from the data version, the code version and the request's identity; Last-Modified from
        the newest data or code file. Weak: maps hold random element ids, so bytes differ between renders. An
        `immutable` endpoint's URL names its data and code version: it lives a year."""
        atlas = current_app.extensions["corridor"].atlas
        identity = "\n".join((atlas.version, self.code, response.mimetype or "", *request_identity(request.environ)))
        response.set_etag(hashlib.sha256(identity.encode()).hexdigest()[:24], weak=True)
        modified = max(self.code_modified, data_modified(atlas.data_dir, atlas.seeds_dir, atlas.version))
        response.headers["Last-Modified"] = http_date(datetime.fromtimestamp(int(modified), UTC))
        response.headers["Cache-Control"] = IMMUTABLE if request.endpoint in self.immutable else REVALIDATE


def init_app(
    app: Flask, assets: Mapping[str, str], not_cached: Iterable[str] = (), immutable: Iterable[str] = ()
) -> ResponseCache:
    """Compression, validators and the response cache. `assets` maps static endpoints to their directories;
    `not_cached` names endpoints answered fresh every time, `immutable` those whose URLs name their data and
    code version (`code_version`, kept as the app's `corridor_code_version`). Returns the cache (to clear on
    new data)."""
    defaults = {**COMPRESSION, "COMPRESS_MIMETYPES": COMPRESSED_TYPES, "RESPONSE_CACHE_MB": 256, "VARIANT_CACHE_MB": 64}
    for name, value in defaults.items():
        app.config.setdefault(name, value)
    Compress(app)  # registered first, so it runs after `prepare` (Flask runs after_request hooks in reverse)
    policy = CachePolicy(app, assets, not_cached, immutable)
    app.extensions["corridor_code_version"] = policy.code
    app.url_defaults(policy.add_asset_version)
    app.after_request(policy.prepare)
    cache = ResponseCache(
        app.wsgi_app,
        lambda: app.extensions["corridor"].atlas.version,
        app.config["RESPONSE_CACHE_MB"] * 1024 * 1024,
        app.config["VARIANT_CACHE_MB"] * 1024 * 1024,
    )
    app.wsgi_app = cache  # type: ignore[method-assign]
    app.extensions["corridor_response_cache"] = cache
    return cache
