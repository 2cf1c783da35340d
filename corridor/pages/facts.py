"""The facts table's query: a typed model (filters, full-text search, sort, disputed), checked against the data
passed as the parse context, and applied.

Filters that would match every claim say nothing, so a country matches a claim only when the claim names a
place or line in that country, or its statement or quote names the country ("Afghanistan", "Afghan"): every
corridor crosses Afghanistan, so "any claim about a corridor through it" would match all of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import ValidationInfo, field_validator

from corridor.atlas.load import Atlas
from corridor.atlas.model import FACT_KINDS, Fact
from corridor.atlas.network import fold
from corridor.atlas.timeline import facts_as_of, published_on
from corridor.display.claims import claim_record, disputed_ids
from corridor.display.text import country_names, country_patterns, kind_label
from corridor.pages.views import timeline_view
from corridor.request.params import AsOfDate, QueryModel, parse_flag

SORTS: dict[str, str] = {
    "": "as listed in the data",
    "date": "date",
    "corridor": "corridor",
    "kind": "kind",
    "source": "source",
}
SortKey = Literal["date", "corridor", "kind", "source"]
MAX_SEARCH_CHARS = 200


def _atlas(info: ValidationInfo) -> Atlas:
    if not isinstance(info.context, Atlas):
        raise TypeError("parse FactQuery with the atlas as context: parse_query(FactQuery, args, atlas)")
    return info.context


def _checked(name: str, value: str, options: list[dict[str, str]]) -> str:
    allowed = [o["value"] for o in options]
    if value not in allowed:
        raise ValueError(f"unknown {name} {value!r}; choose one of: {', '.join(allowed)}")
    return value


class FactQuery(QueryModel):
    """Which facts to list and in what order; None means no filter on that field."""

    corridor: str | None = None
    country: str | None = None
    kind: str | None = None
    source: str | None = None
    topic: str | None = None
    as_of: AsOfDate = None
    q: str | None = None
    """Words that must all appear (any case or accents) in the statement, quote, subjects' names or aliases."""
    sort: SortKey | None = None
    disputed: bool = False
    """Only claims another article contradicts."""

    @field_validator("corridor", "kind", "source", "topic", mode="before")
    @classmethod
    def _known(cls, value: Any, info: ValidationInfo) -> str:
        name = str(info.field_name)  # set for a field validator
        return _checked(name, value, filter_options(_atlas(info))[name])

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, value: Any, info: ValidationInfo) -> str:
        return _checked("country", str(value).upper(), filter_options(_atlas(info))["country"])

    @field_validator("q", mode="before")
    @classmethod
    def _search(cls, value: Any) -> str:
        if len(value) > MAX_SEARCH_CHARS:
            raise ValueError(f"Search for at most {MAX_SEARCH_CHARS} characters; got {len(value)}.")
        return value

    @field_validator("sort", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> str:
        if value not in SORTS or not value:
            raise ValueError(f"unknown sort {value!r}; sort by one of: {', '.join(k for k in SORTS if k)}")
        return value

    @field_validator("disputed", mode="before")
    @classmethod
    def _disputed(cls, value: Any) -> bool:
        return parse_flag("disputed", value)

    def as_params(self) -> dict[str, str]:
        """The query's set fields as URL parameters."""
        params: dict[str, str] = {}
        for name, value in self.model_dump().items():
            if value is True:
                params[name] = "1"
            elif isinstance(value, dt.date):
                params[name] = value.isoformat()
            elif value:
                params[name] = value
        return params


def fact_countries(atlas: Atlas, fact: Fact) -> set[str]:
    """Countries a claim concerns: those of the places and lines it names, and those its words name."""
    found: set[str] = set()
    for subject in fact.subjects:
        if subject in atlas.segments:
            found.update(atlas.segments[subject].properties.countries)
        elif subject in atlas.places:
            found.add(atlas.places[subject].properties.country)
        elif subject in atlas.topics:
            found.update(atlas.topics[subject].countries)
    text = f"{fact.statement} {fact.quote}"
    found.update(code for code, pattern in country_patterns(atlas).items() if pattern.search(text))
    return found


def fact_corridors(atlas: Atlas, fact: Fact) -> set[str]:
    """Corridors a fact is about (as `AtlasIndex.corridor_facts` decides)."""
    return set(atlas.index.corridors_of_fact(fact))


def filter_options(atlas: Atlas) -> dict[str, list[dict[str, str]]]:
    """The values each filter accepts, with labels (and how many claims each matches) for a select box:
    counted once per data version."""
    return atlas.index.derived(("fact filter options",), lambda: _count_filter_options(atlas))


def _count_filter_options(atlas: Atlas) -> dict[str, list[dict[str, str]]]:
    facts = list(atlas.facts.values())
    countries: dict[str, int] = {}
    for fact in facts:
        for code in fact_countries(atlas, fact):
            countries[code] = countries.get(code, 0) + 1
    names = country_names(atlas)

    def counted(label: str, count: int) -> str:
        return f"{label} ({count})"

    return {
        "corridor": [
            {"value": c.id, "label": counted(c.name, sum(c.id in fact_corridors(atlas, f) for f in facts))}
            for c in atlas.corridors.values()
        ],
        "country": sorted(
            ({"value": c, "label": counted(names.get(c, c), n)} for c, n in countries.items()), key=lambda o: o["label"]
        ),
        "kind": [
            {"value": k, "label": counted(kind_label(k), sum(f.kind == k for f in facts))}
            for k in FACT_KINDS
            if any(f.kind == k for f in facts)
        ],
        "source": [
            {"value": s.id, "label": counted(s.title, sum(f.seed == s.file for f in facts))}
            for s in atlas.sources.values()
        ],
        "topic": [
            {"value": t.id, "label": counted(t.name, sum(t.id in f.subjects for f in facts))}
            for t in atlas.topics.values()
        ],
        "sort": [{"value": k, "label": label} for k, label in SORTS.items()],
    }


def search_text(atlas: Atlas, fact: Fact) -> str:
    """What a search looks in, folded: statement, quote, and the names and aliases of the fact's subjects."""
    names: list[str] = []
    for subject in fact.subjects:
        if subject in atlas.corridors:
            names += [atlas.corridors[subject].name, *atlas.corridors[subject].aliases]
        elif subject in atlas.places:
            names += [atlas.places[subject].properties.name, *atlas.places[subject].properties.aliases]
        elif subject in atlas.segments:
            names.append(atlas.segments[subject].properties.name)
    return fold(" ".join([fact.statement, fact.quote, *names]))


def _search_index(atlas: Atlas) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """Folded once per data version: each fact's search text, and each place spelling's other spellings."""

    def build() -> tuple[dict[str, str], dict[str, frozenset[str]]]:
        texts = {fact.id: search_text(atlas, fact) for fact in atlas.facts.values()}
        spellings: dict[str, frozenset[str]] = {}
        for place in atlas.places.values():
            names = frozenset(fold(n) for n in (place.properties.name, *place.properties.aliases))
            for name in names:
                spellings[name] = spellings.get(name, frozenset()) | names
        return texts, spellings

    return atlas.index.derived(("fact search index",), build)


def matches_search(atlas: Atlas, fact: Fact, words: str) -> bool:
    """Every word of the search is in the fact's text; a place's other spellings count as its name, so
    "Turghundi" finds claims quoting "Torghundi"."""
    texts, spellings = _search_index(atlas)
    haystack = texts[fact.id]
    for word in fold(words).split():
        variants = spellings.get(word, frozenset()) | {word}
        if not any(v in haystack for v in variants):
            return False
    return True


def _matches(atlas: Atlas, fact: Fact, query: FactQuery, disputed: set[str]) -> bool:
    return (
        (query.corridor is None or query.corridor in fact_corridors(atlas, fact))
        and (query.country is None or query.country in fact_countries(atlas, fact))
        and (query.kind is None or fact.kind == query.kind)
        and (query.source is None or atlas.source_for_seed(fact.seed).id == query.source)
        and (query.topic is None or query.topic in fact.subjects)
        and (not query.disputed or fact.id in disputed)
        and (query.q is None or matches_search(atlas, fact, query.q))
    )


def sort_facts(atlas: Atlas, facts: list[Fact], key: str | None) -> list[Fact]:
    """Facts in the order asked for; undated claims after dated ones, ties in data order."""
    if key == "date":

        def when(fact: Fact) -> tuple[bool, dt.date]:
            date = fact.date or published_on(atlas, fact)
            return (date is None, date or dt.date.max)

        return sorted(facts, key=when)
    if key == "corridor":
        order = list(atlas.corridors)
        return sorted(facts, key=lambda f: min((order.index(c) for c in fact_corridors(atlas, f)), default=len(order)))
    if key == "kind":
        return sorted(facts, key=lambda f: FACT_KINDS.index(f.kind))
    if key == "source":
        return sorted(facts, key=lambda f: f.seed)
    return facts


def _selected(atlas: Atlas, query: FactQuery) -> tuple[list[Fact], list[Fact]]:
    """The facts the filters select at any date, and those of them shown: as of its date, in its order."""
    disputed = disputed_ids(atlas)
    matching = [f for f in atlas.facts.values() if _matches(atlas, f, query, disputed)]
    return matching, sort_facts(atlas, facts_as_of(atlas, matching, query.as_of), query.sort)


def facts_matching(atlas: Atlas, query: FactQuery) -> list[Fact]:
    """The facts the query selects, as of its date, in its order."""
    return _selected(atlas, query)[1]


def facts_page(atlas: Atlas, query: FactQuery) -> dict[str, Any]:
    """The facts table: the query as given, the choices for each filter, and the matching facts."""
    matching, shown = _selected(atlas, query)
    return {
        "query": query.as_params(),
        "options": filter_options(atlas),
        "facts": [claim_record(atlas, f) for f in shown],
        "total": len(atlas.facts),
        "disputed_total": len(disputed_ids(atlas)),
        "timeline": timeline_view(atlas, query.as_of, len(shown), len(matching)),
    }


def facts_csv(atlas: Atlas, query: FactQuery) -> bytes:
    """The facts the query selects, in its order, as the same CSV the exports write."""
    from corridor.exports.layers import FACT_COLUMNS, Layer, fact_row
    from corridor.exports.shapefile import table_csv

    rows = tuple(fact_row(atlas, f) for f in facts_matching(atlas, query))
    return table_csv(Layer("facts", None, FACT_COLUMNS, rows))
