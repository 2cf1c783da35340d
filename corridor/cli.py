"""The `corridor` command's core: validate, info, route, export, render. The web layer (`corridor_web.cli`)
adds serve and build-site to the same group.

Each command imports what it needs when it runs: `corridor --help` and `corridor validate` must not pay for
folium, matplotlib or the GIS writers (bench/cli_startup.py measures it).
"""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import click

from corridor.atlas.model import PLACE_KINDS, STATUSES
from corridor.atlas.problems import DataError, Problem
from corridor.atlas.resources import DATA_DIR
from corridor.exports.formats import ALL, EXPORT_FORMATS, selection_keys
from corridor.request.errors import BadParameter
from corridor.request.params import PictureOptions, parse_as_of, parse_query

PICTURE_DEFAULTS = PictureOptions()

if TYPE_CHECKING:
    from corridor.atlas.load import Atlas
    from corridor.atlas.network import BorderCrossing, NoRoute, Route

DATA_DIR_OPTION = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DATA_DIR,
    show_default="bundled geodata/",
    envvar="CORRIDOR_DATA_DIR",
    help="Directory holding the curated data (seeds/ beside it).",
)


def _fail_with(problems: list[Problem]) -> NoReturn:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s) found; fix them and run `corridor validate` again.", err=True)
    raise SystemExit(1)


def load_valid_atlas(data_dir: Path) -> Atlas:
    """Load and fully validate the data, or print every problem and exit 1."""
    from corridor.atlas.reload import load_valid_data

    try:
        return load_valid_data(data_dir)
    except DataError as exc:
        _fail_with(exc.problems)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="corridor")
def main() -> None:
    """Curated, cited maps of the railway corridors between Central Asia and the Arabian Sea."""


@main.command("validate")
@DATA_DIR_OPTION
@click.argument(
    "legacy_data_dir", metavar="[DATA_DIR]", required=False, type=click.Path(file_okay=False, path_type=Path)
)
def validate_command(data_dir: Path, legacy_data_dir: Path | None) -> None:
    """Check the data (default: bundled geodata/); exit 1 listing each problem. DATA_DIR as an argument is
    deprecated: use --data like every other command."""
    if legacy_data_dir is not None:
        click.echo(
            "note: `corridor validate DATA_DIR` is deprecated; use `corridor validate --data DATA_DIR`.", err=True
        )
        data_dir = legacy_data_dir
    atlas = load_valid_atlas(data_dir)
    click.echo(
        f"ok: {len(atlas.corridors)} corridors, {len(atlas.segments)} segments, {len(atlas.places)} places, "
        f"{len(atlas.facts)} facts from {len(atlas.sources)} sources"
    )


def _km(km: float) -> str:
    return f"{km:,.0f} km"


def _split(totals: dict[str, float], labels: dict[str, str] | None = None) -> str:
    from corridor.display.text import km_label

    return ", ".join(f"{km_label(key, labels or {})} {_km(km)}" for key, km in totals.items()) or "-"


def _names(atlas: Atlas) -> dict[str, str]:
    from corridor.display.text import STATUS_LABELS, country_names

    return {**country_names(atlas), **STATUS_LABELS}


def _gauge(gauge_mm: int | None) -> str:
    return "undecided" if gauge_mm is None else f"{gauge_mm} mm"


