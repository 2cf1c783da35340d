"""What changed, and when: the `/changes` page, its `.json` twin, and the Atom feeds built from the same records."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from corridor.pages import changes as views
from corridor.request.params import NoParameters
from corridor_web.blueprints.pages import page, respond
from corridor_web.site import atlas, download, known_corridor, query

changes = Blueprint("changes", __name__)


@page("/changes", changes)
def changes_page(fmt: str) -> Any:
    view = views.changes_page(atlas(), query(views.ChangesQuery, atlas()), request.script_root)
    return respond("changes.html", view, fmt)


def _feed(corridor_id: str | None) -> Any:
    query(NoParameters)
    feed = views.changes_atom(atlas(), corridor_id, request.url_root.rstrip("/"))
    return download(feed, views.ATOM_TYPE)


@changes.get("/changes.atom")
def feed() -> Any:
    """Every change, newest first."""
    return _feed(None)


@changes.get("/corridors/<corridor_id>/changes.atom")
def corridor_feed(corridor_id: str) -> Any:
    """One corridor's changes."""
    return _feed(known_corridor(corridor_id))
