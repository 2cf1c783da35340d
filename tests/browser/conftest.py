"""Real Chromium (Debian's, driven by Playwright) against the app served on 127.0.0.1.

Without the browser these tests are skipped on a developer's machine and fail under CI (env CI set), so a
CI run can never pass by silently skipping them. Every page visit records each request, console error, page
error and dialog, so tests can assert that nothing left 127.0.0.1 and nothing broke.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from serving import serving_app, serving_files

CHROMIUM = Path(os.environ.get("CORRIDOR_CHROMIUM", "/usr/bin/chromium"))
"""Debian's Chromium; CORRIDOR_CHROMIUM points elsewhere (or nowhere, to check the CI failure)."""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
LOCAL_SCHEMES = {"data", "about", "blob"}


def _browser_problem() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def browser():
    problem = _browser_problem()
    if problem and os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run: {problem}")
    if problem:
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def serve():
    """`serve(app)`: a context manager serving another app (e.g. on hostile data); yields its URL."""
    return serving_app


@pytest.fixture(scope="session")
def serve_files():
    """`serve_files(directory)`: a context manager serving plain files, as any static host would; yields its URL."""
    return serving_files


@dataclass
class Visit:
    """A browser page plus everything it asked for and everything that went wrong in it."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    """The uncaught exceptions alone (also in `errors`), for tests that allow console messages."""

    def external_requests(self) -> list[str]:
        parts = [(u, urlsplit(u)) for u in self.requests]
        return [u for u, part in parts if part.scheme not in LOCAL_SCHEMES and part.hostname != "127.0.0.1"]

    def assert_clean(self) -> None:
        assert self.errors == [], "console or page errors"
        assert self.dialogs == [], "a dialog opened: data ran as script"
        assert self.external_requests() == [], "requests left 127.0.0.1"

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@contextmanager
def opened(browser, viewport: dict[str, int]) -> Iterator[Visit]:
    """A fresh page at `viewport`, in a browser context of its own that is closed when the block ends (also when
    the test fails), recording what `Visit` records."""
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        visit = Visit(page)
        page.on("request", lambda request: visit.requests.append(request.url))
        page.on("console", lambda message: message.type == "error" and visit.errors.append(message.text))
        page.on("pageerror", lambda error: (visit.errors.append(str(error)), visit.page_errors.append(str(error))))
        page.on("dialog", lambda dialog: (visit.dialogs.append(dialog.message), dialog.dismiss()))
        yield visit
    finally:
        context.close()


@pytest.fixture
def visit(browser) -> Iterator[Visit]:
    """A fresh desktop-sized page."""
    with opened(browser, DESKTOP) as desktop:
        yield desktop


@pytest.fixture
def mobile_visit(browser) -> Iterator[Visit]:
    """A fresh phone-sized page (390 x 844)."""
    with opened(browser, MOBILE) as phone:
        yield phone
