"""The Natural Earth reference layers under `geodata/reference/` (countries, boundary lines, railroads, marine
area names; where each comes from: `geodata/reference/README.md`): data,
read and versioned with the atlas, and the one place their file names are written.

`Atlas.reference` reads them on first use, at the version the atlas was loaded with, and keeps them with the
atlas: a new data version is a new Atlas, so a map never draws layers read for other data, and a file that
breaks after it was read cannot break the maps of the atlas being served (a server that checks for new data
reads them as it loads). What maps make of the layers (the simplified basemap, railroads inside a box) is kept
with them (`ReferenceLayers.derived`).
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from threading import RLock
from typing import Any, TypeVar

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from corridor.atlas.files import read_data_bytes
from corridor.atlas.problems import DataError, Problem

T = TypeVar("T")
REFERENCE_DIR = "reference"
COUNTRIES_FILE = "ne_countries_region.geojson"
BORDERS_FILE = "ne_boundary_lines_10m_region.geojson"
RAILROADS_FILE = "ne_railroads_region.geojson"
MARINE_FILE = "ne_marine_polys_region.geojson"
REFERENCE_LAYERS: dict[str, tuple[str, ...]] = {
    COUNTRIES_FILE: ("ADM0_A3", "NAME"),
    BORDERS_FILE: (),
    RAILROADS_FILE: (),
    MARINE_FILE: ("name",),
}
"""Each layer's file name and the properties each of its features must have."""
KEPT_VERSIONS = 4
"""Versions of the layers kept for atlases loaded again from the same files (tests, the CLI, reloads)."""

Feature = tuple[BaseGeometry, dict[str, Any]]


def reference_name(filename: str) -> str:
    """How problems name a reference file: `reference/ne_countries_region.geojson`."""
    return f"{REFERENCE_DIR}/{filename}"


def reference_files(data_dir: Path) -> list[Path]:
    """The reference layers (Natural Earth) under `geodata/reference/`: part of the data and its version."""
    return sorted((data_dir / REFERENCE_DIR).glob("*.geojson"))


def reference_version(data_dir: Path) -> str:
    """A short hash of the reference layers alone."""
    digest = hashlib.sha256()
    for path in reference_files(data_dir):
        try:
            digest.update(path.name.encode() + hashlib.sha256(read_data_bytes(path)).digest())
        except OSError as exc:
            digest.update(f"{path.name} unreadable {exc.errno}".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True, eq=False)
class ReferenceLayers:
    """The features of each reference layer (shapely geometry and properties), as read at `version`."""

    version: str
    countries: tuple[Feature, ...]
    borders: tuple[Feature, ...]
    railroads: tuple[Feature, ...]
    marine: tuple[Feature, ...]
    """Natural Earth's named seas, gulfs and bays (their names label the basemap; the sea is drawn as the box
    less the land)."""
    _derived: dict[Hashable, Any] = field(default_factory=dict, repr=False)
    _lock: RLock = field(default_factory=RLock, repr=False)

    @cached_property
    def country_shapes(self) -> dict[str, BaseGeometry]:
        """Country polygons keyed by ISO 3166 alpha-3."""
        return {props["ADM0_A3"]: geometry for geometry, props in self.countries}

    @cached_property
    def country_names(self) -> dict[str, str]:
        """Country names keyed by ISO 3166 alpha-3."""
        return {props["ADM0_A3"]: props["NAME"] for _, props in self.countries}

    def derived(self, key: Hashable, build: Callable[[], T]) -> T:
        """`build()` computed once for these layers and `key` (a few fixed keys: what a map draws of them)."""
        with self._lock:
            if key not in self._derived:
                self._derived[key] = build()
            value: T = self._derived[key]
            return value


def _features(path: Path) -> tuple[Feature, ...]:
    document = json.loads(read_data_bytes(path))
    return tuple((shape(f["geometry"]), f["properties"]) for f in document["features"])


_kept: OrderedDict[tuple[Path, str], ReferenceLayers] = OrderedDict()
_kept_lock = RLock()


def read_reference_layers(data_dir: Path, version: str) -> ReferenceLayers:
    """The reference layers beside the data at `version` (the one its atlas was loaded with), read once per
    version. Raises DataError when the files have changed since and that version was never read: the atlas
    would otherwise draw layers other than those it was checked with."""
    with _kept_lock:
        key = (data_dir, version)
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
        if reference_version(data_dir) != version:
            raise DataError([Problem(REFERENCE_DIR, "-", "-", "changed since the data was loaded; load it again")])
        directory = data_dir / REFERENCE_DIR
        layers = ReferenceLayers(
            version=version,
            countries=_features(directory / COUNTRIES_FILE),
            borders=_features(directory / BORDERS_FILE),
            railroads=_features(directory / RAILROADS_FILE),
            marine=_features(directory / MARINE_FILE),
        )
        _kept[key] = layers
        while len(_kept) > KEPT_VERSIONS:
            _kept.popitem(last=False)
        return layers
