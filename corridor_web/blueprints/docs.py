"""The documentation site at /docs/: the MkDocs build of docs/, made once per process on its first request."""

from __future__ import annotations

import mimetypes
from pathlib import Path

import werkzeug
from flask import Blueprint, Response, current_app, redirect, url_for
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

from corridor_web.docs_site import BuiltDocs
from corridor_web.site import download

docs = Blueprint("docs", __name__)


@docs.get("/docs")
def docs_root() -> werkzeug.Response:
    return redirect(url_for("docs.page", path=""), code=301)


@docs.get("/docs/", defaults={"path": ""})
@docs.get("/docs/<path:path>")
def page(path: str) -> Response:
    """A file of the built site; a folder's `index.html`. Read whole rather than streamed, so the security
    layer can list the hashes of a page's inline scripts (the theme's) in its policy."""
    site_dir = built_docs().site_dir
    found = safe_join(str(site_dir), path)
    target = Path(found) if found is not None else None
    try:
        if target is not None and target.is_dir():
            target = target / "index.html"
        body = target.read_bytes() if target is not None else None
    except (OSError, ValueError):  # not a file, a name too long for the file system, a NUL byte
        body = None
    if target is None or body is None:
        raise NotFound(f"There is no documentation page {path!r}; start from {url_for('docs.page', path='')}.")
    return download(body, mimetypes.guess_type(target.name)[0] or "application/octet-stream")


def built_docs() -> BuiltDocs:
    return current_app.extensions["corridor_docs"]