def describe_corridor(atlas: Atlas, corridor_id: str) -> list[str]:
    """The lines `corridor info` prints for one corridor."""
    from corridor.atlas.geometry import OUTSIDE_COUNTRIES
    from corridor.display.text import OUTSIDE_BORDERS, OUTSIDE_BORDERS_NOTE

    corridor = atlas.corridors[corridor_id]
    summary = atlas.index.summary(corridor_id)
    names = _names(atlas)
    lines = [
        f"{corridor.name} [{corridor.id}]",
        f"  length      {_km(summary.length_km)} drawn"
        + (", all alternatives included" if summary.km_by_variant else ""),
        f"  by country  {_split(summary.km_by_country, names)}",
        f"  by status   {_split(summary.km_by_status, names)}",
    ]
    if summary.km_by_variant:
        lines.append(f"  end to end  {_split(summary.km_by_variant)}")
    lines.append(f"  gauges      {', '.join(_gauge(g) for g in summary.gauges_mm)}")
    for gauge_break in summary.gauge_breaks:
        kind = "gauge break" if gauge_break.certain else "possible break (gauge undecided)"
        gauges = " / ".join(f"{g} mm" for g in gauge_break.gauges_mm)
        lines.append(f"  {kind:<11} at {atlas.places[gauge_break.place_id].properties.name}: {gauges}")
    for segment in atlas.corridor_segments(corridor_id):
        props = segment.properties
        if props.published_length_km is not None:
            lines.append(
                f"  published   {props.name}: {_km(props.published_length_km)} ({props.published_length_note}); "
                f"computed {_km(atlas.index.segment_km[segment.id])}"
            )
    lines.append(f"  facts       {summary.fact_count} from {summary.source_count} source(s)")
    if OUTSIDE_COUNTRIES in summary.km_by_country:
        lines.append(f"  note        {OUTSIDE_BORDERS}: {OUTSIDE_BORDERS_NOTE}")
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


def _crossing_text(atlas: Atlas, crossing: BorderCrossing, on: dt.date | None = None) -> str:
    from corridor.display.citations import crossing_state_text
    from corridor.display.text import STATUS_LABELS, km_label

    names = _names(atlas)
    segment = atlas.segments[crossing.segment_id]
    if crossing.place_id:
        place = atlas.places[crossing.place_id]
        state = crossing_state_text(atlas, place, on)
        track = STATUS_LABELS[segment.properties.status]
        where = f"at {place.properties.name}" + (f" ({track} track, crossing {state})" if state else "")
    else:
        where = f"on the {segment.properties.name} line"
    return f"{km_label(crossing.from_country, names)} → {km_label(crossing.to_country, names)} {where}"


