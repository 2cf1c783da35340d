"""What a map says about itself, one home for every surface that draws one: its title, the date it is drawn for
and its credit line. The web map's caption, the PNG and the QGIS project's print layout all take their words
from here, so a map printed from QGIS reads like the PNG of the same corridor and date."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from corridor.display.vocab import NATURAL_EARTH

if TYPE_CHECKING:
    from corridor.atlas.load import Atlas

OVERVIEW_TITLE = "Railway corridors: Central Asia – Arabian Sea"


def map_title(atlas: Atlas, corridor_id: str | None) -> str:
    """What a map shows, in a few words: the corridor's name, or the overview's title."""
    return atlas.corridors[corridor_id].name if corridor_id else OVERVIEW_TITLE


def caption_date(as_of: dt.date | None, change_dates: tuple[dt.date, ...]) -> str:
    """The date a map is drawn for, in words: the date asked for, or the latest data's last change."""
    if as_of is not None:
        return f"As of {as_of.isoformat()}"
    return f"Latest data (last change {change_dates[-1].isoformat()})" if change_dates else "Latest data"


def credit_line(atlas: Atlas, as_of: dt.date | None) -> str:
    """The small print under a map picture: the data version, the basemap's credit, the schematic lines' caveat
    and the date the lines are drawn for when one was asked for."""
    line = f"corridor · data {atlas.version} · {NATURAL_EARTH} · schematic lines are not surveyed"
    return line + (f" · lines as of {as_of.isoformat()}" if as_of else "")
