"""What a served map fetches on first use rather than carrying inline: its popup table (when the first popup
opens) and the data of its layers that open switched off (when first shown). Each is one file per data and
code version (`corridor_web.site.data_token`, in its URL), so it is cached for good (immutable) and new data
is a new URL; it goes through the response cache and its single flight, compressed, like the map documents.
A popup table lives beside the documents that use it (`/maps/` for the map documents, `/embed/` for the embeds,
whose links open a new tab), so that the static site's relative links inside it hold for them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint

from corridor.atlas.timeline import drawn_on
from corridor.request.errors import NotFound
from corridor.request.params import NoParameters
from corridor_web.site import LATEST, NEW_TAB, atlas, data_token, download, query, site, site_links

map_data = Blueprint("map_data", __name__)
ISO_DATE_CHARS = len("2025-01-01")


def _current(token: str) -> None:
    """No query (one URL per file), and the token of the data and code served now."""
    query(NoParameters)
    if token != data_token():
        raise NotFound("This map's data or code has been replaced since it was loaded; reload the map.")


def _drawn_date(when: str) -> dt.date | None:
    """The map's date in a table's name: `latest`, or a date a map is drawn at (the only ones a map names)."""
    if when == LATEST:
        return None
    try:
        date: dt.date | None = dt.date.fromisoformat(when) if len(when) == ISO_DATE_CHARS else None
    except ValueError:
        date = None
    if date is None or drawn_on(atlas(), date) != date:
        raise NotFound(f"There is no popup table for {when[:40]!r}; a map names the one it uses.")
    return date


def _popups(token: str, when: str, target: str) -> Any:
    _current(token)
    return download(site().popup_table_json(_drawn_date(when), site_links(target)), "application/json")


@map_data.get("/maps/popups.<token>.<when>.json")
def map_popups(token: str, when: str) -> Any:
    """The popup table of the map documents on a date (`latest`: today's)."""
    return _popups(token, when, "_top")


@map_data.get("/embed/popups.<token>.<when>.json")
def embed_popups(token: str, when: str) -> Any:
    """The popup table of the embeds on a date: their links open a new tab."""
    return _popups(token, when, NEW_TAB)


@map_data.get("/maps/railways.<token>.json")
def railways(token: str) -> Any:
    """The Natural Earth railways layer, which every map opens with switched off."""
    _current(token)
    return download(site().railways_json(), "application/json")
