"""Real GIS clients against the app on a live local server (`live_url`: tests/serving.py's waitress on a free
127.0.0.1 port).

A missing client is a skip on a developer's machine and a failure under `CI` (which installs every one
with the README's test command).
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def ogc_url(live_url: str) -> str:
    return f"{live_url}/ogc"
