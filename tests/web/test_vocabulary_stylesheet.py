"""The pages link the stylesheet generated from the style table; the app serves it, and the static copy holds it."""

from __future__ import annotations

from conftest import SITE_PREFIX

from corridor.display.css import vocabulary_css


def test_pages_link_the_generated_stylesheet_which_the_app_serves(client):
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="stylesheet" href="/styles/vocabulary.css">' in page
    sheet = client.get("/styles/vocabulary.css")
    assert sheet.status_code == 200 and sheet.mimetype == "text/css"
    assert sheet.get_data(as_text=True) == vocabulary_css()


def test_the_static_copy_holds_the_generated_stylesheet_and_links_it(built_site):
    root = built_site.root / SITE_PREFIX
    assert (root / "styles" / "vocabulary.css").read_text(encoding="utf-8") == vocabulary_css()
    assert '<link rel="stylesheet" href="styles/vocabulary.css">' in (root / "index.html").read_text(encoding="utf-8")
