"""The date a map is drawn for, in words, for every heading that states it (map caption, legend, PNG, pages).

A map at a date is drawn at the latest change on or before it (`timeline.drawn_on`): every day up to the next
change draws the same. The heading says which date that is and for which days it holds, so a map asked for
2024-01-01 and redirected to its last change reads "as of 2021-07-14, unchanged to 2024-02-20", not a date
the reader did not ask about without saying why.
"""

from __future__ import annotations

import datetime as dt

from corridor.atlas.load import Atlas
from corridor.atlas.timeline import drawn_on


def drawn_for(atlas: Atlas, as_of: dt.date | None) -> str:
    """`as of 2021-07-14, unchanged to 2024-02-20` (a change's date), `as of 2024-01-01: drawn at the last
    change on or before it, 2021-07-14` (any other date), `as of 2026-02-09 (the latest change)`, `latest data
    (last change 2026-02-09)` (no date)."""
    dates = atlas.as_loaded.index.change_dates
    if as_of is None:
        return f"latest data (last change {dates[-1].isoformat()})" if dates else "latest data"
    drawn = drawn_on(atlas, as_of)
    if drawn is None or drawn != as_of:
        at = f": drawn at the last change on or before it, {drawn.isoformat()}" if drawn else ""
        return f"as of {as_of.isoformat()}{at}"
    later = [day for day in dates if day > drawn]
    if not later:
        return f"as of {drawn.isoformat()} (the latest change)"
    until = later[0] - dt.timedelta(days=1)
    return f"as of {drawn.isoformat()}" + (f", unchanged to {until.isoformat()}" if until > drawn else "")


def sentence(text: str) -> str:
    """`text` with its first letter upper case, for a heading that starts with it."""
    return text[:1].upper() + text[1:]
