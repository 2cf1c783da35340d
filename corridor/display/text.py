"""Plain-text labels and number formats shared by the map popups and the pages."""

from __future__ import annotations

import re
from collections.abc import Mapping

from corridor.atlas.geometry import OUTSIDE_COUNTRIES
from corridor.atlas.load import Atlas
from corridor.display.vocab import PLACE_KIND_LABELS, STATUS_LABELS  # noqa: F401  (the pages import them from here)

_SCALES = ((1e9, "bn"), (1e6, "million"), (1e3, "thousand"))
OUTSIDE_BORDERS = "off the country outlines"
"""Label for length outside every Natural Earth 1:50m country polygon (`geometry.OUTSIDE_COUNTRIES`)."""
OUTSIDE_BORDERS_NOTE = (
    "Length that falls outside every country outline of Natural Earth's 1:50m map: where a line runs along a "
    "border river or reaches a port past the generalised coastline. It is track like the rest, not a country."
)
QUALIFIERS: tuple[tuple[str, str], ...] = (
    (r"estimated to be worth up to", "estimated to be worth up to"),
    (r"estimated to cost", "estimated to cost"),
    (r"worth up to", "worth up to"),
    (r"valued ?at", "valued at"),
    (r"as much as", "as much as"),
    (r"will surpass", "surpassing"),
    (r"up to", "up to"),
    (r"worth", "worth"),
    (r"more than", "more than"),
    (r"nearly", "nearly"),
    (r"about", "about"),
    (r"around", "around"),
    (r"at least", "at least"),
)
"""How an article hedges an amount, as the words appear just before it (seed text sometimes runs words
together: "valuedat"); the second item is how it is shown."""


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


def km_label(key: str, labels: dict[str, str]) -> str:
    """A km split's row label: the country or status name, or the explained "off the country outlines"."""
    return OUTSIDE_BORDERS if key == OUTSIDE_COUNTRIES else labels.get(key, key)


def qualifier_of(quote: str, statement: str = "") -> str | None:
    """The words that hedge a claimed amount ("up to", "valued at", "estimated to cost"), read from the quote
    just before its first number (else from our statement before "USD"); None when the amount is unhedged."""
    for text, marker in ((quote, r"[$€£]|USD|\d"), (statement, r"USD")):
        before = re.split(marker, text, maxsplit=1)
        if len(before) < 2:
            continue
        head = before[0].rstrip().lower()
        for pattern, shown in QUALIFIERS:
            if re.search(r"(?:^|\W)" + pattern + r"$", head):
                return shown
    return None


def country_names(atlas: Atlas) -> Mapping[str, str]:
    """Country names keyed by ISO alpha-3, from the Natural Earth countries beside the data."""
    return atlas.index.country_names


def country_name(atlas: Atlas, code: str) -> str:
    """The country's name, or the code itself when Natural Earth does not know it."""
    return atlas.index.country_names.get(code, code)


def country_patterns(atlas: Atlas) -> dict[str, re.Pattern[str]]:
    """Per country code, the words naming it in English text: the name and, for the -stan countries, the
    adjective the articles use ("Kazakh", "Afghan", "Uzbek", "Turkmen")."""
    patterns = {}
    for code, name in country_names(atlas).items():
        words = [name]
        stem = re.sub(r"i?stan$", "", name)
        if stem != name and len(stem) >= 5:
            words.append(stem)
        patterns[code] = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)
    return patterns
