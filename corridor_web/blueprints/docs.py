"""The documentation site at /docs/: the MkDocs build of docs/, made once per process on its first request."""

from __future__ import annotations

import mimetypes

from flask import Blueprint, Response, current_app, redirect, url_for
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

from corridor_web.docs_site import BuiltDocs
from corridor_web.site import download

docs = Blueprint("docs", __name__)


@docs.get("/docs")
def docs_root() -> Response:
    return redirect(url_for("docs.page", path=""), code=301)


@docs.get("/docs/", defaults={"path": ""})
@docs.get("/docs/<path:path>")
def page(path: str) -> Response:
    """A file of the built site; a folder's `index.html`. Read whole rather than streamed, so the security
    layer can list the hashes of a page's inline scripts (the theme's) in its policy."""
    site_dir = built_docs().site_dir
    found = safe_join(str(site_dir), path)
    if found is None:
        raise NotFound(f"There is no documentation page {path!r}; start from {url_for('docs.page', path='')}.")
    target = site_dir.joinpath(path)
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        raise NotFound(f"There is no documentation page {path!r}; start from {url_for('docs.page', path='')}.")
    media_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return download(target.read_bytes(), media_type)


def built_docs() -> BuiltDocs:
    return current_app.extensions["corridor_docs"]
