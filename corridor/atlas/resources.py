"""Where the bundled data and assets live: inside the installed package (a wheel carries geodata/, seeds/ and
static/ as package data), else beside the package in a checkout or an editable install."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""The `corridor` package: the data folders travel inside it in a wheel."""


def bundled_dir(name: str, package_dir: Path = PACKAGE_DIR) -> Path:
    """The folder `name` shipped with the package at `package_dir`, or the checkout's top-level one."""
    installed = package_dir / name
    return installed if installed.is_dir() else package_dir.parent / name


DATA_DIR = bundled_dir("geodata")
SEEDS_DIR = bundled_dir("seeds")
STATIC_DIR = bundled_dir("static")