def describe_route(atlas: Atlas, label: str, result: Route | NoRoute, on: dt.date | None = None) -> list[str]:
    """The lines `corridor route` prints for one route or for its absence (crossings in their state on `on`)."""
    from corridor.atlas.network import NoRoute

    if isinstance(result, NoRoute):
        if not result.missing_segments:
            return [f"{label}: {result.reason}"]
        from corridor.display.text import STATUS_LABELS

        needs = " and ".join(STATUS_LABELS[s] for s in result.needs_statuses)
        over = " and ".join(STATUS_LABELS[s] for s in sorted(result.allowed, key=list(STATUSES).index))
        missing = ", ".join(atlas.segments[s].properties.name for s in result.missing_segments)
        return [f"{label}: no path over {over} track; it needs {needs} segments: {missing}"]
    names = [atlas.places[p].properties.name for p in result.place_ids]
    labels = _names(atlas)
    lines = [
        f"{label}: {_km(result.length_km)} via {' – '.join(names)}",
        f"  by country  {_split(result.km_by_country, labels)}",
        f"  by status   {_split(result.km_by_status, labels)}",
        f"  borders     {', '.join(_crossing_text(atlas, c, on) for c in result.border_crossings) or '-'}",
        f"  corridors   {', '.join(atlas.corridors[c].name for c in result.corridors) or '-'}",
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
@click.option(
    "--open-on",
    "open_on_text",
    default=None,
    help="Plan over the network as open on this date, YYYY-MM-DD: lines through a crossing not open then are left "
    "out, and crossings show their state that day.",
)
def route_command(
    data_dir: Path,
    origin: str,
    destination: str,
    allowed: tuple[str, ...],
    via: tuple[str, ...],
    open_on_text: str | None,
) -> None:
    """Shortest rail path from ORIGIN to DESTINATION (place id, name or alias; `corridor places` lists them)."""
    from corridor.pages.routes import (
        CARD_LABELS,
        RouteQuery,
        not_open_text,
        plan_routes,
        same_place_message,
        station_notes,
    )
    from corridor.request.errors import BadParameter
    from corridor.request.params import parse_date

    atlas = load_valid_atlas(data_dir)
    start, end = _place_arg(atlas, origin, "ORIGIN"), _place_arg(atlas, destination, "DESTINATION")
    stops = [_place_arg(atlas, name, "--via") for name in via]
    repeated = same_place_message(atlas, [start, *stops, end])
    if repeated:
        raise click.UsageError(repeated)
    try:
        open_on = parse_date("--open-on", open_on_text)
    except BadParameter as exc:
        raise click.BadParameter(str(exc), param_hint="--open-on") from None
    results = plan_routes(atlas, RouteQuery(start, end, tuple(stops), frozenset(allowed) or None, open_on))
    for note in station_notes(atlas, next(iter(results.values())).served_by):
        click.echo(note)
    if open_on is not None:
        click.echo(f"Crossings {not_open_text(atlas, open_on)}; lines through them left out")
    for key, result in results.items():
        label = CARD_LABELS.get(key) or f"Over {' and '.join(allowed)} track"
        click.echo("\n".join(describe_route(atlas, label, result, open_on)))


def _place_arg(atlas: Atlas, text: str, argument: str) -> str:
    """The id of the place `text` names; a usage error naming the argument (and close names) otherwise."""
    from corridor.atlas.network import UnknownPlace, find_place

    try:
        return find_place(atlas, text).id
    except UnknownPlace as exc:
        names = [atlas.places[p].properties.name for p in exc.suggestions]
        hint = f"did you mean {' or '.join(names)}?" if names else "run `corridor places` for the list."
        raise click.BadParameter(f"there is no place called {text!r}; {hint}", param_hint=argument) from None


@main.command("places")
@DATA_DIR_OPTION
@click.option("--country", default=None, help="Only places in this country (name or ISO code, e.g. Pakistan, PAK).")
@click.option("--kind", type=click.Choice(PLACE_KINDS), default=None, help="Only places of this kind.")
def places_command(data_dir: Path, country: str | None, kind: str | None) -> None:
    """List the places `route` accepts: id, name, other spellings, kind and country."""
    from corridor.display.text import PLACE_KIND_LABELS, country_names

    atlas = load_valid_atlas(data_dir)
    names = country_names(atlas)
    codes = {p.properties.country for p in atlas.places.values()}
    code = None
    if country is not None:
        by_name = {names.get(c, c).casefold(): c for c in codes} | {c.casefold(): c for c in codes}
        code = by_name.get(country.strip().casefold())
        if code is None:
            choices = ", ".join(sorted(names.get(c, c) for c in codes))
            raise click.BadParameter(f"no place is in {country!r}; choose one of {choices}", param_hint="--country")
    places = sorted(atlas.places.values(), key=lambda p: (names.get(p.properties.country, ""), p.properties.name))
    rows = [
        p.properties
        for p in places
        if (code is None or p.properties.country == code) and (kind is None or p.properties.kind == kind)
    ]
    width = max((len(p.id) for p in rows), default=2)
    for props in rows:
        also = f" (also {', '.join(props.aliases)})" if props.aliases else ""
        click.echo(
            f"{props.id:<{width}}  {props.name}{also} · {PLACE_KIND_LABELS[props.kind]}, "
            f"{names.get(props.country, props.country)}"
        )
    click.echo(f"{len(rows)} place(s); give `corridor route` an id, a name or another spelling.")


def _check_selection(atlas: Atlas, key: str, output: Path) -> None:
    """A usage error unless `key` is a corridor id or `all` and `output` can be written."""
    if key not in selection_keys(atlas):
        choices = ", ".join(selection_keys(atlas))
        raise click.BadParameter(f"unknown corridor; choose from {choices}", param_hint="--corridor")
    if not output.parent.is_dir():
        raise click.BadParameter(f"directory {output.parent} does not exist; create it first", param_hint="--output")


WRITE_ADVICE = {
    errno.EACCES: "choose a directory you may write to",
    errno.EPERM: "choose a directory you may write to",
    errno.EROFS: "choose a writable file system",
    errno.ENOSPC: "free some space",
    errno.EDQUOT: "free some space",
    errno.EFBIG: "raise the file-size limit (ulimit -f)",
}


@contextmanager
def _reported_write_errors(output: Path) -> Iterator[None]:
    """A write that fails (a read-only directory, a full disk, a file-size limit) is a one-line error saying
    what to do, not a traceback; the target is untouched either way."""
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or str(exc)
        advice = WRITE_ADVICE.get(exc.errno or 0, "check the directory")
        raise click.ClickException(f"cannot write {output}: {reason}; {advice} and run the command again") from None


def _http_url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """--base-url: an http(s) address of a site, or nothing (a `javascript:` link would run in a reader's page)."""
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in value for c in "\"'<> \\"):
        example = "https://example.org/corridor"
        raise click.BadParameter(f"give an http:// or https:// address, e.g. {example}; got {value!r}")
    return value


