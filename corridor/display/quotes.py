"""Cut an article into passages so each quoted span can be highlighted and linked to, overlaps included."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def quote_spans(text: str, quotes: Iterable[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """(start, end, fact id) of the first occurrence of each quote; quotes not in the text are left out."""
    spans = []
    for fact_id, quote in quotes:
        start = text.find(quote)
        if start >= 0 and quote:
            spans.append((start, start + len(quote), fact_id))
    return spans


def passages(text: str, quotes: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    """The text as consecutive passages. Each says which facts quote it (`facts`) and which facts' quotes
    begin there (`anchors`), so a page can mark quoted text and put one link target per fact."""
    spans = quote_spans(text, quotes)
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    found = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        found.append(
            {
                "text": text[start:end],
                "facts": [fact_id for s, e, fact_id in spans if s <= start < e],
                "anchors": [fact_id for s, _, fact_id in spans if s == start],
            }
        )
    return found
