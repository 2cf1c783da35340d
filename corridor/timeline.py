"""What had been announced by a given date, judged by the publication date of each fact's article.

A fact counts as announced on its article's date (`Source.date`), not on `Fact.date`, which is the date the
claim is *about* (a signing next month, a target year). Most articles state no date. Undated facts are never
placed on the timeline by guessing: under an "as of" filter they stay visible and are labelled "undated", since
hiding them would hide most of what is known while showing them unlabelled would pretend to know their date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from corridor.load import Atlas
from corridor.model import Fact


def published_on(atlas: Atlas, fact: Fact) -> dt.date | None:
    """The publication date of the article that states the fact; None when the article gives none."""
    source = atlas.source_for_seed(fact.seed)
    return source.date if source is not None else None


def announced_by(atlas: Atlas, fact: Fact, as_of: dt.date | None) -> bool:
    """True when the fact is shown as of `as_of`: no filter, an undated article, or one published by then."""
    if as_of is None:
        return True
    published = published_on(atlas, fact)
    return published is None or published <= as_of


def facts_as_of(atlas: Atlas, facts: Iterable[Fact], as_of: dt.date | None) -> list[Fact]:
    """The facts announced by `as_of` (all of them when it is None), in the given order."""
    return [fact for fact in facts if announced_by(atlas, fact, as_of)]


def source_dates(atlas: Atlas) -> list[dt.date]:
    """Every distinct article date, oldest first: the useful stops for a timeline control."""
    return sorted({s.date for s in atlas.sources.values() if s.date is not None})
