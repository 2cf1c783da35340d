"""The data's licence and attributions: one home for what every export, the APIs, the catalogue and the site
footer say about reusing the data.

The code is MIT-licensed; the curated data (lines, places, facts and their wording) is under CC BY 4.0, the
usual licence of open trackers of infrastructure, so reuse is free with attribution. Two parts are not the
project's to license: the Natural Earth reference data (public domain) and the verbatim quotations from the
news articles, which stay with their publishers and are reproduced as short quotations for citation.
"""

from __future__ import annotations

from typing import Any

DATA_LICENCE_ID = "CC-BY-4.0"
"""SPDX identifier of the data licence."""
DATA_LICENCE_NAME = "Creative Commons Attribution 4.0 International"
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CODE_LICENCE_ID = "MIT"
ATTRIBUTION = "corridor: railway corridors between Central Asia and the Arabian Sea (curated data, CC BY 4.0)"
"""How to credit the data."""
NATURAL_EARTH = (
    "Country and railway reference data: Natural Earth (naturalearthdata.com), in the public domain; "
    "made with Natural Earth."
)
NATURAL_EARTH_URL = "https://www.naturalearthdata.com/about/terms-of-use/"
QUOTATIONS = (
    "The quotes are short verbatim excerpts of the news articles each fact cites, reproduced for citation and "
    "review; they are not covered by the data licence, and their copyright stays with their publishers."
)


def licence_lines() -> list[str]:
    """The licence, attribution and quotation statement as lines of plain text, for files that carry text."""
    return [
        f"Data licence: {DATA_LICENCE_NAME} ({DATA_LICENCE_ID}), {DATA_LICENCE_URL}",
        f"Credit the data as: {ATTRIBUTION}.",
        "The corridor code is MIT-licensed; this licence covers the curated data: lines, places, facts and their",
        "wording.",
        NATURAL_EARTH,
        QUOTATIONS,
    ]


def licence_text() -> str:
    """`licence_lines` as one text."""
    return "\n".join(licence_lines()) + "\n"


def licence_record() -> dict[str, Any]:
    """The licence as a JSON object, for documents that carry data (GeoJSON, the JSON API, metadata)."""
    return {
        "id": DATA_LICENCE_ID,
        "name": DATA_LICENCE_NAME,
        "url": DATA_LICENCE_URL,
        "attribution": ATTRIBUTION,
        "reference_data": NATURAL_EARTH,
        "quotations": QUOTATIONS,
    }
