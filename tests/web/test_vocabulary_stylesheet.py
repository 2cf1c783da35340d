"""The pages link the stylesheet generated from the style table; the app serves it, the static copy holds it, and
the map documents carry it inline, which their policy allows (it restricts scripts to hashes, not styles)."""

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


def test_map_documents_carry_the_generated_stylesheet_inline_under_their_policy(client):
    for url in ("/maps/overview.html", "/embed/all"):
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert f"<style>{vocabulary_css()}</style>" in answer.get_data(as_text=True), url
        policy = dict(d.strip().split(" ", 1) for d in answer.headers["Content-Security-Policy"].split(";"))
        assert "'unsafe-inline'" in policy["style-src"] and "'unsafe-inline'" not in policy["script-src"], url
