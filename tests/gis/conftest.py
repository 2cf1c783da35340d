"""Real GIS clients against the app on a live local server: waitress on a free 127.0.0.1 port.

A missing client is a skip on a developer's machine and a failure under `CI` (which installs every one
with the README's test command).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from waitress import create_server


@pytest.fixture(scope="session")
def server_url(app: Flask) -> Iterator[str]:
    """The app's root URL, served by waitress on a free local port for the whole session."""
    # poll, not select: closing the server from this thread then cannot make the loop select() a closed socket
    server = create_server(app, host="127.0.0.1", port=0, threads=4, asyncore_use_poll=True)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def ogc_url(server_url: str) -> str:
    return f"{server_url}/ogc"
