"""A cold cache serves: 64 readers asking at once for one answer nobody has asked for yet (a map document, a
PNG, a PDF brief, an embed, a single-file map, the popup table a map fetches) all get it, from one render,
under a real waitress server with 8 threads and 2 render slots, whatever Accept-Encoding each sends."""

from __future__ import annotations

import http.client
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from html import unescape

import pytest
from serving import serving_app

import corridor.pages.brief
import corridor_web.blueprints.embeds
import corridor_web.site
from corridor_web import create_app
from tests.popup_tables import POPUP_BLOCK

READERS = 64
ENCODINGS = ["gzip", "br", "identity", "gzip, br, zstd"]
POPUPS_OF = "popups of "
"""A path naming the popup table of the map document at the rest of it (its URL holds the data's version)."""
"""What the readers send, in turn: three distinct negotiated encodings (the last one is `br`)."""
COLD_URLS = {
    "map document": ("/maps/chaman-onward.html", corridor_web.site, "render_map_html"),
    "png": ("/maps/chaman-onward.png?width=400&height=300&dpi=50", corridor_web.blueprints.embeds, "render_png"),
    "pdf": ("/briefs/chaman-onward.pdf", corridor.pages.brief, "render_brief_pdf"),
    "embed": ("/embed/uzbekistan-afghanistan-pakistan?legend=0", corridor_web.site, "render_map_html"),
    "single-file map": (
        "/standalone/turghundi-herat-spin-boldak.html",
        corridor_web.blueprints.embeds,
        "render_standalone_html",
    ),
    "popup table": (POPUPS_OF + "/maps/chaman-onward.html", corridor_web.site, "popup_table"),
}
RENDERS_AT_MOST = {"map document": 1, "png": 1, "pdf": 1, "embed": 1, "single-file map": 3, "popup table": 1}
"""Binary answers and maps (kept per data version by the site) render once; a single-file map's HTML is
rendered for each encoding it is compressed for, one after the other."""


@pytest.fixture
def served(data_copy) -> Iterator[Callable[[], int]]:
    """A cold app under waitress as `corridor serve` runs it (8 threads, 2 render slots): its port."""
    app = create_app({"DATA_DIR": data_copy, "RENDER_SLOTS": 2, "DATA_CHECK_SECONDS": 0})
    with serving_app(app, threads=8) as url:
        yield int(url.rsplit(":", 1)[1])


def ask_at_once(port: int, path: str) -> list[tuple[int, str, bytes]]:
    """READERS requests for `path`, released together: status, Content-Encoding and body of each."""
    start = threading.Barrier(READERS)
    answers: list[tuple[int, str, bytes]] = []
    lock = threading.Lock()

    def read(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        start.wait()
        try:
            connection.request("GET", path, headers={"Accept-Encoding": ENCODINGS[index % len(ENCODINGS)]})
            response = connection.getresponse()
            answer = (response.status, response.getheader("Content-Encoding", "identity"), response.read())
        finally:
            connection.close()
        with lock:
            answers.append(answer)

    readers = [threading.Thread(target=read, args=(i,)) for i in range(READERS)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=180)
    return answers


def popup_table_path(port: int, map_path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", map_path)
        html = connection.getresponse().read().decode("utf-8")
    finally:
        connection.close()
    return unescape(POPUP_BLOCK.search(html).group(1))


@pytest.mark.parametrize("kind", list(COLD_URLS))
def test_64_readers_of_one_cold_url_all_get_it_from_one_render(served, monkeypatch, kind):
    path, module, function = COLD_URLS[kind]
    real = getattr(module, function)
    renders = Counter()

    def counted(*args, **kwargs):
        renders[function] += 1
        return real(*args, **kwargs)

    if path.startswith(POPUPS_OF):
        path = popup_table_path(served, path.removeprefix(POPUPS_OF))
    monkeypatch.setattr(module, function, counted)
    answers = ask_at_once(served, path)
    assert Counter(status for status, _, _ in answers) == {200: READERS}
    assert 1 <= renders[function] <= RENDERS_AT_MOST[kind]
    identical = {body for status, encoding, body in answers if encoding == "identity"}
    assert len(identical) == 1, "every uncompressed reader got the same bytes"
    if kind in ("png", "pdf"):
        assert {encoding for _, encoding, _ in answers} == {"identity"}
