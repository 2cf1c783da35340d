"""A plain wheel, installed into a fresh virtual environment away from the checkout, validates, exports,
renders and serves the bundled data: the data, templates and assets travel as package data."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("corridor-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel; its dependencies are borrowed from this test's environment."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([venv / "bin" / "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True)
    site_packages = next((venv / "lib").glob("python*/site-packages"))
    (site_packages / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CORRIDOR_DATA_DIR")}
    return subprocess.run([str(venv / "bin" / "corridor"), *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_wheel_holds_the_two_packages_and_their_data(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top_level == {"corridor", "corridor_web"}
    for expected in (
        "corridor/geodata/segments.geojson",
        "corridor/geodata/reference/ne_countries_region.geojson",
        "corridor/seeds/000_22cb328290fae5cb.txt",
        "corridor/static/map.css",
        "corridor/static/map/corridor-map.js",
        "corridor/static/vendor/leaflet-polylineoffset/leaflet.polylineoffset.js",
        "corridor/static/vendor/leaflet-polylineoffset/LICENSE",
        "corridor_web/templates/base.html",
        "corridor_web/docs/.mkdocs.yml",
        "corridor_web/docs/gis/qgis.md",
        "corridor_web/docs/img/overview.png",
    ):
        assert expected in names


def test_installed_wheel_validates_and_exports_outside_the_checkout(installed: Path, tmp_path: Path):
    validated = run(installed, "validate", cwd=tmp_path)
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.startswith("ok: 3 corridors")
    exported = run(installed, "export", "--format", "gpkg", "-o", str(tmp_path / "all.gpkg"), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "all.gpkg").read_bytes().startswith(b"SQLite format 3")
    rendered = run(installed, "render", "--corridor", "chaman-onward", "-o", str(tmp_path / "m.html"), cwd=tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    assert "Chaman" in (tmp_path / "m.html").read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_installed_wheel_serves_pages_maps_and_assets(installed: Path, tmp_path: Path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "CORRIDOR_DATA_DIR"}
    log = tmp_path / "server.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [str(installed / "bin" / "corridor"), "serve", "--port", str(port), "--log-level", "warning"],
            cwd=tmp_path,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the server did not start within 60 s"
                time.sleep(0.3)
        for path, needle in (
            ("/", b"Chaman onward"),
            ("/maps/overview.html", b"leaflet"),
            ("/static/style.css", b"{"),
            ("/vendor/leaflet/leaflet.js", b"Leaflet"),
            ("/export/all.geojson", b"FeatureCollection"),
            ("/docs/", b"Who reads what"),
            ("/docs/gis/qgis.html", b"OGC API - Features"),
        ):
            with urllib.request.urlopen(base + path, timeout=30) as response:
                assert response.status == 200, path
                assert needle in response.read(), path
    finally:
        server.terminate()
        server.wait(timeout=10)
