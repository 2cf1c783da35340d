"""A Markdown table of origin–port routes, existing track only beside everything announced, for the docs.

Run `python -m corridor.pages.route_table` to print it from the bundled data; docs/readers/routes.md holds the
current one (`python -m corridor_web.docs_parts` rewrites it).
"""

from __future__ import annotations

import itertools

from corridor.atlas.load import DEFAULT_DATA_DIR, Atlas, load_atlas
from corridor.atlas.network import NoRoute, Route, compare_routes
from corridor.display.text import STATUS_LABELS, country_name, km_text

ORIGINS = ("termez", "serhetabat", "uzen", "kerki")
PORTS = ("karachi-port", "port-qasim", "gwadar-port")


def _name(atlas: Atlas, place_id: str) -> str:
    return atlas.places[place_id].properties.name


def _existing_cell(result: Route | NoRoute) -> str:
    if isinstance(result, Route):
        return km_text(result.length_km)
    if not result.missing_segments:
        return "no path"
    needs = " and ".join(STATUS_LABELS[s] for s in result.needs_statuses)
    return f"no path: needs {needs} track ({len(result.missing_segments)} links)"


def _announced_cells(atlas: Atlas, result: Route | NoRoute) -> list[str]:
    if isinstance(result, NoRoute):
        return ["no path", "-", "-"]
    unbuilt_km = result.length_km - result.km_by_status.get("existing", 0.0)
    crossings = result.border_crossings
    countries = [c.from_country for c in crossings[:1]] + [c.to_country for c in crossings]
    borders = " → ".join(country_name(atlas, c) for c in countries) or "none"
    changes = []
    for certain, word in ((True, "certain"), (False, "possible (gauge undecided)")):
        places = [_name(atlas, g.place_id) for g in result.gauge_changes if g.certain == certain]
        if places:
            changes.append(f"{len(places)} {word}: {', '.join(places)}")
    return [f"{km_text(result.length_km)} ({km_text(unbuilt_km)} not built)", borders, "; ".join(changes) or "none"]


def route_table(atlas: Atlas) -> str:
    """One row per origin and port: the existing-only result beside the announced route's km, borders, gauges."""
    rows = [
        "| from | to | existing track only | everything announced | countries in order | gauge changes |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for origin, port in itertools.product(ORIGINS, PORTS):
        results = compare_routes(atlas, origin, port)
        cells = [_name(atlas, origin), _name(atlas, port), _existing_cell(results["existing"])]
        rows.append("| " + " | ".join(cells + _announced_cells(atlas, results["announced"])) + " |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(route_table(load_atlas(DEFAULT_DATA_DIR)), end="")
