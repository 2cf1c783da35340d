"""The popup table a map document uses, as its script reads it: inline in its JSON data block, or fetched from
the URL the block names (a served map); what else a served map fetches on first use."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import unescape

from corridor.maps.scripts import POPUP_TABLE_ID

POPUP_BLOCK = re.compile(
    rf'<script type="application/json" id="{POPUP_TABLE_ID}"(?: data-src="([^"]*)")?>(.*?)</script>', re.S
)


def popup_table(html: str, get: Callable[[str], str] | None = None) -> dict[str, dict[str, str]]:
    """The table `html` carries, or (given `get`, which answers a URL with its text) the one it names."""
    block = POPUP_BLOCK.search(html)
    assert block is not None, "every map document has a popup table block"
    source, inline = block.groups()
    if source is None:
        return json.loads(inline)
    assert inline == "" and get is not None, "a served map's block names its table and carries nothing"
    return json.loads(get(unescape(source)))


def popups(html: str, get: Callable[[str], str] | None = None) -> list[str]:
    """Every popup's HTML in the table `html` carries or names (see `popup_table`)."""
    return [popup for section in popup_table(html, get).values() for popup in section.values()]


FIRST_USE_SOURCE = re.compile(r'data-src="([^"]+)"')


def first_use_urls(html: str) -> list[str]:
    """What a served map document fetches on first use: the URLs its JSON data blocks name."""
    return [unescape(url) for url in FIRST_USE_SOURCE.findall(html)]


POPUP_SHOWN = ".leaflet-popup-content > .popup"
"""An open popup with its content: a served map's first popup says it is loading until its table arrives."""
