"""CQL2 filters, sorting and property selection for the OGC API's items (OGC API – Features Part 3).

`filter` is parsed by pygeofilter (CQL2 text or CQL2 JSON) and compiled by its native evaluator into a test on
each record; nothing here parses CQL2 by hand. What a filter may name is the collection's queryables: every
text, number or date property of its features, and `geometry` for the spatial collections. A comparison with
a null value is false (CQL2's "unknown"), never an error. `sortby` and `properties` take the same names.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from pygeofilter import ast
from pygeofilter.backends.evaluator import handle
from pygeofilter.backends.native.evaluate import COMPARISON_MAP, NativeEvaluator
from pygeofilter.parsers.cql2_json import parse as parse_cql2_json
from pygeofilter.parsers.cql2_text import parse as parse_cql2_text
from shapely.geometry import box

from corridor.api.records import FACT_RECORD_COLUMNS, Record
from corridor.exports.layers import CORRIDOR_COLUMNS, PLACE_COLUMNS, SEGMENT_COLUMNS, Column
from corridor.request.errors import BadParameter

FILTER_LANGUAGES = ("cql2-text", "cql2-json")
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
COLLECTION_COLUMNS: dict[str, tuple[Column, ...]] = {
    "places": PLACE_COLUMNS,
    "segments": SEGMENT_COLUMNS,
    "corridors": CORRIDOR_COLUMNS,
    "facts": FACT_RECORD_COLUMNS,
}
"""The columns of each collection's feature properties (the facts nested in a feature come on top)."""
SCALAR_KINDS = ("text", "integer", "real", "date")
"""Kinds of property a filter compares and a sort orders; lists and nested facts are only selected."""
SPATIAL = ("places", "segments", "corridors")
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "bbox": lambda *edges: box(*(edges[:2] + edges[3:5] if len(edges) == 6 else edges)),
    "lower": lambda text: text.lower() if isinstance(text, str) else text,  # CQL2's CASEI, as pygeofilter writes it
}
"""The functions a filter may call: BBOX for spatial literals and CASEI for case-insensitive comparison."""


def queryable_columns(collection_id: str) -> dict[str, Column]:
    """The properties of a collection that filters compare and sorts order by, in feature order."""
    return {c.name: c for c in COLLECTION_COLUMNS[collection_id] if c.kind in SCALAR_KINDS}


def property_names(collection_id: str) -> list[str]:
    """Every property a feature of the collection has, as `properties=` may name them."""
    names = [c.name for c in COLLECTION_COLUMNS[collection_id] if c.name != "id"]
    return names if collection_id == "facts" else [*names, "facts"]


def _ordered(left: Any, right: Any) -> tuple[Any, Any]:
    """The two sides made comparable: a date compares with an ISO date written as text."""
    if isinstance(left, dt.date) and isinstance(right, str):
        return left, _as_date(right)
    if isinstance(right, dt.date) and isinstance(left, str):
        return _as_date(left), right
    return left, right


def _as_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise BadParameter(f"filter compares a date with {text!r}; write dates as DATE('YYYY-MM-DD')") from None


OPERATORS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def compare(left: Any, symbol: str, right: Any) -> bool:
    """A CQL2 comparison: false when either side is null, dates against ISO text compared as dates."""
    if left is None or right is None:
        return False
    left, right = _ordered(left, right)
    try:
        return bool(OPERATORS[symbol](left, right))
    except TypeError:
        raise BadParameter(f"filter compares {left!r} with {right!r}, which are of different kinds") from None


def between(value: Any, low: Any, high: Any) -> bool:
    return compare(value, ">=", low) and compare(value, "<=", high)


class _RecordEvaluator(NativeEvaluator):
    """pygeofilter's evaluator, with comparisons that treat null as CQL2 does instead of raising."""

    @handle(ast.Comparison, subclasses=True)
    def comparison(self, node: Any, lhs: str, rhs: str) -> str:
        return f"compare({lhs}, {COMPARISON_MAP[node.op]!r}, {rhs})"

    @handle(ast.Between)
    def between(self, node: Any, lhs: str, low: str, high: str) -> str:
        test = f"between({lhs}, {low}, {high})"
        return f"(not {test} and {lhs} is not None)" if node.not_ else test

    @handle(ast.Like)
    def like(self, node: Any, lhs: str) -> str:
        return f"({lhs} is not None and {super().like(node, lhs)})"

    @handle(ast.In)
    def in_(self, node: Any, lhs: str, *options: str) -> str:
        return f"({lhs} is not None and {super().in_(node, lhs, *options)})"


