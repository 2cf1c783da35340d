"""The `corridor` command: validate, info, render, export, serve."""

from __future__ import annotations

from pathlib import Path

import click

from corridor.export import EXPORT_FORMATS, write_export
from corridor.export_layers import ALL, selection_keys
from corridor.geometry import corridor_summary, segment_length_km
from corridor.load import DEFAULT_DATA_DIR, Atlas, load_atlas
from corridor.model import STATUSES
from corridor.network import BorderCrossing, NoRoute, Route, UnknownPlace, compare_routes, find_place, plan_route
from corridor.problems import DataError, Problem
from corridor.validate import validate

DATA_DIR_OPTION = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_DATA_DIR,
    show_default="bundled geodata/",
    envvar="CORRIDOR_DATA_DIR",
    help="Directory holding the curated data (seeds/ beside it).",
)


def _fail_with(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s) found; fix them and run `corridor validate` again.", err=True)
    raise SystemExit(1)


def load_valid_atlas(data_dir: Path) -> Atlas:
    """Load and fully validate the data, or print every problem and exit 1."""
    try:
        atlas = load_atlas(data_dir)
    except DataError as exc:
        _fail_with(exc.problems)
    problems = validate(atlas)
    if problems:
        _fail_with(problems)
    return atlas


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="corridor")
def main() -> None:
    """Curated, cited maps of the railway corridors between Central Asia and the Arabian Sea."""


@main.command("validate")
@click.argument("data_dir", required=False, type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_DATA_DIR)
def validate_command(data_dir: Path) -> None:
    """Check the data in DATA_DIR (default: bundled geodata/); exit 1 listing each problem."""
    atlas = load_valid_atlas(data_dir)
    click.echo(
        f"ok: {len(atlas.corridors)} corridors, {len(atlas.segments)} segments, {len(atlas.places)} places, "
        f"{len(atlas.facts)} facts from {len(atlas.sources)} sources"
    )


def _km(km: float) -> str:
    return f"{km:,.0f} km"


def _split(totals: dict[str, float]) -> str:
    return ", ".join(f"{key} {_km(km)}" for key, km in totals.items()) or "-"


def _gauge(gauge_mm: int | None) -> str:
    return "undecided" if gauge_mm is None else f"{gauge_mm} mm"


def describe_corridor(atlas: Atlas, corridor_id: str) -> list[str]:
    """The lines `corridor info` prints for one corridor."""
    corridor = atlas.corridors[corridor_id]
    summary = corridor_summary(atlas, corridor_id)
    lines = [
        f"{corridor.name} [{corridor.id}]",
        f"  length      {_km(summary.length_km)} drawn"
        + (", all alternatives included" if summary.km_by_variant else ""),
        f"  by country  {_split(summary.km_by_country)}",
        f"  by status   {_split(summary.km_by_status)}",
    ]
    if summary.km_by_variant:
        lines.append(f"  end to end  {_split(summary.km_by_variant)}")
    lines.append(f"  gauges      {', '.join(_gauge(g) for g in summary.gauges_mm)}")
    for gauge_break in summary.gauge_breaks:
        kind = "gauge break" if gauge_break.certain else "possible break (gauge undecided)"
        gauges = " / ".join(f"{g} mm" for g in gauge_break.gauges_mm)
        lines.append(f"  {kind:<11} at {gauge_break.place_id}: {gauges}")
    for segment in atlas.corridor_segments(corridor_id):
        props = segment.properties
        if props.published_length_km is not None:
            lines.append(
                f"  published   {props.name}: {_km(props.published_length_km)} ({props.published_length_note}); "
                f"computed {_km(segment_length_km(segment))}"
            )
    lines.append(f"  facts       {summary.fact_count} from {summary.source_count} source(s)")
    return lines


@main.command("info")
@DATA_DIR_OPTION
@click.option("--corridor", "corridor_id", default=None, help="Only this corridor id.")
def info_command(data_dir: Path, corridor_id: str | None) -> None:
    """Print length, km by country and status, gauges and fact counts per corridor."""
    atlas = load_valid_atlas(data_dir)
    if corridor_id is not None and corridor_id not in atlas.corridors:
        raise click.BadParameter(f"unknown corridor; choose from {', '.join(atlas.corridors)}", param_hint="--corridor")
    for current in [corridor_id] if corridor_id else list(atlas.corridors):
        click.echo("\n".join(describe_corridor(atlas, current)))
        click.echo()


