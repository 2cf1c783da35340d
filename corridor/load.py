"""Read `geodata/` and `seeds/` into one immutable Atlas, reporting every problem found."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from corridor.model import Corridor, Fact, Place, Reference, Segment, Source, Topic
from corridor.problems import DataError, Problem
from corridor.resources import DATA_DIR as DEFAULT_DATA_DIR

if TYPE_CHECKING:
    from corridor.index import AtlasIndex

PLACES_FILE = "places.geojson"
SEGMENTS_FILE = "segments.geojson"
CORRIDORS_FILE = "corridors.json"
FACTS_FILE = "facts.json"
SOURCES_FILE = "sources.json"
REFERENCES_FILE = "references.json"
TOPICS_FILE = "topics.json"
DATA_FILES = (SOURCES_FILE, REFERENCES_FILE, TOPICS_FILE, PLACES_FILE, SEGMENTS_FILE, CORRIDORS_FILE, FACTS_FILE)

Model = TypeVar("Model", bound=BaseModel)


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

    @cached_property
    def index(self) -> AtlasIndex:
        """What is derived from this data (lookups, lengths, which facts belong where), built on first use."""
        from corridor.index import build_index  # geometry libraries: not needed to load or to list

        return build_index(self)

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


def read_strict_json(path: Path) -> Any:
    """Parse a JSON file, treating duplicate keys and NaN as errors. Raises DataError."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(name, "-", "-", f"file not found at {path}")]) from None
    except UnicodeDecodeError as exc:
        raise DataError([Problem(name, "-", "-", f"not UTF-8 text: {exc}")]) from None
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DataError(
            [Problem(name, "-", "-", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")]
        ) from None
    except (DuplicateKeyError, ValueError) as exc:
        raise DataError([Problem(name, "-", "-", f"invalid JSON: {exc}")]) from None


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def _record_id(raw: Any, index: int) -> str:
    """The id a raw record gives itself, or its position when it has none."""
    if isinstance(raw, dict):
        props = raw.get("properties") if isinstance(raw.get("properties"), dict) else raw
        if isinstance(props.get("id"), str) and props["id"]:
            return props["id"]
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


def _read_seeds(seeds_dir: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}


def data_version(data_dir: Path, seeds_dir: Path) -> str:
    """A short hash of every data and seed file, for cache keys and ETags."""
    digest = hashlib.sha256()
    for path in sorted([*data_dir.glob("*.json"), *data_dir.glob("*.geojson"), *seeds_dir.glob("*.txt")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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
        problems.append(Problem("seeds", "-", "-", f"seed directory not found at {seeds_dir}"))
    if problems:
        raise DataError(problems)

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
        seed_texts=MappingProxyType(_read_seeds(seeds_dir)),
        data_dir=data_dir,
        seeds_dir=seeds_dir,
        version=data_version(data_dir, seeds_dir),
        references=MappingProxyType(references),
        topics=MappingProxyType(topics),
    )
