"""Shared fixtures: the real atlas, writable copies of the data, the app, the CLI runner and a static build."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from serving import serving_app

from corridor.atlas.load import DEFAULT_DATA_DIR, Atlas
from corridor.atlas.reload import load_valid_data
from corridor.atlas.resources import SEEDS_DIR
from corridor_web.cli import main

if TYPE_CHECKING:
    from corridor.maps.picture import Picture
    from corridor.request.params import PictureOptions

SITE_PREFIX = "some/prefix"
"""The sub-path the static copy is built for and served under."""
HOSTILE_TEXT = 'It\'s "quoted" `ticked` <script>alert(1)</script> ${x} </script>'


@pytest.fixture(scope="session")
def atlas() -> Atlas:
    """The bundled data, loaded and validated once (as the app loads it), shared by the tests and the session's
    app, so that what one derives from it (`atlas.index`) the others reuse."""
    return load_valid_data(DEFAULT_DATA_DIR, SEEDS_DIR)


@pytest.fixture(scope="session")
def drawn_picture(atlas: Atlas) -> Callable[..., Picture]:
    """`drawn_picture(corridor_id=None, options=PictureOptions())`: the bundled data's print picture, drawn once a
    session for each corridor and options. A picture is the costliest thing most tests read; those that only read
    one share it (`corridor.maps.picture.draw_picture`, with the session's atlas)."""
    from corridor.maps.picture import draw_picture
    from corridor.request.params import PictureOptions

    draw = cache(partial(draw_picture, atlas))

    def drawn(corridor_id: str | None = None, options: PictureOptions | None = None) -> Picture:
        return draw(corridor_id, options or PictureOptions())

    return drawn


BRIEF_COMMAND = ["brief", "--corridor", "chaman-onward", "-o", "chaman-onward-brief.pdf"]
"""The brief docs/report-writers/brief.md shows how to make, made once a session (`chaman_brief`)."""


@pytest.fixture(scope="session")
def chaman_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Chaman-onward brief as `corridor BRIEF_COMMAND` writes it, made once a session for the tests that read
    it back and for the documentation's example."""
    target = tmp_path_factory.mktemp("brief") / BRIEF_COMMAND[-1]
    result = CliRunner().invoke(main, [*BRIEF_COMMAND[:-1], str(target)])
    assert result.exit_code == 0, result.output
    assert "PDF brief of Pakistan–Kazakhstan rail connectivity" in result.output
    return target


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of geodata/ with seeds/ beside it; returns the geodata path."""
    data_dir = tmp_path / "geodata"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir, ignore=shutil.ignore_patterns("reference"))
    (data_dir / "reference").symlink_to(DEFAULT_DATA_DIR / "reference", target_is_directory=True)
    shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    return data_dir


@pytest.fixture
def edit_json() -> Callable[[Path, Callable[[Any], None]], None]:
    """Load a JSON file, let the test change it in place, write it back."""

    def edit(path: Path, change: Callable[[Any], None]) -> None:
        document = json.loads(path.read_text(encoding="utf-8"))
        change(document)
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")

    return edit


@pytest.fixture
def hostile_data(data_copy: Path, edit_json) -> Path:
    """A data copy whose first fact's text and quote hold quotes, a backtick and <script>."""
    seed_dir = data_copy.parent / "seeds"
    facts_path = data_copy / "facts.json"
    first = json.loads(facts_path.read_text(encoding="utf-8"))[0]
    seed_path = seed_dir / first["seed"]
    seed_path.write_text(seed_path.read_text(encoding="utf-8") + "\n" + HOSTILE_TEXT + "\n", encoding="utf-8")

    def poison(facts: list[dict[str, Any]]) -> None:
        facts[0]["statement"] = HOSTILE_TEXT
        facts[0]["quote"] = HOSTILE_TEXT

    edit_json(facts_path, poison)
    return data_copy


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def app(atlas: Atlas) -> Flask:
    """The app on the bundled data (the session's atlas), shared by the session: it renders each map once and
    caches it."""
    from corridor_web.factory import build_app

    return build_app({"DATA_DIR": DEFAULT_DATA_DIR, "TESTING": True}, atlas)


@pytest.fixture(scope="session")
def live_url(app: Flask) -> Iterator[str]:
    """The session's app served live (waitress on a free port of 127.0.0.1, `serving.serving_app`): its URL."""
    with serving_app(app) as url:
        yield url


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@dataclass(frozen=True)
class BuiltSite:
    """A static copy of the site made by `corridor build-site`: served from `root`, it lives in `outdir`."""

    root: Path
    output: str

    @property
    def outdir(self) -> Path:
        return self.root / SITE_PREFIX

    @property
    def base_url(self) -> str:
        return f"https://example.org/{SITE_PREFIX}/"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The whole site built once as static files, for https://example.org/some/prefix/."""
    root = tmp_path_factory.mktemp("www")
    site = BuiltSite(root, "")
    result = CliRunner().invoke(main, ["build-site", str(site.outdir), "--base-url", site.base_url])
    assert result.exit_code == 0, result.output
    return BuiltSite(root, result.output)