def _crossing_text(atlas: Atlas, crossing: BorderCrossing) -> str:
    where = atlas.places[crossing.place_id].properties.name if crossing.place_id else crossing.segment_id
    return f"{crossing.from_country}→{crossing.to_country} at {where}"


def describe_route(atlas: Atlas, label: str, result: Route | NoRoute) -> list[str]:
    """The lines `corridor route` prints for one route or for its absence."""
    if isinstance(result, NoRoute):
        return [f"{label}: {result.reason}"]
    names = [atlas.places[p].properties.name for p in result.place_ids]
    lines = [
        f"{label}: {_km(result.length_km)} via {' – '.join(names)}",
        f"  by country  {_split(result.km_by_country)}",
        f"  by status   {_split(result.km_by_status)}",
        f"  borders     {', '.join(_crossing_text(atlas, c) for c in result.border_crossings) or '-'}",
        f"  corridors   {', '.join(result.corridors) or '-'}",
    ]
    for change in result.gauge_changes:
        kind = "gauge break" if change.certain else "gauge ?"
        lines.append(
            f"  {kind:<11} at {atlas.places[change.place_id].properties.name}: "
            f"{_gauge(change.from_gauge_mm)} -> {_gauge(change.to_gauge_mm)}"
        )
    return lines


@main.command("route")
@DATA_DIR_OPTION
@click.argument("origin")
@click.argument("destination")
@click.option(
    "--allow",
    "allowed",
    multiple=True,
    type=click.Choice(STATUSES),
    help="Statuses to travel over (repeatable). Default: compare existing-only with everything announced.",
)
@click.option("--via", "via", multiple=True, help="Pass through this place (repeatable, in order).")
def route_command(
    data_dir: Path, origin: str, destination: str, allowed: tuple[str, ...], via: tuple[str, ...]
) -> None:
    """Shortest rail path from ORIGIN to DESTINATION (place id, name or alias)."""
    atlas = load_valid_atlas(data_dir)
    try:
        start, end = find_place(atlas, origin).id, find_place(atlas, destination).id
        stops = [find_place(atlas, name).id for name in via]
    except UnknownPlace as exc:
        raise click.BadParameter(str(exc), param_hint="ORIGIN/DESTINATION/--via") from None
    if allowed:
        results = {"allowed": plan_route(atlas, start, end, allowed, stops)}
    else:
        results = compare_routes(atlas, start, end, stops)
    for label, result in results.items():
        click.echo("\n".join(describe_route(atlas, label, result)))


@main.command("export")
@DATA_DIR_OPTION
@click.option("--format", "format_name", required=True, type=click.Choice(list(EXPORT_FORMATS)), help="File format.")
@click.option("--corridor", "key", default=ALL, show_default=True, help="Corridor id, or `all` (context lines too).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
def export_command(data_dir: Path, format_name: str, key: str, output: Path) -> None:
    """Write corridors, segments, places and facts as shp (zip), gpkg, geojson, kml or csv (facts)."""
    atlas = load_valid_atlas(data_dir)
    if key not in selection_keys(atlas):
        choices = ", ".join(selection_keys(atlas))
        raise click.BadParameter(f"unknown corridor; choose from {choices}", param_hint="--corridor")
    if not output.parent.is_dir():
        raise click.BadParameter(f"directory {output.parent} does not exist; create it first", param_hint="--output")
    size = write_export(atlas, format_name, key, output)
    click.echo(f"wrote {output} ({EXPORT_FORMATS[format_name].description}, {size:,} bytes)")


@main.command("serve")
@DATA_DIR_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for all).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
def serve_command(data_dir: Path, host: str, port: int, threads: int) -> None:
    """Serve the maps, facts and sources in a browser (waitress; works offline)."""
    load_valid_atlas(data_dir)
    # Imported here: the web layer depends on the core, never the other way round at import time.
    import waitress

    from app import create_app

    click.echo(f"corridor: serving http://{host}:{port}/ (Ctrl+C to stop)")
    waitress.serve(create_app({"DATA_DIR": data_dir}), host=host, port=port, threads=threads)
