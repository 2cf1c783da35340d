"""Plain-text labels and number formats shared by the map popups and the pages."""

from __future__ import annotations

from collections.abc import Mapping

from corridor.load import Atlas

STATUS_LABELS: dict[str, str] = {
    "existing": "existing",
    "under_construction": "under construction",
    "planned": "planned",
    "proposed": "proposed",
}
PLACE_KIND_LABELS: dict[str, str] = {
    "city": "city",
    "town": "town",
    "station": "station",
    "border_crossing": "border crossing",
    "dry_port": "dry port",
    "sea_port": "sea port",
}
_SCALES = ((1e9, "bn"), (1e6, "million"), (1e3, "thousand"))


def km_text(km: float) -> str:
    """`1,234 km`."""
    return f"{km:,.0f} km"


def gauge_text(gauge_mm: int | None) -> str:
    """`1520 mm`, or `undecided` for a null gauge."""
    return "undecided" if gauge_mm is None else f"{gauge_mm} mm"


def kind_label(kind: str) -> str:
    """A fact or place kind as words: `trade_target` -> `trade target`."""
    return kind.replace("_", " ")


def _scaled(value: float) -> str:
    for factor, word in _SCALES:
        if abs(value) >= factor:
            return f"{value / factor:,.4g} {word}"
    return f"{value:,.4g}"


def value_text(value: float | None, unit: str | None) -> str:
    """A fact's number with its unit: `USD 7 bn`, `USD 3 bn/year`, `5 years`; empty when it has none."""
    if value is None:
        return ""
    if unit is None:
        return _scaled(value)
    money, _, per = unit.partition("/")
    if money.isupper() and len(money) == 3:
        return f"{money} {_scaled(value)}" + (f"/{per}" if per else "")
    return f"{_scaled(value)} {unit}"


def country_names(atlas: Atlas) -> Mapping[str, str]:
    """Country names keyed by ISO alpha-3, from the Natural Earth countries beside the data."""
    return atlas.index.country_names


def country_name(atlas: Atlas, code: str) -> str:
    """The country's name, or the code itself when Natural Earth does not know it."""
    return atlas.index.country_names.get(code, code)