@main.command("export")
@DATA_DIR_OPTION
@click.option(
    "--format",
    "format_name",
    default=None,
    type=click.Choice(list(EXPORT_FORMATS)),
    help="File format; by default the one -o's extension names (.shp.zip, .gpkg, .geojson, .kml, .csv).",
)
@click.option("--corridor", "key", default=ALL, show_default=True, help="Corridor id, or `all` (context lines too).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@click.option("--as-of", "as_of", default=None, help="Each line's status on this date, YYYY-MM-DD (default: today's).")
def export_command(data_dir: Path, format_name: str | None, key: str, output: Path, as_of: str | None) -> None:
    """Write corridors, segments, places and facts as shp (zip), gpkg, geojson, kml, csv (facts), places-csv,
    fgb or parquet."""
    from corridor.exports.write import write_export

    format_name = export_format_for(output, format_name)
    try:
        date = parse_as_of(as_of)
    except BadParameter as exc:
        raise click.BadParameter(str(exc), param_hint="--as-of") from None
    atlas = load_valid_atlas(data_dir)
    _check_selection(atlas, key, output)
    with _reported_write_errors(output):
        size = write_export(atlas, format_name, key, output, date)
    click.echo(f"wrote {output} ({EXPORT_FORMATS[format_name].description}, {size:,} bytes)")


def export_format_for(output: Path, format_name: str | None) -> str:
    """The format to write: --format if given (refused when -o's extension names another), else the one the
    extension names; a usage error when neither says."""
    matching = [f for f in EXPORT_FORMATS.values() if output.name.lower().endswith(f".{f.extension}")]
    named = max(matching, key=lambda f: len(f.extension), default=None)  # `.places.csv` before `.csv`
    extensions = ", ".join(f".{f.extension}" for f in EXPORT_FORMATS.values())
    if format_name is None:
        if named is None:
            raise click.BadParameter(
                f"cannot tell the format from {output.name!r}; end it with one of {extensions}, or give --format",
                param_hint="--output",
            )
        return named.name
    wanted = EXPORT_FORMATS[format_name]
    if named is not None and named.name != format_name:
        raise click.BadParameter(
            f"--format {format_name} writes a {wanted.description} file, but {output.name!r} ends in "
            f".{named.extension}; name it *.{wanted.extension} or drop --format",
            param_hint="--output",
        )
    return format_name


def _picture_options(width: int, height: int, dpi: int, legend: bool) -> PictureOptions:
    try:
        values = {"width": width, "height": height, "dpi": dpi, "legend": int(legend)}
        return parse_query(PictureOptions, {name: [str(value)] for name, value in values.items()})
    except BadParameter as exc:
        raise click.BadParameter(str(exc), param_hint="--width/--height/--dpi") from None


