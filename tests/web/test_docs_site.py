"""The documentation site at /docs/: served offline with a policy that allows only its own inline scripts,
linked from every page's footer, and copied by `corridor build-site`."""

from __future__ import annotations

import base64
import hashlib
import re


def test_docs_are_served_with_their_inline_scripts_allowed_by_hash(client):
    response = client.get("/docs/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<h1" in page and "Who reads what" in page
    policy = response.headers["Content-Security-Policy"]
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    assert scripts
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]


def test_docs_pages_assets_and_search_index_answer(client):
    index = client.get("/docs/").get_data(as_text=True)
    for path in ("/docs/gis/qgis.html", "/docs/search/search_index.json", "/docs/img/overview.png"):
        assert client.get(path).status_code == 200, path
    stylesheet = re.search(r'href="(assets/stylesheets/main\.[^"]+\.css)"', index)
    assert stylesheet and client.get("/docs/" + stylesheet.group(1)).status_code == 200


def test_docs_unknown_page_is_404_and_bare_docs_redirects(client):
    assert client.get("/docs/nothing-here.html").status_code == 404
    assert client.get("/docs/../app.py").status_code == 404
    response = client.get("/docs")
    assert response.status_code == 301 and response.headers["Location"].endswith("/docs/")


def test_every_page_footer_links_the_docs(client):
    for path in ("/", "/corridors/chaman-onward", "/facts", "/sources", "/routes"):
        footer = client.get(path).get_data(as_text=True).split('<footer class="site">', 1)[1]
        assert 'href="/docs/"' in footer, path


def test_static_site_holds_the_docs_and_links_them_relatively(built_site):
    docs = built_site.outdir / "docs"
    assert (docs / "index.html").is_file() and (docs / "search" / "search_index.json").is_file()
    assert (docs / "readers" / "index.html").is_file()
    home = (built_site.outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="docs/index.html"' in home
    corridor_page = (built_site.outdir / "corridors" / "chaman-onward.html").read_text(encoding="utf-8")
    assert 'href="../docs/index.html"' in corridor_page


def test_docs_odd_paths_are_404_not_500(client):
    for path in ("/docs/" + "a" * 300 + ".html", "/docs/%00.html", "/docs/readers", "/docs/assets/"):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert response.status_code == 404 or "<h1" in response.get_data(as_text=True), path
