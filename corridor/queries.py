"""The facts table's filters: parsed from plain query parameters, checked against the data, applied."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from corridor.errors import BadParameter
from corridor.load import Atlas
from corridor.model import FACT_KINDS, Fact
from corridor.params import parse_as_of
from corridor.text import country_names, kind_label
from corridor.timeline import facts_as_of
from corridor.views import fact_view, timeline_view

FILTERS = ("corridor", "country", "kind", "source", "topic", "as_of")


@dataclass(frozen=True)
class FactQuery:
    """Which facts to list; None means no filter on that field."""

    corridor: str | None = None
    country: str | None = None
    kind: str | None = None
    source: str | None = None
    topic: str | None = None
    as_of: dt.date | None = None

    def as_params(self) -> dict[str, str]:
        """The filters that are set, as query parameters."""
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in asdict(self).items() if v}


def fact_countries(atlas: Atlas, fact: Fact) -> set[str]:
    """Countries a fact concerns: those of the corridors, segments and places it is about."""
    found: set[str] = set()
    for subject in fact.subjects:
        if subject in atlas.corridors:
            found.update(atlas.corridors[subject].countries)
        elif subject in atlas.segments:
            found.update(atlas.segments[subject].properties.countries)
        elif subject in atlas.places:
            found.add(atlas.places[subject].properties.country)
        elif subject in atlas.topics:
            found.update(atlas.topics[subject].countries)
    return found


def fact_corridors(atlas: Atlas, fact: Fact) -> set[str]:
    """Corridors a fact is about (as `AtlasIndex.corridor_facts` decides)."""
    return set(atlas.index.corridors_of_fact(fact))


def filter_options(atlas: Atlas) -> dict[str, list[dict[str, str]]]:
    """The values each filter accepts, with labels for a select box."""
    used = {code for fact in atlas.facts.values() for code in fact_countries(atlas, fact)}
    names = country_names(atlas)
    return {
        "corridor": [{"value": c.id, "label": c.name} for c in atlas.corridors.values()],
        "country": sorted(({"value": c, "label": names.get(c, c)} for c in used), key=lambda o: o["label"]),
        "kind": [{"value": k, "label": kind_label(k)} for k in FACT_KINDS],
        "source": [{"value": s.id, "label": s.title} for s in atlas.sources.values()],
        "topic": [{"value": t.id, "label": t.name} for t in atlas.topics.values()],
    }


def _single(params: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = [v for v in params.get(name, []) if v.strip()]
    if len(values) > 1:
        raise BadParameter(f"give {name} once; got {len(values)} values")
    return values[0].strip() if values else None


def _checked(name: str, value: str | None, options: list[dict[str, str]]) -> str | None:
    allowed = [o["value"] for o in options]
    if value is not None and value not in allowed:
        raise BadParameter(f"unknown {name} {value!r}; choose one of: {', '.join(allowed)}")
    return value


def parse_fact_query(atlas: Atlas, params: Mapping[str, Sequence[str]]) -> FactQuery:
    """Read the filters from query parameters (each name to its list of values); empty means unset.
    Unknown parameter names are ignored; unknown values raise BadParameter."""
    options = filter_options(atlas)
    try:
        as_of = parse_as_of(_single(params, "as_of"))
    except BadParameter as exc:
        raise BadParameter(str(exc)) from None
    country = _single(params, "country")
    return FactQuery(
        corridor=_checked("corridor", _single(params, "corridor"), options["corridor"]),
        country=_checked("country", country.upper() if country else None, options["country"]),
        kind=_checked("kind", _single(params, "kind"), options["kind"]),
        source=_checked("source", _single(params, "source"), options["source"]),
        topic=_checked("topic", _single(params, "topic"), options["topic"]),
        as_of=as_of,
    )


def _matches(atlas: Atlas, fact: Fact, query: FactQuery) -> bool:
    source = atlas.source_for_seed(fact.seed)
    return (
        (query.corridor is None or query.corridor in fact_corridors(atlas, fact))
        and (query.country is None or query.country in fact_countries(atlas, fact))
        and (query.kind is None or fact.kind == query.kind)
        and (query.source is None or (source is not None and source.id == query.source))
        and (query.topic is None or query.topic in fact.subjects)
    )


def facts_page(atlas: Atlas, query: FactQuery) -> dict[str, Any]:
    """The facts table: the filters as given, the choices for each, and the matching facts."""
    matching = [f for f in atlas.facts.values() if _matches(atlas, f, query)]
    shown = facts_as_of(atlas, matching, query.as_of)
    return {
        "query": query.as_params(),
        "options": filter_options(atlas),
        "facts": [fact_view(atlas, f) for f in shown],
        "total": len(atlas.facts),
        "timeline": timeline_view(atlas, query.as_of, len(shown), len(matching)),
    }
