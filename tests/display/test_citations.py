"""The one list a step's sources are named by (`cite_labels`): each cited source once, none read as another."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

from corridor.display.citations import cite_label, cite_labels, cite_links, per


def test_two_undated_pages_of_one_publisher_are_two_sources_told_apart_by_title(atlas):
    first, second = [r for r in atlas.references.values() if r.publisher == "Wikipedia" and r.date is None][:2]
    labels = cite_labels(atlas, [first.id, second.id, first.id])
    assert labels == {
        first.id: f"Wikipedia, undated, “{first.title}”",
        second.id: f"Wikipedia, undated, “{second.title}”",
    }
    assert per(atlas, [first.id, second.id]) == f"per {'; '.join(labels.values())}"
    assert [link["label"] for link in cite_links(atlas, [first.id, second.id])] == list(labels.values())


def test_a_source_no_other_reads_like_keeps_its_short_label(atlas):
    undated = next(r for r in atlas.references.values() if r.publisher == "Wikipedia" and r.date is None)
    dated = next(r for r in atlas.references.values() if r.date is not None)
    assert cite_labels(atlas, [undated.id, dated.id]) == {
        undated.id: "Wikipedia, undated",
        dated.id: f"{dated.publisher}, {dated.date.isoformat()}",
    }
    assert cite_label(atlas, undated.id) == "Wikipedia, undated"


def test_two_claims_of_one_article_are_told_apart_by_their_ids(atlas):
    seed = next(f.seed for f in atlas.facts.values() if sum(g.seed == f.seed for g in atlas.facts.values()) > 1)
    first, second = [f.id for f in atlas.facts.values() if f.seed == seed][:2]
    assert cite_labels(atlas, [first, second]) == {
        first: f"article {seed[:3]}, {first}",
        second: f"article {seed[:3]}, {second}",
    }


def test_two_references_alike_even_in_title_are_told_apart_by_their_ids(atlas):
    page = next(r for r in atlas.references.values() if r.publisher == "Wikipedia" and r.date is None)
    mirror = page.model_copy(update={"id": f"{page.id}-mirror", "url": "http://127.0.0.1/mirror"})
    both = dataclasses.replace(atlas, references=MappingProxyType({**atlas.references, mirror.id: mirror}))
    assert cite_labels(both, [page.id, mirror.id]) == {
        page.id: f"Wikipedia, undated, “{page.title}” [{page.id}]",
        mirror.id: f"Wikipedia, undated, “{page.title}” [{mirror.id}]",
    }
