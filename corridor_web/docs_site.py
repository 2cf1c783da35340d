"""The documentation site: the MkDocs pages under docs/, built into HTML for /docs/ and `corridor build-site`.

The Markdown, its images and the site's settings (`docs/.mkdocs.yml`, which the checkout's `mkdocs.yml`
inherits) travel in the wheel as package data, and MkDocs with the Material theme is a dependency, so an
installed package builds the same site as a checkout, with no network: no CDN fonts (`theme.font: false`),
search in local JavaScript over an index built with the site.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from pathlib import Path

from corridor.atlas.resources import bundled_dir

DOCS_DIR = bundled_dir("docs", Path(__file__).resolve().parent)
SETTINGS_FILE = ".mkdocs.yml"


def build_docs(site_dir: Path, docs_dir: Path = DOCS_DIR, strict: bool = False) -> list[Path]:
    """Build the site from `docs_dir` into `site_dir` (emptied first); returns the files written. `strict`:
    a broken link or anchor, or any other MkDocs warning, stops the build (as `mkdocs build --strict`)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory() as work:
        # MkDocs refuses a settings file inside the pages it builds, so it reads a copy beside them.
        settings = Path(work) / "mkdocs.yml"
        settings.write_text((docs_dir / SETTINGS_FILE).read_text(encoding="utf-8"), encoding="utf-8")
        build(load_config(str(settings), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=strict))
    # MkDocs writes a 404 page for a host's root, with root-absolute links that break under any sub-path; the
    # app answers an unknown /docs/ page with its own 404.
    (site_dir / "404.html").unlink(missing_ok=True)
    return sorted(path for path in site_dir.rglob("*") if path.is_file())


class BuiltDocs:
    """The site built once per process, on first use, into a temporary folder removed at exit."""

    def __init__(self, docs_dir: Path = DOCS_DIR) -> None:
        self.docs_dir = docs_dir
        self._site_dir: Path | None = None
        self._lock = threading.Lock()

    @property
    def site_dir(self) -> Path:
        with self._lock:
            if self._site_dir is None:
                site_dir = Path(tempfile.mkdtemp(prefix="corridor-docs-"))
                atexit.register(shutil.rmtree, site_dir, ignore_errors=True)
                build_docs(site_dir, self.docs_dir)
                self._site_dir = site_dir
            return self._site_dir
