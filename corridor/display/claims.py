"""A claim: a fact's record (its subjects named, its source and article date resolved, what contradicts it) and
its HTML card, the one way every page, popup, KML balloon and JSON twin shows a fact.

The records are built together, once per data version (`AtlasIndex.once`, shared by the atlas at every date),
so an export or a map with hundreds of claims looks each one up instead of resolving it again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from markupsafe import Markup

from corridor.atlas.load import Atlas
from corridor.atlas.model import Corridor, Fact
from corridor.atlas.timeline import published_on
from corridor.display.citations import cite_links
from corridor.display.fact_card import fact_card
from corridor.display.links import Links
from corridor.display.text import kind_label, qualifier_of, value_text

NO_HEADLINE = " (no headline in the file)"


def subject_of(atlas: Atlas, subject_id: str) -> dict[str, str]:
    """What a fact subject id names: a corridor, place, segment or topic, with its display name."""
    kinds = (("corridor", atlas.corridors), ("segment", atlas.segments), ("place", atlas.places))
    for kind, records in kinds:
        record = records.get(subject_id)
        if record is not None:
            name = record.name if isinstance(record, Corridor) else record.properties.name
            return {"id": subject_id, "type": kind, "name": name}
    topic = atlas.topics.get(subject_id)
    if topic is not None:
        return {"id": subject_id, "type": "topic", "name": topic.name}
    return {"id": subject_id, "type": "unknown", "name": subject_id}


def source_title(title: str) -> str:
    """A source's title for display: the data marks a described (not printed) headline with a suffix, which
    the sources pages turn into a flag of their own."""
    return title.removesuffix(NO_HEADLINE)


def _contradicted_by(atlas: Atlas) -> dict[str, list[str]]:
    """Fact id -> the facts that contradict it, whichever side recorded the link, in the order found."""
    found: dict[str, list[str]] = defaultdict(list)
    for fact in atlas.facts.values():
        for other in fact.disputes:
            found[fact.id].append(other)
            found[other].append(fact.id)
    return {fact_id: [o for o in dict.fromkeys(others) if o in atlas.facts] for fact_id, others in found.items()}


def dispute_group(atlas: Atlas, fact_id: str) -> list[str]:
    """The facts linked to this one by `disputes`, directly or through a chain, in data order."""
    return list(atlas.index.dispute_group_of.get(fact_id, (fact_id,)))


def disputed_ids(atlas: Atlas) -> set[str]:
    """Every fact another article contradicts."""
    return {fact_id for fact_id, record in _records(atlas).items() if record["disputed"]}


def _dispute_link(atlas: Atlas, fact: Fact) -> dict[str, str] | None:
    """Where the card setting this fact beside the claims that contradict it is: a corridor page's anchor."""
    group = dispute_group(atlas, fact.id)
    if len(group) < 2:
        return None
    # A claim about a relationship (no corridor) links to the card of a corridor another member is about.
    corridors = [c for member in group for c in atlas.index.corridors_of_fact(atlas.facts[member])]
    if not corridors:
        return None
    return {"corridor": corridors[0], "anchor": f"dispute-{group[0]}"}


def _record(atlas: Atlas, fact: Fact, disputed_by: list[str]) -> dict[str, Any]:
    source = atlas.source_for_seed(fact.seed)
    published = published_on(atlas, fact)
    qualifier = qualifier_of(fact.quote, fact.statement) if fact.value is not None else None
    amount = value_text(fact.value, fact.unit)
    return {
        "id": fact.id,
        "statement": fact.statement,
        "kind": fact.kind,
        "kind_label": kind_label(fact.kind),
        "value": fact.value,
        "unit": fact.unit,
        "value_text": amount,
        "qualifier": qualifier,
        "value_claimed": f"{qualifier} {amount}" if qualifier and amount else amount,
        "date": fact.date.isoformat() if fact.date else None,
        "date_note": fact.date_note,
        "subject_note": fact.subject_note,
        "quote": fact.quote,
        "subjects": [subject_of(atlas, s) for s in fact.subjects],
        "source_id": source.id,
        "source_title": source_title(source.title),
        "seed": fact.seed,
        "published": published.isoformat() if published else None,
        "published_kind": source.date_kind,
        "disputes": list(fact.disputes),
        "disputed_by": disputed_by,
        "disputed": bool(disputed_by),
        "dispute_link": _dispute_link(atlas, fact),
        "context_note": fact.context_note,
        "context": cite_links(atlas, fact.context_cites),
    }


def _records(atlas: Atlas) -> Mapping[str, dict[str, Any]]:
    """Every claim's record, built from the atlas as loaded (a subject is named even on a date before its line
    was announced) once per data version."""
    loaded = atlas.as_loaded

    def build() -> Mapping[str, dict[str, Any]]:
        contradicted = _contradicted_by(loaded)
        return MappingProxyType({f.id: _record(loaded, f, contradicted.get(f.id, [])) for f in loaded.facts.values()})

    return loaded.index.once("claim records", build)


def claim_record(atlas: Atlas, fact: Fact) -> dict[str, Any]:
    """A fact as plain data for pages, JSON twins and cards: its subjects named, its source and article date
    resolved, the claims that contradict it and where they are set side by side. A copy: the caller may add to
    it; the lists in it are shared and must not be changed."""
    return dict(_records(atlas)[fact.id])


def claim_html(atlas: Atlas, fact: Fact, links: Links) -> Markup:
    """A claim as one `<li>` card, as popups and KML balloons list it: every card for `links` is built at once
    and kept with the data version (among its derived tables, so that many sites' links cannot pile up)."""
    loaded = atlas.as_loaded
    cards = loaded.index.derived(
        ("claim cards", links),
        lambda: {fact_id: fact_card(record, links, tag="li") for fact_id, record in _records(loaded).items()},
    )
    return cards[fact.id]
