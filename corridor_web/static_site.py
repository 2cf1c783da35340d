"""`corridor build-site`: the whole site as files that any static host or CDN serves, from any sub-path.

A crawl through Flask's test client starts at the home page and follows every link, frame, script, stylesheet
and stylesheet image inside the site: pages and their JSON twins, map documents, embeds, exports, the single
file maps, pictures and assets. Each answer is written to a file, pages as `.html` (`/corridors/x` becomes
`corridors/x.html`), and every link inside the site is made relative, so the copy works under any prefix such
as https://example.org/some/prefix/. Absolute links to the site (the embed snippet, the single-file maps'
source links) stay absolute, under `base_url`.

The documentation site under /docs/ is not crawled (its search loads files by script): MkDocs builds it
straight into the copy's `docs/`, as the app serves it.

Query strings cannot be static: filtered and dated views are left out, links lose their query, and the app's
STATIC_SITE setting makes the forms that need them say so.
"""

from __future__ import annotations

import posixpath
import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from flask import Flask

from corridor_web.docs_site import build_docs

TEXT_TYPES = frozenset({"text/html", "text/css", "application/json", "application/atom+xml"})
"""Answers whose links are followed and rewritten; everything else is copied byte for byte."""
ATTRIBUTE_URL = re.compile(r'(?P<lead>\b(?:href|src|action)=\\?")(?P<url>[^"\\]*)')
"""A link in an HTML attribute, also inside the JSON strings of a map document (`href=\\"...\\"`)."""
CSS_URL = re.compile(r"(?P<lead>url\()(?P<url>[^)\"']+)")
SITE_PATH_CHARS = r"[A-Za-z0-9._~/%-]*"
DOCS_PREFIX = "/docs/"
"""The documentation site, built by MkDocs rather than crawled."""


class BrokenLinks(Exception):
    """Links inside the site that did not answer 200; the message lists each with the page linking to it."""


@dataclass(frozen=True)
class SiteFile:
    path: str
    """Relative to the output directory, with `/` separators."""
    size: int


def static_path(site_path: str) -> str:
    """Where the answer at a path of the app lives in the copy: pages get `.html`, files keep their names."""
    path = site_path.lstrip("/")
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path if "." in path.rsplit("/", 1)[-1] else path + ".html"


@dataclass(frozen=True)
class Crawl:
    """The site's address and how to turn a link found at one of its paths into a site path or a file link."""

    base_url: str
    """Where the copy will be served, ending in `/`."""

    @property
    def root(self) -> str:
        return urlsplit(self.base_url).path.rstrip("/")

    def site_path(self, url: str, page: str) -> str | None:
        """The app path a link on `page` points to, without query or fragment; None if it leaves the site."""
        parts = urlsplit(urljoin(self.root + page, url))
        if parts.scheme or parts.netloc or not parts.path.startswith(self.root + "/"):
            return None
        return parts.path.removeprefix(self.root)

    def relative(self, url: str, page: str) -> str:
        """A root-absolute link as a link relative to `page`'s file; other links unchanged."""
        if not url.startswith("/") or url.startswith("//"):
            return url
        target = self.site_path(url, page)
        if target is None:
            return url
        fragment = urlsplit(url).fragment
        start = posixpath.dirname(static_path(page)) or "."
        return posixpath.relpath(static_path(target), start) + (f"#{fragment}" if fragment else "")

    def absolute_links(self) -> re.Pattern[str]:
        return re.compile(re.escape(self.base_url) + SITE_PATH_CHARS)


def links_in(crawl: Crawl, text: str, page: str) -> set[str]:
    """Every app path that `text` (served at `page`) links to."""
    found = [m.group("url") for pattern in (ATTRIBUTE_URL, CSS_URL) for m in pattern.finditer(text)]
    found += crawl.absolute_links().findall(text)
    return {path for url in found if (path := crawl.site_path(url.strip(), page)) is not None}


def rewrite(crawl: Crawl, text: str, page: str) -> str:
    """`text` with links inside the site pointing at the static files: relative, or absolute under base_url."""

    def relative(match: re.Match[str]) -> str:
        return match.group("lead") + crawl.relative(match.group("url"), page)

    def absolute(match: re.Match[str]) -> str:
        return crawl.base_url + static_path(match.group(0).removeprefix(crawl.base_url))

    text = CSS_URL.sub(relative, ATTRIBUTE_URL.sub(relative, text))
    return crawl.absolute_links().sub(absolute, text)


def build_site(app: Flask, outdir: Path, base_url: str) -> list[SiteFile]:
    """Crawl `app` (made with STATIC_SITE=True) from its home page and write the static copy to `outdir`."""
    crawl = Crawl(base_url if base_url.endswith("/") else base_url + "/")
    client = app.test_client()
    queue, linked_from, broken, written = deque(["/"]), {"/": "(start)"}, [], []
    while queue:
        page = queue.popleft()
        response = client.get(page, base_url=crawl.base_url)
        if response.status_code != 200:
            broken.append(f"{page} answered {response.status_code}, linked from {linked_from[page]}")
            continue
        body = response.get_data()
        if response.mimetype in TEXT_TYPES:
            text = body.decode("utf-8")
            for path in sorted(links_in(crawl, text, page) - linked_from.keys()):
                if path.startswith(DOCS_PREFIX):
                    continue
                linked_from[path] = page
                queue.append(path)
            body = rewrite(crawl, text, page).encode("utf-8")
        target = outdir / static_path(page)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        written.append(SiteFile(static_path(page), len(body)))
    if broken:
        raise BrokenLinks("; ".join(broken))
    docs_dir = outdir / DOCS_PREFIX.strip("/")
    written += [SiteFile(path.relative_to(outdir).as_posix(), path.stat().st_size) for path in build_docs(docs_dir)]
    return written