def _parse(text: str, language: str) -> Any:
    if language not in FILTER_LANGUAGES:
        raise BadParameter(f"filter-lang={language!r} is not supported; use cql2-text or cql2-json.")
    try:
        return parse_cql2_json(json.loads(text)) if language == "cql2-json" else parse_cql2_text(text)
    except BadParameter:
        raise
    except Exception as error:  # the parsers raise lark's, json's and their own errors
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise BadParameter(f"filter is not valid {language}: {first_line}") from None


def _nodes(node: Any) -> Iterable[Any]:
    yield node
    subnodes = node.get_sub_nodes() if hasattr(node, "get_sub_nodes") else None
    for sub in subnodes if isinstance(subnodes, list) else [subnodes] if subnodes is not None else []:
        yield from _nodes(sub)


def _check_names(tree: Any, collection_id: str) -> None:
    """Refuse a property that is not a queryable and a function that is not supported, naming what is."""
    known = [*queryable_columns(collection_id), *(["geometry"] if collection_id in SPATIAL else [])]
    for node in _nodes(tree):
        if isinstance(node, ast.Attribute) and node.name not in known:
            raise BadParameter(
                f"filter names {node.name!r}, which {collection_id} cannot be filtered on; "
                f"the queryables are {', '.join(known)}."
            )
        if isinstance(node, ast.Function) and node.name.lower() not in FUNCTIONS:
            raise BadParameter(f"filter calls {node.name}(), which is not supported; use BBOX or CASEI.")
        if isinstance(node, ast.TemporalPredicate | ast.ArrayPredicate | ast.Arithmetic):
            raise BadParameter(
                "filter uses a temporal, array or arithmetic operator, which this API does not implement; "
                "compare dates with <, <=, >, >= and BETWEEN."
            )


def filter_item(record: Record, collection_id: str) -> dict[str, Any]:
    """What a filter sees of a record: its queryable properties typed (dates as dates) and its geometry."""
    item: dict[str, Any] = {"geometry": record.geometry}
    for name, column in queryable_columns(collection_id).items():
        value = record.properties.get(name, record.id if name == "id" else None)
        item[name] = dt.date.fromisoformat(value) if column.kind == "date" and isinstance(value, str) else value
    return item


def compile_filter(text: str, language: str, collection_id: str) -> Callable[[Record], bool]:
    """A CQL2 filter as a test on the collection's records. Raises BadParameter saying what is wrong."""
    tree = _parse(text, language)
    _check_names(tree, collection_id)
    evaluator = _RecordEvaluator(function_map={"compare": compare, "between": between, **FUNCTIONS}, use_getattr=False)
    test = evaluator.evaluate(tree)
    spatial = any(isinstance(node, ast.SpatialComparisonPredicate | ast.BBox) for node in _nodes(tree))

    def matches(record: Record) -> bool:
        item = filter_item(record, collection_id)
        if spatial and item["geometry"] is None:
            return False  # no spatial test holds for a record without geometry
        return bool(test(item))

    return matches


def _known_names(text: str, what: str, allowed: Sequence[str]) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name.lstrip("+-") for name in names if name.lstrip("+-") not in allowed]
    if unknown or not names:
        raise BadParameter(f"{what} names {', '.join(unknown) or 'nothing'}; choose from {', '.join(allowed)}.")
    return names


def parse_sortby(text: str, collection_id: str) -> list[tuple[str, bool]]:
    """`sortby=name,-length_km`: (property, descending) pairs; `+` or no sign sorts ascending."""
    names = _known_names(text, "sortby", list(queryable_columns(collection_id)))
    return [(name.lstrip("+-"), name.startswith("-")) for name in names]


def parse_properties(text: str, collection_id: str) -> list[str]:
    """`properties=name,status`: the feature properties to return, in the feature's own order."""
    allowed = property_names(collection_id)
    wanted = set(_known_names(text, "properties", allowed))
    return [name for name in allowed if name in wanted]


def sort_records(records: list[Record], sortby: Sequence[tuple[str, bool]]) -> list[Record]:
    """Records ordered by each key in turn (a stable sort per key, last key first); nulls last either way."""
    ordered = list(records)
    for name, descending in reversed(sortby):
        present = [r for r in ordered if _value(r, name) is not None]
        missing = [r for r in ordered if _value(r, name) is None]
        ordered = sorted(present, key=partial(_value, name=name), reverse=descending) + missing
    return ordered


def _value(record: Record, name: str) -> Any:
    return record.id if name == "id" else record.properties.get(name)
