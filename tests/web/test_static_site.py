"""`corridor build-site`: every page, twin, map, embed, export and asset written, every link relative and alive."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from flask import Flask

from corridor.exports.formats import EXPORT_FORMATS
from corridor_web.cli import main
from corridor_web.static_site import BrokenLinks, Crawl, build_site, static_path

LINK = re.compile(r'\b(?:href|src|action)=\\?"([^"\\]*)')


def html_files(outdir: Path) -> list[Path]:
    return sorted(outdir.rglob("*.html"))


@pytest.mark.parametrize(
    ("site_path", "file"),
    [
        ("/", "index.html"),
        ("/index.json", "index.json"),
        ("/corridors/chaman-onward", "corridors/chaman-onward.html"),
        ("/corridors/chaman-onward.json", "corridors/chaman-onward.json"),
        ("/maps/overview.html", "maps/overview.html"),
        ("/export/all.shp.zip", "export/all.shp.zip"),
        ("/vendor/leaflet/images/layers.png", "vendor/leaflet/images/layers.png"),
        ("/api/", "api/index.html"),
    ],
)
def test_static_path_gives_pages_an_html_name_and_keeps_file_names(site_path, file):
    assert static_path(site_path) == file


@pytest.mark.parametrize(
    ("url", "page", "relative"),
    [
        (
            "/pre/fix/sources/003_fba5e8936d1eb623#fact-x",
            "/corridors/chaman-onward",
            "../sources/003_fba5e8936d1eb623.html#fact-x",
        ),
        ("/pre/fix/", "/corridors/chaman-onward", "../index.html"),
        ("/pre/fix/facts?corridor=chaman-onward", "/", "facts.html"),
        ("/pre/fix/vendor/leaflet/leaflet.css", "/maps/overview.html", "../vendor/leaflet/leaflet.css"),
        ("#fact-x", "/sources/x", "#fact-x"),
        ("https://www.openstreetmap.org/copyright", "/", "https://www.openstreetmap.org/copyright"),
        ("/elsewhere/page", "/", "/elsewhere/page"),
    ],
)
def test_links_inside_the_site_become_relative_to_the_page_file(url, page, relative):
    assert Crawl("https://example.org/pre/fix/").relative(url, page) == relative


def test_build_reports_what_it_wrote(built_site):
    files = [p for p in built_site.outdir.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    expected = f"wrote {len(files)} files ({size:,} bytes) to {built_site.outdir}; try: python -m http.server"
    assert built_site.output.startswith(expected)


def test_build_writes_every_page_twin_map_embed_export_and_asset(built_site, atlas):
    keys = ["all", *atlas.corridors]
    expected = [
        "index.html",
        "index.json",
        "facts.html",
        "facts.json",
        "sources.html",
        "maps/overview.html",
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
        "vendor/leaflet/images/layers.png",
        "static/style.css",
        "static/map.css",
        "static/favicon.svg",
    ]
    expected += [
        f"{kind}/{c}.{ext}"
        for c in atlas.corridors
        for kind, ext in [("corridors", "html"), ("corridors", "json"), ("maps", "html")]
    ]
    expected += [f"sources/{s}.html" for s in atlas.sources] + [f"sources/{s}.json" for s in atlas.sources]
    expected += [
        f"{kind}/{key}.{ext}"
        for key in keys
        for kind, ext in [("embed", "html"), ("standalone", "html"), ("maps", "png")]
    ]
    expected += [f"export/{key}.{fmt.extension}" for key in keys for fmt in EXPORT_FORMATS.values()]
    missing = [name for name in expected if not (built_site.outdir / name).is_file()]
    assert missing == []


def test_no_page_links_to_the_server_root(built_site):
    for path in html_files(built_site.outdir):
        rooted = [u for u in LINK.findall(path.read_text(encoding="utf-8")) if u.startswith("/")]
        assert rooted == [], path


def test_every_relative_link_reaches_a_written_file(built_site):
    for path in html_files(built_site.outdir):
        for url in LINK.findall(path.read_text(encoding="utf-8")):
            parts = urlsplit(url)
            if parts.scheme or not parts.path:
                continue
            target = posixpath.normpath(posixpath.join(path.parent.as_posix(), unquote(parts.path)))
            assert Path(target).is_file(), f"{path.name}: {url}"


def test_maps_fetch_popups_and_railways_written_beside_them_whose_links_hold_for_the_maps(built_site):
    for document in ("maps/overview.html", "maps/chaman-onward.html", "embed/all.html"):
        html = (built_site.outdir / document).read_text(encoding="utf-8")
        fetched = re.findall(r'data-src="([^"]+)"', html)
        assert {Path(url).name.split(".")[0] for url in fetched} == {"popups", "railways"}, document
        [table] = [url for url in fetched if Path(url).name.startswith("popups.")]
        assert "/" not in table, "the table sits beside its map: its relative links are the map's"
        text = (built_site.outdir / posixpath.dirname(document) / table).read_text(encoding="utf-8")
        links = [url for url in LINK.findall(text) if not urlsplit(url).scheme and urlsplit(url).path]
        assert links, document
        for url in links:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(document), unquote(urlsplit(url).path)))
            assert (built_site.outdir / target).is_file(), f"{table}: {url}"


def test_embed_snippet_and_single_file_links_point_at_the_public_address(built_site):
    page = (built_site.outdir / "corridors/chaman-onward.html").read_text(encoding="utf-8")
    assert "&lt;iframe src=&#34;https://example.org/some/prefix/embed/chaman-onward.html&#34;" in page
    single = (built_site.outdir / "standalone/chaman-onward.html").read_text(encoding="utf-8")
    assert 'href=\\"https://example.org/some/prefix/sources/003_fba5e8936d1eb623.html#fact-' in single


def test_forms_that_need_the_server_say_so_in_the_static_copy(built_site):
    for name in ("index.html", "corridors/chaman-onward.html", "facts.html"):
        page = (built_site.outdir / name).read_text(encoding="utf-8")
        assert '<form class="timeline"' not in page and '<form class="filters"' not in page, name
        assert "need the live app" in page or "needs the live app" in page, name


def test_build_refuses_a_directory_that_is_not_empty(runner, tmp_path):
    (tmp_path / "old.html").write_text("old", encoding="utf-8")
    result = runner.invoke(main, ["build-site", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not empty; name a new directory or empty it first" in result.output


def test_build_fails_listing_each_broken_link_and_its_page(tmp_path):
    app = Flask(__name__)
    app.add_url_rule("/", "home", lambda: '<a href="/gone">gone</a> <a href="/here">here</a>')
    app.add_url_rule("/here", "here", lambda: "<p>here</p>")
    with pytest.raises(BrokenLinks) as raised:
        build_site(app, tmp_path, "http://localhost:8000/")
    assert str(raised.value) == "/gone answered 404, linked from /"


def test_the_static_copy_carries_the_changes_page_and_every_feed(built_site, atlas):
    import feedparser

    names = ["changes.html", "changes.json", "changes.atom", *(f"corridors/{c}/changes.atom" for c in atlas.corridors)]
    assert [name for name in names if not (built_site.outdir / name).is_file()] == []
    assert "choosing a corridor or two dates to compare needs the live app" in (
        built_site.outdir / "changes.html"
    ).read_text(encoding="utf-8")
    single = (built_site.outdir / "standalone/chaman-onward.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/some/prefix/corridors/chaman-onward/changes.atom"' in single
    parsed = feedparser.parse((built_site.outdir / "changes.atom").read_bytes())
    assert not parsed.bozo and parsed.entries
    base = "https://example.org/some/prefix/"
    assert any(link.rel == "self" and link.href == base + "changes.atom" for link in parsed.feed.links)
    for entry in parsed.entries:
        for link in entry.links:
            path = link.href.removeprefix(base).split("#")[0].split("?")[0]
            assert link.href.startswith(base) and (built_site.outdir / path).is_file(), link.href
