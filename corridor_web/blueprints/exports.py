"""Export downloads over HTTP: /export/<corridor-or-all>.<ext>, the same files `corridor export` writes."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, url_for

from corridor.display.licence import DATA_LICENCE_URL
from corridor.exports.formats import EXPORT_FORMATS, download_name, format_for_extension, selection_keys
from corridor.exports.write import render_export
from corridor.request.errors import BadParameter, NotFound
from corridor_web.site import as_of_param, atlas, download, redirect_to_snapped_date

exports = Blueprint("exports", __name__)


@exports.get("/export/<filename>")
def export_file(filename: str) -> Any:
    """One corridor (or `all`) as a download, lines with their status on `?as_of=` (today's without it; a date
    redirects to the last change on or before it, as the maps do); 400 names the valid formats, 404 the valid
    corridors."""
    key, _, extension = filename.partition(".")
    fmt = format_for_extension(extension)
    if fmt is None:
        valid = ", ".join(f".{f.extension}" for f in EXPORT_FORMATS.values())
        raise BadParameter(f"There is no export format {extension!r}; use one of {valid}.")
    if key not in selection_keys(atlas()):
        raise NotFound(f"There is no corridor {key!r}; export one of {', '.join(selection_keys(atlas()))}.")
    as_of = as_of_param()
    if snapped := redirect_to_snapped_date(as_of):  # one export per change of the data, not one per day
        return snapped
    data = render_export(atlas(), fmt.name, key, as_of)
    response = download(data, fmt.media_type, download_name(key, fmt))
    # Formats without a place for metadata (the CSV files) carry their licence here; every export has it too.
    response.headers.add("Link", f'<{DATA_LICENCE_URL}>; rel="license"')
    return response


def export_links(key: str) -> list[dict[str, str]]:
    """Download links for a corridor id or `all`, one per format, for the pages' templates."""
    return [
        {
            "href": url_for("exports.export_file", filename=f"{key}.{fmt.extension}"),
            "label": fmt.description,
            "file": download_name(key, fmt),
        }
        for fmt in EXPORT_FORMATS.values()
    ]
