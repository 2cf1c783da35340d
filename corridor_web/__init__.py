"""corridor_web: the Flask app over the pure `corridor` core."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The app on data that loads and validates (see `corridor_web.factory.build_app`)."""
    # Imported on call: `corridor --help` imports this package for its web commands and must not load Flask.
    from corridor_web.factory import build_app

    return build_app(config)
