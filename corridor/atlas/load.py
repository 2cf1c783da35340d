"""Read `geodata/` and `seeds/` into one immutable Atlas, reporting every problem found."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError
from shapely.geometry import shape

from corridor.atlas.files import MAX_DATA_FILE_BYTES, MAX_SEED_BYTES, UnreadableFile, read_data_bytes
from corridor.atlas.layer_checks import reference_feature_problem
from corridor.atlas.model import Corridor, Fact, Place, Reference, Segment, Source, Topic
from corridor.atlas.problems import DataError, Problem
from corridor.atlas.reference import (
    REFERENCE_DIR,
    REFERENCE_LAYERS,
    ReferenceLayers,
    read_reference_layers,
    reference_files,
    reference_name,
    reference_version,
)
from corridor.atlas.resources import DATA_DIR

if TYPE_CHECKING:
    from corridor.atlas.index import AtlasIndex

PLACES_FILE = "places.geojson"
SEGMENTS_FILE = "segments.geojson"
CORRIDORS_FILE = "corridors.json"
FACTS_FILE = "facts.json"
SOURCES_FILE = "sources.json"
REFERENCES_FILE = "references.json"
TOPICS_FILE = "topics.json"
DATA_FILES = (SOURCES_FILE, REFERENCES_FILE, TOPICS_FILE, PLACES_FILE, SEGMENTS_FILE, CORRIDORS_FILE, FACTS_FILE)

Model = TypeVar("Model", bound=BaseModel)

DEFAULT_DATA_DIR = DATA_DIR
"""The bundled geodata/, where `load_atlas` reads unless told otherwise."""


@dataclass(frozen=True)
class Atlas:
    """Everything the app knows: validated records keyed by id, and the seed texts."""

    sources: MappingProxyType[str, Source]
    places: MappingProxyType[str, Place]
    segments: MappingProxyType[str, Segment]
    corridors: MappingProxyType[str, Corridor]
    facts: MappingProxyType[str, Fact]
    seed_texts: MappingProxyType[str, str]
    data_dir: Path
    seeds_dir: Path
    version: str = field(default="")
    references: MappingProxyType[str, Reference] = field(default_factory=lambda: MappingProxyType({}))
    topics: MappingProxyType[str, Topic] = field(default_factory=lambda: MappingProxyType({}))
    reference_version: str = field(default="")
    """The version of the reference layers (`geodata/reference/`) the data was loaded with."""
    base: Atlas | None = field(default=None, repr=False, compare=False)
    """For the atlas drawn at a date (`timeline.atlas_on`: the same records, each line's status then): the
    atlas as loaded, whose index it shares. None for the atlas as loaded."""

    @property
    def as_loaded(self) -> Atlas:
        """The atlas as loaded: every line with today's status."""
        return self if self.base is None else self.base

    @cached_property
    def index(self) -> AtlasIndex:
        """What is derived from this data (lookups, lengths, which facts belong where), built on first use;
        the atlas at a date builds its own from the loaded atlas's, sharing what does not change with the date."""
        from corridor.atlas.index import build_index, dated_index  # geometry libraries: not needed to load

        return build_index(self) if self.base is None else dated_index(self.base.index, self)

    @cached_property
    def reference(self) -> ReferenceLayers:
        """The Natural Earth layers beside the data (countries, borders, railroads), read on first use and kept
        with this data version; the atlas at a date shares the loaded atlas's."""
        if self.base is not None:
            return self.base.reference
        return read_reference_layers(self.data_dir, self.reference_version or reference_version(self.data_dir))

    def source_for_seed(self, seed_file: str) -> Source:
        """The source record whose file is `seed_file` (validated data has one for every fact's seed; the
        validator itself asks `index.source_by_seed`)."""
        return self.index.source_by_seed[seed_file]

    def facts_about(self, subject_ids: Iterable[str]) -> list[Fact]:
        """Facts whose subjects include any of `subject_ids`, in data order."""
        return self.index.facts_about(subject_ids)

    def corridor_segments(self, corridor_id: str) -> list[Segment]:
        """The segments of a corridor in the corridor's order."""
        return [self.segments[s] for s in self.corridors[corridor_id].segments if s in self.segments]


class DuplicateKeyError(ValueError):
    pass


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKeyError(f"duplicate key {key!r}")
        seen[key] = value
    return seen


def read_text(path: Path, name: str | None = None, max_bytes: int = MAX_DATA_FILE_BYTES) -> str:
    """A data file's text; DataError naming the file (never its absolute path) when it cannot be read, is no
    regular file or is over `max_bytes`."""
    name = name or path.name
    try:
        return read_data_bytes(path, max_bytes).decode("utf-8")
    except UnreadableFile as exc:
        raise DataError([Problem(name, "-", "-", str(exc))]) from None
    except FileNotFoundError:
        raise DataError([Problem(name, "-", "-", "file not found in the data directory")]) from None
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 text: byte {exc.object[exc.start]:#04x} at offset {exc.start}"
        raise DataError([Problem(name, "-", "-", reason)]) from None
    except OSError as exc:  # a symlink loop, no permission, a directory
        raise DataError([Problem(name, "-", "-", f"cannot read the file: {exc.strerror or exc}")]) from None


def read_strict_json(path: Path, name: str | None = None) -> Any:
    """Parse a JSON file, treating duplicate keys and NaN as errors. Raises DataError."""
    name = name or path.name
    text = read_text(path, name)
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DataError(
            [Problem(name, "-", "-", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")]
        ) from None
    except RecursionError:
        raise DataError([Problem(name, "-", "-", "invalid JSON: nested too deeply")]) from None
    except (DuplicateKeyError, ValueError) as exc:
        raise DataError([Problem(name, "-", "-", f"invalid JSON: {exc}")]) from None


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def _record_id(raw: Any, index: int) -> str:
    """The id a raw record gives itself, or its position when it has none."""
    if isinstance(raw, dict):
        props: dict[str, Any] = raw["properties"] if isinstance(raw.get("properties"), dict) else raw
        record_id = props.get("id")
        if isinstance(record_id, str) and record_id:
            return record_id
    return f"#{index}"


def _problems_from(exc: ValidationError, file: str, record: str) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        location = ".".join(str(part) for part in error["loc"]) or "-"
        problems.append(Problem(file, record, location, error["msg"]))
    return problems


def _parse_records(
    raw_records: Any, model: type[Model], file: str, id_of: Callable[[Model], str]
) -> tuple[dict[str, Model], list[Problem]]:
    if not isinstance(raw_records, list):
        return {}, [Problem(file, "-", "-", "expected a list of records")]
    records: dict[str, Model] = {}
    problems: list[Problem] = []
    for index, raw in enumerate(raw_records):
        record_id = _record_id(raw, index)
        try:
            record = model.model_validate(raw)
        except ValidationError as exc:
            problems.extend(_problems_from(exc, file, record_id))
            continue
        except (RecursionError, ValueError, TypeError) as exc:
            problems.append(Problem(file, record_id, "-", f"cannot read the record: {type(exc).__name__}"))
            continue
        if id_of(record) in records:
            problems.append(Problem(file, record_id, "id", "duplicate id"))
            continue
        records[id_of(record)] = record
    return records, problems


def _features_of(document: Any, file: str) -> tuple[Any, list[Problem]]:
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        return [], [Problem(file, "-", "type", "expected a GeoJSON FeatureCollection")]
    unknown = set(document) - {"type", "features", "name"}
    if unknown:
        return [], [Problem(file, "-", ",".join(sorted(unknown)), "unknown top-level member")]
    return document.get("features"), []


def _read_seeds(seeds_dir: Path) -> tuple[dict[str, str], list[Problem]]:
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        try:
            texts[path.name] = read_text(path, f"seeds/{path.name}", MAX_SEED_BYTES)
        except DataError as exc:
            problems.extend(exc.problems)
    return texts, problems


def data_files(data_dir: Path, seeds_dir: Path) -> list[Path]:
    """Every file whose bytes make the data version."""
    return sorted([*data_dir.glob("*.json"), *data_dir.glob("*.geojson"), *seeds_dir.glob("*.txt")]) + (
        reference_files(data_dir)
    )


def data_version(data_dir: Path, seeds_dir: Path) -> str:
    """A short hash of every data, seed and reference file, for cache keys and ETags. A file that cannot be
    read counts by its error, so that the load reports it (and a fixed file is a new version)."""
    digest = hashlib.sha256()
    for path in data_files(data_dir, seeds_dir):
        digest.update(path.relative_to(path.parent.parent).as_posix().encode())
        try:
            digest.update(hashlib.sha256(read_data_bytes(path)).digest())
        except OSError as exc:
            digest.update(f"unreadable {exc.errno} {exc}".encode())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=16)
def _reference_problems(name: str, sha256: str, path: Path, required: tuple[str, ...]) -> tuple[Problem, ...]:
    """Problems of one reference file, remembered by its bytes' hash (the bundled files are checked once)."""
    try:
        document = read_strict_json(path, name)
    except DataError as exc:
        return tuple(exc.problems)
    if not isinstance(document, dict) or not isinstance(document.get("features"), list):
        return (Problem(name, "-", "type", "expected a GeoJSON FeatureCollection"),)
    for index, feature in enumerate(document["features"]):
        try:
            geometry = shape(feature["geometry"])
            properties = feature["properties"]
            missing = [key for key in required if not isinstance(properties.get(key), str)]
        except Exception as exc:  # noqa: BLE001 - whatever shapely or a malformed feature raises is the reason
            return (Problem(name, f"#{index}", "geometry", f"not a GeoJSON feature shapely can read: {exc}"),)
        if missing:
            return (Problem(name, f"#{index}", f"properties.{missing[0]}", "missing; the map names countries by it"),)
        if problem := reference_feature_problem(name, index, feature):
            return (problem,)
        if geometry.is_empty or not all(math.isfinite(v) for v in geometry.bounds):
            return (Problem(name, f"#{index}", "geometry", "empty or not finite"),)
    return ()


def check_reference_files(data_dir: Path) -> list[Problem]:
    """Each reference layer the maps and checks read is there and is GeoJSON that shapely can build."""
    problems: list[Problem] = []
    for filename, required in REFERENCE_LAYERS.items():
        path = data_dir / REFERENCE_DIR / filename
        name = reference_name(filename)
        try:
            sha256 = hashlib.sha256(read_data_bytes(path)).hexdigest()
        except OSError:
            sha256 = "unreadable"
        problems.extend(_reference_problems(name, sha256, path, required))
    return problems


def load_atlas(data_dir: Path = DEFAULT_DATA_DIR, seeds_dir: Path | None = None) -> Atlas:
    """Load and schema-check the data. Raises DataError listing every problem found."""
    data_dir = Path(data_dir)
    seeds_dir = Path(seeds_dir) if seeds_dir is not None else data_dir.parent / "seeds"
    problems: list[Problem] = []
    documents: dict[str, Any] = {}
    for name in DATA_FILES:
        try:
            documents[name] = read_strict_json(data_dir / name)
        except DataError as exc:
            problems.extend(exc.problems)
    if not seeds_dir.is_dir():
        problems.append(Problem("seeds", "-", "-", "seed directory not found beside the data directory"))
    problems.extend(check_reference_files(data_dir))
    if problems:
        raise DataError(problems)
    seed_texts, problems = _read_seeds(seeds_dir)

    place_features, found = _features_of(documents[PLACES_FILE], PLACES_FILE)
    problems += found
    segment_features, found = _features_of(documents[SEGMENTS_FILE], SEGMENTS_FILE)
    problems += found
    sources, found = _parse_records(documents[SOURCES_FILE], Source, SOURCES_FILE, lambda r: r.id)
    problems += found
    places, found = _parse_records(place_features, Place, PLACES_FILE, lambda r: r.id)
    problems += found
    segments, found = _parse_records(segment_features, Segment, SEGMENTS_FILE, lambda r: r.id)
    problems += found
    corridors, found = _parse_records(documents[CORRIDORS_FILE], Corridor, CORRIDORS_FILE, lambda r: r.id)
    problems += found
    facts, found = _parse_records(documents[FACTS_FILE], Fact, FACTS_FILE, lambda r: r.id)
    problems += found
    references, found = _parse_records(documents[REFERENCES_FILE], Reference, REFERENCES_FILE, lambda r: r.id)
    problems += found
    topics, found = _parse_records(documents[TOPICS_FILE], Topic, TOPICS_FILE, lambda r: r.id)
    problems += found
    if problems:
        raise DataError(problems)
    return Atlas(
        sources=MappingProxyType(sources),
        places=MappingProxyType(places),
        segments=MappingProxyType(segments),
        corridors=MappingProxyType(corridors),
        facts=MappingProxyType(facts),
        seed_texts=MappingProxyType(seed_texts),
        data_dir=data_dir,
        seeds_dir=seeds_dir,
        version=data_version(data_dir, seeds_dir),
        reference_version=reference_version(data_dir),
        references=MappingProxyType(references),
        topics=MappingProxyType(topics),
    )
