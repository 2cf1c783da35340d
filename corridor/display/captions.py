"""What a map says about itself, one home for every surface that draws one: its title, the date it is drawn for
and its credit line.

A map at a date is drawn at the latest change on or before it (`timeline.drawn_on`): every day up to the next
change draws the same. Its headings say which date that is and for which days it holds, so a map asked for
2024-01-01 and redirected to its last change reads "as of 2021-07-14, unchanged to 2024-02-20", not a date the
reader did not ask about without saying why. The web map's caption and legend, the PNG and the QGIS project's
print layout all take their words from here, so a map printed from QGIS reads like the PNG of the same corridor
and date."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from corridor.atlas.timeline import drawn_on
from corridor.display.vocab import NATURAL_EARTH

if TYPE_CHECKING:
    from corridor.atlas.load import Atlas

OVERVIEW_TITLE = "Railway corridors: Central Asia – Arabian Sea"


def map_title(atlas: Atlas, corridor_id: str | None) -> str:
    """What a map shows, in a few words: the corridor's name, or the overview's title."""
    return atlas.corridors[corridor_id].name if corridor_id else OVERVIEW_TITLE


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


def caption_date(atlas: Atlas, as_of: dt.date | None) -> str:
    """The date a map is drawn for, as a caption starts it: `As of 2021-07-14, unchanged to 2024-02-20`."""
    return sentence(drawn_for(atlas, as_of))


def credit_line(atlas: Atlas) -> str:
    """The small print under a map picture: the data version, the basemap's credit and the schematic lines'
    caveat (the date the lines are drawn for stands under the title: `caption_date`)."""
    return f"corridor · data {atlas.version} · {NATURAL_EARTH} · schematic lines are not surveyed"
