"""The web addresses a page or map document names, as the tests that check it loads nothing from other hosts
read them."""

from __future__ import annotations

import re

WEB_ADDRESS = re.compile(r"https?://(?:[^\s\"'<>\\()]|\([^\s\"'<>\\()]*\))+")
"""An address up to a space, quote, angle bracket or backslash; brackets only in pairs, as in
`Andkhoy_(city)`, so a closing bracket of the text around it is left out."""


def addresses_in(html: str) -> set[str]:
    """Every address in `html`, unescaped: a query string's `&` is `&amp;` in HTML and `\\u0026amp;` inside a
    map's JSON."""
    return set(WEB_ADDRESS.findall(html.replace("\\u0026amp;", "&").replace("&amp;", "&")))