@main.command("render")
@DATA_DIR_OPTION
@click.option("--corridor", "key", default=ALL, show_default=True, help="Corridor id, or `all`.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@click.option("--png", is_flag=True, help="A PNG picture for print instead of the self-contained HTML map.")
@click.option("--width", default=PICTURE_DEFAULTS.width_px, show_default=True, help="PNG width in pixels.")
@click.option("--height", default=PICTURE_DEFAULTS.height_px, show_default=True, help="PNG height in pixels.")
@click.option("--dpi", default=PICTURE_DEFAULTS.dpi, show_default=True, help="PNG resolution: sets text and line size.")
@click.option("--legend/--no-legend", default=True, show_default=True, help="Draw the legend.")
@click.option(
    "--base-url",
    default=None,
    callback=_http_url,
    help="HTML: popup source links open this site's pages (e.g. https://example.org/corridor). Default: no links; "
    "quotes, titles and dates stay in the popups.",
)
def render_command(
    data_dir: Path,
    key: str,
    output: Path,
    png: bool,
    width: int,
    height: int,
    dpi: int,
    legend: bool,
    base_url: str | None,
) -> None:
    """Write a map as one self-contained HTML file that opens offline, or with --png as a picture."""
    from corridor.exports.write import write_atomic

    atlas = load_valid_atlas(data_dir)
    _check_selection(atlas, key, output)
    corridor_id = None if key == ALL else key
    if png:
        from corridor.maps.picture import render_png

        data = render_png(atlas, corridor_id, _picture_options(width, height, dpi, legend))
        what = f"PNG, {width} x {height} px, {dpi} dpi"
    else:
        from corridor.display.links import OFFLINE_LINKS, Links
        from corridor.maps.render import MapStyle
        from corridor.maps.standalone import render_standalone_html

        links = Links.under(base_url.rstrip("/")) if base_url else OFFLINE_LINKS
        data = render_standalone_html(atlas, corridor_id, links, style=MapStyle(legend=legend)).encode("utf-8")
        what = "self-contained HTML, no other file needed"
    with _reported_write_errors(output):
        write_atomic(output, data)
    click.echo(f"wrote {output} ({what}, {len(data):,} bytes)")


@main.command("brief")
@DATA_DIR_OPTION
@click.option("--corridor", "corridor_id", required=True, help="Corridor id (`corridor info` lists them).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="PDF to write.")
def brief_command(data_dir: Path, corridor_id: str, output: Path) -> None:
    """Write a one- or two-page printable PDF brief of a corridor: map, lengths, key claims with quotes and
    sources, disagreements side by side."""
    from corridor.exports.write import write_atomic
    from corridor.pages.brief import render_brief_pdf

    atlas = load_valid_atlas(data_dir)
    if corridor_id not in atlas.corridors:
        raise click.BadParameter(f"unknown corridor; choose from {', '.join(atlas.corridors)}", param_hint="--corridor")
    if not output.parent.is_dir():
        raise click.BadParameter(f"directory {output.parent} does not exist; create it first", param_hint="--output")
    data = render_brief_pdf(atlas, corridor_id)
    with _reported_write_errors(output):
        write_atomic(output, data)
    click.echo(f"wrote {output} (PDF brief of {atlas.corridors[corridor_id].name}, {len(data):,} bytes)")


def _seeds_dir(data_dir: Path) -> Path:
    return data_dir.parent / "seeds"


def _output_option(help_text: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """-o/--output: a file the command writes, named after ARTICLE when not given."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help=help_text)


def _article_atlas(data_dir: Path, article: str) -> tuple[Atlas, str]:
    """The data as loaded (not yet valid: a new article has no claims) and ARTICLE's source id."""
    from corridor.atlas.load import load_atlas
    from corridor.curate.suggest import find_article

    try:
        atlas = load_atlas(data_dir, _seeds_dir(data_dir))
        return atlas, find_article(atlas, article)
    except DataError as exc:
        _fail_with(exc.problems)
    except BadParameter as exc:
        raise click.BadParameter(str(exc), param_hint="ARTICLE") from None


@main.command("add-article")
@DATA_DIR_OPTION
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--title", required=True, help="The article's headline (or a plain description when it has none).")
@click.option("--publisher", default=None, help="Who published it: newspaper, agency or ministry.")
@click.option(
    "--date", "date", required=True, help="The date the article states, YYYY-MM-DD, or `undated` when it states none."
)
@click.option(
    "--dateline",
    is_flag=True,
    help="The date is the dateline printed with the article (when it was written), not a publication date. "
    "Neither is ever an event date: suggest-claims takes those from the sentences.",
)
@click.option("--date-note", default=None, help="How the date was read, or why there is none.")
@click.option("--url", default=None, callback=_http_url, help="Where the article was read (http:// or https://).")
def add_article_command(
    data_dir: Path,
    file: Path,
    title: str,
    publisher: str | None,
    date: str,
    dateline: bool,
    date_note: str | None,
    url: str | None,
) -> None:
    """Store an article (UTF-8 text) beside the seeds with its record in sources.json."""
    from corridor.curate.articles import add_article

    options: dict[str, Any] = {"title": title, "publisher": publisher, "date": date, "url": url, "dateline": dateline}
    try:
        source = add_article(data_dir, _seeds_dir(data_dir), file, date_note=date_note, **options)
    except (BadParameter, DataError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"added seeds/{source.file} as source {source.id}; next: corridor suggest-claims {source.id}")


@main.command("suggest-claims")
@DATA_DIR_OPTION
@click.argument("article")
@_output_option("Draft to write (default: ARTICLE.claims.yaml here).")
@click.option("--force", is_flag=True, help="Replace an existing draft (and the edits in it).")
def suggest_claims_command(data_dir: Path, article: str, output: Path | None, force: bool) -> None:
    """Write a draft of candidate claims from ARTICLE (source id or seed file) for a curator to edit."""
    from corridor.curate.suggest import draft_text, suggest_claims

    atlas, source_id = _article_atlas(data_dir, article)
    output = output or Path(f"{source_id}.claims.yaml")
    if output.exists() and not force:
        raise click.ClickException(f"{output} exists (and may hold your edits); name another with -o, or --force")
    draft = suggest_claims(atlas, source_id)
    with _reported_write_errors(output):
        from corridor.exports.write import write_atomic

        write_atomic(output, draft_text(draft, output.name).encode("utf-8"))
    click.echo(
        f"wrote {len(draft['claims'])} candidate claims to {output}; set `keep: true` on those to add (or name them "
        f"with --keep), then: corridor accept-claims {output}"
    )


@main.command("accept-claims")
@DATA_DIR_OPTION
@click.argument("draft", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--keep", "keep", multiple=True, help="Also keep this claim id (repeatable).")
def accept_claims_command(data_dir: Path, draft: Path, keep: tuple[str, ...]) -> None:
    """Add the draft's kept claims to facts.json once the whole data validates with them; else write nothing."""
    from corridor.curate.accept import accept_claims

    try:
        added = accept_claims(data_dir, draft, keep, _seeds_dir(data_dir))
    except BadParameter as exc:
        raise click.ClickException(str(exc)) from None
    except DataError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(exc.problems)} problem(s) found; nothing was written. Fix the draft and run again.", err=True)
        raise SystemExit(1) from None
    with_ids = ", ".join(fact.id for fact in added)
    click.echo(f"added {len(added)} claim(s) to facts.json: {with_ids}; the data validates")


@main.command("review-claims")
@DATA_DIR_OPTION
@click.argument("article")
@click.option(
    "--draft",
    "draft_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="The draft being edited (default: fresh suggestions for ARTICLE).",
)
@click.option("--keep", "keep", multiple=True, help="Count this claim id as kept (repeatable), as accept-claims would.")
@_output_option("HTML file to write (default: ARTICLE.review.html here).")
def review_claims_command(
    data_dir: Path, article: str, draft_path: Path | None, keep: tuple[str, ...], output: Path | None
) -> None:
    """Write an HTML page to open locally: the article with the candidate quotes and the claims already taken
    highlighted, and what validation says with the kept candidates added (nothing else is written)."""
    from corridor.curate.accept import read_draft
    from corridor.curate.review import render_review_html, review_view
    from corridor.curate.suggest import suggest_claims
    from corridor.exports.write import write_atomic

    atlas, source_id = _article_atlas(data_dir, article)
    try:
        draft = read_draft(draft_path) if draft_path else suggest_claims(atlas, source_id)
    except BadParameter as exc:
        raise click.ClickException(str(exc)) from None
    if draft.get("article") != source_id:
        raise click.ClickException(f"{draft_path} is a draft for {draft.get('article')!r}, not for {source_id!r}")
    output = output or Path(f"{source_id}.review.html")
    with _reported_write_errors(output):
        write_atomic(output, render_review_html(review_view(atlas, draft, keep)).encode("utf-8"))
    click.echo(f"wrote {output}; open it in a browser (it runs no script and loads nothing)")
